python -m pip config --user set global.constraint ""
python -m pip install --upgrade tensorflow
