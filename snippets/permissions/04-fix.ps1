python -m pip uninstall --yes example-lib
python -m venv $HOME\venvs\work
& $HOME\venvs\work\Scripts\Activate.ps1
python -m pip install example-lib
