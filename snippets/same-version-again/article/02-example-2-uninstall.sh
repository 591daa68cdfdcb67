# bare pip on purpose: these are the article's commands, run as written
pip uninstall tensorflow
pip install --upgrade tensorflow
pip show tensorflow
