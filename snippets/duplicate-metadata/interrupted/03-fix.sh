rm -r .venv/lib/python3.12/site-packages/~*
python -m pip install --upgrade example-lib
