"""The error index page: every error and warning line a verified run printed, grouped by message.

`{{ error_index }}` on a page becomes the index. Nothing on it is typed by hand: a message is
listed because a passing record vouches for an output that printed it, with the pip of that
run (`pip` for the output after the fix, `before_pip` for the `.before.out`). Messages are
normalised (versions, paths and package names that vary become placeholders) so that the
same message from two guides, or from two pips, is one entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from installdoctor import results

# Lines that pip, Python, venv, conda and Jupyter print as errors or warnings. A match may start
# mid-line (`Proceed (Y/n)? ERROR: Exception:`): the message is the line from the match on.
MESSAGE = re.compile(
    r"(?:^\s*|(?<=\? ))(?:"
    r"(?:ERROR|WARNING|DEPRECATION): "            # pip
    r"|error: [a-z-]+$|× |╰─> |hint: |note: "      # pip's diagnostic errors (PEP 668)
    r"|[A-Z]\w*(?:Error|Exception|Warning|NotFound): "  # Python's exceptions, venv's `Error:`, conda's
    r"|\[\w+\] (?:WARNING|ERROR) "                 # Jupyter's loggers
    r"|Defaulting to user installation"            # pip's notice that it could not write: the permissions symptom
    r"|You should consider upgrading via"          # the second line of old pips' version warning
    r"|[A-Za-z0-9][\w.-]* \S+ is not supported on this platform$"  # `pip check`: a wheel built for another platform
    r")"
)
PATTERN_LINE = re.compile(r" \((?:re|glob)\)$|^\.\.\.$")  # an expected output's wildcard, not a printed line

# Normalisation, in order: each rule turns what varies between readers into one placeholder.
RULES: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = [
    (re.compile(r"https?://[^\s)]+"), lambda m: "\0" + m[0].replace("/", "\1") + "\0"),  # protect URLs from the path rule
    (re.compile(r"(?<![^\s'\"(=])(?:[A-Za-z]:\\|~?/|\.{1,2}[/\\])[^\s'\"(),]*"), "PATH"),
    (re.compile(r"\(from versions: (?!none\))[^)]*\)"), "(from versions: X.Y, …)"),
    (re.compile(r"(?<=following versions that require a different python version: ).*"), "X.Y Requires-Python >=X.Y"),
    (re.compile(r"(?<=requirement )\S+?(?=,? |,?$)|(?<=found for )\S+|(?<=invalid distribution )\S+|(?<=not found: ).*"
                r"|(?<=^ERROR: )\S+(?= \S+ has requirement )|(?<=you'll have )\S+(?= \S+ which is incompatible)"
                r"|^[\w.-]+(?= \S+ is not supported on this platform)"), "PACKAGE"),
    (re.compile(r"(?<=is a yanked version: ).*"), "'PACKAGE' candidate (version X.Y at …)"),
    (re.compile(r"(?<=Cannot install ).*(?= because)"), "PACKAGES"),
    (re.compile(r"(?<=No module named )'[^']+'|(?<=module )'[^']+'(?= has no)"), "'MODULE'"),
    (re.compile(r"(?<=cannot import name )'[^']+' from (partially initialized module )?'[^']+'"), r"'NAME' from \1'MODULE'"),
    (re.compile(r"(?<=has no attribute )'[^']+'"), "'NAME'"),
    (re.compile(r"(?<![^\s'\"(])[A-Za-z0-9][\w.]*-\d[\w.!+]*-[\w.-]+\.whl\b"), "PACKAGE-X.Y-TAGS.whl"),  # a wheel file's name
    (re.compile(r"\(line \d+\)"), "(line N)"),
    (re.compile(r"\b\d+(?:\.\d+)+(?:(?:a|b|rc|\.post|\.dev)\d+)?\b"), "X.Y"),
]


def normalise(line: str) -> str:
    text = line.strip()
    for pattern, placeholder in RULES:
        text = pattern.sub(placeholder, text)
    return text.replace("\0", "").replace("\1", "/")


@dataclass
class Printed:
    """One guide printing one message: the pips that printed it and the lines as printed."""
    slug: str
    pips: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    count: int = 0


@dataclass
class Entry:
    message: str  # normalised
    by: dict[str, Printed] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        words = re.findall(r"[a-z0-9]+", self.message.lower().replace("x.y", ""))
        return "e-" + "-".join(words)[:72].rstrip("-")

    def guides(self) -> list[Printed]:
        """The guides that printed it most often first: the one whose scenario is about this message."""
        return sorted(self.by.values(), key=lambda p: (-p.count, p.slug))


def messages_in(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if PATTERN_LINE.search(line):
            continue
        match = MESSAGE.search(line)
        if match:
            found.append(line[match.start():].strip())
    return found


def collect(outputs: dict[str, str], records: list[results.Record]) -> list[Entry]:
    """`outputs` maps an output path (`snippets/…/step.out`) to the text a run printed."""
    entries: dict[str, Entry] = {}
    for record in records:
        if not record.passed:
            continue
        for run in record.runs():
            text = outputs.get(run.expected)
            if text is None:
                continue
            for line in messages_in(text):
                entry = entries.setdefault(normalise(line), Entry(normalise(line)))
                slug = record.slug.split("/")[0]  # `same-version-again/article` is a part of its guide
                printed = entry.by.setdefault(slug, Printed(slug))
                printed.count += 1
                if run.pip:
                    printed.pips.add(run.pip)
                if line not in printed.lines:
                    printed.lines.append(line)
    return sorted(entries.values(), key=lambda e: e.message.lower())


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def render(entries: list[Entry], pages: dict[str, tuple[str, str]]) -> str:
    """Markdown: one section per message, its guides with the pips and the lines as printed.
    `pages` maps a slug to (title, link from this page). The page's matcher reads these sections."""
    out = []
    taken: set[str] = set()
    for entry in entries:
        guides = [p for p in entry.guides() if p.slug in pages]
        if not guides:
            continue
        anchor, n = entry.anchor, 1
        while anchor in taken:  # long messages may share the anchor's prefix
            n += 1
            anchor = f"{entry.anchor}-{n}"
        taken.add(anchor)
        out += [f"### `{entry.message}` {{ #{anchor} .idoc-error }}", ""]
        for printed in guides:
            title, link = pages[printed.slug]
            pips = "pip " + ", ".join(sorted(printed.pips, key=_version_key)) if printed.pips else "a run whose pip version was not recorded"
            lines = ", ".join(_code(line) for line in printed.lines)
            out.append(f'- [{title}]({link}){{ .idoc-error-guide data-slug="{printed.slug}" }}, '
                       f"printed by {pips}: {lines}")
        out.append("")
    return "\n".join(out)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


