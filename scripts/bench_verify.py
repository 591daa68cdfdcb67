#!/usr/bin/env python3
"""Measure how fast verification and the site build are, in one run, and print the figures.

    python scripts/bench_verify.py [--jobs N] [--fresh-clone]

Works on a temporary copy of the repository, so `.verified/` and the snippets here
are left alone. Figures (targets from the fast-verification issue):
  cold verify wall / ideal      ideal = max(Σ scenario times ÷ jobs, slowest scenario)   ≤ 1.3
  warm verify, nothing changed                                                          ≤ 2 s
  one snippet changed           which scenarios re-ran (only its own)
  mkdocs build, gate vs none    overhead                                                ≤ 10 %
  make test from a fresh clone  (--fresh-clone)                                         ≤ 10 min
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installdoctor import results
from installdoctor.layout import REPO
ENV = dict(os.environ, PYTHONPATH=str(REPO / "scripts"), NO_MKDOCS_2_WARNING="1")


def timed(argv: list[str], cwd: Path, env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    return time.perf_counter() - started, done


def verify(copy: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    env = dict(ENV, PYTHONPATH=str(copy / "scripts"))
    seconds, done = timed([sys.executable, "-m", "installdoctor.verify", *args], copy, env)
    if done.returncode != 0:
        sys.exit(f"verify failed during the benchmark:\n{done.stdout}{done.stderr}")
    return seconds, done


def scenario_seconds(copy: Path) -> dict[str, float]:
    records = results.load(copy / ".verified" / "results.json")
    return {r.slug: r.seconds for r in records if r.seconds is not None}


def build_seconds(copy: Path, config: str, runs: int) -> float:
    (copy / "bench-mkdocs.yml").write_text(config)
    argv = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "bench-mkdocs.yml", "-d", "bench-site"]
    times = []
    for _ in range(runs):
        seconds, done = timed(argv, copy)
        if done.returncode != 0:
            sys.exit(f"mkdocs build failed during the benchmark:\n{done.stderr}")
        times.append(seconds)
    return statistics.median(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = model.group(1) if model else cpu
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--build-runs", type=int, default=5)
    parser.add_argument("--fresh-clone", action="store_true", help="also time `make test` in a fresh clone")
    args = parser.parse_args()

    figures: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="idoc-bench-") as tmp:
        copy = Path(tmp) / "repo"
        for part in ("scripts", "snippets", "docs"):
            shutil.copytree(REPO / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")

        cold, _ = verify(copy, "--force", "--jobs", str(args.jobs))
        per_scenario = scenario_seconds(copy)
        ideal = max(sum(per_scenario.values()) / args.jobs, max(per_scenario.values()))
        figures.append(("cold verify wall / ideal", f"{cold:.1f} s / {ideal:.1f} s = {cold / ideal:.2f}",
                        f"≤ 1.3 ({len(per_scenario)} scenarios, Σ {sum(per_scenario.values()):.1f} s, {args.jobs} jobs)"))

        warm, _ = verify(copy, "--jobs", str(args.jobs))
        figures.append(("warm verify, nothing changed", f"{warm:.2f} s", "≤ 2 s"))

        changed_slug = sorted(per_scenario)[0]
        snippet = sorted((copy / "snippets" / changed_slug).glob("*.sh"))[0]
        snippet.write_text(snippet.read_text() + "# changed by the benchmark\n")
        one, done = verify(copy, "--jobs", str(args.jobs))
        ran = re.findall(r"^\s+(?:ok|FAIL)\s+(\S+)", done.stdout, flags=re.M)
        figures.append(("one snippet changed", f"{one:.1f} s, re-ran: {', '.join(ran) or 'nothing'}",
                        f"only {changed_slug} ({snippet.name} changed)"))

        config = (copy / "mkdocs.yml").read_text()
        without_hook = re.sub(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
        assert without_hook != config, "mkdocs.yml has no hooks block to remove"
        with_gate = build_seconds(copy, config, args.build_runs)
        no_gate = build_seconds(copy, without_hook, args.build_runs)
        overhead = (with_gate - no_gate) / no_gate * 100
        figures.append(("mkdocs build, gate vs none", f"{with_gate:.2f} s vs {no_gate:.2f} s = {overhead:+.1f} %",
                        f"≤ 10 % (median of {args.build_runs})"))

    if args.fresh_clone:
        with tempfile.TemporaryDirectory(prefix="idoc-clone-") as tmp:
            subprocess.run(["git", "clone", "-q", str(REPO), tmp], check=True)
            seconds, done = timed(["make", "test"], Path(tmp), {k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
            result = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
            figures.append(("make test, fresh clone", f"{seconds / 60:.1f} min, {result}", "≤ 10 min on 2 cores"))

    print(f"Measured {time.strftime('%Y-%m-%d')} on {machine()}")
    width = max(len(name) for name, _, _ in figures)
    for name, value, target in figures:
        print(f"  {name:<{width}}  {value:<40}  target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
