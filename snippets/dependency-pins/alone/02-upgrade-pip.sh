python -m pip install --upgrade pip
