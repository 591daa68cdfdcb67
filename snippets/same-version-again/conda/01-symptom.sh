python -m pip install --upgrade --quiet tensorflow
python -c "from importlib.metadata import version; print(version('tensorflow'))"
