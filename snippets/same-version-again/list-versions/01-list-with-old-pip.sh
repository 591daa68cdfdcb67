python -m pip install tensorflow==0
