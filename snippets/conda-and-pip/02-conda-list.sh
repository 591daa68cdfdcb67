conda list --prefix ./env numpy
