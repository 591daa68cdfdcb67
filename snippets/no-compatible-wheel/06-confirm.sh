python -m pip install "fastmath>=3"
