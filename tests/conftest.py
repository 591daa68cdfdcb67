"""Shared test helpers: the repository root, a throwaway copy of it, and the live-index marker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installdoctor.layout import REPO

# Slugs of the DESIGN.md contract whose guide pages are still being written: doctor.py links them already.
# tests/test_content.py fails once such a page exists, so that its slug leaves this set.
GUIDES_BEING_WRITTEN: set[str] = set()


def pytest_collection_modifyitems(config, items):
    live = [item for item in items if "live" in item.keywords]
    if not live:
        return
    from installdoctor.verify.planning import live_index_answers

    if not live_index_answers():
        skip = pytest.mark.skip(reason="not run: the real package index cannot be reached")
        for item in live:
            item.add_marker(skip)


def copy_repo(root: Path) -> Path:
    """Copy the tooling and snippets to `root`, so a test can mutate snippets without touching the repo."""
    shutil.copytree(REPO / "scripts", root / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "snippets", root / "snippets")
    return root


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def tooling_env(root: Path = REPO, **extra: str) -> dict[str, str]:
    """The environment the tooling runs in (as the Makefile sets it): `installdoctor` imported from `root`,
    a repository copy's own; MkDocs' end-of-life banner silenced."""
    return dict(os.environ, PYTHONPATH=str(root / "scripts"), NO_MKDOCS_2_WARNING="1", **extra)


def run_verify(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "installdoctor.verify", *args], cwd=root, env=tooling_env(root), capture_output=True,
        text=True
    )


def isolated_env(home: Path) -> dict[str, str]:
    """The verifier's clean environment, for tests that run pip themselves."""
    from installdoctor.verify import isolation

    home.mkdir(parents=True, exist_ok=True)
    return isolation.environment(
        os.environ, home=str(home), tmp=str(home), path=os.environ.get("PATH", "").split(os.pathsep), extra={}
    )


def pytest_terminal_summary(terminalreporter):
    """Tests that did not run are counted by reason at the end, never silently: each reason says
    what this machine lacks (an interpreter, the real index, a mount namespace)."""
    from collections import Counter

    reasons = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if reasons:
        terminalreporter.section("not run, by reason")
        for reason, count in reasons.most_common():
            terminalreporter.write_line(f"{count:4d}  {reason}")


def make_record(**fields):
    """A `results.Record` from flat fields, as tests write them: `expected`, `python`, … describe its run,
    `before_expected`, `before_python`, … its run before the fix; no `expected` means no run (not run)."""
    from installdoctor.results import RUN_FIELDS, Record, Run, Status

    runs = {}
    for name, prefix in (("run", ""), ("before", "before_")):
        values = {key: fields.pop(prefix + key, None) for key in RUN_FIELDS}
        runs[name] = Run(**values) if values["expected"] else None
    status = Status(fields.pop("status", "passed"))
    fields = {"sha256": None, "scenario": "", "scenario_sha256": None, "slug": "demo", "shell": "posix", **fields}
    return Record(**fields, status=status, **runs)
