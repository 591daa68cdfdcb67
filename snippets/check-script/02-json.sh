python doctor.py tensorflow --json > report.json
python -c "import json; r = json.load(open('report.json')); print([f['id'] for f in r['packages']['tensorflow']['findings']])"
