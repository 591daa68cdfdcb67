python -c "from importlib.metadata import version; v = version('previewlib'); print(v); raise SystemExit(v != '2.0.0rc1')"
