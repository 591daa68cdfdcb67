python -m pip index versions numpy --python-version 3.12 --platform manylinux2014_x86_64
