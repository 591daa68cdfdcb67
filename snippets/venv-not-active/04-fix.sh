source .venv/bin/activate
python app.py
