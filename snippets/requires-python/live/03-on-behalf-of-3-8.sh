python3.12 -m pip index versions tensorflow --python-version 3.8 --only-binary=:all:
