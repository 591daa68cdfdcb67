python -m pip install tensorflow
