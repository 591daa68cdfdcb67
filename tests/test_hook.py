"""The gate inside a real MkDocs build: refuses raw and stale blocks with page and line, badges the rest."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_repo, run_verify

pytestmark = pytest.mark.slow

CONFIG = """\
site_name: gate test
strict: true
hooks: [scripts/installdoctor/mkdocs_hook.py]
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.snippets: {base_path: ["."], check_paths: true}
"""
GOOD = '# Good\n\nText.\n\n```bash\n--8<-- "snippets/same-version-again/05-confirm.sh"\n```\n'
RAW = "# Raw\n\nText.\n\n```bash\npip install --upgrade tensorflow\n```\n"


def build(root: Path, mode: str = "local") -> subprocess.CompletedProcess:
    env = dict(os.environ, INSTALL_DOCTOR_GATE=mode, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def site_repo(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("site") / "repo")
    done = run_verify(root, "same-version-again")
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
