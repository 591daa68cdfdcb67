"""Find the machine's real Python interpreters by version (never by a hard-coded home path)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .isolation import clean_pip_env

# Runs on 2.7 too (the check script's tests need it): no sys.base_prefix there.
_PROBE = "import sys; print(sys.version.split()[0]); print(getattr(sys, 'base_prefix', sys.prefix))"


@dataclass(frozen=True)
class Interpreter:
    wanted: str  # "3.8"
    executable: Path
    version: str  # "3.8.18"
    base_prefix: Path


def _probe(executable: Path) -> tuple[str, Path] | None:
    try:
        done = subprocess.run(
            [str(executable), "-c", _PROBE], capture_output=True, text=True, timeout=30, env=clean_pip_env()
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = done.stdout.split()
    if done.returncode != 0 or len(lines) != 2:
        return None
    return lines[0], Path(lines[1])


def _pyenv_root() -> Path | None:
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        done = subprocess.run([pyenv, "root"], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip():
            return Path(done.stdout.strip())
    return None


def _candidates(version: str) -> list[Path]:
    """Places a Python `version` may live, most specific first."""
    found: list[Path] = []
    root = _pyenv_root()
    if root and (root / "versions").is_dir():
        for home in sorted((root / "versions").glob(f"{version}.*"), reverse=True):
            found += [home / "bin" / f"python{version}", home / "python.exe"]
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if directory and "shims" not in Path(directory).parts:  # a pyenv shim runs only the selected version
            found += [Path(directory) / f"python{version}", Path(directory) / f"python{version}.exe"]
    if sys.platform == "win32":
        # Windows installs (python.org, setup-python) put a plain python.exe on PATH, one folder per version;
        # the probe keeps the one whose version matches.
        found += [Path(d) / "python.exe" for d in os.environ.get("PATH", "").split(os.pathsep) if d]
    if sys.platform == "win32" and shutil.which("py"):
        done = subprocess.run(["py", f"-{version}", "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
        if done.returncode == 0:
            found.append(Path(done.stdout.strip()))
    return [path for path in found if path.is_file()]


@functools.cache
def find(version: str) -> Interpreter | None:
    """The first real interpreter whose `major.minor` is `version`, or None."""
    for executable in _candidates(version):
        probed = _probe(executable)
        if probed and ".".join(probed[0].split(".")[:2]) == version:
            return Interpreter(version, executable, probed[0], probed[1])
    return None
