python -m pip install --upgrade numpy
