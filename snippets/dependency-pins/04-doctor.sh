python doctor.py tensorflow
