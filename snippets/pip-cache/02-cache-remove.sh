python -m pip cache remove slowbuild
