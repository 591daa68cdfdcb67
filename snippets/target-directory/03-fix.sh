python -m pip install --target libs --upgrade example-lib
ls libs
