(Get-FileHash doctor.py -Algorithm SHA256).Hash -eq (Get-Content doctor.py.sha256).Split()[0]
