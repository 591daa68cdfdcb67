curl -fsSLO https://install-doctor.github.io/install-doctor/doctor.py
curl -fsSLO https://install-doctor.github.io/install-doctor/doctor.py.sha256
