python3.12 -m pip index versions tensorflow-macos --python-version 3.12 --platform macosx_12_0_arm64 --only-binary=:all:
