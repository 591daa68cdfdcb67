sed -i.bak 's/^tensorflow-text==.*/tensorflow-text/' requirements.txt
python -m pip install --upgrade -r requirements.txt
