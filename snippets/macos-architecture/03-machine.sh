python -c "import platform; print(platform.machine())"
