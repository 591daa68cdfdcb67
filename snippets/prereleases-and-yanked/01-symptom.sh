python -m pip install --upgrade previewlib
