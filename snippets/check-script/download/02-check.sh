sha256sum -c doctor.py.sha256
