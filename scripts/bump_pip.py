#!/usr/bin/env python3
"""Point the current-pip pin at today's pip: `python scripts/bump_pip.py` (refresh.yml runs it weekly).

Asks pypi.org for pip's files and rewrites `scripts/installdoctor/verify/localindex/current_pip.toml`
with the newest final pip and the newest one the oldest Python of the scenarios can run
(what `python -m pip install --upgrade pip` gives there), each with PyPI's sha256.
Prints what changed; exit 0 either way, 2 when PyPI cannot be asked.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import parse_wheel_filename
from packaging.version import Version

from installdoctor.layout import REPO
from installdoctor.verify.localindex.bundled import CURRENT_PIP, PYPI_FILES, current_pip
from installdoctor.verify.scenario import discover, load

HEADER = """\
# The pip readers get today with `python -m pip install --upgrade pip`: outputs shown after a fix
# come from it. One place for the pin; refresh.yml bumps it weekly and proposes the re-recorded outputs.
"""


def oldest_python(snippets: Path = REPO / "snippets") -> str:
    """The oldest Python any scenario runs (major.minor)."""
    versions = {version for directory in discover(snippets) for version in load(directory).pythons}
    return min(versions, key=Version)


def newest(files: list[dict], python: str | None = None) -> dict:
    """The newest final, not yanked pip wheel on the index; with `python`, the newest that Python can run."""
    candidates = []
    for entry in files:
        if not entry["filename"].endswith(".whl") or entry.get("yanked"):
            continue
        version = parse_wheel_filename(entry["filename"])[1]
        if version.is_prerelease:
            continue
        if python and not SpecifierSet(entry.get("requires-python") or "").contains(python, prereleases=True):
            continue
        candidates.append((version, entry))
    return max(candidates, key=lambda pair: pair[0])[1]


def render(files: list[dict], python: str) -> str:
    """The pin file for this list of pip's files on the index."""
    top, for_oldest = newest(files), newest(files, python)
    version = parse_wheel_filename(top["filename"])[1]
    lines = [HEADER + f'version = "{version}"', "",
             "[wheels]  # file name -> sha256 (PyPI's); the local index serves each, checked against it",
             f'"{top["filename"]}" = "{top["hashes"]["sha256"]}"']
    if for_oldest is not top:
        entry = f'"{for_oldest["filename"]}" = "{for_oldest["hashes"]["sha256"]}"'
        lines.append(f"{entry}  # newest pip for Python {python}")
    return "\n".join(lines) + "\n"


def pip_files() -> list[dict]:
    request = urllib.request.Request(PYPI_FILES, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["files"]


def main() -> int:
    try:
        files = pip_files()
    except OSError as error:
        print(f"error: PyPI could not be asked for pip's files ({error})", file=sys.stderr)
        return 2
    before = current_pip()
    CURRENT_PIP.write_text(render(files, oldest_python()), encoding="utf-8")
    after = current_pip()
    print(f"pip {before[0]} -> {after[0]}; wheels: {', '.join(after[1])}" if after != before
          else f"pip {after[0]}: already the newest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
