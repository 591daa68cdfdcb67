"""The gate as a plain function: page source + records -> page with badges, problems with page:line."""

from functools import partial

import pytest
from conftest import make_record

from installdoctor.site import gate

SNIPPET = "snippets/demo/01-fix.sh"
OUT = "snippets/demo/01-fix.out"
FILES = {SNIPPET: "aaa", OUT: "bbb", "snippets/demo/scenario.toml": "ccc", "snippets/demo/01-fix.ps1": "ddd"}


TEXTS = {SNIPPET: "python -m pip install --upgrade demo\n", "snippets/demo/01-fix.ps1": "py -3.12 -m venv .venv\n"}


def sha256_of(path):
    return FILES.get(path)


check_page = partial(gate.check_page, read_text=TEXTS.get)


def record(**overrides):
    return make_record(**{
        "snippet": SNIPPET, "sha256": "aaa", "expected": OUT, "expected_sha256": "bbb",
        "scenario": "snippets/demo/scenario.toml", "scenario_sha256": "ccc", "platform": "linux",
        "targets": ["linux"], "status": "passed", "python": "3.12.1", "pip": "23.2.1", "date": "2026-11-25",
        "log": ".verified/logs/demo.linux.log",
    } | overrides)


PAGE = "# Fix\n\nText.\n\n```bash\n--8<-- \"snippets/demo/01-fix.sh\"\n```\n\n``` { .text .no-copy }\n--8<-- \"snippets/demo/01-fix.out\"\n```\n"


def test_verified_blocks_get_a_badge_with_platform_python_pip_date_and_log():
    page, problems = check_page("guides/demo.md", PAGE, [record()], sha256_of=sha256_of, site_prefix="../../")
    assert problems == []
    assert page.count('class="idoc-badge idoc-verified"') == 2
    assert "Linux · Python 3.12.1 · pip 23.2.1 · 2026-11-25" in page
    assert 'href="../../verified/logs/demo.linux.log"' in page


def test_a_raw_code_block_is_refused_with_page_and_line():
    source = "# T\n\nSome text\n\n```bash\npip install tensorflow\n```\n"
    _, problems = check_page("guides/demo.md", source, [record()], sha256_of=sha256_of)
    assert [str(p) for p in problems] == [
        "guides/demo.md:5: a code block typed into the page; show commands only as a --8<-- include of a verified snippet"
    ]


def test_a_raw_block_inside_a_tab_is_refused_too():
    source = '=== "Linux/macOS"\n\n    ~~~~bash\n    rm -rf .venv\n    ~~~~\n'
    _, problems = check_page("p.md", source, [], sha256_of=sha256_of)
    assert len(problems) == 1 and problems[0].line == 3


def test_a_mutated_snippet_is_stale():
    stale = dict(FILES, **{SNIPPET: "changed"})
    _, problems = check_page("p.md", PAGE, [record()], sha256_of=stale.get)
    assert any("changed since it was verified (stale)" in p.message and p.line == 5 for p in problems)


def test_a_changed_expected_output_is_stale_for_both_blocks():
    stale = dict(FILES, **{OUT: "changed"})
    _, problems = check_page("p.md", PAGE, [record()], sha256_of=stale.get)
    assert [p.line for p in problems] == [5, 9]


def test_a_failed_snippet_is_refused():
    _, problems = check_page("p.md", PAGE, [record(status="failed")], sha256_of=sha256_of)
    assert len(problems) == 2 and "failed verification on linux" in problems[0].message


def test_a_snippet_without_record_is_refused():
    _, problems = check_page("p.md", PAGE, [], sha256_of=sha256_of)
    assert len(problems) == 2 and "no verification record" in problems[0].message


def test_include_of_a_file_outside_snippets_is_refused():
    source = '```bash\n--8<-- "docs/other.sh"\n```\n'
    _, problems = check_page("p.md", source, [], sha256_of=sha256_of)
    assert "not a snippet under snippets/" in problems[0].message


WINDOWS_PAGE = '```powershell\n--8<-- "snippets/demo/01-fix.ps1"\n```\n'
WINDOWS_NOT_RUN = record(snippet="snippets/demo/01-fix.ps1", sha256="ddd", expected=None, expected_sha256=None,
                         status="not-run", targets=["windows"], python=None, pip=None)
WINDOWS_OUT = "snippets/demo/01-fix.ps1.out"  # not in FILES: a first run's output, not committed yet


def windows_passed(**fields):
    return record(snippet="snippets/demo/01-fix.ps1", sha256="ddd", expected=WINDOWS_OUT, expected_sha256=None,
                  platform="windows", targets=["windows"], **fields)


def test_a_windows_step_is_marked_not_yet_verified_locally():
    page, problems = check_page("p.md", WINDOWS_PAGE, [WINDOWS_NOT_RUN], sha256_of=sha256_of)
    assert problems == []
    assert "Not yet verified: runs on Windows" in page and "idoc-verified" not in page


def test_publishing_refuses_a_home_platform_step_without_a_passing_record():
    not_run = record(status="not-run", python=None, pip=None)
    _, problems = check_page("p.md", PAGE, [not_run], mode="publish", sha256_of=sha256_of)
    assert len(problems) == 2 and "no passing record for linux" in problems[0].message


