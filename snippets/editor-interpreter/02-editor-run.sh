python3.12 app.py
