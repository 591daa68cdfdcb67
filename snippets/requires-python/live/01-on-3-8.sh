python3.8 -m pip index versions tensorflow