PY314 = "snippets/demo/02-on-3-14.sh"
LACKING = record(snippet=PY314, sha256="eee", expected=None, expected_sha256=None, status="not-run", python=None,
                 pip=None, lacks="Python 3.14", reason="no Python 3.14 on this machine")
WITH_PY314 = PAGE + f'\nOn Python 3.14:\n\n```bash\n--8<-- "{PY314}"\n```\n'


def test_a_step_this_machine_lacks_the_python_for_awaits_the_job_that_has_it():
    """Locally: shown, marked not yet verified, never refused; publishing leaves it out and says so, as it
    does another platform's block (the Linux job that has that Python verifies it); once that job's record
    is merged, it ships."""
    hashes = dict(FILES, **{PY314: "eee"}).get
    page, problems = check_page("guides/demo.md", WITH_PY314, [record(), LACKING], sha256_of=hashes)
    assert problems == [] and "Not yet verified: runs on Python 3.14" in page
    page, problems = check_page("guides/demo.md", WITH_PY314, [record(), LACKING], mode="publish", sha256_of=hashes)
    assert problems == [] and PY314 not in page and "01-fix.sh" in page and "On Python 3.14:" in page
    assert page.split("\n")[2].startswith("*Python 3.14 commands for this page are awaiting their first verified run")
    in_ci = record(snippet=PY314, sha256="eee", expected="snippets/demo/02-on-3-14.out", expected_sha256=None,
                   runner="ci", python="3.14.4")
    page, problems = check_page("guides/demo.md", WITH_PY314, [record(), in_ci], mode="publish", sha256_of=hashes)
    assert problems == [] and "Linux (by CI) · Python 3.14.4" in page and "awaiting" not in page


TABBED = """# Fix

Intro.

=== "Linux"

    ```bash
    --8<-- "snippets/demo/01-fix.sh"
    ```

=== "Windows PowerShell"

    Windows prose, `py -3.12 -m venv .venv`.

    ```powershell
    --8<-- "snippets/demo/01-fix.ps1"
    ```

After the tabs.
"""


def test_publishing_leaves_out_a_windows_tab_awaiting_its_first_run_and_says_so():
    page, problems = check_page("guides/demo.md", TABBED, [record(), WINDOWS_NOT_RUN], mode="publish",
                                sha256_of=sha256_of)
    assert problems == []
    assert "Windows PowerShell" not in page and "01-fix.ps1" not in page and "Windows prose" not in page
    assert '=== "Linux"' in page and "After the tabs." in page
    assert page.split("\n")[2] == ("*Windows commands for this page are awaiting their first verified run; until then, "
                                   "[the check script](../check-script.md) finds the cause on any platform.*")


def test_publishing_keeps_a_windows_tab_that_passed_and_local_builds_keep_it_unverified():
    windows = windows_passed(python="3.12.1", pip="26.3")
    page, problems = check_page("guides/demo.md", TABBED, [record(), windows], mode="publish", sha256_of=sha256_of)
    assert problems == [] and "Windows PowerShell" in page and "awaiting" not in page
    page, problems = check_page("guides/demo.md", TABBED, [record(), WINDOWS_NOT_RUN], sha256_of=sha256_of)
    assert problems == [] and "Windows PowerShell" in page and "Not yet verified: runs on Windows" in page


def test_publishing_never_leaves_out_the_home_platform():
    failed = record(status="failed")
    _, problems = check_page("guides/demo.md", TABBED, [failed, WINDOWS_NOT_RUN], mode="publish", sha256_of=sha256_of)
    assert [p.line for p in problems] == [7] and "failed verification on linux" in problems[0].message


def test_a_page_with_nothing_for_the_home_platform_keeps_its_title_and_the_note():
    page, problems = check_page("guides/demo.md", "# Windows only\n\nText.\n\n" + WINDOWS_PAGE, [WINDOWS_NOT_RUN],
                                mode="publish", sha256_of=sha256_of)
    assert problems == [] and "Text." not in page and page.startswith("# Windows only\n\n*Windows commands")


def test_publishing_shows_a_shared_block_verified_on_the_home_platform_and_names_what_it_awaits():
    linux_only = record(targets=["linux", "macos"])
    page, problems = check_page("guides/p.md", "# P\n\n" + PAGE, [linux_only], mode="publish", sha256_of=sha256_of)
    assert problems == [] and "✓ Verified: Linux · Python 3.12.1" in page and "not yet verified on macOS" in page
    assert "*macOS commands for this page are awaiting their first verified run" in page
    macos = record(platform="macos", targets=["linux", "macos"], python="3.12.8")
    page, problems = check_page("p.md", PAGE, [linux_only, macos], mode="publish", sha256_of=sha256_of)
    assert problems == [] and "macOS · Python 3.12.8" in page and "awaiting" not in page


def test_draft_mode_marks_instead_of_refusing():
    source = "```bash\npip install x\n```\n"
    page, problems = check_page("p.md", source, [], mode="draft", sha256_of=sha256_of)
    assert problems == [] and "idoc-unverified" in page and "Not verified" in page


