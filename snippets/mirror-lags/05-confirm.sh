python -m pip install "tensorflow>=2.21"
