deactivate
.venv/bin/python -m pip install --upgrade example-lib
.venv/bin/python app.py
