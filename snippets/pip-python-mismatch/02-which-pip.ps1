# bare pip on purpose: compare it with python -m pip
pip --version
python -m pip --version
Get-Command pip, python | Select-Object Source
