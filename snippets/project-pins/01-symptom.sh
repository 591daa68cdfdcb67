python -m pip install --upgrade example-lib
python -m pip install -r requirements.txt
python -c "import example_lib; print(example_lib.__version__)"
