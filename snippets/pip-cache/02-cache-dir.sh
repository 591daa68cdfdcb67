python -m pip cache dir
