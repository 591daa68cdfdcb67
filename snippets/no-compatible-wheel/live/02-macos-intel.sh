python3.12 -m pip index versions tensorflow --python-version 3.12 --platform macosx_10_15_x86_64 --only-binary=:all:
