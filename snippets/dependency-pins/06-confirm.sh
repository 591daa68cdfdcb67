python -m pip install "tensorflow>=2.20" -r requirements.txt
