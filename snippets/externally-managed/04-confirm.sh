python3 -c "import example_lib; print(example_lib.__version__)"
