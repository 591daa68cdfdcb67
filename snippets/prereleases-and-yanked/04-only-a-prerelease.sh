python3.12 -m venv .venv312
.venv312/bin/python -m pip install --dry-run previewlib
