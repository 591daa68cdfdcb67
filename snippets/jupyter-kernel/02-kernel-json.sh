cat ~/.local/share/jupyter/kernels/python3/kernel.json
