.venv\Scripts\Activate.ps1
python app.py
