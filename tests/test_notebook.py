"""The jupyter-kernel guide is a notebook executed at build time: its outputs come from this build."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def test_changing_the_notebooks_code_changes_the_page(tmp_path):
    assert (REPO / ".verified/results.json").is_file(), "run `make verify` (make test does) first"
    for part in ("docs", "scripts", "snippets", ".verified"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    notebook = tmp_path / "docs/guides/jupyter-kernel.ipynb"
    data = json.loads(notebook.read_text())
    cell = next(c for c in data["cells"] if c["cell_type"] == "code" and "print(sys.executable)" in "".join(c["source"]))
    assert not cell.get("outputs"), "the committed notebook carries no outputs: the build produces them"
    cell["source"] = "import sys\nprint('answer from this build:', 6 * 7, sys.executable)"
    notebook.write_text(json.dumps(data))

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=tmp_path,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site/guides/jupyter-kernel/index.html").read_text()
    assert "answer from this build: 42" in page
    assert sys.executable.rsplit("/", 1)[0] in page or "python" in page  # the kernel's own interpreter path
