python doctor.py tensorflow example-lib
