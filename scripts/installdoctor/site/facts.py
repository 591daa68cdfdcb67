"""Facts from the real index in page prose: rendered from recorded data with its date, never typed.

A page writes a placeholder where it states what the index says today:

    {{ fact.newest.tensorflow }}                    newest final release (docs/tables/data.json)
    {{ fact.requires.tensorflow-text }}             what the newest release requires of its
                                                    companion (data.json "requirements")
    {{ table("tensorflow", "3.9", "linux-x86_64") }}  the version pip picks for that cell
    {{ cell("tensorflow", "3.14", "linux-x86_64") }}   the same cell in words, whatever its status:
                                                    "2.22.0rc0, a pre-release", "none: Requires-Python >=3.10"
    {{ live("snippets/<slug>/live/<step>.out", "REGEX") }}  group 1 of REGEX (or the whole
                                                    match) in what that live step printed in its
                                                    last passing run (.verified/outputs/...)

Each renders as the value followed by where and when it was recorded. A name that
is unknown, a cell that was not measured, a pattern the recorded output no longer
matches, or a live step with no current passing record is a build error naming the
page and line: the page changes with the data, or the build stops.

`render` is a plain function of (page, markdown, facts); `load` reads the facts of
a checkout; `render_page` is the one call the MkDocs hook makes.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import results
from ..layout import REPO

try:  # MkDocs prints a PluginError as a build error (no traceback); elsewhere it is a plain exception
    from mkdocs.exceptions import PluginError as _Base
except ImportError:  # pragma: no cover (outside MkDocs)
    _Base = Exception

TABLES = Path("docs/tables/data.json")
OUTPUTS = Path(".verified/outputs")  # what each live step printed in its last passing run
PLACEHOLDER = re.compile(r"\{\{\s*(fact\.[\w.-]+|(?:table|cell)\([^)]*\)|live\((?:[^)\"]|\"[^\"]*\")*\))\s*\}\}")
ARGUMENTS = re.compile(r'"([^"]*)"')
OPENING = re.compile(r"\{\{\s*(fact\b|table\s*\(|cell\s*\(|live\s*\()")  # what a placeholder starts with


class FactError(_Base):
    """A placeholder the recorded data cannot answer; the message names page and line."""


@dataclass(frozen=True)
class Fact:
    value: str
    source: str  # "pypi.org"
    date: str  # ISO date of the recording

    def html(self) -> str:
        return (f'<span class="idoc-fact" title="recorded from {self.source} on {self.date}">'
                f'{html.escape(self.value)}</span> <small class="idoc-fact-date">({self.source}, {self.date})</small>')


@dataclass(frozen=True)
class Facts:
    """Everything a placeholder can ask for: the tables' data and the live steps' recorded outputs."""
    tables: dict
    live_output: Callable[[str], tuple[str, str] | None]  # .out path -> (printed text, date), if current

    def lookup(self, placeholder: str) -> Fact:
        """The fact a placeholder names; FactError (without page and line) when the data cannot answer."""
        if placeholder.startswith("fact."):
            return self._named(placeholder.removeprefix("fact."))
        kind, args = placeholder.split("(", 1)
        return getattr(self, f"_{kind}")(*ARGUMENTS.findall(args))

    def _source(self) -> str:
        return self.tables.get("index", "").removeprefix("https://").split("/")[0] or "the index"

    def _named(self, name: str) -> Fact:
        kind, _, package = name.partition(".")
        date = self.tables.get("generated", "")
        if kind == "newest" and package in self.tables.get("packages", {}):
            value = self.tables["packages"][package].get("newest")
        elif kind in ("newest", "requires") and package in self.tables.get("requirements", {}):
            entry = self.tables["requirements"][package]
            value = entry.get("version" if kind == "newest" else "requires")
        else:
            raise FactError(f"unknown fact `{name}`")
        if not value:
            raise FactError(f"fact `{name}` was not recorded (the index did not answer)")
        return Fact(value, self._source(), date)

    def _measured(self, package: str, python: str, platform: str) -> dict:
        cell = self.tables.get("packages", {}).get(package, {}).get("cells", {}).get(python, {}).get(platform)
        if cell is None:
            raise FactError(f'unknown table cell ("{package}", "{python}", "{platform}")')
        return cell

    def _table(self, package: str = "", python: str = "", platform: str = "") -> Fact:
        cell = self._measured(package, python, platform)
        if not cell.get("version") or cell.get("status") not in ("newest", "older"):
            raise FactError(f'table cell ("{package}", "{python}", "{platform}") is {cell.get("status")}: '
                            f'{cell.get("reason") or "no version"}; say that instead of a version')
        return Fact(cell["version"], self._source(), self.tables.get("generated", ""))

    def _cell(self, package: str = "", python: str = "", platform: str = "") -> Fact:
        cell = self._measured(package, python, platform)
        words = {"newest": "{version}", "older": "{version}", "pre": "{version}, a pre-release",
                 "source": "{source}, from source; newest wheel {version}", "none": "none: {reason}"}
        if cell.get("status") not in words:
            raise FactError(f'table cell ("{package}", "{python}", "{platform}") was not measured: {cell.get("reason")}')
        return Fact(words[cell["status"]].format_map(cell).removesuffix(": "), self._source(),
                    self.tables.get("generated", ""))

    def _live(self, output: str = "", pattern: str = "") -> Fact:
        recorded = self.live_output(output)
        if recorded is None:
            raise FactError(f"live step output `{output}` has no current passing run")
        text, date = recorded
        found = re.search(pattern, text, re.M)
        if not found:
            raise FactError(f"`{pattern}` does not match what `{output}` printed on {date}")
        return Fact(found.group(1) if found.re.groups else found.group(0), "pypi.org", date)


def render(page: str, markdown: str, facts: Facts) -> str:
    """The markdown with every placeholder replaced; FactError naming `docs/<page>:<line>` otherwise."""
    def swap(match: re.Match) -> str:
        try:
            return facts.lookup(match[1]).html()
        except FactError as error:
            line = markdown.count("\n", 0, match.start()) + 1
            raise FactError(f"docs/{page}:{line}: {error}") from None

    rendered = PLACEHOLDER.sub(swap, markdown)
    malformed = OPENING.search(rendered)
    if malformed:
        line = rendered.count("\n", 0, malformed.start()) + 1
        raise FactError(f"docs/{page}:{line}: `{rendered[malformed.start():].splitlines()[0]}` "
                        "is not a fact placeholder: {{ fact.KIND.NAME }}, {{ table(...) }}, {{ cell(...) }} or {{ live(...) }}")
    return rendered


def load(records: list[results.Record], sha256_of: Callable[[str], str | None], root: Path = REPO) -> Facts:
    """The facts of a checkout: its tables data and the outputs of its current passing live steps."""
    tables_path = root / TABLES
    tables = json.loads(tables_path.read_text()) if tables_path.is_file() else {}
    passed = {r.run.expected: r for r in records if r.passed and r.run and results.is_current(r, sha256_of)}

    def live_output(output: str) -> tuple[str, str] | None:
        saved = root / OUTPUTS / output
        if output not in passed or not saved.is_file():
            return None
        return saved.read_text(), passed[output].date

    return Facts(tables, live_output)


def render_page(page: str, markdown: str, records: list[results.Record], sha256_of: Callable[[str], str | None],
                root: Path = REPO) -> str:
    """The page renderer's one call: a page without placeholders is returned untouched, without reading anything."""
    if not OPENING.search(markdown):
        return markdown
    return render(page, markdown, load(records, sha256_of, root))
