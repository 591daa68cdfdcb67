python -m pip list
