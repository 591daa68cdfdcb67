"""The deploy build, one command for deploy.yml and for the test that runs it here.

    python -m installdoctor.site.publish CI_RESULTS_DIR     # exit 0 built site/, 1 refused, 2 could not run

CI_RESULTS_DIR holds one folder per verify job (its `.verified/` artefact: results.json,
logs/, outputs/ and new-outputs/). The build merges the results, puts each job's logs,
live outputs and first-run outputs where the site expects them, runs the gate in publish
mode over docs/ (one line per refusal, naming page and snippet) and only then builds
the site strictly. Another platform's alternatives without a passing record are left out
of the pages (see `alternatives`); the home platform's never are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import results
from . import check_docs

VERIFIED = Path(".verified")


def gather(ci_results: Path, root: Path) -> int:
    """Merge every job's records into root/.verified and copy what pages show from each job."""
    jobs = sorted(p.parent for p in ci_results.glob("*/results.json"))
    results.save(root / VERIFIED / "results.json", results.merge_runs(results.load(j / "results.json") for j in jobs))
    for job in jobs:
        for folder, target in (("logs", VERIFIED / "logs"), ("outputs", VERIFIED / "outputs"), ("new-outputs", Path("."))):
            if (job / folder).is_dir():
                shutil.copytree(job / folder, root / target, dirs_exist_ok=True)
    return len(jobs)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m installdoctor.site.publish", description=__doc__.splitlines()[0])
    parser.add_argument("ci_results", type=Path, help="one folder per verify job, each with its results.json")
    args = parser.parse_args(argv)
    root = Path.cwd()
    try:
        jobs = gather(args.ci_results, root)
    except ValueError as error:  # a results file of a format this build cannot read: say so, publish nothing
        print(f"publish: {error}", file=sys.stderr)
        return 2
    if not jobs:
        print(f"publish: no results.json under {args.ci_results}/*/", file=sys.stderr)
        return 2
    print(f"publish: merged the results of {jobs} job(s)")
    if check_docs.main(["--mode", "publish", "--root", str(root)]) != 0:
        return 1
    env = dict(os.environ, INSTALL_DOCTOR_GATE="publish")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, env=env)
    return 0 if built.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
