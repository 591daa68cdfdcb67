#!/bin/sh
# Print the path of a Python >= 3.12 for the site tooling, or explain in one line.
# Looks on PATH first (python3.13, python3.12, python3), then in pyenv's versions,
# and runs each candidate: a pyenv shim for an unselected version exists but fails.
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
for name in python3.14 python3.13 python3.12 python3; do
    exe=$(command -v "$name" 2>/dev/null) && ok "$exe" && { echo "$exe"; exit 0; }
done
root=${PYENV_ROOT:-$(pyenv root 2>/dev/null)}
if [ -n "$root" ]; then
    for exe in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
        ok "$exe" && { echo "$exe"; exit 0; }
    done
fi
echo "error: the site tooling needs Python 3.12 or newer; install python3.12 (or 3.13) and put it on PATH" >&2
exit 1
