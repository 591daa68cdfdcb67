python3 -m pip install example-lib