# --- reading the repository: what the hook calls ------------------------------------------------

def read_outputs(repo: Path, records: list[results.Record], sha256_of: Callable[[str], str | None]) -> dict[str, str]:
    """The text each current record's outputs hold; a live step's last passing run where it was saved."""
    outputs = {}
    for record in records:
        if not results.is_current(record, sha256_of):
            continue
        for path in (run.expected for run in record.runs()):
            saved = repo / ".verified" / "outputs" / path
            source = saved if saved.is_file() else repo / path
            if source.is_file():
                outputs[path] = source.read_text(errors="replace")
    return outputs


def guide_pages(docs: Path, slugs: set[str]) -> dict[str, tuple[str, str]]:
    """slug -> (page title, link from docs/errors.md)."""
    pages = {}
    for slug in slugs:
        for relative in (f"guides/{slug}.md", f"guides/{slug}.ipynb", f"{slug}.md"):
            path = docs / relative
            if path.is_file():
                pages[slug] = (_title(path), relative)
                break
    return pages


def _title(path: Path) -> str:
    text = path.read_text()
    if path.suffix == ".ipynb":
        text = "".join(json.loads(text)["cells"][0]["source"])
    heading = re.search(r"^# (.+)$", text, re.M)
    return heading[1].strip() if heading else path.stem


def fill(markdown: str, repo: Path, records: list[results.Record]) -> str:
    """Replace `{{ error_index }}` with the index built from the recorded outputs."""
    if "{{ error_index }}" not in markdown:
        return markdown
    entries = collect(read_outputs(repo, records, results.file_hasher(repo)), records)
    pages = guide_pages(repo / "docs", {slug for entry in entries for slug in entry.by})
    return markdown.replace("{{ error_index }}", render(entries, pages))
