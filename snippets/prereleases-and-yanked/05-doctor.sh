python doctor.py previewlib
