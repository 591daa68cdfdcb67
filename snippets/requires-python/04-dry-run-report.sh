python -m pip install --dry-run --ignore-installed --quiet --report report.json example-lib
python -c "import json; print([i['metadata']['version'] for i in json.load(open('report.json'))['install']])"
