"""The jupyter-kernel guide is a notebook executed at every build; what it shows comes from verified runs.

The build's kernel is the site tooling's own Python on the build machine: a cell that printed
anything of it (its interpreter, its pip, its PATH) would put the build machine on the page. The
page's cells only show verified steps: shell commands, and notebook cells that ran in a real
kernel in a clean room, each with its recorded output.
"""

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, tooling_env

PAGE = Path("site/guides/jupyter-kernel/index.html")


def build_machine_traces(page: str) -> list[str]:
    """What of the machine that built `page` (HTML) shows in its text: each trace once, by name."""
    text = html.unescape(page)
    places = {
        "the checkout's path": str(REPO),
        "the build user's home": str(Path.home()),
        "the tooling's interpreter": sys.prefix,
        "the tooling's base interpreter": sys.base_prefix,
    }
    found = [f"{name} {place}" for name, place in places.items() if re.search(re.escape(place) + r"(?=/|\b)", text)]
    found += [f"{what}" for what, pattern in (
        ("/root", r"(?<![\w.~-])/root\b"),
        (".pyenv", r"\.pyenv\b"),
        ("an Out[N]: prompt", r"Out\[\d*\]"),
        ("an In [N]: prompt", r"In\s?\[\d*\]:"),
    ) if re.search(pattern, text)]
    return found


def test_the_trace_finder_names_what_it_finds():
    assert build_machine_traces(f"<p>{REPO}/docs/guides</p>") == [f"the checkout's path {REPO}"]
    assert build_machine_traces('<div class="jp-OutputPrompt">Out[2]:</div>') == ["an Out[N]: prompt"]
    assert build_machine_traces("<pre>pip 26.3 from /home/you/project/.venv/lib/python3.12</pre>") == []


def built_page() -> str:
    path = REPO / PAGE
    assert path.is_file(), "no built site: run `make build` (make test does) first"
    return path.read_text()


def test_the_page_shows_no_trace_of_the_build_machine():
    assert build_machine_traces(built_page()) == []


def test_the_page_shows_each_step_as_a_command_or_cell_with_its_verified_output():
    page = built_page()
    cells = json.loads((REPO / "docs/guides/jupyter-kernel.ipynb").read_text())["cells"]
    shown = re.findall(r'show\("(snippets/[^"]+)"\)', "".join("".join(c["source"]) for c in cells))
    assert len(shown) >= 8
    # Each step is a code block with its badge, then its recorded output in a .no-copy block with its badge;
    # the cells display them, so no cell has a returned value (the kind that gets an Out[N]: prompt).
    assert not re.search(r'class="[^"]*jp-OutputArea-executeResult', page)
    assert page.count('<div class="highlight">') == len(shown)
    assert page.count('<div class="no-copy highlight">') == len(shown)
    assert page.count("idoc-badge idoc-verified") == 2 * len(shown)
    # The cells ran in the scenario's kernels (reader paths), not in the build's.
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "/home/you/old-env/bin/python\n---" in text  # the broken notebook's Python, then its traceback
    assert "/home/you/project/.venv/bin/python\n" in text  # after the fix
    assert re.search(r"pip [\d.]+ from /home/you/old-env/lib/python3\.9/site-packages/pip \(python 3\.9\)", text)  # !pip
    assert "Note: you may need to restart the kernel to use updated packages." in text
    assert "restart the kernel" in text.split("Note: you may need")[0]  # the page says it first, in the fix


@pytest.mark.slow
def test_the_build_executes_the_notebook_and_the_trace_check_catches_a_cell_of_the_build(tmp_path):
    assert (REPO / ".verified/results.json").is_file(), "run `make verify` (make test does) first"
    for part in ("docs", "scripts", "snippets", ".verified"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    notebook = tmp_path / "docs/guides/jupyter-kernel.ipynb"
    data = json.loads(notebook.read_text())
    assert not any(c.get("outputs") for c in data["cells"]), "the committed notebook carries no outputs"
    data["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                          "id": "buildcell", "source": "import sys\nprint('answer from this build:', 6 * 7, sys.executable)"})
    notebook.write_text(json.dumps(data))

    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=tmp_path,
                          env=tooling_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / PAGE).read_text()
    assert "answer from this build: 42" in page  # executed now, by this build
    traces = build_machine_traces(page)
    assert "an In [N]: prompt" in traces and any(t.startswith("the tooling's interpreter") for t in traces)
