python -m pip install example-lib
