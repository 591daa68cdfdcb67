python3 -m venv .venv
source .venv/bin/activate
python -m pip install --upgrade pip
python -m pip install example-lib
