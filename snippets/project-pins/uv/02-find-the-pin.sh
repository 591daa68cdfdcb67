uv tree --outdated --depth 1
grep -n -A 2 '^name = "example-lib"' uv.lock
