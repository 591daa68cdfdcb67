python -m pip install --quiet ipykernel
python -m ipykernel install --user --name project --display-name "Python (project)"
