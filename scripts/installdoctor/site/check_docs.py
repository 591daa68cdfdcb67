"""The gate over every page of docs/ as the site renders it, without a build: `make build` and the
deploy build run it before MkDocs, so a refusal is one line naming page and snippet.

    python -m installdoctor.site.check_docs [--mode publish|local|draft] [--root DIR]   # exit 0 none, 1 refused
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from . import gate, guide_list, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installdoctor.site.check_docs")
    parser.add_argument("--mode", choices=gate.MODES, default=os.environ.get("INSTALL_DOCTOR_GATE", "local"))
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    args = parser.parse_args(argv)
    build = pages.Build.load(args.root, args.mode)
    problems = [problem for src, source in pages.sources(args.root).items()
                for problem in pages.render(build, src, source)[1]]
    for problem in problems:
        print(f"docs/{problem}")
    unlisted = guide_list.problems(args.root)
    for problem in unlisted:
        print(problem)
    problems += unlisted
    print(f"gate ({args.mode}): {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
