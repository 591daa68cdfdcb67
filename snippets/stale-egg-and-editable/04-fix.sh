rm .venv/lib/python3.12/site-packages/easy-install.pth .venv/lib/python3.12/site-packages/example-lib.egg-link
python -c "import example_lib; print(example_lib.__version__, example_lib.__file__)"
