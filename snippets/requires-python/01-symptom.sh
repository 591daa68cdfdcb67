python -m pip install --upgrade tensorflow example-lib
