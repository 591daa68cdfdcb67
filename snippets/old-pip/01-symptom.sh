python -m pip install --upgrade fastmath
