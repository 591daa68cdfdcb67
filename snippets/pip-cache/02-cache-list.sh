python -m pip cache list
