python -m pip debug --verbose | grep cp311-cp311-manylinux2014_x86_64
