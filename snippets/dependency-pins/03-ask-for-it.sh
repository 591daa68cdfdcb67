python -m pip install --upgrade "tensorflow>=2.20" -r requirements.txt
