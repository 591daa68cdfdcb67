python3.12 -m pip index versions tensorflow --python-version 3.12 --platform macosx_14_0_arm64 --only-binary=:all:
