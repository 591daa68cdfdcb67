conda create --yes --quiet --override-channels --channel conda-forge --prefix ./tf-env312 python=3.12
conda activate ./tf-env312
python -m pip install --upgrade --quiet tensorflow
