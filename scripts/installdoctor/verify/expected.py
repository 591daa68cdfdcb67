"""The expected outputs on disk: read them, rewrite them (`--update`, a platform's first run), keep live outputs."""

from __future__ import annotations

import os
from pathlib import Path

from .. import layout
from . import judge
from .recording import rel


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")  # the same bytes on Windows: records hash them
    os.replace(tmp, path)


def live_output_path(expected: Path) -> Path:
    """Where the last passing run of a live step keeps what it printed (pages show it, the .out holds patterns)."""
    return layout.VERIFIED / "outputs" / rel(expected)


def save_live_outputs(verdicts: list[judge.Verdict]) -> None:
    for verdict in verdicts:
        if verdict.ok and verdict.actual_text is not None:
            write_atomic(live_output_path(verdict.expected_path), verdict.actual_text)


def rewrite(verdicts: list[judge.Verdict], *, update: bool, record_new: bool) -> None:
    """`--update` rewrites outputs that differ or are missing; `--record-new` (CI) writes only missing ones and
    keeps a copy for review. An exit status is never mended by rewriting an output: those verdicts stay failed."""
    for verdict in verdicts:
        first = verdict.expected_text is None and record_new and not update
        if not ((update or first) and judge.fixable_by_update(verdict) and verdict.new_text is not None):
            continue
        if verdict.new_text != verdict.expected_text:
            write_atomic(verdict.update_path, verdict.new_text)
            verdict.expected_path = verdict.update_path
            print(f"  {'recorded (first run)' if first else 'updated'} {rel(verdict.update_path)}")
        if first:  # a copy for the review pull request and the deploy build (new-outputs/ in the artefact)
            write_atomic(layout.VERIFIED / "new-outputs" / rel(verdict.update_path), verdict.new_text)
        verdict.expected_text, verdict.problems, verdict.first_run = verdict.new_text, [], first
