python -m pip install --upgrade tensorflow
python -c "import tensorflow; print(tensorflow.__version__)"
