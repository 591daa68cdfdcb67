python -c "import tensorflow, sys; print(tensorflow.__version__); sys.exit(tensorflow.__version__ != '2.21.0')"
