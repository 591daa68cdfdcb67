rm -rf libs
python -m pip install --target libs example-lib
ls libs
