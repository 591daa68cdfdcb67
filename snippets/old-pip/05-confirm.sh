python -m pip install "fastmath>=2"
