python3.13 -m venv .venv313
.venv313/bin/python -m pip install --dry-run previewlib
