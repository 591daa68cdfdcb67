"""The pinned current pip (`localindex/current_pip.toml`) in a venv of its own, for tools that ask the real index.

The compatibility tables and their live test must answer as today's pip does: pip 24.2's
`pip index versions` ignores `--only-binary` (pypa/pip#13682) and calls a source-only
release installable. So they run the exact pinned pip, installed hash-checked into a
venv under the user's cache (`~/.cache/install-doctor/tooling-pip-<version>`), with
no pip configuration of the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .isolation import clean_pip_env
from .localindex import bundled


def pinned() -> tuple[str, str]:
    """(version, sha256 of its wheel) as pinned in current_pip.toml."""
    version, wheels = bundled.current_pip()
    return version, wheels[f"pip-{version}-py3-none-any.whl"]


def _pip_version(python: Path) -> str | None:
    done = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True, env=clean_pip_env())
    return done.stdout.split()[1] if done.returncode == 0 and done.stdout.startswith("pip ") else None


def python(root: Path | None = None) -> Path:
    """The Python of a venv whose pip is exactly the pinned version; created (once) when missing."""
    version, sha256 = pinned()
    venv = (root or bundled.cache_root()) / f"tooling-pip-{version}"
    exe = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if exe.is_file() and _pip_version(exe) == version:
        return exe
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, env=clean_pip_env())  # ensurepip runs pip too
    with tempfile.TemporaryDirectory() as scratch:
        requirement = Path(scratch) / "pip.txt"
        requirement.write_text(f"pip=={version} --hash=sha256:{sha256}\n")
        subprocess.run([str(exe), "-m", "pip", "install", "--quiet", "--require-hashes", "--no-deps",
                        "--index-url", "https://pypi.org/simple", "-r", str(requirement)],
                       check=True, env=clean_pip_env(scratch))
    if _pip_version(exe) != version:
        raise RuntimeError(f"{venv}: pip {_pip_version(exe)} installed, {version} pinned")
    return exe
