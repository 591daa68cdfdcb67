py doctor.py tensorflow
