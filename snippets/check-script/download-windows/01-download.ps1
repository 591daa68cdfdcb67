Invoke-WebRequest https://install-doctor.github.io/install-doctor/doctor.py -OutFile doctor.py
Invoke-WebRequest https://install-doctor.github.io/install-doctor/doctor.py.sha256 -OutFile doctor.py.sha256
