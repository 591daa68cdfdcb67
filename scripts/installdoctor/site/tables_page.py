"""Render the compatibility data (`docs/tables/data.json`, written by `make tables`) as Markdown.

A plain function of the data, like the gate: the MkDocs hook replaces the
`{{ compatibility_tables }}` placeholder with its result. Every status is said in words
in the cell (or, for "newest", by the absence of words), so colour is never the only signal.
"""

from __future__ import annotations

import html

LEGEND = (
    ("newest", "2.21.0", "the newest release, as a wheel"),
    ("older", "2.13.1", "pip picks an older release, and says why"),
    ("source", "2.5.5", "the release pip picks is a source distribution: pip builds it, which needs a "
                        "compiler unless the package is pure Python; the newest wheel is named"),
    ("pre", "2.22.0rc0", "only a pre-release has a wheel: <code>pip install</code> takes it when no final "
                           "release fits, without <code>--pre</code>; <code>pip index versions</code> lists it only "
                           "with <code>--pre</code>"),
    ("none", "—", "nothing installs, and why"),
    ("unknown", "?", "the index did not answer"),
)


def _esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _cell(cell: dict) -> str:
    status = cell.get("status", "unknown")
    reason = _esc(cell.get("reason"))
    if status == "newest":
        body = _esc(cell["version"])
    elif status == "older":
        body = f'{_esc(cell["version"])}<br><small>{reason}</small>'
    elif status == "source":
        body = f'{_esc(cell["source"])}<br><small>{_esc(cell["reason"].removeprefix(cell["source"] + " "))}</small>'
    elif status == "pre":
        body = f'{_esc(cell["version"])}<br><small>only a pre-release</small>'
    elif status == "none":
        body = f"—<br><small>{reason}</small>" if reason else "—"
    else:
        status = "unknown"
        body = "?<br><small>not measured</small>"
    title = f' title="{reason}"' if reason else ""
    return f'<span class="idoc-cell idoc-cell-{status}"{title}>{body}</span>'


def legend() -> str:
    """One list item per status: an example cell and what it means."""
    return "\n".join(f'- <span class="idoc-cell idoc-cell-{status}">{example}</span> {meaning}'
                     for status, example, meaning in LEGEND)


def render(data: dict) -> str:
    platforms = data["platforms"]
    out = [
        f"Generated **{data['generated']}** with pip {data['pip']} against {data['index']}.",
        "",
        legend(),
        "",
    ]
    for package, info in data["packages"].items():
        out += [f'=== "{package}"', ""]
        out += [f"    Newest {package} on the index: **{info.get('newest') or 'unknown'}**", ""]
        header = "| Python | " + " | ".join(p["label"] for p in platforms) + " |"
        out += ["    " + header, "    |" + "---|" * (len(platforms) + 1)]
        for python in data["pythons"]:
            row = info["cells"].get(python, {})
            cells = [_cell(row.get(p["id"], {"status": "unknown"})) for p in platforms]
            out.append(f"    | {python} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
