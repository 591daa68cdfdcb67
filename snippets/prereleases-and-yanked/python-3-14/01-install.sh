python -m pip install --quiet tensorflow
