python -m pip config --user list
