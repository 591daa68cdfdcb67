python3.12 -c "import platform; print(platform.machine())"
python3.12 -m venv --clear .venv
source .venv/bin/activate
python -m pip install --upgrade pip
python -m pip install tensorflow
