python -m pip install --upgrade tensorflow tensorflow-text
