python -m pip install --upgrade --pre previewlib
