python -m pip index versions example-lib
