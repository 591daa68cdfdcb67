python -m pip install --upgrade pip
python -m pip install --upgrade fastmath
