python -m pip cache purge
python -m pip install --upgrade --no-cache-dir --force-reinstall tensorflow slowbuild
