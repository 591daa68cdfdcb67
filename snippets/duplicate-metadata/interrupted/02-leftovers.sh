ls .venv/lib/python3.12/site-packages | grep -i xample
