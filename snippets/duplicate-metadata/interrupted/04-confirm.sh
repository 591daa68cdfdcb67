python -m pip show example-lib
