python -m pip install --upgrade --upgrade-strategy eager example-app
