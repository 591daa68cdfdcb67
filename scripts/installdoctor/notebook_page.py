"""What the jupyter-kernel notebook page shows: verified steps and their outputs, as on every other page.

The notebook is executed at every build in the site tooling's own kernel, so nothing that kernel
computes may reach the page (its paths, its pip, its PATH are the build machine's). Each cell of
the notebook calls `show("snippets/…")` instead: the step (a shell command, or a notebook cell that
the verifier ran in a real kernel) and its recorded output pass the same gate as every other page's
blocks, a live scenario's output is the one its last passing run printed, and the HTML comes from
the site's own Markdown extensions (code block, `.no-copy` output block, verified badge). It is
displayed rather than returned, so it carries no `Out[N]:` prompt.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import markdown
from IPython.display import HTML, display
from mkdocs.config import load_config

from . import gate, mkdocs_hook, results

PAGE = "guides/jupyter-kernel.ipynb"
SITE_PREFIX = "../../"  # from guides/jupyter-kernel/ to the site root
LANGUAGES = {".sh": "bash", ".ipy": "ipython3"}  # .ipy: a notebook cell (`%pip`, `!pip`)


def source_of(step: str) -> str:
    """The Markdown a guide page would write for `step`: its block, then its output's block."""
    path = mkdocs_hook.REPO / step
    blocks = [f'```{LANGUAGES[path.suffix]}\n--8<-- "{step}"\n```']
    output = path.with_suffix(".out")
    if output.is_file() and output.read_text().strip():
        blocks.append(f'``` {{ .text .no-copy }}\n--8<-- "{output.relative_to(mkdocs_hook.REPO).as_posix()}"\n```')
    return "\n\n".join(blocks) + "\n"


def render(step: str, records: list[dict], mode: str) -> str:
    """HTML for `step` and its output with their badges; a block the gate refuses raises, naming it."""
    page, problems = gate.check_page(PAGE, source_of(step), records, mode=mode,
                                     platforms_here=mkdocs_hook._platforms_here(),
                                     sha256_of=_hasher(), site_prefix=SITE_PREFIX)
    if problems:
        raise RuntimeError("; ".join(map(str, problems)))
    return _markdown().convert(mkdocs_hook.show_live_outputs(page))  # no reset: block ids count on over the page


def show(step: str) -> None:
    display(HTML(render(step, _records(), os.environ.get("INSTALL_DOCTOR_GATE", "local"))))


@functools.cache
def _records() -> list[dict]:
    return mkdocs_hook.load_records()


@functools.cache
def _hasher():
    return results.file_hasher(mkdocs_hook.REPO)


@functools.cache
def _markdown() -> markdown.Markdown:
    """The site's Markdown extensions as mkdocs.yml sets them; includes resolve from the repository."""
    config = load_config(str(mkdocs_hook.REPO / "mkdocs.yml"))
    configs = dict(config["mdx_configs"])
    configs["pymdownx.snippets"] = {**configs.get("pymdownx.snippets", {}), "base_path": [str(mkdocs_hook.REPO)]}
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=configs)
