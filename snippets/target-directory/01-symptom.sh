python -m pip install --target libs example-lib
PYTHONPATH=libs python -c "import example_lib; print(example_lib.__version__, example_lib.__file__)"
