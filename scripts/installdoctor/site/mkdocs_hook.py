"""MkDocs hook: render every page through `pages.render` (placeholders, the gate, live outputs),
serve the check script, copy the verification logs into the site.

Mode from INSTALL_DOCTOR_GATE: `local` (default, make build), `publish` (deploy), `draft` (make serve).
Results of CI jobs unpacked as `.verified/ci/<name>/` count too (see `pages.Build.load`).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

# MkDocs loads this file by its path, outside the package: `installdoctor` comes from PYTHONPATH=scripts
# (the Makefile and the workflows set it).
from installdoctor.layout import REPO
from installdoctor.site import pages

log = logging.getLogger("mkdocs.plugins.installdoctor")

_state: dict = {"problems": []}


def on_pre_build(config) -> None:
    _state["problems"] = []
    _state["build"] = pages.Build.load(REPO)


def on_files(files, config):
    """Serve the check script from the site root, so pages link it like any other file, and beside it
    its checksum in the format `sha256sum -c` and `shasum -a 256 -c` read."""
    doctor = pages.DOCTOR
    files.append(File.generated(config, "doctor.py", abs_src_path=str(REPO / doctor)))
    files.append(File.generated(config, "doctor.py.sha256",
                                content=f"{_state['build'].sha256_of(doctor.as_posix())}  {doctor.name}\n"))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = page.file.src_uri
    if src.endswith(".ipynb"):  # mkdocs-jupyter renders it; the gate reads its cells (its show() renders blocks)
        problems = pages.render(_state["build"], src, pages.notebook_source(Path(page.file.abs_src_path), REPO))[1]
        new = markdown
    else:
        new, problems = pages.render(_state["build"], src, markdown)
    for problem in problems:
        log.error(f"docs/{problem}")
    _state["problems"] += problems
    return new


def on_post_build(config) -> None:
    verified = REPO / ".verified"
    target = Path(config["site_dir"]) / "verified"
    for folder in [*sorted((verified / "ci").glob("*/logs")), verified / "logs"]:
        if folder.is_dir():
            shutil.copytree(folder, target / "logs", dirs_exist_ok=True)
    if (verified / "results.json").is_file():
        shutil.copy(verified / "results.json", target / "results.json")
    if _state["problems"]:
        raise Abort(f"the gate refused {len(_state['problems'])} code block(s); every command must come from a verified snippet")
