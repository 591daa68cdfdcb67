"""Nothing of the build machine shows on the built site: what a reader sees reads as their own machine.

Runs on the `site/` that `make build` left (make test builds first); without it, it fails
rather than passing on nothing.
"""

import re
from pathlib import Path

import pytest
from conftest import REPO

SITE = REPO / "site"
TRACES = {
    "the checkout's absolute path": re.escape(str(REPO)),
    "the build user's home": re.escape(str(Path.home()).rstrip("/") + "/"),
    "pyenv's folders": r"\.pyenv\b",
    "the local index's address": r"127\.0\.0\.1:\d+/simple",
    "the variable that points pip at the local index": r"\(PIP_INDEX_URL\)|:env:\.index-url=",
    "the word stand-in": r"(?i)stand-in",
    "a notebook output prompt": r"Out\[\d*\]",
}


def site_files() -> list[Path]:
    files = [p for p in SITE.rglob("*") if p.suffix in (".html", ".json", ".log", ".txt") and p.is_file()]
    assert files, "no built site: run `make build` first"
    return files


@pytest.mark.parametrize("what", sorted(TRACES))
def test_the_built_site_shows_nothing_of_the_build_machine(what):
    pattern = re.compile(TRACES[what])
    found = [f"{path.relative_to(SITE)}: …{text[max(0, m.start() - 40):m.end() + 40]}…"
             for path in site_files() for text in [path.read_text(errors="replace")]
             for m in [pattern.search(text)] if m]
    assert not found, f"{what} on the site:\n" + "\n".join(found[:10])
