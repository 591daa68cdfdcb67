python doctor.py fastmath
