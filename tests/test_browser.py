"""The built site in a real browser: Debian's chromium driven by Playwright, served on 127.0.0.1.

Screenshots of the home page and one guide land in test-artifacts/.
"""

import functools
import hashlib
import http.server
import shutil
import threading

import pytest
from conftest import REPO

SITE = REPO / "site"
ARTEFACTS = REPO / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="not run: no chromium on this machine (.ci/run installs it)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url():
    assert (SITE / "index.html").is_file(), "no built site: run `make build` (make test does) first"
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _new_page(context, base_url):
    """A tab that collects this site's script errors and console errors in `.errors`."""
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    def on_console(message):
        # Only errors of this site count: a sandbox without internet cannot reach api.github.com (repo facts).
        if message.type == "error" and (message.location.get("url") or base_url).startswith(base_url):
            opened.errors.append(f"{message.text} ({message.location.get('url')})")

    opened.on("console", on_console)
    return opened


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    yield _new_page(context, base_url)
    context.close()


@pytest.fixture(scope="module")
def kept_open(browser, base_url):
    """Pages the many paste tests share, opened once: the error index (its matcher) and the home page
    (Material's search, whose index builds once per page load). A reader pastes one error after another too."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    pages = {}
    for name, path in (("errors", "errors/"), ("search", "./")):
        pages[name] = _new_page(context, base_url)
        pages[name].goto(path)
    yield pages
    context.close()


GUIDES = sorted(p.stem for p in (REPO / "docs/guides").glob("*.md") if p.stem != "index")


def test_home_renders_and_every_guide_is_linked(page):
    page.goto("./")
    assert page.title().startswith("Install Doctor")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "home.png"), full_page=True)
    page.goto("guides/")
    hrefs = set(page.eval_on_selector_all("article a", "links => links.map(a => a.getAttribute('href'))"))
    for slug in GUIDES:
        assert any(h.rstrip("/").endswith(slug) for h in hrefs), slug
    assert page.errors == []


@pytest.mark.parametrize("phrase, slug", [("same version", "same-version-again"),
                                          ("externally managed", "externally-managed")])
def test_search_finds_a_guide_by_its_symptom(page, phrase, slug):
    page.goto("./")
    page.keyboard.press("/")  # Material's shortcut that opens search, as a reader would
    page.keyboard.type(phrase)
    page.wait_for_selector(".md-search-result__item a")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert any(f"/guides/{slug}/" in h for h in hrefs), hrefs


def test_copy_button_copies_exactly_the_command(page):
    page.goto("guides/requires-python/")
    block = page.locator("article .highlight").filter(has=page.locator("code")).nth(0)
    block.hover()
    block.locator("button[data-md-type='copy'], button.md-clipboard").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == (REPO / "snippets/requires-python/06-fix.sh").read_text().strip()
    assert not copied.lstrip().startswith("$")


def test_content_tabs_switch_between_platforms(page):
    page.goto("guides/venv-not-active/")
    linux = (REPO / "snippets/venv-not-active/04-fix.sh").read_text().splitlines()[0]
    powershell = (REPO / "snippets/venv-not-active/windows/02-fix.ps1").read_text().splitlines()[0]
    cmd = (REPO / "snippets/venv-not-active/windows/02-fix.bat").read_text().splitlines()[0]
    tabbed = page.locator("article .tabbed-set", has_text=linux).first
    assert tabbed.get_by_text(linux).first.is_visible()
    tabbed.locator("label", has_text="Windows PowerShell").click()
    assert tabbed.get_by_text(powershell).first.is_visible()
    assert not tabbed.get_by_text(linux).first.is_visible()
    tabbed.locator("label", has_text="Windows cmd").click()
    assert tabbed.get_by_text(cmd).first.is_visible()
    assert not tabbed.get_by_text(powershell).first.is_visible()
    # a Windows block that only the Windows CI job can run says so here, never "Verified"
    assert "Not yet verified: runs on Windows" in tabbed.locator(".idoc-badge").nth(2).text_content()
    page.screenshot(path=str(ARTEFACTS / "guide-venv-not-active.png"), full_page=True)
    assert page.errors == []


def test_the_hub_fix_has_a_tab_for_linux_windows_and_conda(page):
    page.goto("guides/same-version-again/")
    first_line = {name: (REPO / "snippets/same-version-again" / name).read_text().splitlines()[0]
                  for name in ("04-fix.sh", "windows/02-fix.ps1", "conda/02-fix.sh")}
    tabbed = page.locator("article .tabbed-set", has_text=first_line["04-fix.sh"]).first
    for label, name in (("Windows PowerShell", "windows/02-fix.ps1"), ("conda", "conda/02-fix.sh"),
                        ("Linux/macOS", "04-fix.sh")):
        tabbed.locator("label", has_text=label).click()
        assert tabbed.get_by_text(first_line[name]).first.is_visible(), label
        hidden = [other for other in first_line if other != name]
        assert not any(tabbed.get_by_text(first_line[other]).first.is_visible() for other in hidden), label
    assert page.errors == []


def test_download_link_serves_the_file_whose_sha256_the_page_prints(page):
    page.goto("check-script/")
    printed = page.inner_text("#doctor-sha256").strip()
    href = page.get_attribute("a[download]", "href")
    body = page.request.get(page.url + href).body()
    assert hashlib.sha256(body).hexdigest() == printed
    assert page.errors == []


@pytest.mark.parametrize("slug", GUIDES)
def test_every_code_block_carries_its_badge_and_no_console_errors(page, slug):
    page.goto(f"guides/{slug}/")
    blocks = page.locator("article div.highlight").count()
    badges = page.locator("article p.idoc-badge").count()
    assert blocks > 0 and badges == blocks
    verified = page.locator("article p.idoc-verified").count()
    not_yet = page.locator("article p.idoc-not-yet").count()
    assert verified + not_yet == blocks  # each badge is one or the other: a refused or unverified block has none
    assert page.errors == []


def test_the_symptom_finder_leads_to_a_guide_in_at_most_four_answers(page):
    """Terminal → 'Requirement already satisfied' → LATEST is older: the reader lands on requires-python."""
    page.goto("guides/same-version-again/")
    page.locator("#q1 ~ ul").first.get_by_role("link", name="question 2").click()
    assert page.url.endswith("#q2")
    page.locator("#q2 ~ ul").first.get_by_role("link", name="question 3").click()
    assert page.url.endswith("#q3")
    page.locator("#q3 ~ ul").first.get_by_role("link", name="a newer Python").click()
    page.wait_for_url("**/guides/requires-python/")
    assert page.title().startswith("The newest release needs a newer Python")
    assert page.errors == []


AXE = REPO / "tools/axe-core/node_modules/axe-core/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def built_pages() -> list[str]:
    return sorted("" if p.parent == SITE else p.parent.relative_to(SITE).as_posix() + "/"
                  for p in SITE.rglob("index.html") if "verified" not in p.relative_to(SITE).parts)


@pytest.mark.parametrize("scheme, media", [("default", "light"), ("slate", "dark")])
def test_axe_finds_no_serious_or_critical_violation_on_any_page(browser, base_url, scheme, media):
    """WCAG 2.1 AA in both of Material's schemes; the reader's system setting picks the scheme."""
    assert AXE.is_file(), "axe-core is not installed: run `make test` (npm ci --prefix tools/axe-core)"
    context = browser.new_context(base_url=base_url, color_scheme=media, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = []
    pages = built_pages()
    assert len(pages) > 10, pages
    for path in pages:
        page.goto(path)
        assert page.get_attribute("body", "data-md-color-scheme") == scheme, path
        page.add_script_tag(path=str(AXE))
        report = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                               "resultTypes: ['violations']})", WCAG_AA)
        found += [f"/{path}: {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes'][:3]]}"
                  for v in report["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert found == [], "\n".join(found)


def test_the_finder_and_the_content_tabs_work_by_keyboard_alone(page):
    page.goto("guides/same-version-again/")
    page.locator("#q1 ~ ul").first.get_by_role("link", name="question 2").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#q2")
    fix = (REPO / "snippets/same-version-again/04-fix.sh").read_text().splitlines()[0]
    tabbed = page.locator("article .tabbed-set", has_text=fix).first
    labels = tabbed.locator(".tabbed-labels > label")
    second = labels.nth(1).text_content().strip()
    tabbed.locator("input").first.focus()
    page.keyboard.press("ArrowRight")  # the tabs are radio buttons: arrows move between them
    assert tabbed.locator("input").nth(1).is_checked(), second
    assert tabbed.locator(".tabbed-block").nth(1).is_visible()
    assert not tabbed.locator(".tabbed-block").nth(0).is_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement.labels[0]).outlineStyle")
    assert outline != "none", "the focused tab shows no focus ring"


# Error lines as readers paste them: the messages of the recorded outputs, with a reader's own
# packages, versions and paths (and the lines pip prints around them), and the guide that explains each.
PASTED = [
    ("error: externally-managed-environment", "externally-managed"),
    ("× This environment is externally managed", "externally-managed"),
    ("╰─> To install Python packages system-wide, try apt install\n    python3-xyz, where xyz is the package you are trying to\n"
     "    install.\n\n    If you wish to install a non-Debian-packaged Python package,\n    create a virtual environment using "
     "python3 -m venv path/to/venv.", "externally-managed"),
    ("error: externally-managed-environment\n\n× This environment is externally managed\n╰─> To install Python packages "
     "system-wide, try brew install\n    xyz, where xyz is the package you are trying to\n    install.", "externally-managed"),
    ("hint: See PEP 668 for the detailed specification.", "externally-managed"),
    ("note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can "
     "override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.",
     "externally-managed"),
    ("Defaulting to user installation because normal site-packages is not writeable", "permissions"),
    ("Defaulting to user installation because normal site-packages is not writeable\nRequirement already satisfied: "
     "tensorflow in /home/ana/.local/lib/python3.10/site-packages (2.15.0)", "permissions"),
    ("ERROR: Ignored the following versions that require a different python version: 2.16.1 Requires-Python >=3.9; "
     "2.16.2 Requires-Python >=3.9; 2.17.0 Requires-Python >=3.9", "requires-python"),
    ("ERROR: Ignored the following versions that require a different python version: 1.25.0 Requires-Python >=3.9",
     "requires-python"),
    ("ERROR: Could not find a version that satisfies the requirement tensorflow==2.16.1 (from versions: 2.12.0, "
     "2.13.0rc0, 2.13.0)", "same-version-again"),
    ("ERROR: Could not find a version that satisfies the requirement torch==2.5.1 (from versions: 2.2.0, 2.2.1, 2.2.2)",
     "same-version-again"),
    ("ERROR: No matching distribution found for tensorflow==2.16.1", "same-version-again"),
    ("ERROR: No matching distribution found for pywin32==306", "no-compatible-wheel"),
    ("ERROR: Cannot install -r requirements.txt (line 4), tensorflow==2.16.1 and tensorflow-text==2.15.0 because these "
     "package versions have conflicting dependencies.", "dependency-pins"),
    ("ERROR: Cannot install tensorflow-text==2.15.0 and tensorflow==2.16.1 because these package versions have "
     "conflicting dependencies.\n\nThe conflict is caused by:\n    The user requested tensorflow==2.16.1\n    "
     "tensorflow-text 2.15.0 depends on tensorflow<2.16 and >=2.15.0\n\nERROR: ResolutionImpossible: for help visit "
     "https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts", "dependency-pins"),
    ("ERROR: Cannot install tensorflow>=2.17 because these package versions have conflicting dependencies.",
     "constraints-and-config"),
    ("WARNING: You are using pip version 20.0.2; however, version 24.0 is available.\nYou should consider upgrading via "
     "the '/usr/bin/python3 -m pip install --upgrade pip' command.", "old-pip"),
    ("WARNING: The candidate selected for download or install is a yanked version: 'tensorflow' candidate (version "
     "2.16.0 at https://files.pythonhosted.org/packages/ab/tensorflow-2.16.0-cp311-cp311-manylinux_2_17_x86_64.whl "
     "(from https://pypi.org/simple/tensorflow/) (requires-python:>=3.9))", "prereleases-and-yanked"),
    ("ModuleNotFoundError: No module named 'tensorflow'", "pip-python-mismatch"),
    ("Traceback (most recent call last):\n  File \"/home/ana/proj/train.py\", line 1, in <module>\n    import numpy\n"
     "ModuleNotFoundError: No module named 'numpy'", "pip-python-mismatch"),
    # What older (or newer) pips print for the same causes: each recorded by a step that runs that pip.
    ("ERROR: tensorflow-2.16.1-cp312-cp312-win_amd64.whl is not a supported wheel on this platform.",
     "no-compatible-wheel"),
    ("Collecting tensorflow\n  ERROR: Could not find a version that satisfies the requirement tensorflow (from versions: "
     "none)\nERROR: No matching distribution found for tensorflow\nWARNING: You are using pip version 19.0.3, however "
     "version 24.0 is available.", "old-pip"),
    ("ERROR: tensorboard 2.1.1 has requirement setuptools>=41.0.0, but you'll have setuptools 39.0.1 which is incompatible.",
     "dependency-pins"),
    ("ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This "
     "behaviour is the source of the following dependency conflicts.\ntensorflow-text 2.15.0 requires tensorflow<2.16,"
     ">=2.15.0, but you have tensorflow 2.16.1 which is incompatible.", "dependency-pins"),
    ("ERROR: Could not install packages due to an EnvironmentError: [Errno 13] Permission denied: '/usr/lib/python3/"
     "dist-packages/numpy-1.17.4.egg-info'\nConsider using the `--user` option or check the permissions.", "permissions"),
    ("ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '/usr/local/lib/python3.10/"
     "dist-packages/numpy'", "permissions"),  # newer pips (22.0.4 already) say OSError
    ("ImportError: cannot import name 'Celery' from partially initialized module 'celery' (most likely due to a circular "
     "import) (/home/ana/proj/celery.py)", "shadowing"),
]


@pytest.mark.parametrize("pasted, slug", PASTED, ids=[f"{slug}-{n}" for n, (_, slug) in enumerate(PASTED)])
def test_a_pasted_error_line_leads_to_its_guide_first(kept_open, pasted, slug):
    errors = kept_open["errors"]
    errors.locator("#idoc-paste").fill(pasted)  # the matcher answers on input, replacing the last answer
    first = errors.locator("#idoc-match a.idoc-match-guide").first
    first.wait_for()
    assert first.get_attribute("href").rstrip("/").endswith(f"/guides/{slug}"), errors.inner_text("#idoc-match")
    assert errors.errors == []


def test_the_matchers_first_guide_opens_when_clicked(page):
    page.goto("errors/")
    pasted, slug = PASTED[0]
    page.locator("#idoc-paste").fill(pasted)
    page.locator("#idoc-match a.idoc-match-guide").first.click()
    page.wait_for_url(f"**/guides/{slug}/")
    assert page.errors == []


def search(page, text: str) -> list[str]:
    """Type into the header's search and wait for this query's results (not the last query's)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")  # Material searches on keyup, as after a reader's Ctrl+V
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(text)
    box.press("End")
    page.wait_for_selector(".md-search-result__item a")
    return page.eval_on_selector_all(".md-search-result__item a", "l => l.map(a => a.href)")


@pytest.mark.parametrize("pasted, slug", PASTED, ids=[f"{slug}-{n}" for n, (_, slug) in enumerate(PASTED)])
def test_the_site_search_lands_a_pasted_error_on_its_entry_in_the_error_index(kept_open, pasted, slug):
    """Pasted into the header's search: the first section found is the message's entry, which links the guide."""
    sections = search(kept_open["search"], pasted)
    first = next(h for h in sections if "#" in h)
    assert "/errors/" in first, sections[:4]
    anchor = first.split("#")[1]
    assert kept_open["errors"].locator(f"h3[id='{anchor}'] + ul a[data-slug='{slug}']").count() == 1, anchor
    assert kept_open["search"].errors == []


def test_every_guide_is_reachable_from_the_error_page_or_the_finder(page):
    page.goto("errors/")
    linked = set(page.eval_on_selector_all("article a", "links => links.map(a => a.href)"))
    assert any(h.endswith("/guides/same-version-again/#finder") for h in linked), "the error page links the finder"
    page.goto("guides/same-version-again/")
    linked |= set(page.eval_on_selector_all(".idoc-finder a", "links => links.map(a => a.href)"))
    assert any(h.endswith("/errors/") for h in page.eval_on_selector_all("article a", "l => l.map(a => a.href)")), \
        "the finder's page links the error page"
    slugs = [*GUIDES, "jupyter-kernel"]
    missing = [slug for slug in slugs if not any(f"/guides/{slug}/" in h for h in linked)]
    assert missing == []
