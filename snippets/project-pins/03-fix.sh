sed -i.bak 's/^example-lib==1\.0$/example-lib==2.0/' requirements.txt
cat requirements.txt
python -m pip install -r requirements.txt
