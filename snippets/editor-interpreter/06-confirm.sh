python doctor.py --offline --check editor-interpreter
