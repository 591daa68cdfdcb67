"""Content checked like code: the lint rules, the link crawler, and both over this repository."""

from pathlib import Path

import pytest
from conftest import GUIDES_BEING_WRITTEN

from conftest import REPO
from installdoctor.site import guide_list
from installdoctor.site.lint import lint_pages, lint_repository, lint_step
from installdoctor.site.linkcheck import broken_links



@pytest.mark.parametrize(
    ("path", "text", "line", "message"),
    [
        ("s/01.sh", "echo hi\nsudo pip install tensorflow\n", 2, "never `sudo pip`"),
        ("s/01.sh", "sudo -H python3 -m pip install x\n", 1, "never `sudo pip`"),
        ("s/01.sh", "python -m pip install --trusted-host example.org x\n", 1, "--trusted-host"),
        ("s/01.sh", "curl -sSL https://example.org/get.sh | sh\n", 1, "pipe a download into a shell"),
        ("s/01.sh", "python -m venv .venv\npip install x\n", 2, "bare `pip`"),
        ("s/01.sh", "python -m venv .venv && pip3 install x\n", 1, "bare `pip`"),
        ("s/01.sh", "python -m venv .venv\n.venv\\Scripts\\activate\n", 2, "a Windows command in a .sh step"),
        ("s/01.ps1", "py -3.12 -m venv .venv\nsource .venv/bin/activate\n", 2, "a POSIX command in a .ps1 step"),
    ],
)
def test_step_rules_name_file_and_line(path, text, line, message):
    problems = lint_step(path, text)
    assert any(p.line == line and message in p.message and str(p).startswith(f"{path}:{line}:") for p in problems), problems


def test_allowed_commands_pass():
    text = "python -m pip install --upgrade tensorflow\npip --version  # bare pip on purpose: shows which pip is first on PATH\n"
    assert lint_step("s/01.sh", text) == []
    assert lint_step("s/01.ps1", ".venv\\Scripts\\Activate.ps1\npython -m pip install x\n") == []


def test_break_system_packages_needs_a_warning_before_it():
    steps = {"snippets/x/01.sh": "python -m pip install --break-system-packages x\n"}
    bare = '```bash\n--8<-- "snippets/x/01.sh"\n```\n'
    [problem] = lint_pages({"docs/x.md": bare}, steps)
    assert problem.path == "docs/x.md" and problem.line == 2 and "danger/warning" in problem.message
    warned = '!!! danger "This can break your system Python"\n\n    Text.\n\n' + bare
    assert lint_pages({"docs/x.md": warned}, steps) == []


def test_a_step_file_no_page_includes_is_an_orphan():
    [problem] = lint_pages({"docs/x.md": "# nothing\n"}, {"snippets/x/01.sh": "true\n"})
    assert str(problem) == "snippets/x/01.sh:1: no page includes this step file; show it on its guide or delete it"


def test_this_repository_is_clean():
    assert [str(p) for p in lint_repository(REPO)] == []


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html)
    return root


def test_link_check_finds_missing_pages_and_anchors(tmp_path):
    site = write_site(tmp_path, {
        "index.html": '<a href="guide/">ok</a><a href="guide/#why">ok</a><a href="guide/#nope">bad</a>'
                      '<a href="gone/">bad</a><a href="https://pypi.org/">external</a><a href="#top">self</a>'
                      '<h1 id="top">x</h1>',
        "guide/index.html": '<h2 id="why">Why</h2><a href="../index.html#top">back</a>',
    })
    assert broken_links(site) == ["index.html: guide/#nope (no anchor #nope)", "index.html: gone/ (no such file)"]


def test_the_built_site_has_no_broken_links():
    site = REPO / "site"
    assert (site / "index.html").is_file(), "no built site: run `make build` (make test does) first"
    assert broken_links(site) == []


