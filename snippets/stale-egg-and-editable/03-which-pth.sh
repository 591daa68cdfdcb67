grep -H "" .venv/lib/python3.12/site-packages/*.pth .venv/lib/python3.12/site-packages/*.egg-link
