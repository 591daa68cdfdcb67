"""The site's gate: a page may only show code that a verified snippet produced.

`check_page(page, source, records, ...)` is a plain function of the page's
Markdown and the results records: the MkDocs hook calls it today, and a
Markdown extension or a post-build check can call it unchanged under another
site generator. It returns the page with a badge under each verified block and
the problems found, each naming page and line.

Every fenced block's body must be exactly one `--8<-- "snippets/<slug>/<file>"`
include of a step file or of its expected output, with a current, passing record.

Modes: `publish` refuses anything without a passing record on every platform the
snippet targets; `local` (make build) needs a passing record for this machine's
platforms and marks the rest "not yet verified"; `draft` (make serve) never
refuses, it marks unverified blocks in red so the writer sees them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from . import results
from .problem import Problem

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r"""^\s*--8<--\s+(?P<quote>["']?)(?P<path>[^"'\s]+)(?P=quote)\s*$""")
PLATFORM_NAMES = {"linux": "Linux", "macos": "macOS", "windows": "Windows", "conda": "conda"}
MODES = ("publish", "local", "draft")


@dataclass(frozen=True)
class Block:
    start: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence
    indent: str
    body: list[str]


def fenced_blocks(lines: list[str]) -> Iterable[Block]:
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        yield Block(i + 1, j + 1, indent, lines[i + 1 : j])
        i = j + 1


def _records_for(path: str, records: list[dict]) -> list[dict]:
    """Records that vouch for `path`: a step file, or an output of it (a platform that keeps its own
    output, such as 01-x.macos.out, still vouches for the shared 01-x.out it was compared against)."""
    return [r for r in records
            if path in (r.get("snippet"), r.get("expected"), r.get("before_expected"), *r.get("outputs", ()))]


def _badge(indent: str, css: str, text: str, log_href: str | None) -> str:
    link = f' · <a href="{html.escape(log_href)}">log</a>' if log_href else ""
    return f'\n{indent}<p class="idoc-badge {css}">{html.escape(text)}{link}</p>\n'


def _describe(record: dict, path: str) -> str:
    """Platform, Python and pip of the run that produced `path` (the red run for a `.before.out`)."""
    prefix = "before_" if path == record.get("before_expected") else ""
    where = PLATFORM_NAMES.get(record["platform"], record["platform"])
    parts = [f"{where} (by CI)" if record.get("runner") == "ci" else where]
    if record.get(prefix + "python"):
        parts.append(f"Python {record[prefix + 'python']}")
    if record.get(prefix + "pip"):
        parts.append(f"pip {record[prefix + 'pip']}")
    parts.append(record.get("date", ""))
    return " · ".join(p for p in parts if p)


def check_page(
    page: str,
    source: str,
    records: list[dict],
    *,
    mode: str = "local",
    platforms_here: tuple[str, ...] = ("linux",),
    sha256_of: Callable[[str], str | None],
    site_prefix: str = "",
) -> tuple[str, list[Problem]]:
    """Return (page with badges, problems). `site_prefix` turns site-root paths into links from this page."""
    if mode not in MODES:
        raise ValueError(f"gate mode {mode!r}; use one of {MODES}")
    lines = source.split("\n")
    problems: list[Problem] = []
    insert_after: dict[int, str] = {}  # closing-fence line -> badge

    def refuse(block: Block, message: str) -> None:
        if mode == "draft":
            insert_after[block.end] = _badge(block.indent, "idoc-unverified", f"Not verified: {message}", None)
        else:
            problems.append(Problem(page, block.start, message))

    for block in fenced_blocks(lines):
        body = [line for line in block.body if line.strip()]
        include = INCLUDE.match(body[0]) if len(body) == 1 else None
        if not include:
            refuse(block, "a code block typed into the page; show commands only as a --8<-- include of a verified snippet")
            continue
        path = include["path"]
        if not path.startswith("snippets/"):
            refuse(block, f"{path} is not a snippet under snippets/")
            continue
        found = _records_for(path, records)
        if not found:
            refuse(block, f"{path} has no verification record; run `make verify`")
            continue
        current = [r for r in found if results.is_current(r, sha256_of)]
        if not current:
            refuse(block, f"{path} changed since it was verified (stale); run `make verify`")
            continue
        passed = {r["platform"]: r for r in current if r.get("status") == "passed"}
        targets = sorted({t for r in current for t in r.get("targets", [r["platform"]])})
        failed_here = [r for r in current if r["platform"] in platforms_here and r.get("status") == "failed"]
        missing = [t for t in targets if t not in passed]
        if failed_here:
            refuse(block, f"{path} failed verification on {failed_here[0]['platform']}: see {failed_here[0].get('log', 'the log')}")
            continue
        if mode == "publish" and missing:
            refuse(block, f"{path} has no passing record for {', '.join(missing)}; publishing needs every target platform")
            continue
        if passed:
            shown = [passed[p] for p in sorted(passed)]
            text = "✓ Verified: " + "; ".join(_describe(r, path) for r in shown)
            if missing:
                text += " · not yet verified on " + ", ".join(PLATFORM_NAMES.get(m, m) for m in missing)
            log = shown[0].get("log")
            href = f"{site_prefix}verified/{log.removeprefix('.verified/')}" if log else None
            insert_after[block.end] = _badge(block.indent, "idoc-verified", text, href)
        else:
            where = ", ".join(PLATFORM_NAMES.get(m, m) for m in missing) or "its platform"
            insert_after[block.end] = _badge(block.indent, "idoc-not-yet", f"⚠ Not yet verified: runs on {where}; the CI job there verifies it", None)

    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        if number in insert_after:
            out.append(insert_after[number])
    return "\n".join(out), problems
