python3.12 -m pip index versions tensorflow --python-version 3.12 --platform macosx_14_0_x86_64 --only-binary=:all:
