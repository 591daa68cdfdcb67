python --version
python -m pip index versions tensorflow
