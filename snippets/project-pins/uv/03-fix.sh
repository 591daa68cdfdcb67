uv lock --upgrade-package example-lib
uv sync
