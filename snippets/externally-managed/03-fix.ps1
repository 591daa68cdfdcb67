py -m venv .venv
.venv\Scripts\Activate.ps1
python -m pip install example-lib
