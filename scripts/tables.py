#!/usr/bin/env python3
"""Generate the live compatibility tables: what pip installs today, per Python and platform.

    python scripts/tables.py [--packages tensorflow torch ...] [--pythons 3.8 ...] [--jobs 8]
                             [--output docs/tables/data.json] [--no-sequential]

Each cell asks pip's own finder, against the real index, on behalf of that Python and
platform: `pip index versions PKG --python-version X.Y --platform TAG ... --only-binary=:all:`
(the newest wheel), and the same without `--only-binary` (what a plain `pip install` picks,
which may be a source distribution it has to compile). It reads the index only;
`pip install --dry-run --report` would download whole wheels wherever the index serves no
separate metadata (measured: 480 MB for one TensorFlow cell); the live test cross-checks a
few cells with it. The pip is the pinned current one (`installdoctor.verify.tooling_pip`): before
pip 26, `pip index versions` ignored `--only-binary` (pypa/pip#13682).

pip does not expand manylinux levels for `--platform`, so every Linux column passes each
glibc level it accepts, and the glibc level is part of the column's name. A cell that
fails (network) is `unknown`, never guessed. Figures are printed at the end: cells, wall
time, mean seconds per cell, and the same cells one at a time for the speed-up.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging import tags as packaging_tags
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from installdoctor.layout import REPO
from installdoctor.verify import tooling_pip
from installdoctor.verify.isolation import clean_pip_env

DATA = REPO / "docs" / "tables" / "data.json"
INDEX = "https://pypi.org/simple"
PACKAGES = ("tensorflow", "torch", "jax", "numpy", "scipy")
# Requirements guides state in prose: the newest release of the key, and what it requires of the value.
REQUIREMENTS = {"tensorflow-text": "tensorflow"}
PYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


def manylinux(arch: str, newest_glibc: int) -> tuple[str, ...]:
    """Every manylinux tag a glibc 2.<newest_glibc> machine accepts, newest first (PEP 600 and the legacy aliases)."""
    found = [f"manylinux_2_{minor}_{arch}" for minor in range(newest_glibc, 4, -1)]
    if newest_glibc >= 17:
        found.append(f"manylinux2014_{arch}")
    if arch in ("x86_64", "i686"):
        found += [f"manylinux2010_{arch}", f"manylinux1_{arch}"] if newest_glibc >= 12 else [f"manylinux1_{arch}"]
    return tuple(found)


@dataclass(frozen=True)
class Platform:
    id: str
    label: str
    tags: tuple[str, ...]


PLATFORMS = (
    Platform("linux-x86_64", "Linux x86_64, glibc ≥ 2.28", manylinux("x86_64", 28)),
    Platform("linux-x86_64-glibc-2.17", "Linux x86_64, glibc 2.17 (older distributions)", manylinux("x86_64", 17)),
    Platform("linux-aarch64", "Linux aarch64, glibc ≥ 2.28", manylinux("aarch64", 28)),
    Platform("macos-arm64", "macOS arm64 (14)", tuple(packaging_tags.mac_platforms((14, 0), "arm64"))),
    Platform("macos-x86_64", "macOS x86_64 (14)", tuple(packaging_tags.mac_platforms((14, 0), "x86_64"))),
    Platform("windows-amd64", "Windows amd64", ("win_amd64",)),
    Platform("windows-x86", "Windows 32-bit", ("win32",)),  # a 32-bit Python, even on 64-bit Windows
)


METHOD = ("pip index versions PKG --index-url https://pypi.org/simple --only-binary=:all: "
          "--python-version X.Y --implementation cp --platform TAG...")
METHOD_SOURCE = "the same without --only-binary=:all: (a source distribution counts too)"


@dataclass(frozen=True)
class Asker:
    """The pip that answers (its Python) and the clean environment it runs in."""
    python: Path
    env: dict


def ask_pip(asker: Asker, package: str, python: str, platform: Platform, pre: bool = False,
            binary_only: bool = True, timeout: float = 120):
    """(version or None, error or None): the version pip's finder picks for that target."""
    argv = [str(asker.python), "-m", "pip", "index", "versions", package, "--index-url", INDEX,
            "--python-version", python, "--implementation", "cp", *[f"--platform={t}" for t in platform.tags]]
    if binary_only:
        argv.append("--only-binary=:all:")
    if pre:
        argv.append("--pre")
    try:
        done = subprocess.run(argv, capture_output=True, text=True, env=asker.env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    found = re.search(rf"^{re.escape(package)} \(([^)]+)\)$", done.stdout, re.M | re.I)
    if found:
        return found.group(1), None
    if "No matching distribution found" in done.stderr:
        return None, None
    return None, (done.stderr.strip().splitlines() or ["pip failed"])[-1]


def index_files(package: str) -> list[dict]:
    request = urllib.request.Request(f"{INDEX}/{package}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["files"]


def requirement(package: str, companion: str) -> dict:
    """The newest release of `package` and its (unconditional) requirement on `companion`, from the index's JSON API."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{package}/json", timeout=60) as response:
        info = json.load(response)["info"]
    needs = [Requirement(r) for r in info.get("requires_dist") or []]
    found = next((r for r in needs if canonicalize_name(r.name) == canonicalize_name(companion) and not r.marker), None)
    return {"version": info["version"], "requires": f"{companion}{found.specifier}" if found else None}


def releases(files: list[dict]) -> dict[Version, list[dict]]:
    by_version: dict[Version, list[dict]] = {}
    for entry in files:
        name = entry["filename"]
        if entry.get("yanked"):
            continue
        try:
            if name.endswith(".whl"):
                _, version, _, wheel_tags = parse_wheel_filename(name)
            else:  # a source distribution: no tags, any platform (after a compiler)
                _, version = parse_sdist_filename(name)
                wheel_tags = ()
        except Exception:  # noqa: BLE001 (odd historical file names, .exe and .egg installers)
            continue
        by_version.setdefault(version, []).append({"tags": {str(t) for t in wheel_tags},
                                                  "requires_python": entry.get("requires-python")})
    return by_version


def newest_final(by_version: dict[Version, list[dict]]) -> Version | None:
    finals = [v for v in by_version if not v.is_prerelease]
    return max(finals) if finals else None


def why_not(newest_files: list[dict], python: str, platform: Platform) -> str:
    """Why the newest release does not install on that target, from its files' metadata."""
    wanted = Version(f"{python}.0")
    allowed = []
    for entry in newest_files:
        try:
            if entry["requires_python"] and wanted not in SpecifierSet(entry["requires_python"]):
                continue
        except InvalidSpecifier:
            pass
        allowed.append(entry)
    if not allowed:
        spec = next((f["requires_python"] for f in newest_files if f["requires_python"]), "?")
        return f"Requires-Python {spec}"
    platforms = set(platform.tags) | {"any"}
    if not any(t.rsplit("-", 1)[-1] in platforms for f in allowed for t in f["tags"]):
        return "no wheel for this platform"
    return f"no wheel for Python {python}"


@dataclass(frozen=True)
class Answer:
    """What pip said for one cell: the newest wheel, the newest file of any kind, a pre-release wheel."""
    wheel: str | None
    any: str | None = None
    pre: str | None = None
    error: str | None = None


def ask_cell(asker: Asker, package: str, python: str, platform: Platform) -> Answer:
    wheel, error = ask_pip(asker, package, python, platform)
    if error:
        return Answer(None, error=error)
    any_file, error = ask_pip(asker, package, python, platform, binary_only=False)
    if error:
        return Answer(None, error=error)
    pre = None
    if wheel is None:
        pre, error = ask_pip(asker, package, python, platform, pre=True)
    return Answer(wheel, any_file, pre, error)


def compiled(files: list[dict]) -> bool:
    """The package ships platform wheels (C code): building it from source needs a compiler."""
    return any(not tag.endswith("-any") for entry in files for tag in entry["tags"])


def run_cells(cells, asker: Asker, jobs: int, progress: bool = True) -> tuple[dict, float]:
    started = time.monotonic()
    answers: dict = {}

    def one(cell):
        package, python, platform = cell
        return cell, ask_cell(asker, package, python, platform)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for done_count, (cell, answer) in enumerate(pool.map(one, cells), 1):
            answers[(cell[0], cell[1], cell[2].id)] = answer
            if progress and (done_count % 10 == 0 or done_count == len(cells)):
                print(f"  {done_count}/{len(cells)} cells", flush=True)
    return answers, time.monotonic() - started


def _newer(a: str | None, b: str | None) -> bool:
    """a is a newer version than b (None: no version at all)."""
    if a is None:
        return False
    try:
        return b is None or Version(a) > Version(b)
    except InvalidVersion:
        return False


def cell_record(answer: Answer, newest: Version | None, newest_files, python, platform) -> dict:
    """One cell's status: newest · older · source (the newest pip would pick needs a compiler) ·
    pre (only a pre-release has a wheel) · none · unknown."""
    if answer.error:
        return {"version": None, "status": "unknown", "reason": answer.error}
    if _newer(answer.any, answer.wheel):
        wheel = f"newest wheel {answer.wheel}" if answer.wheel else "no wheel"
        build = "needs a compiler" if compiled(newest_files) else "pip builds it (pure Python)"
        return {"version": answer.wheel, "status": "source", "source": answer.any,
                "reason": f"{answer.any} only from source, {build}; {wheel}"}
    if answer.wheel is None and answer.pre:
        return {"version": answer.pre, "status": "pre", "reason": f"only a pre-release: {answer.pre}"}
    if answer.wheel is None:
        return {"version": None, "status": "none", "reason": why_not(newest_files, python, platform) if newest_files else ""}
    if not _newer(str(newest) if newest else None, answer.wheel):
        return {"version": answer.wheel, "status": "newest", "reason": ""}
    return {"version": answer.wheel, "status": "older", "reason": why_not(newest_files, python, platform)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", nargs="+", default=list(PACKAGES))
    parser.add_argument("--pythons", nargs="+", default=list(PYTHONS))
    parser.add_argument("--platforms", nargs="+", default=[p.id for p in PLATFORMS])
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--output", type=Path, default=DATA)
    parser.add_argument("--no-sequential", action="store_true", help="skip timing the same cells one at a time")
    args = parser.parse_args(argv)
    platforms = [p for p in PLATFORMS if p.id in args.platforms]

    pip_version, _ = tooling_pip.pinned()
    with tempfile.TemporaryDirectory(prefix="idoc-tables-") as cache:
        asker = Asker(tooling_pip.python(), clean_pip_env(cache))
        newest, newest_files = {}, {}
        for package in args.packages:
            try:
                by_version = releases(index_files(package))
            except OSError as error:
                print(f"{package}: the index did not answer ({error}); its cells stay unknown")
                by_version = {}
            newest[package] = newest_final(by_version)
            newest_files[package] = by_version.get(newest[package], [])
        cells = [(pkg, py, plat) for pkg in args.packages for py in args.pythons for plat in platforms]
        print(f"{len(cells)} cells: {len(args.packages)} packages × {len(args.pythons)} Pythons × "
              f"{len(platforms)} platforms, {args.jobs} at a time, pip {pip_version}")
        answers, wall = run_cells(cells, asker, args.jobs)
        sequential = None
        if not args.no_sequential:
            print("the same cells one at a time, for the speed-up:")
            _, sequential = run_cells(cells, asker, 1)

    data = {
        "generated": datetime.date.today().isoformat(),
        "pip": pip_version,
        "index": INDEX,
        "method": METHOD,
        "method_source": METHOD_SOURCE,
        "pythons": args.pythons,
        "platforms": [{"id": p.id, "label": p.label, "tags": len(p.tags)} for p in platforms],
        "packages": {},
        "requirements": {},
    }
    for package, companion in REQUIREMENTS.items():
        try:
            data["requirements"][package] = requirement(package, companion)
        except OSError as error:
            print(f"{package}: the index did not answer ({error}); its requirement stays unknown")
            data["requirements"][package] = {"version": None, "requires": None}
    for package in args.packages:
        rows = {}
        for python in args.pythons:
            rows[python] = {
                p.id: cell_record(answers[(package, python, p.id)], newest[package], newest_files[package], python, p)
                for p in platforms
            }
        data["packages"][package] = {"newest": str(newest[package]) if newest[package] else None, "cells": rows}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")

    unknown = sum(1 for p in data["packages"].values() for row in p["cells"].values() for c in row.values()
                  if c["status"] == "unknown")
    print(f"\nwrote {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")
    print(f"  cells                 {len(cells)} ({unknown} unknown)")
    print(f"  wall time             {wall:.1f} s with {args.jobs} at a time")
    print(f"  mean per cell         {wall / max(1, len(cells)):.2f} s")
    if sequential is not None:
        print(f"  one at a time         {sequential:.1f} s  (speed-up {sequential / wall:.1f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
