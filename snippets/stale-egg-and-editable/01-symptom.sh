python -m pip install --upgrade example-lib
python -c "import example_lib; print(example_lib.__version__, example_lib.__file__)"
