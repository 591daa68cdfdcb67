py -3.12 -m venv --clear .venv
.venv\Scripts\Activate.ps1
python -m pip install --upgrade pip
python -m pip install --upgrade tensorflow
