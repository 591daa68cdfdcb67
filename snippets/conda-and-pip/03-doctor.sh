./env/bin/python doctor.py --offline
