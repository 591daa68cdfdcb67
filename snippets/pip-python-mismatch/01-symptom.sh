# bare pip on purpose: this is the mistake the guide explains
pip install example-lib
python -c "import example_lib"
