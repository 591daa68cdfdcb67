#!/usr/bin/env python3
"""Measure the check script side by side with what people run today, and print the figures.

    python scripts/bench_doctor.py [--python 3.12] [--runs 7] [--dists 200]

Builds a venv with ~200 installed distributions (tiny real wheels from the fixture
builder, installed by real pip, offline), then times in one run (median of --runs):
  python -c pass               the floor: starting the interpreter
  doctor.py --offline          target ≤ 300 ms, and ≥ 3× faster than pip inspect
  pip debug --verbose
  pip inspect
  doctor.py tensorflow         one package explained online, local index      target ≤ 3 s
  doctor.py tensorflow         the same against the real index, when it answers
and the machine-wide survey of Pythons side by side: the local-index run with --no-survey and
with the survey over --pythons interpreters (the machine's, topped up with copies), target ≤ 1 s extra.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installdoctor.layout import REPO
from installdoctor.verify import interpreters, isolation
from installdoctor.verify.localindex import wheels
from installdoctor.verify.localindex.catalogue import Release
from installdoctor.verify.localindex.index import LocalIndex
from installdoctor.verify.planning import live_index_answers

DOCTOR = REPO / "scripts" / "doctor.py"


def filler_releases(count: int) -> tuple[Release, ...]:
    """`count` small distributions, a tenth of them depending on others, like a real data-science venv."""
    return tuple(
        Release(name=f"bench-dist-{n:03d}", version=f"1.{n % 7}.0",
                requires=(f"bench-dist-{n - 1:03d}>=1.0",) if n % 10 == 9 else (),
                modules={f"bench_dist_{n:03d}/__init__.py": "VALUE = %d\n" % n})
        for n in range(count)
    )


def pyenv_with_pythons(root: Path, count: int, path: list[str], env: dict) -> int:
    """A PYENV_ROOT whose versions are the machine's Pythons, topped up with copies of one (a copied binary is a
    distinct interpreter to the survey) until the survey sees `count`; returns how many it sees."""
    versions = root / "versions"
    versions.mkdir(parents=True)
    found = [interpreters.find(f"3.{minor}") for minor in range(8, 15)]
    found = [f for f in found if f is not None]
    for python in found:
        (versions / python.version).symlink_to(python.base_prefix)
    seen = survey_count(root, path, env)
    model = found[-1]
    stdlib = f"python{model.wanted}"
    for n in range(count - seen):
        copy = versions / f"{model.version}-copy{n}"
        (copy / "bin").mkdir(parents=True)
        shutil.copy2(model.base_prefix / "bin" / stdlib, copy / "bin" / stdlib)
        (copy / "lib").mkdir()
        for entry in (model.base_prefix / "lib").iterdir():
            (copy / "lib" / entry.name).symlink_to(entry)
    return survey_count(root, path, env)


def survey_count(root: Path, path: list[str], env: dict) -> int:
    """How many Pythons doctor.py's survey finds with this PYENV_ROOT (the bench venv's python runs it)."""
    probe = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('d', sys.argv[1]); "
             "d = importlib.util.module_from_spec(spec); spec.loader.exec_module(d); "
             "print(len(d.survey_pythons(d.supported_tags())))")
    done = subprocess.run([path[0], "-c", probe, str(DOCTOR)], env=dict(env, PYENV_ROOT=str(root)),
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def median_seconds(argv: list[str], env: dict, runs: int, cwd: Path) -> float:
    subprocess.run(argv, env=env, cwd=cwd, capture_output=True)  # warm the OS file cache once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(map(str, argv))} failed during the benchmark:\n{done.stdout}{done.stderr}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default="3.12")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dists", type=int, default=200)
    parser.add_argument("--pythons", type=int, default=8, help="interpreters for the survey to find")
    args = parser.parse_args()
    found = interpreters.find(args.python)
    if not found:
        sys.exit(f"no Python {args.python} on this machine")

    with tempfile.TemporaryDirectory(prefix="idoc-bench-") as tmp:
        root = Path(tmp)
        home, work = root / "home", root / "work"
        home.mkdir()
        work.mkdir()
        env = isolation.environment(os.environ, home=str(home), tmp=str(root), path=["/usr/bin", "/bin"], extra={})
        print(f"building a Python {found.version} venv with {args.dists} installed distributions ...", flush=True)
        built = wheels.build_all(root / "wheels", filler_releases(args.dists))
        venv = root / "venv"
        subprocess.run([str(found.executable), "-m", "venv", str(venv)], check=True, env=env)
        python = str(venv / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-index", "--find-links", str(root / "wheels"),
                        *map(str, built.values())], check=True, env=env)
        installed = len(list(venv.glob("lib/python*/site-packages/*.dist-info")))
        env["PATH"] = os.pathsep.join([str(venv / "bin"), env["PATH"]])

        rows = [
            ("python -c pass", [python, "-c", "pass"]),
            ("doctor.py --offline", [python, str(DOCTOR), "--offline"]),
            ("pip debug --verbose", [python, "-m", "pip", "debug", "--verbose"]),
            ("pip inspect", [python, "-m", "pip", "inspect"]),
        ]
        figures = {label: median_seconds(argv, env, args.runs, work) for label, argv in rows}
        wheels.build_all(root / "index-files")
        surveyed = pyenv_with_pythons(root / "pyenv", args.pythons, [python], env)
        env["PYENV_ROOT"] = str(root / "pyenv")
        with LocalIndex(root / "index-files") as index:
            online = [python, str(DOCTOR), "tensorflow", "--index-url", index.url]
            for label, argv in (("doctor.py tensorflow --no-survey (local)", online + ["--no-survey"]),
                                (f"doctor.py tensorflow (local), {surveyed} Pythons", online)):
                figures[label] = median_seconds(argv, env, args.runs, work)
        if live_index_answers():
            figures["doctor.py tensorflow (pypi.org), survey"] = median_seconds(
                [python, str(DOCTOR), "tensorflow"], env, args.runs, work)
        else:
            print("pypi.org did not answer: the online figure against the real index is not measured")

    print(f"\nPython {found.version}, venv with {installed} distributions, median of {args.runs} runs\n")
    for label, seconds in figures.items():
        print(f"  {label:<44} {seconds * 1000:8.0f} ms")
    offline, inspect = figures["doctor.py --offline"], figures["pip inspect"]
    online = max(v for k, v in figures.items() if "tensorflow" in k)
    survey = (figures[f"doctor.py tensorflow (local), {surveyed} Pythons"]
              - figures["doctor.py tensorflow --no-survey (local)"])
    print()
    print(f"  doctor.py --offline ≤ 300 ms          {'yes' if offline <= 0.3 else 'NO'} ({offline * 1000:.0f} ms)")
    print(f"  ≥ 3× faster than pip inspect          {'yes' if inspect / offline >= 3 else 'NO'} ({inspect / offline:.1f}×)")
    print(f"  one package online ≤ 3 s              {'yes' if online <= 3 else 'NO'} ({online:.2f} s)")
    label = f"survey of {surveyed} Pythons ≤ 1 s extra"
    print(f"  {label:<38}{'yes' if survey <= 1 else 'NO'} (+{survey * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
