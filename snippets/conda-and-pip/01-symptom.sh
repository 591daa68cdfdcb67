./env/bin/python -m pip install --upgrade numpy
