rm -r .venv/lib/python3.12/site-packages/example_lib-1.0.dist-info
python -m pip install --force-reinstall --no-deps example-lib
