python -c "import sys; print(sys.version.split()[0]); sys.exit(sys.version_info[:2] != (3, 12))"
