python -m pip install --upgrade tensorflow slowbuild
