conda list numpy
