python -m pip install --force-reinstall --no-deps slowbuild
