python3.12 -m pip index versions tensorflow --python-version 3.10 --platform manylinux_2_27_x86_64 --only-binary=:all:
