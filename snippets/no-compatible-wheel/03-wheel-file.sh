python -m pip install fastmath-3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
