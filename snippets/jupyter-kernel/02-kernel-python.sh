~/old-env/bin/python -c "import idna"
