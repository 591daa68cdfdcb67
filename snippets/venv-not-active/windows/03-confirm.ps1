python -c "import os, sys; print(sys.prefix); sys.exit(not os.path.samefile(sys.prefix, '.venv'))"
