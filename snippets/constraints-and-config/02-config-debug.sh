python -m pip config debug
