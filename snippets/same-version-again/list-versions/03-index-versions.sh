python -m pip index versions tensorflow
