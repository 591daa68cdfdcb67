python -m pip install "tensorflow>=2.17"
