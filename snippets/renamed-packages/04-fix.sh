python -m pip uninstall --yes tensorflow-cpu tensorflow
python -m pip install tensorflow
