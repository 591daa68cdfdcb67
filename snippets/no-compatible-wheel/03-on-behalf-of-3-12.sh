python -m pip index versions fastmath --python-version 3.12 --only-binary=:all:
