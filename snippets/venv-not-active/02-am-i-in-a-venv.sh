python -c "import sys; print(sys.prefix); print(sys.prefix != sys.base_prefix)"
