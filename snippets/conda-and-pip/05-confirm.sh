python doctor.py --offline
