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

import markdown
from IPython.display import HTML, display
from mkdocs.config import load_config

from ..layout import REPO
from . import pages

PAGE = "guides/jupyter-kernel.ipynb"


def render(step: str, build: pages.Build) -> str:
    """HTML for `step` and its output with their badges, through the same renderer as every page;
    a block the gate refuses raises, naming it (the gate command has refused it before the build)."""
    page, problems = pages.render(build, PAGE, pages.notebook_step_source(step, build.root))
    if problems:
        raise RuntimeError("; ".join(map(str, problems)))
    return _markdown().convert(page)  # no reset: block ids count on over the page


def show(step: str) -> None:
    display(HTML(render(step, _build())))


@functools.cache
def _build() -> pages.Build:
    return pages.Build.load(REPO)


@functools.cache
def _markdown() -> markdown.Markdown:
    """The site's Markdown extensions as mkdocs.yml sets them; includes resolve from the repository."""
    config = load_config(str(REPO / "mkdocs.yml"))
    configs = dict(config["mdx_configs"])
    configs["pymdownx.snippets"] = {**configs.get("pymdownx.snippets", {}), "base_path": [str(REPO)]}
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=configs)
