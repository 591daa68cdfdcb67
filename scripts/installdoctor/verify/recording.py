"""From what a worker ran and how it was judged to the records the site trusts (`results.Record`)."""

from __future__ import annotations

import os
from pathlib import Path

from .. import layout
from ..results import Record, Run, Status, sha256_file
from . import judge
from .scenario import SHELL_PLATFORMS, WINDOWS_SHELLS, Scenario, StepFile


def rel(path: Path) -> str:
    return path.resolve().relative_to(layout.REPO).as_posix()


def targets(scenario: Scenario, step_file: StepFile) -> list[str]:
    """Where this file must pass: a POSIX or Python step on the scenario's platforms, a PowerShell/cmd step on Windows."""
    where = SHELL_PLATFORMS[step_file.shell]
    if step_file.shell in WINDOWS_SHELLS:
        return list(where)
    return [p for p in scenario.platforms if p in where]


def new_record(scenario: Scenario, step_file: StepFile, platform: str, status: Status, **fields) -> Record:
    return Record(
        snippet=rel(step_file.path), sha256=sha256_file(step_file.path),
        scenario=rel(scenario.source), scenario_sha256=scenario.sha256, slug=scenario.slug,
        platform=platform, shell=step_file.shell, status=status, targets=targets(scenario, step_file),
        files={rel(path): sha256_file(path) for path in scenario.files},
        outputs=[rel(path) for path in step_file.output_paths()],
        runner="ci" if os.environ.get("GITHUB_ACTIONS") == "true" else "local",
        **fields,
    )


def not_run_records(scenario: Scenario, platform: str, reason: str, files: list[StepFile],
                    lacks: str = "") -> list[Record]:
    """`lacks` ("Python 3.14"): the site treats the steps as awaiting the CI job that has it."""
    return [new_record(scenario, f, platform, Status.NOT_RUN, reason=reason, lacks=lacks) for f in files]


def other_platform_records(scenario: Scenario, platform: str) -> list[Record]:
    """Step files for shells this machine lacks (PowerShell, cmd on Linux): recorded as not run, never passed."""
    records = []
    for step in scenario.steps:
        for step_file in step.files:
            where = SHELL_PLATFORMS[step_file.shell]
            if platform not in where:
                records.append(new_record(scenario, step_file, platform, Status.NOT_RUN,
                                          reason=f"runs on {'/'.join(where)}: verified by the CI job there"))
    return records


def _run_of(verdict: judge.Verdict) -> Run:
    return Run(expected=rel(verdict.expected_path), expected_sha256=sha256_file(verdict.expected_path),
               exit=verdict.exit, python=verdict.python, pip=verdict.pip)


def judged_records(scenario: Scenario, platform: str, verdicts: list[judge.Verdict], **fields) -> list[Record]:
    """One record per step file: its run as the page shows it, and a proof's run before the fix."""
    by_file: dict[Path, list[judge.Verdict]] = {}
    for verdict in verdicts:
        by_file.setdefault(verdict.step_file.path, []).append(verdict)
    records = []
    for file_verdicts in by_file.values():
        main = next(v for v in file_verdicts if not v.phase)
        before = next((v for v in file_verdicts if v.phase == "before"), None)
        records.append(new_record(
            scenario, main.step_file, platform,
            Status.PASSED if all(v.ok for v in file_verdicts) else Status.FAILED,
            run=_run_of(main), before=_run_of(before) if before else None,
            first_run=any(v.first_run for v in file_verdicts), **fields,
        ))
    return records
