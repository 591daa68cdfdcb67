python -m pip check
