python -c "from importlib.metadata import version; import sys; print(version('example-app'), version('example-lib')); sys.exit(version('example-lib') != '2.0')"
