python3 -m pip install --user example-lib
