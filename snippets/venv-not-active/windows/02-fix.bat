call .venv\Scripts\activate.bat
python app.py
