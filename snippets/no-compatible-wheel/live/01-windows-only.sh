python3.12 -m pip index versions pywin32 --python-version 3.12 --platform manylinux2014_x86_64 --only-binary=:all:
