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
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from installdoctor import interpreters, isolation  # noqa: E402
from installdoctor.fixtures import wheels  # noqa: E402
from installdoctor.fixtures.catalogue import Release  # noqa: E402
from installdoctor.fixtures.index import LocalIndex  # noqa: E402
from installdoctor.verify import live_index_answers  # noqa: E402

DOCTOR = REPO / "scripts" / "doctor.py"


def filler_releases(count: int) -> tuple[Release, ...]:
    """`count` small distributions, a tenth of them depending on others, like a real data-science venv."""
    return tuple(
        Release(name=f"bench-dist-{n:03d}", version=f"1.{n % 7}.0",
                requires=(f"bench-dist-{n - 1:03d}>=1.0",) if n % 10 == 9 else (),
                modules={f"bench_dist_{n:03d}/__init__.py": "VALUE = %d\n" % n})
        for n in range(count)
    )


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
        with LocalIndex(root / "index-files") as index:
            figures["doctor.py tensorflow (local index)"] = median_seconds(
                [python, str(DOCTOR), "tensorflow", "--index-url", index.url], env, args.runs, work)
        if live_index_answers():
            figures["doctor.py tensorflow (pypi.org)"] = median_seconds(
                [python, str(DOCTOR), "tensorflow"], env, args.runs, work)
        else:
            print("pypi.org did not answer: the online figure against the real index is not measured")

    print(f"\nPython {found.version}, venv with {installed} distributions, median of {args.runs} runs\n")
    for label, seconds in figures.items():
        print(f"  {label:<38} {seconds * 1000:8.0f} ms")
    offline, inspect = figures["doctor.py --offline"], figures["pip inspect"]
    online = max(v for k, v in figures.items() if "tensorflow" in k)
    print()
    print(f"  doctor.py --offline ≤ 300 ms          {'yes' if offline <= 0.3 else 'NO'} ({offline * 1000:.0f} ms)")
    print(f"  ≥ 3× faster than pip inspect          {'yes' if inspect / offline >= 3 else 'NO'} ({inspect / offline:.1f}×)")
    print(f"  one package online ≤ 3 s              {'yes' if online <= 3 else 'NO'} ({online:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
