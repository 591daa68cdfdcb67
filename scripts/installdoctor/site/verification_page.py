"""The evidence, published: one row per scenario run (scenario × platform × shell) from the merged results.

`{{ verification_table }}` renders the table on the Verification page; `{{ last_verified SLUG }}`
renders one line saying when a guide's scenarios last passed on each platform it targets.
Badges link to their row (`row_id`). Plain functions of the records, like the gate.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..results import Record, Status
from .platform_names import PLATFORM_NAMES as NAMES
SHELLS = {"posix": "bash", "powershell": "PowerShell", "cmd": "cmd"}
LAST_VERIFIED = re.compile(r"\{\{\s*last_verified\s+([\w./-]+)\s*\}\}")


@dataclass(frozen=True)
class Row:
    """One scenario run: a scenario on one platform in one shell, from its step files' records."""
    slug: str
    platform: str
    shell: str
    status: Status
    python: str
    pip: str
    date: str
    seconds: float | None
    log: str | None
    reason: str
    first_run: bool

    @property
    def row_id(self) -> str:
        return row_id(self.slug, self.platform, self.shell)


def row_id(slug: str, platform: str, shell: str) -> str:
    return "run-" + re.sub(r"[^a-z0-9]+", "-", f"{slug}-{platform}-{SHELLS.get(shell, shell)}".lower()).strip("-")


def runs(records: list[Record]) -> list[Row]:
    """One row per (scenario, platform, shell): failed if any step failed, passed if all passed."""
    grouped: dict[tuple[str, str, str], list[Record]] = {}
    for record in records:
        targets = record.targets or [record.platform]
        # a Windows step that Linux recorded as not run belongs to the Windows row
        platform = record.platform if record.platform in targets else targets[0]
        grouped.setdefault((record.slug, platform, record.shell), []).append(record)
    out = []
    for (slug, platform, shell), group in sorted(grouped.items()):
        ran = [r for r in group if r.status is not Status.NOT_RUN] or group
        statuses = {r.status for r in ran}
        status = (Status.FAILED if Status.FAILED in statuses else Status.PASSED if statuses == {Status.PASSED}
                  else Status.NOT_RUN)
        first, run = ran[0], ran[0].run
        out.append(Row(slug, platform, shell, status, run and run.python or "", run and run.pip or "",
                       first.date, first.seconds, first.log or None, first.reason, any(r.first_run for r in group)))
    return out


def render_table(records: list[Record], site_prefix: str) -> str:
    rows = ["| Scenario | Platform | Shell | Status | Python | pip | Date | Seconds | Log |",
            "|---|---|---|---|---|---|---|---|---|"]
    for run in runs(records):
        status = {Status.PASSED: "✓ passed", Status.FAILED: "✗ failed"}.get(run.status, f"not run: {run.reason}")
        if run.first_run and run.status is Status.PASSED:
            status += " (first run)"
        log = f'<a href="{site_prefix}verified/{html.escape(run.log.removeprefix(".verified/"))}">log</a>' if run.log and run.status is not Status.NOT_RUN else ""
        seconds = f"{run.seconds:.1f}" if run.seconds is not None and run.status is not Status.NOT_RUN else ""
        rows.append(f'| <span id="{run.row_id}"></span>`{run.slug}` | {NAMES.get(run.platform, run.platform)} | '
                    f"{SHELLS.get(run.shell, run.shell)} | {html.escape(status)} | {run.python} | {run.pip} | "
                    f"{run.date} | {seconds} | {log} |")
    return "\n".join(rows)


def render_last_verified(slug: str, records: list[Record]) -> str:
    """'Last verified: Linux 2026-11-26 (Python 3.12.1, pip 26.3) · Windows: not yet' for a guide and its nested scenarios."""
    mine = [run for run in runs(records) if run.slug == slug or run.slug.startswith(slug + "/")]
    if not mine:
        raise ValueError(f"no verification records for {slug!r}")
    parts = []
    for platform in NAMES:
        here = [run for run in mine if run.platform == platform and run.status is not Status.NOT_RUN]
        targeted = [run for run in mine if run.platform == platform]
        if here:
            newest = max(here, key=lambda run: run.date)
            word = "failed" if any(run.status is Status.FAILED for run in here) else newest.date
            parts.append(f"{NAMES[platform]} {word}")
        elif targeted:
            parts.append(f"{NAMES[platform]}: not yet")
    return "Last verified: " + " · ".join(parts) + " ([all runs](../verification.md))"


def render(markdown: str, records: list[Record], site_prefix: str) -> str:
    if "{{ verification_table }}" in markdown:
        markdown = markdown.replace("{{ verification_table }}", render_table(records, site_prefix))
    return LAST_VERIFIED.sub(lambda m: render_last_verified(m[1], records), markdown)
