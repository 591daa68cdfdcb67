conda create --yes -n tf312 python=3.12 --channel conda-forge
conda activate tf312
python -m pip install --upgrade pip
python -m pip install --upgrade tensorflow
