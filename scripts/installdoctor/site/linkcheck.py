"""Crawl the built site offline: every internal link and anchor must resolve.

    python -m installdoctor.site.linkcheck [SITE_DIR]     # exit 0: none broken, 1: broken (each `page: link`)
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..layout import REPO


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.ids.add(values[name])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") in ("preconnect", "canonical")):
                self.links.append(values[name])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(errors="replace"))
    return page


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment a link points to inside the site, or None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    resolved = (base / path.lstrip("/")).resolve() if path else page
    if resolved.is_dir() or path.endswith("/"):
        resolved = resolved / "index.html"
    return resolved, unquote(parts.fragment)


def _ids(pages: dict[Path, _Page], file: Path) -> set[str]:
    if file not in pages:  # an .html file outside the crawl (none today): parsed once, when a link needs it
        pages[file] = _parse(file)
    return pages[file].ids


def broken_links(site: Path) -> list[str]:
    site = site.resolve()
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    broken = []
    for page, parsed in list(pages.items()):
        for link in parsed.links:
            target = _target(site, page, link)
            if target is None:
                continue
            file, fragment = target
            where = page.relative_to(site).as_posix()
            if not file.is_file():
                broken.append(f"{where}: {link} (no such file)")
            elif fragment and file.suffix == ".html" and fragment not in _ids(pages, file):
                broken.append(f"{where}: {link} (no anchor #{fragment})")
    return broken


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else REPO / "site"
    if not (site / "index.html").is_file():
        print(f"error: {site} has no built site; run `make build` first", file=sys.stderr)
        return 2
    broken = broken_links(site)
    for line in broken:
        print(line)
    print(f"link check: {len(broken)} broken internal link(s) or anchor(s) in {site}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
