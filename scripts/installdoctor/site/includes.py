"""How a page names what it shows: the one place that reads and writes the include syntax.

A Markdown page shows a step, or its output, with pymdownx.snippets' include line
`--8<-- "snippets/<slug>/<file>"`; a notebook page's code cell calls `show("snippets/<slug>/<file>")`
(`notebook_page`), which stands for the same blocks.
"""

from __future__ import annotations

import re
from typing import Callable

_INCLUDE = r"""--8<--\s+(?P<quote>["']?)(?P<path>[^"'\s]+)(?P=quote)"""
INCLUDE = re.compile(_INCLUDE)  # anywhere in a line
LINE = re.compile(rf"^\s*{_INCLUDE}\s*$")  # a line that is one include and nothing else
SHOW = re.compile(r"""\bshow\(\s*["'](snippets/[^"']+)["']""")


def include_line(path: str) -> str:
    return f'--8<-- "{path}"'


def included(line: str) -> str | None:
    """The path named by a line that is exactly one include (a code block's body), else None."""
    match = LINE.match(line)
    return match["path"] if match else None


def snippets_in(line: str) -> list[str]:
    """Every snippet a line includes, wherever the include stands."""
    return [m["path"] for m in INCLUDE.finditer(line) if m["path"].startswith("snippets/")]


def replace_paths(text: str, replace: Callable[[str], str]) -> str:
    """`text` with each included path swapped for `replace(path)`; the include keeps its form."""
    def swap(match: re.Match) -> str:
        start, end = match.start("path") - match.start(), match.end("path") - match.start()
        return match[0][:start] + replace(match["path"]) + match[0][end:]

    return INCLUDE.sub(swap, text)


def shown(cell_source: str) -> list[str]:
    """The snippets a notebook code cell shows with `show("snippets/…")`."""
    return SHOW.findall(cell_source)
