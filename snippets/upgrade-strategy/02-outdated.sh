python -m pip list --outdated
