python -m pip uninstall --yes numpy
conda install --yes "numpy>=2" --channel conda-forge
