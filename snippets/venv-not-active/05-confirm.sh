python -c "import sys; print(sys.prefix); sys.exit(sys.prefix == sys.base_prefix)"
