python -m pip install --upgrade -r requirements.txt
