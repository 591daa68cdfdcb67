uv pip install --upgrade example-lib
uv sync
uv run python -c "import example_lib; print(example_lib.__version__)"
