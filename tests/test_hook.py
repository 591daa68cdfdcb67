"""The gate inside a real MkDocs build: refuses raw and stale blocks with page and line, badges the rest."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_repo, run_verify, tooling_env

pytestmark = pytest.mark.slow

CONFIG = """\
site_name: gate test
strict: true
hooks: [scripts/installdoctor/site/mkdocs_hook.py]
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.snippets: {base_path: ["."], check_paths: true}
"""
GOOD = '# Good\n\nText.\n\n```bash\n--8<-- "snippets/same-version-again/05-confirm.sh"\n```\n'
RAW = "# Raw\n\nText.\n\n```bash\npip install --upgrade tensorflow\n```\n"


def build(root: Path, mode: str = "local") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root,
                          env=tooling_env(root, INSTALL_DOCTOR_GATE=mode),
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def site_repo(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("site") / "repo")
    done = run_verify(root, "same-version-again", "venv-not-active/windows")  # the second: not run on Linux
    assert done.returncode == 0, done.stdout + done.stderr
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "docs").mkdir()
    return root


def test_a_verified_include_builds_with_its_badge_and_log(site_repo):
    (site_repo / "docs" / "index.md").write_text(GOOD)
    done = build(site_repo)
    assert done.returncode == 0, done.stderr
    page = (site_repo / "site" / "index.html").read_text()
    assert "idoc-verified" in page and 'href="verified/logs/same-version-again.linux.log"' in page
    assert (site_repo / "site" / "verified" / "logs" / "same-version-again.linux.log").is_file()


def test_a_raw_block_fails_the_build_naming_page_and_line(site_repo):
    (site_repo / "docs" / "index.md").write_text(RAW)
    done = build(site_repo)
    assert done.returncode != 0
    assert "docs/index.md:5: a code block typed into the page" in done.stderr


def test_a_mutated_snippet_is_reported_stale(site_repo):
    (site_repo / "docs" / "index.md").write_text(GOOD)
    snippet = site_repo / "snippets" / "same-version-again" / "05-confirm.sh"
    original = snippet.read_text()
    snippet.write_text(original.replace("2.16", "2.17"))
    try:
        done = build(site_repo)
    finally:
        snippet.write_text(original)
    assert done.returncode != 0
    assert "docs/index.md:5: snippets/same-version-again/05-confirm.sh changed since it was verified (stale)" in done.stderr


def test_draft_mode_shows_unverified_blocks_marked(site_repo):
    (site_repo / "docs" / "index.md").write_text(RAW)
    done = build(site_repo, mode="draft")
    assert done.returncode == 0, done.stderr
    assert "Not verified:" in (site_repo / "site" / "index.html").read_text()


WINDOWS_STEP = "snippets/venv-not-active/windows/01-symptom.ps1"
WINDOWS = f'# Windows\n\nText.\n\n```powershell\n--8<-- "{WINDOWS_STEP}"\n```\n'


def test_a_windows_step_shows_by_ci_only_when_a_ci_results_file_says_it_passed(site_repo):
    """The CI job's artefact, unpacked into .verified/ci/, turns "not yet verified" into "Windows (by CI)"."""
    import json
    import shutil

    from installdoctor import results

    (site_repo / "docs" / "index.md").write_text(WINDOWS)
    done = build(site_repo)
    assert done.returncode == 0, done.stderr
    assert "Not yet verified: runs on Windows" in (site_repo / "site" / "index.html").read_text()

    step = site_repo / WINDOWS_STEP
    record = {
        "snippet": WINDOWS_STEP, "sha256": results.sha256_file(step), "platform": "windows", "targets": ["windows"],
        "slug": "venv-not-active/windows", "shell": "powershell",
        "scenario": "snippets/venv-not-active/windows/scenario.toml",
        "scenario_sha256": results.sha256_file(step.parent / "scenario.toml"),
        "expected": "snippets/venv-not-active/windows/01-symptom.ps1.out", "expected_sha256": results.sha256_file(step.parent / "01-symptom.ps1.out"),
        "status": "passed", "python": "3.12.1", "pip": "23.2.1", "date": "2026-11-26", "runner": "ci",
        "log": ".verified/logs/venv-not-active.windows.powershell.windows.log",
    }
    ci = site_repo / ".verified" / "ci" / "results-windows-latest"
    (ci / "logs").mkdir(parents=True)
    # a CI artefact of the previous results format (flat `expected`, `python`, …): still read
    (ci / "results.json").write_text(json.dumps({"version": 1, "records": [record]}))
    (ci / "logs" / "venv-not-active.windows.powershell.windows.log").write_text("# the Windows job's log\n")
    try:
        done = build(site_repo)
        assert done.returncode == 0, done.stderr
        page = (site_repo / "site" / "index.html").read_text()
        assert "✓ Verified: Windows (by CI) · Python 3.12.1 · pip 23.2.1 · 2026-11-26" in page
        assert (site_repo / "site" / "verified" / "logs" / "venv-not-active.windows.powershell.windows.log").is_file()
        step.write_text(step.read_text() + "python --version\n")  # a change after CI verified it: stale, refused
        done = build(site_repo)
        assert done.returncode != 0 and f"{WINDOWS_STEP} changed since it was verified" in done.stderr
    finally:
        shutil.rmtree(site_repo / ".verified" / "ci")


def test_an_inline_command_that_no_step_ran_fails_the_publish_build_naming_page_and_line(site_repo):
    (site_repo / "docs" / "index.md").write_text(
        GOOD + "\nAfterwards, `python -m pip uninstall --user tensorflow` cleans up.\n")
    done = build(site_repo, mode="publish")
    assert done.returncode != 0
    assert ("docs/index.md:9: `python -m pip uninstall --user tensorflow` is a command in prose that no step "
            "contains") in done.stderr
    gate = subprocess.run([sys.executable, "-m", "installdoctor.site.check_docs", "--mode", "publish"], cwd=site_repo,
                          env=tooling_env(site_repo), capture_output=True, text=True)
    assert gate.returncode == 1 and "docs/index.md:9: `python -m pip uninstall --user tensorflow`" in gate.stdout


def test_an_inline_command_from_a_verified_step_builds(site_repo):
    (site_repo / "docs" / "index.md").write_text(GOOD + "\nRun `python -m pip install --upgrade tensorflow`.\n")
    done = build(site_repo)
    assert done.returncode == 0, done.stderr
