python -m pip install --quiet "tensorflow>=2.16" && python -c "from importlib.metadata import version; print(version('tensorflow'))"
