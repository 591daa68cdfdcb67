python3.12 -m pip install --dry-run --use-feature=fast-deps --no-deps --only-binary=:all: --python-version 3.13 tensorflow
