python --version
python -m pip index versions tensorflow
python -c "import tensorflow; print(tensorflow.__version__, tensorflow.__file__)"
