"""MkDocs hook: run the gate on every page, copy the verification logs into the site.

Mode from INSTALL_DOCTOR_GATE: `local` (default, make build), `publish` (deploy), `draft` (make serve).

Results of CI jobs (the `results-<os>` artefacts of verify.yml, unpacked as
`.verified/ci/<name>/results.json` with their `logs/`) count too: a step that only
another platform can run then shows "Windows (by CI)" instead of "not yet verified".
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from installdoctor import error_index, gate, results, tables_page, verification_page  # noqa: E402

log = logging.getLogger("mkdocs.plugins.installdoctor")
REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / ".verified" / "results.json"
CI_RESULTS = REPO / ".verified" / "ci"  # unpacked CI artefacts: <name>/results.json and <name>/logs/
DOCTOR = REPO / "scripts" / "doctor.py"
TABLES = REPO / "docs" / "tables" / "data.json"

_state: dict = {"problems": []}


def _mode() -> str:
    return os.environ.get("INSTALL_DOCTOR_GATE", "local")


def _platforms_here() -> tuple[str, ...]:
    return ({"darwin": "macos", "win32": "windows"}.get(sys.platform, "linux"),)


def on_pre_build(config) -> None:
    _state["problems"] = []
    ci_runs = [results.load(path) for path in sorted(CI_RESULTS.glob("*/results.json"))]
    _state["records"] = results.merge_runs([*ci_runs, results.load(RESULTS)])  # this machine's runs last: they win
    _state["sha256_of"] = results.file_hasher(REPO)
    _state["read_text"] = text_reader(REPO)


def text_reader(root: Path):
    """Read a repository file once per build (inline commands are matched against step files)."""
    cache: dict[str, str | None] = {}

    def read_text(relative: str) -> str | None:
        if relative not in cache:
            path = root / relative
            cache[relative] = path.read_text(errors="replace") if path.is_file() else None
        return cache[relative]

    return read_text


def on_files(files, config):
    """Serve the check script from the site root, so pages link it like any other file."""
    files.append(File.generated(config, "doctor.py", abs_src_path=str(DOCTOR)))
    return files


def doctor_placeholders(markdown: str) -> str:
    """{{ doctor.sha256 }} and {{ doctor.size }} on the download page: facts of the exact file served."""
    if "{{ doctor." not in markdown:
        return markdown
    sha256 = _state["sha256_of"](DOCTOR.relative_to(REPO).as_posix())  # the build's hasher: read once per build
    return markdown.replace("{{ doctor.sha256 }}", sha256).replace(
        "{{ doctor.size }}", f"{DOCTOR.stat().st_size / 1024:.0f} KB")


def compatibility_tables(markdown: str) -> str:
    if "{{ compatibility_tables }}" not in markdown:
        return markdown
    data = json.loads(TABLES.read_text())
    return markdown.replace("{{ compatibility_tables }}", tables_page.render(data))


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = compatibility_tables(doctor_placeholders(markdown))
    markdown = error_index.fill(markdown, REPO, _state["records"])
    depth = page.url.count("/") if page.url else 0
    markdown = verification_page.render(markdown, _state["records"], "../" * depth)
    new, problems = gate.check_page(
        page.file.src_uri, markdown, _state["records"], mode=_mode(), platforms_here=_platforms_here(),
        sha256_of=_state["sha256_of"], read_text=_state["read_text"], site_prefix="../" * depth,
    )
    for problem in problems:
        log.error(f"docs/{problem}")
    _state["problems"] += problems
    return show_live_outputs(new)


LIVE_INCLUDE = re.compile(r"""(--8<--\s+["'])(snippets/[^"']+\.out)(["'])""")


def show_live_outputs(markdown: str) -> str:
    """A live step's .out holds patterns (` (re)`, `...`); readers see what its last passing run printed."""
    def swap(match: re.Match) -> str:
        saved = Path(".verified/outputs") / match[2]
        if (REPO / saved).is_file():
            return f"{match[1]}{saved.as_posix()}{match[3]}"
        return match[0]

    return LIVE_INCLUDE.sub(swap, markdown)


def on_post_build(config) -> None:
    logs = REPO / ".verified" / "logs"
    target = Path(config["site_dir"]) / "verified"
    for folder in [*sorted(CI_RESULTS.glob("*/logs")), logs]:
        if folder.is_dir():
            shutil.copytree(folder, target / "logs", dirs_exist_ok=True)
    if RESULTS.is_file():
        shutil.copy(RESULTS, target / "results.json")
    if _state["problems"]:
        raise Abort(f"the gate refused {len(_state['problems'])} code block(s); every command must come from a verified snippet")
