mv example_lib.py try_example_lib.py
python try_example_lib.py
