~/envs/tools/bin/python app.py
