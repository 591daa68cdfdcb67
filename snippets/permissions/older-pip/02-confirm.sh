python -m pip install --upgrade example-app
