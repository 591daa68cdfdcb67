python -m pip install --dry-run previewlib==1.5.0
