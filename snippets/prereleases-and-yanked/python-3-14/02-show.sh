python -m pip show tensorflow
