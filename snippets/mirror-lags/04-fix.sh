python -m pip config --user unset global.index-url
python -m pip install --upgrade tensorflow
