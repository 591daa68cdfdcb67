python3.12 -m pip index versions tensorflow-intel --python-version 3.12 --platform win_amd64 --only-binary=:all:
