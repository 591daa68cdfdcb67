python -c "import importlib.metadata as m; print(sorted(d.version for d in m.distributions() if d.metadata['Name'] == 'example-lib'))"
