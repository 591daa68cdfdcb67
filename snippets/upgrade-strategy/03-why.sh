python -m pip show example-app
