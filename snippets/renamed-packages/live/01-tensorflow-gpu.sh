python3.12 -m pip index versions tensorflow-gpu
