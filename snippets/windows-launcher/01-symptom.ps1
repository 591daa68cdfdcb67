python --version
py --version
