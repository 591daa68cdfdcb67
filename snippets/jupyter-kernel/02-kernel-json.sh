cat ~/old-env/share/jupyter/kernels/python3/kernel.json
