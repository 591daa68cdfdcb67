./env/bin/python -m pip uninstall --yes numpy
conda install --yes --quiet --prefix ./env "numpy>=2"
