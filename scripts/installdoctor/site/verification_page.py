"""The evidence, published: one row per scenario run (scenario × platform × shell) from the merged results.

`{{ verification_table }}` renders the table on the Verification page; `{{ last_verified SLUG }}`
renders one line saying when a guide's scenarios last passed on each platform it targets.
Badges link to their row (`row_id`). Plain functions of the records, like the gate.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .. import results

NAMES = results.PLATFORM_NAMES
SHELLS = {"posix": "bash", "powershell": "PowerShell", "cmd": "cmd"}
LAST_VERIFIED = re.compile(r"\{\{\s*last_verified\s+([\w./-]+)\s*\}\}")


@dataclass(frozen=True)
class Run:
    slug: str
    platform: str
    shell: str
    status: str  # passed · failed · not-run
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


def runs(records: list[dict]) -> list[Run]:
    """One run per (scenario, platform, shell): failed if any step failed, passed if all passed."""
    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for record in records:
        shell = record.get("shell", "posix")
        targets = record.get("targets") or [record["platform"]]
        # a Windows step that Linux recorded as not run belongs to the Windows row
        platform = record["platform"] if record["platform"] in targets else targets[0]
        grouped.setdefault((record.get("slug", record["snippet"].split("/")[1]), platform, shell), []).append(record)
    out = []
    for (slug, platform, shell), group in sorted(grouped.items()):
        ran = [r for r in group if r.get("status") != "not-run"] or group
        statuses = {r.get("status") for r in ran}
        status = "failed" if "failed" in statuses else "passed" if statuses == {"passed"} else "not-run"
        ran = ran[0]
        out.append(Run(slug, platform, shell, status, ran.get("python") or "", ran.get("pip") or "",
                       ran.get("date") or "", ran.get("seconds"), ran.get("log"), ran.get("reason") or "",
                       any(r.get("first_run") for r in group)))
    return out


def render_table(records: list[dict], site_prefix: str) -> str:
    rows = ["| Scenario | Platform | Shell | Status | Python | pip | Date | Seconds | Log |",
            "|---|---|---|---|---|---|---|---|---|"]
    for run in runs(records):
        status = {"passed": "✓ passed", "failed": "✗ failed"}.get(run.status, f"not run: {run.reason}")
        if run.first_run and run.status == "passed":
            status += " (first run)"
        log = f'<a href="{site_prefix}verified/{html.escape(run.log.removeprefix(".verified/"))}">log</a>' if run.log and run.status != "not-run" else ""
        seconds = f"{run.seconds:.1f}" if run.seconds is not None and run.status != "not-run" else ""
        rows.append(f'| <span id="{run.row_id}"></span>`{run.slug}` | {NAMES.get(run.platform, run.platform)} | '
                    f"{SHELLS.get(run.shell, run.shell)} | {html.escape(status)} | {run.python} | {run.pip} | "
                    f"{run.date} | {seconds} | {log} |")
    return "\n".join(rows)


def render_last_verified(slug: str, records: list[dict]) -> str:
    """'Last verified: Linux 2026-11-26 (Python 3.12.1, pip 26.3) · Windows: not yet' for a guide and its nested scenarios."""
    mine = [run for run in runs(records) if run.slug == slug or run.slug.startswith(slug + "/")]
    if not mine:
        raise ValueError(f"no verification records for {slug!r}")
    parts = []
    for platform in NAMES:
        here = [run for run in mine if run.platform == platform and run.status != "not-run"]
        targeted = [run for run in mine if run.platform == platform]
        if here:
            newest = max(here, key=lambda run: run.date)
            word = "failed" if any(run.status == "failed" for run in here) else newest.date
            parts.append(f"{NAMES[platform]} {word}")
        elif targeted:
            parts.append(f"{NAMES[platform]}: not yet")
    return "Last verified: " + " · ".join(parts) + " ([all runs](../verification.md))"


def render(markdown: str, records: list[dict], site_prefix: str) -> str:
    if "{{ verification_table }}" in markdown:
        markdown = markdown.replace("{{ verification_table }}", render_table(records, site_prefix))
    return LAST_VERIFIED.sub(lambda m: render_last_verified(m[1], records), markdown)
