python -m pip list
python -m pip check
