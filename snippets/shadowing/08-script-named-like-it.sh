cd ~/experiments
python example_lib.py