def test_unknown_mode_is_an_error():
    with pytest.raises(ValueError):
        check_page("p.md", "", [], mode="yolo", sha256_of=sha256_of)


def test_a_record_from_a_ci_job_says_so_in_the_badge():
    windows = windows_passed(runner="ci", python="3.12.10")
    page, problems = check_page("p.md", WINDOWS_PAGE, [windows], mode="publish", sha256_of=sha256_of)
    assert problems == [] and "✓ Verified: Windows (by CI) · Python 3.12.10" in page


def test_a_platform_with_its_own_output_still_vouches_for_the_shared_one():
    macos = record(platform="macos", targets=["linux", "macos"], expected="snippets/demo/01-fix.macos.out",
                   expected_sha256=None, outputs=[OUT, "snippets/demo/01-fix.macos.out"])
    linux = record(targets=["linux", "macos"])
    page, problems = check_page("p.md", PAGE, [linux, macos], mode="publish", sha256_of=sha256_of)
    assert problems == [] and page.count("Linux · Python 3.12.1") == 2 and page.count("macOS") == 2


INLINE = "# Fix\n\nRun `python -m pip install --upgrade demo` and\nthen `python -m pip uninstall --user demo`.\n"


def test_an_inline_command_no_step_contains_is_refused_with_page_and_line():
    for mode in ("local", "publish"):
        _, problems = check_page("guides/demo.md", INLINE, [record()], mode=mode, sha256_of=sha256_of)
        assert [str(p) for p in problems] == [
            "guides/demo.md:4: `python -m pip uninstall --user demo` is a command in prose that no step contains; "
            "give it a step, or don't show it"]


def test_draft_mode_marks_an_unverified_inline_command_red():
    page, problems = check_page("p.md", INLINE, [record()], mode="draft", sha256_of=sha256_of)
    assert problems == []
    assert '`python -m pip uninstall --user demo`{ .idoc-unverified title="Not verified: ' in page
    assert "`python -m pip install --upgrade demo` and" in page  # the verified one is left alone


def test_an_inline_command_counts_only_while_its_step_is_current_and_passing():
    source = "Run `python -m pip install --upgrade NAME`.\n"
    assert check_page("p.md", source, [record()], sha256_of=sha256_of)[1] == []
    stale = dict(FILES, **{SNIPPET: "changed"})
    assert "stale" in check_page("p.md", source, [record()], sha256_of=stale.get)[1][0].message
    assert "failed verification" in check_page("p.md", source, [record(status="failed")], sha256_of=sha256_of)[1][0].message


def test_publishing_refuses_an_inline_command_whose_step_has_not_run_on_its_platform():
    source = "Windows: `py -3.12 -m venv .venv`.\n"
    assert check_page("p.md", source, [WINDOWS_NOT_RUN], sha256_of=sha256_of)[1] == []  # local: not yet verified
    _, problems = check_page("p.md", source, [WINDOWS_NOT_RUN], mode="publish", sha256_of=sha256_of)
    assert "no passing record for windows" in problems[0].message


def test_a_first_run_says_so_in_the_badge():
    windows = windows_passed(runner="ci", python="3.12.1", pip="26.3", first_run=True)
    page, problems = check_page("p.md", WINDOWS_PAGE, [windows], mode="publish", sha256_of=sha256_of)
    assert problems == [] and "✓ First run: Windows (by CI) · Python 3.12.1 · pip 26.3" in page
    assert "output recorded by this run, awaiting review" in page


def test_an_output_no_run_has_recorded_yet_is_a_placeholder_locally_and_left_out_when_publishing():
    source = ("# T\n\n=== \"Linux\"\n\n    ```bash\n    --8<-- \"snippets/demo/01-fix.sh\"\n    ```\n\n"
              "=== \"Windows PowerShell\"\n\n    ``` { .text .no-copy }\n    --8<-- \"snippets/demo/01-fix.ps1.out\"\n    ```\n")
    page, problems = check_page("p.md", source, [record(), WINDOWS_NOT_RUN], sha256_of=sha256_of)
    assert problems == [] and '01-fix.ps1.out"' not in page
    assert "    (the first verified run on Windows records this output)" in page and "Not yet verified" in page
    page, problems = check_page("p.md", source, [record(), WINDOWS_NOT_RUN], mode="publish", sha256_of=sha256_of)
    assert problems == [] and "Windows PowerShell" not in page and "first verified run on Windows" not in page


def test_a_missing_output_of_a_home_platform_step_is_refused():
    source = '```text\n--8<-- "snippets/demo/02-gone.out"\n```\n'
    _, problems = check_page("p.md", source, [record()], sha256_of=sha256_of)
    assert "has no verification record" in problems[0].message


def test_an_include_of_a_missing_file_never_reaches_the_markdown_include():
    source = '```text\n--8<-- "snippets/demo/02-gone.out"\n```\n'
    page, problems = check_page("p.md", source, [record()], mode="draft", sha256_of=sha256_of)
    assert problems == [] and "02-gone.out\"" not in page and "(missing: snippets/demo/02-gone.out)" in page
