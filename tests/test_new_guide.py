"""Adding a guide takes what the README's "Writing a guide" lists: the scenario and its steps (the verifier
writes the outputs), the page, one nav line and one line in the guides index. Shown on a copy of this checkout."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_verify, tooling_env

pytestmark = pytest.mark.slow

SLUG = "throwaway-guide"
SCENARIO = {
    "scenario.toml": 'title = "A throwaway guide"\nindex = "none"\n[[steps]]\nname = "01-symptom"\n'
                     '[[steps]]\nname = "02-fix"\nrole = "fix"\n[[steps]]\nname = "03-confirm"\nrole = "proof"\n',
    "01-symptom.sh": "echo example 1.0\n",
    "02-fix.sh": "echo 2.0 > version\n",
    "03-confirm.sh": "grep 2.0 version\n",
}
PAGE = f"""# A throwaway guide

## Fix

```bash
--8<-- "snippets/{SLUG}/02-fix.sh"
```

## Confirm

```bash
--8<-- "snippets/{SLUG}/03-confirm.sh"
```

``` {{ .text .no-copy }}
--8<-- "snippets/{SLUG}/03-confirm.out"
```
"""


def checkout_copy(root: Path) -> Path:
    """The files a clone has (and new ones not yet committed), with this checkout's verified results."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True)
    for name in filter(None, listed.stdout.split("\0")):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / ".verified", root / ".verified")
    return root


def check_docs(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "installdoctor.site.check_docs"], cwd=root, env=tooling_env(root),
                          capture_output=True, text=True)


def test_a_new_guide_is_its_scenario_its_page_and_two_list_lines(tmp_path):
    root = checkout_copy(tmp_path / "repo")
    if check_docs(root).returncode != 0:
        pytest.fail("the checkout itself does not pass the gate: run `make build` first")
    folder = root / "snippets" / SLUG
    folder.mkdir()
    for name, text in SCENARIO.items():  # 1. the scenario and its steps
        (folder / name).write_text(text)
    done = run_verify(root, SLUG, "--update")  # 2. the verifier writes the outputs
    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "03-confirm.out").read_text() == "2.0\n"

    (root / f"docs/guides/{SLUG}.md").write_text(PAGE)  # 3. the page
    unlisted = check_docs(root)
    assert unlisted.returncode == 1
    assert f"mkdocs.yml:1: nav has no `guides/{SLUG}.md`" in unlisted.stdout
    assert f"docs/guides/index.md:1: no link to {SLUG}.md" in unlisted.stdout

    config = root / "mkdocs.yml"  # 4. one nav line, one line in the guides index
    text = config.read_text()
    anchor = "          - guides/pip-cache.md\n"
    assert anchor in text, "the nav line this test adds after has moved: update its anchor"
    config.write_text(text.replace(anchor, anchor + f"          - guides/{SLUG}.md\n", 1))
    with (root / "docs/guides/index.md").open("a") as index:
        index.write(f"\n- [A throwaway guide]({SLUG}.md)\n")

    listed = check_docs(root)
    assert listed.returncode == 0, listed.stdout
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root, env=tooling_env(root),
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    page = (root / "site/guides" / SLUG / "index.html").read_text()
    assert page.count("idoc-verified") == 3 and "2.0" in page
