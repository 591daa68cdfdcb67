python3 doctor.py --offline
