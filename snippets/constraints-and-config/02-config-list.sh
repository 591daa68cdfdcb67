python -m pip config list -v
