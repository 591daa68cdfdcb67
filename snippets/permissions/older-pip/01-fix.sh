python -m venv ~/venvs/work
source ~/venvs/work/bin/activate
python -m pip install --upgrade pip
python -m pip install example-app
