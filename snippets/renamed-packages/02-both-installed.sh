python -m pip list
python -m pip show --files tensorflow-cpu
