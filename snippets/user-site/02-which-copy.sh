python -m site
python -m pip list --user
