~/old-env/bin/jupyter kernelspec list
