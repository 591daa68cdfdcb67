"""Render the compatibility data (`docs/tables/data.json`, written by `make tables`) as Markdown.

A plain function of the data, like the gate: the MkDocs hook replaces the
`{{ compatibility_tables }}` placeholder with its result.
"""

from __future__ import annotations

import html

STATUS_TEXT = {"newest": "newest", "older": "older", "none": "none", "unknown": "unknown"}


def _cell(cell: dict) -> str:
    status = cell.get("status", "unknown")
    reason = html.escape(cell.get("reason") or "", quote=True)
    if status == "newest":
        body = html.escape(cell["version"])
    elif status == "older":
        body = f'{html.escape(cell["version"])}<br><small>{reason}</small>'
    elif status == "none":
        body = f"—<br><small>{reason}</small>" if reason else "—"
    else:
        body = "?<br><small>not measured</small>"
    title = f' title="{reason}"' if reason else ""
    return f'<span class="idoc-cell idoc-cell-{status}"{title}>{body}</span>'


def render(data: dict) -> str:
    platforms = data["platforms"]
    out = [
        f"Generated **{data['generated']}** with pip {data['pip']} against {data['index']}; "
        f"each cell is `{data['method']}`.",
        "",
        '<span class="idoc-cell idoc-cell-newest">newest</span> the newest release · '
        '<span class="idoc-cell idoc-cell-older">older</span> an older release, and why · '
        '<span class="idoc-cell idoc-cell-none">none</span> nothing installs · '
        '<span class="idoc-cell idoc-cell-unknown">?</span> the index did not answer',
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
