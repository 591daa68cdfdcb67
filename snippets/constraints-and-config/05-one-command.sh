PIP_CONFIG_FILE=/dev/null python -m pip install --dry-run --upgrade tensorflow
