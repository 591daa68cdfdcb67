"""The deploy build, exactly as deploy.yml runs it (`python -m installdoctor.site.publish`), in both shapes:
Linux-only results publish the Linux-verified site with other platforms' tabs left out and noted;
a failing Linux step refuses, naming page and step."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, tooling_env

pytestmark = pytest.mark.slow
FIX = "snippets/requires-python/06-fix.sh"
PY314_STEP = "snippets/prereleases-and-yanked/python-3-14/02-show.sh"


@pytest.fixture
def deploy_checkout(tmp_path: Path) -> Path:
    """A checkout as deploy.yml has it, plus this machine's verify run as the Linux job's artefact."""
    assert (REPO / ".verified" / "results.json").is_file(), "run `make verify` first (make test does)"
    root = tmp_path / "checkout"
    for name in ("scripts", "snippets", "docs"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    job = root / "ci-results" / "results-ubuntu-latest"
    shutil.copytree(REPO / ".verified", job, ignore=shutil.ignore_patterns("ci", "new-outputs"))
    return root


def publish(root: Path) -> subprocess.CompletedProcess:
    env = tooling_env(root)
    env.pop("INSTALL_DOCTOR_GATE", None)
    return subprocess.run([sys.executable, "-m", "installdoctor.site.publish", "ci-results"], cwd=root, env=env,
                          capture_output=True, text=True)


def test_linux_only_results_publish_the_linux_site_without_the_windows_tabs(deploy_checkout):
    done = publish(deploy_checkout)
    assert done.returncode == 0, done.stdout + done.stderr
    hub = (deploy_checkout / "site" / "guides" / "same-version-again" / "index.html").read_text()
    assert "Windows PowerShell" not in hub and "Windows and conda commands for this page are awaiting" in hub
    assert "same-version-again/04-fix" not in hub  # the include itself is rendered, not shown as text
    assert "✓ Verified: Linux" in hub and "not yet verified on macOS" in hub  # the shared Linux/macOS tab stays
    windows_guide = (deploy_checkout / "site" / "guides" / "venv-not-active" / "index.html").read_text()
    assert "Windows cmd" not in windows_guide and "Windows commands for this page are awaiting" in windows_guide
    # a Linux step this machine lacks the Python for awaits the job that has it: left out with the note until then
    html = (deploy_checkout / "site" / "guides" / "prereleases-and-yanked" / "index.html").read_text()
    prerelease = re.sub(r"<[^>]+>", "", html)  # the text a reader sees (highlighting splits commands into spans)
    if _linux_record(deploy_checkout, PY314_STEP).get("lacks") == "Python 3.14":
        assert "pip show tensorflow" not in prerelease
        assert "Python 3.14 commands for this page are awaiting their first verified run" in prerelease
    else:  # this machine has Python 3.14: the step ran here, and ships on its pass
        assert "pip show tensorflow" in prerelease and "Python 3.14 commands" not in prerelease
    assert "--python-version 3.14 tensorflow" in prerelease  # the live facts about 3.14 are asked from any Python


def _linux_record(root: Path, snippet: str) -> dict:
    data = json.loads((root / "ci-results" / "results-ubuntu-latest" / "results.json").read_text())
    return next(r for r in data["records"] if r["snippet"] == snippet and r["platform"] == "linux")


def test_a_failing_linux_step_refuses_naming_page_and_step(deploy_checkout):
    results = deploy_checkout / "ci-results" / "results-ubuntu-latest" / "results.json"
    data = json.loads(results.read_text())
    fix = next(r for r in data["records"] if r["snippet"] == FIX and r["platform"] == "linux")
    fix["status"] = "failed"
    results.write_text(json.dumps(data))
    done = publish(deploy_checkout)
    assert done.returncode == 1
    assert f"docs/guides/requires-python.md:" in done.stdout and f"{FIX} failed verification on linux" in done.stdout
    assert not (deploy_checkout / "site").exists()  # refused before any page was built
