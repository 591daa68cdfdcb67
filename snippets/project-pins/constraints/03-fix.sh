sed -i.bak 's/^example-lib==1\.0$/example-lib==2.0/' constraints.txt
python -m pip install --upgrade -r requirements.txt
