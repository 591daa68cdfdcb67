"""Every page's Markdown as the site shows it, from the repository and the merged results.

Placeholders filled from recorded data (`{{ doctor.sha256 }}`, `{{ compatibility_tables }}`, facts (`facts`),
`{{ verification_table }}`, `{{ last_verified SLUG }}`), the gate's badges and refusals,
live steps' last printed outputs instead of their patterns. A plain function: the MkDocs
hook, `python -m installdoctor.site.check_docs` and the notebook page all render through `render`,
and a site generator without MkDocs hooks (Zensical) can build what it returns.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import results
from . import error_index, facts, gate, includes, tables_page, verification_page
from .problem import Problem

DOCTOR = Path("scripts/doctor.py")
TABLES = Path("docs/tables/data.json")


@dataclass
class Build:
    root: Path
    mode: str
    records: list[results.Record]
    sha256_of: Callable[[str], str | None]
    read_text: Callable[[str], str | None]
    platforms_here: tuple[str, ...]

    @classmethod
    def load(cls, root: Path, mode: str | None = None) -> "Build":
        """This machine's results and every unpacked CI job's (`.verified/ci/<job>/`); this machine's win."""
        verified = root / ".verified"
        ci_runs = [results.load(path) for path in sorted((verified / "ci").glob("*/results.json"))]
        return cls(root, mode or os.environ.get("INSTALL_DOCTOR_GATE", "local"),
                   results.merge_runs([*ci_runs, results.load(verified / "results.json")]),
                   results.file_hasher(root), text_reader(root), (results.current_platform(),))


def text_reader(root: Path) -> Callable[[str], str | None]:
    """Read a repository file once per build (inline commands are matched against step files)."""
    cache: dict[str, str | None] = {}

    def read_text(relative: str) -> str | None:
        if relative not in cache:
            path = root / relative
            cache[relative] = path.read_text(errors="replace") if path.is_file() else None
        return cache[relative]

    return read_text


def site_prefix(src: str) -> str:
    """From a page's URL back to the site root: guides/x.md is served at guides/x/, index.md at the root."""
    url = src.removesuffix(".md").removesuffix(".ipynb")
    url = url.removesuffix("index") if url == "index" or url.endswith("/index") else url + "/"
    return "../" * url.count("/")


def render(build: Build, src: str, markdown: str) -> tuple[str, list[Problem]]:
    prefix = site_prefix(src)
    markdown = _doctor_placeholders(build, _compatibility_tables(build, markdown))
    markdown = verification_page.render(markdown, build.records, prefix)
    markdown = error_index.fill(markdown, build.root, build.records)
    fact_problems = []
    try:
        markdown = facts.render_page(src, markdown, build.records, build.sha256_of, build.root)
    except facts.FactError as error:  # "docs/<page>:<line>: message"; draft mode shows the placeholder as it is
        where, _, message = str(error).partition(": ")
        line = where.rsplit(":", 1)[-1]
        fact_problems = [] if build.mode == "draft" else [Problem(src, int(line) if line.isdigit() else 1, message)]
    markdown, problems = gate.check_page(src, markdown, build.records, mode=build.mode,
                                        platforms_here=build.platforms_here, sha256_of=build.sha256_of,
                                        read_text=build.read_text, site_prefix=prefix)
    return _live_outputs(build, markdown), fact_problems + problems


def _doctor_placeholders(build: Build, markdown: str) -> str:
    """{{ doctor.sha256 }} and {{ doctor.size }} on the download page: facts of the exact file served."""
    if "{{ doctor." not in markdown:
        return markdown
    size = (build.root / DOCTOR).stat().st_size
    return markdown.replace("{{ doctor.sha256 }}", build.sha256_of(DOCTOR.as_posix()) or "").replace(
        "{{ doctor.size }}", f"{size / 1024:.0f} KB")


def _compatibility_tables(build: Build, markdown: str) -> str:
    if "{{ compatibility_tables }}" not in markdown:
        return markdown
    return markdown.replace("{{ compatibility_tables }}",
                            tables_page.render(json.loads((build.root / TABLES).read_text())))


def _live_outputs(build: Build, markdown: str) -> str:
    """A live step's .out holds patterns (` (re)`, `...`); readers see what its last passing run printed."""
    def saved_output(path: str) -> str:
        saved = Path(".verified/outputs") / path
        return saved.as_posix() if path.startswith("snippets/") and path.endswith(".out") and (build.root / saved).is_file() else path

    return includes.replace_paths(markdown, saved_output)


NOTEBOOK_LANGUAGES = {".sh": "bash", ".ipy": "ipython3"}  # .ipy: a notebook cell (`%pip`, `!pip`)


def notebook_step_source(step: str, root: Path) -> str:
    """The Markdown a notebook's `show("snippets/…")` stands for: the step's block, then its output's."""
    path = root / step
    blocks = [f'```{NOTEBOOK_LANGUAGES.get(path.suffix, "text")}\n{includes.include_line(step)}\n```']
    output = path.with_suffix(".out")
    if output.is_file() and output.read_text().strip():
        blocks.append(f'``` {{ .text .no-copy }}\n{includes.include_line(output.relative_to(root).as_posix())}\n```')
    return "\n\n".join(blocks) + "\n"


def sources(root: Path) -> dict[str, str]:
    """Every page's source as the gate reads it: Markdown pages, and a notebook's Markdown cells with
    each `show("snippets/…")` of its code cells as the blocks it renders."""
    docs = root / "docs"
    found = {p.relative_to(docs).as_posix(): p.read_text() for p in sorted(docs.rglob("*.md"))}
    for notebook in sorted(docs.rglob("*.ipynb")):
        found[notebook.relative_to(docs).as_posix()] = notebook_source(notebook, root)
    return found


def notebook_source(notebook: Path, root: Path) -> str:
    """A notebook page as the gate reads it: its Markdown cells, and each `show("snippets/…")` of its code
    cells as the blocks it displays (the cells' own code is the page's machinery, never shown)."""
    cells = json.loads(notebook.read_text())["cells"]
    return "\n".join(
        "".join(cell["source"]) if cell["cell_type"] == "markdown"
        else "\n".join(notebook_step_source(step, root) for step in includes.shown("".join(cell["source"])))
        for cell in cells)
