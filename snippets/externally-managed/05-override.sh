deactivate
python3 -m pip install --break-system-packages example-lib
