python -m pip install fastmath-2.0-cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
