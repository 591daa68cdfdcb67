python -m pip install "tensorflow>=2.21" "example-lib>=2"