def test_download_page_prints_the_sha256_of_the_file_it_serves():
    import hashlib
    import re

    site = REPO / "site"
    page = (site / "check-script" / "index.html").read_text()
    printed = re.search(r'<code id="doctor-sha256">([0-9a-f]{64})</code>', page)
    assert printed, "the download page prints no sha256"
    assert 'href="../doctor.py"' in page
    served = hashlib.sha256((site / "doctor.py").read_bytes()).hexdigest()
    assert printed.group(1) == served == hashlib.sha256((REPO / "scripts/doctor.py").read_bytes()).hexdigest()



def test_the_checksum_served_beside_doctor_py_is_what_the_download_steps_check():
    import re
    import shutil
    import subprocess

    site = REPO / "site"
    assert (site / "doctor.py.sha256").is_file(), "no doctor.py.sha256 in the built site: run `make build` first"
    for tool in (["sha256sum", "-c"], ["shasum", "-a", "256", "-c"]):
        if shutil.which(tool[0]):
            done = subprocess.run([*tool, "doctor.py.sha256"], cwd=site, capture_output=True, text=True)
            assert (done.returncode, done.stdout) == (0, "doctor.py: OK\n"), done
    # The URLs the steps download are the published site's (deploy.yml's SITE_URL), where the build puts the files.
    published = re.search(r"SITE_URL: (\S+)", (REPO / ".github/workflows/deploy.yml").read_text())[1]
    for step in ("download/01-download.sh", "download-macos/01-download.sh", "download-windows/01-download.ps1"):
        urls = re.findall(r"https://\S+", (REPO / "snippets/check-script" / step).read_text())
        assert urls == [published + "doctor.py", published + "doctor.py.sha256"]


# One list of guides: a guide is a folder under snippets/ with a scenario (check-script is the download
# page's). Slugs are a public contract (DESIGN.md): URLs, doctor findings and tests use them.
GUIDE_SLUGS = set(guide_list.guide_slugs(REPO))  # the one list: the folders under snippets/


def test_every_guide_is_in_the_nav_and_the_guides_index():
    assert [str(p) for p in guide_list.problems(REPO)] == []


def test_every_doctor_finding_links_a_guide_slug_of_the_contract():
    import re

    source = (REPO / "scripts/doctor.py").read_text()
    used = set(re.findall(r'finding\(\s*"[^"]+",\s*"(?:error|warning|info)",\s*"([^"]+)"', source))
    used |= set(re.findall(r'"guide_slug": "([^"]+)"', source))
    assert len(used) >= 14, used
    assert used <= GUIDE_SLUGS | GUIDES_BEING_WRITTEN, used - GUIDE_SLUGS - GUIDES_BEING_WRITTEN
    landed = GUIDES_BEING_WRITTEN & GUIDE_SLUGS
    assert not landed, f"the guides {sorted(landed)} exist now: remove them from GUIDES_BEING_WRITTEN in tests/conftest.py"
    pages = {p.stem for p in (REPO / "docs/guides").glob("*.[mi][dp]*")} - {"index"}
    assert pages <= GUIDE_SLUGS, pages - GUIDE_SLUGS


def test_a_marker_comment_line_covers_the_bare_pip_lines_after_it():
    from installdoctor.site.lint import lint_step

    text = "# bare pip on purpose: the mistake shown\npip install x\npip show x\n"
    assert lint_step("snippets/a/01.sh", text) == []
    assert [p.line for p in lint_step("snippets/a/01.sh", "pip install x\n# bare pip on purpose: late\n")] == [1]
    assert lint_step("snippets/a/01.sh", ".venv\\Scripts\\activate\n") != []
    assert lint_step("snippets/a/01.sh", "# wrong platform on purpose: the article's block\n.venv\\Scripts\\activate\n") == []


def test_front_matter_that_mkdocs_would_drop_is_a_problem():
    page = "---\ndescription: import loads an older copy: find it\n---\n# T\n"
    [problem] = lint_pages({"docs/x.md": page}, {})
    assert str(problem).startswith("docs/x.md:2: front matter is not valid YAML")
    assert lint_pages({"docs/x.md": page.replace("description: import", 'description: "import').replace("it\n---", 'it"\n---')}, {}) == []
