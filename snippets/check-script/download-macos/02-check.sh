shasum -a 256 -c doctor.py.sha256
