python -m pip install "example-lib>=2"
