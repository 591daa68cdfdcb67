python -m pip install --upgrade example-lib
