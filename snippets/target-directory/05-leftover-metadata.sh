PYTHONPATH=libs python -c "from importlib.metadata import distributions; print(sorted(d.version for d in distributions(name='example-lib')))"
