"""One list of guides: the folders under snippets/ that hold a scenario. Each needs its page, a line in
`nav` (mkdocs.yml) and a link in docs/guides/index.md; `make build` and the deploy build say which is missing."""

from __future__ import annotations

from pathlib import Path

import yaml

from .problem import Problem

NOT_A_GUIDE = {"check-script"}  # the download page's sample run: docs/check-script.md, outside guides/


def guide_slugs(root: Path) -> list[str]:
    return sorted(d.name for d in (root / "snippets").iterdir()
                  if (d / "scenario.toml").is_file() and d.name not in NOT_A_GUIDE)


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV` and `!!python/name:` tags read as nothing: only `nav` matters here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_pages(config: Path) -> set[str]:
    pages: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, str):
            pages.add(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(yaml.load(config.read_text(), Loader=_AnyTagLoader).get("nav", []))
    return pages


def problems(root: Path) -> list[Problem]:
    nav = _nav_pages(root / "mkdocs.yml")
    index = (root / "docs/guides/index.md").read_text()
    found = []
    for slug in guide_slugs(root):
        page = next((p.name for p in sorted((root / "docs/guides").glob(f"{slug}.*"))
                     if p.suffix in (".md", ".ipynb")), None)
        if page is None:
            found.append(Problem(f"snippets/{slug}/scenario.toml", 1, f"no page for this guide: write docs/guides/{slug}.md"))
            continue
        if f"guides/{page}" not in nav:
            found.append(Problem("mkdocs.yml", 1, f"nav has no `guides/{page}`: add it (a guide in snippets/{slug}/)"))
        if f"({page})" not in index:
            found.append(Problem("docs/guides/index.md", 1, f"no link to {page}: add `[…]({page})` for snippets/{slug}/"))
    return found
