./env/bin/python -m pip uninstall --yes numpy
conda install --yes --quiet --override-channels --channel conda-forge --prefix ./env "numpy>=2"
