(Get-Content requirements.txt) -replace '^tensorflow-text==.*', 'tensorflow-text' | Set-Content requirements.txt
python -m pip install --upgrade -r requirements.txt
