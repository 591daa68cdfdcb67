uv run python -c "import example_lib, sys; print(example_lib.__version__); sys.exit(example_lib.__version__ != '2.0')"
