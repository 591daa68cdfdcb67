python -m pip --version
