"""Publishing ships what passed: another platform's alternative without a passing record is left out.

An alternative is a content tab (`=== "Windows PowerShell"` and its indented body) or, outside
tabs, a fenced block, whose included snippets do not target the page's home platform (the
platform the publishing build requires: Linux). When one of its snippets has no current
passing record for a platform it targets, the alternative is left out and the page says so
in one line under its title. Anything that targets the home platform is never left out:
the gate refuses it instead. A page with nothing for the home platform (conda only) keeps
its title and the note until its platform's run passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .platform_names import PLATFORM_NAMES as NAMES
from . import includes

TAB = re.compile(r'^(?P<indent>[ \t]*)===[+!]* "(?P<title>[^"]*)"')
HEADING = re.compile(r"^# ")


@dataclass(frozen=True)
class Region:
    start: int  # 0-based, inclusive
    end: int  # 0-based, exclusive
    includes: tuple[str, ...]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def tabs(lines: list[str]) -> Iterable[Region]:
    """Every content tab: its marker line and the indented body after it (trailing blank lines excluded)."""
    for i, line in enumerate(lines):
        marker = TAB.match(line)
        if not marker:
            continue
        end = i + 1
        last = i + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > _indent(line)):
            if lines[end].strip():
                last = end + 1
            end += 1
        yield Region(i, last, tuple(_includes(lines[i:last])))


def _includes(lines: list[str]) -> Iterable[str]:
    for line in lines:
        if (path := includes.included(line)) and path.startswith("snippets/"):
            yield path


def leave_out(lines: list[str], fences: Iterable[tuple[int, int]], *, home: str,
              targets_of: Callable[[str], set[str]], passes: Callable[[str], bool]) -> tuple[list[int], set[str]]:
    """Drop unverified alternatives. `fences` are (start, end) 0-based inclusive line ranges of fenced
    blocks; `targets_of(path)` the platforms a snippet targets; `passes(path)` whether it may be shown.
    Returns the indexes of the lines kept and the platforms whose commands were left out."""
    drop: set[int] = set()
    left_out: set[str] = set()
    tab_regions = list(tabs(lines))

    def consider(region: Region) -> None:
        where = set().union(*(targets_of(p) for p in region.includes)) if region.includes else set()
        if where and home not in where and not all(passes(p) for p in region.includes):
            drop.update(range(region.start, region.end))
            left_out.update(where)

    for region in tab_regions:
        consider(region)
    in_tab = {i for r in tab_regions for i in range(r.start, r.end)}
    for start, end in fences:
        if start not in in_tab:
            consider(Region(start, end + 1, tuple(_includes(lines[start : end + 1]))))
    includes = [p for p in _includes(lines)]
    if includes and not any(home in targets_of(p) for p in includes) and left_out:
        # nothing of this page runs on the home platform: keep the title, front matter and the note
        title = next((i for i, line in enumerate(lines) if HEADING.match(line)), -1)
        drop = set(range(title + 1, len(lines)))
    return [i for i in range(len(lines)) if i not in drop], left_out


def note(left_out: set[str], check_script_link: str) -> str:
    order = list(NAMES)  # platforms first, in the site's order; then what a job lacked here ("Python 3.14")
    names = " and ".join(NAMES.get(p, p) for p in sorted(left_out, key=lambda p: (order.index(p) if p in order else len(order), p)))
    return (f"*{names} commands for this page are awaiting their first verified run; until then, "
            f"[the check script]({check_script_link}) finds the cause on any platform.*")
