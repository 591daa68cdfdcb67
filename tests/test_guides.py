"""Every guide: its scenario shows the symptom red before the fix and the proof green after it,
and breaking its fix makes `make verify` fail naming it. Reads the results `make verify` wrote."""

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, run_verify

from installdoctor import results
from installdoctor.verify.scenario import discover, load
from installdoctor.verify.worker import plays_for

SCENARIOS = [load(d) for d in discover(REPO / "snippets")]
GUIDES = [s for s in SCENARIOS if any(step.role == "proof" for step in s.steps)]
LIVE = [s for s in SCENARIOS if s.index == "live"]
SHA256_OF = results.file_hasher(REPO)


def linux_records() -> dict[str, results.Record]:
    """This machine's records, each still vouching for the files as they are: an old passing
    results.json proves nothing about snippets changed since."""
    path = REPO / ".verified" / "results.json"
    assert path.is_file(), "no results: run `make verify` (make test does) first"
    records = {r.snippet: r for r in results.load(path) if r.platform == "linux"}
    gone = [snippet for snippet in records if not (REPO / snippet).is_file()]
    assert not gone, f"records of deleted step files (make verify drops them): {gone[:5]}"
    stale = [snippet for snippet, r in records.items() if not results.is_current(r, SHA256_OF)]
    assert not stale, f"stale records (run `make verify`): {stale[:5]}"
    return records


def test_every_guide_page_has_a_scenario_and_every_scenario_a_page():
    pages = {p.stem for p in (REPO / "docs/guides").glob("*.md")} - {"index"}
    pages |= {p.stem for p in (REPO / "docs/guides").glob("*.ipynb")}  # the jupyter-kernel notebook page
    pages |= {"check-script"}  # docs/check-script.md: the download page's sample run
    guides = {s.slug.split("/")[0] for s in SCENARIOS}
    assert pages == guides


@pytest.mark.parametrize("scenario", GUIDES, ids=str)
def test_symptom_red_before_the_fix_and_proof_green_after(scenario):
    if "linux" not in scenario.platforms:
        pytest.skip(f"not run: {scenario.slug} is verified on {scenario.platforms}, not here")
    keys = [key for key, _ in plays_for(scenario)]
    fix = next(s.name for s in scenario.steps if s.role == "fix")
    for proof in (s for s in scenario.steps if s.role == "proof"):
        # the red run comes before the fix, the green run after it
        assert keys.index(f"{proof.name}.before") < keys.index(fix) < keys.index(proof.name)
        record = linux_records()[f"snippets/{scenario.slug}/{proof.file_for('posix').path.name}"]  # .sh or .ipy
        assert record.passed, record.log
        assert record.before.exit not in (0, None), f"{proof.name} did not fail before the fix"
        assert record.run.exit == 0
        assert (REPO / record.before.expected).read_text().strip(), "the red run printed nothing"
    for step in scenario.steps:
        assert linux_records()[f"snippets/{scenario.slug}/{step.file_for('posix').path.name}"].passed


def pinned_pip_for(python: str) -> str:
    """The pip `python -m pip install --upgrade pip` gives this Python: the newest pinned wheel it can run."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from installdoctor.verify.localindex import bundled

    versions = [Version(w.name.split("-")[1]) for w in bundled.current_pip_wheels()
                if SpecifierSet(bundled.requires_python(w) or "").contains(python)]
    return str(max(versions))


OLD_PIP_GUIDES = ("old-pip",)  # the page is about an old pip: its fix is the upgrade
UV_GUIDES = ("project-pins/uv",)  # uv installs into a venv uv made: it has no pip to name


@pytest.mark.parametrize("scenario", [s for s in GUIDES if s.slug not in OLD_PIP_GUIDES], ids=str)
def test_outputs_after_the_fix_come_from_the_pinned_current_pip(scenario):
    if "linux" not in scenario.platforms:
        pytest.skip(f"not run: {scenario.slug} is verified on {scenario.platforms}, not here")
    for step in (s for s in scenario.steps if s.role in ("fix", "proof")):
        record = linux_records()[f"snippets/{scenario.slug}/{step.file_for('posix').path.name}"]
        if record.run.python is None or scenario.slug in UV_GUIDES:  # no Python (curl, sha256sum) or uv's venv
            assert record.run.pip is None
            continue
        assert record.run.pip == pinned_pip_for(record.run.python), f"{step.name}: the badge names pip {record.run.pip}"


@pytest.mark.parametrize("scenario", LIVE, ids=str)
def test_live_scenarios_pass_or_say_not_run_never_passed_without_running(scenario):
    for step in scenario.steps:
        record = linux_records()[f"snippets/{scenario.slug}/{step.file_for('posix').path.name}"]  # .sh, or a .ipy cell
        assert record.status in (results.Status.PASSED, results.Status.NOT_RUN)
        if record.passed:
            assert record.network == "live index" and record.date
        else:
            assert record.reason


BROKEN_FIX_SAMPLE = ("shadowing", "target-directory", "upgrade-strategy", "project-pins", "stale-egg-and-editable")


@pytest.mark.slow
def test_breaking_each_fix_fails_verification_naming_the_guide(repo_copy):
    """Guides' fixes replaced by a no-op at once: each scenario must fail, by name, at its proof. Every
    guide's proof failing without its fix is already shown by its red run (test above); this checks the
    verifier's verdict and naming on a sample of small scenarios, not every scenario a second time."""
    local = [s for s in GUIDES if s.slug in BROKEN_FIX_SAMPLE]
    assert len(local) == len(BROKEN_FIX_SAMPLE)
    for scenario in local:
        fix = next(s for s in scenario.steps if s.role == "fix")
        (repo_copy / "snippets" / scenario.slug / f"{fix.name}.sh").write_text("true\n")
    done = run_verify(repo_copy, "--jobs", "2", *[s.slug for s in local])
    assert done.returncode == 1, done.stdout
    for scenario in local:
        proof = next(s for s in scenario.steps if s.role == "proof")
        assert re.search(rf"^  FAIL {re.escape(scenario.slug)}\s", done.stdout, re.M), scenario.slug
        assert f"FAIL snippets/{scenario.slug}/{proof.name}.sh: step {proof.name}\n" in done.stderr


def test_offline_runs_skip_live_scenarios_and_record_them_as_not_run(repo_copy):
    done = run_verify(repo_copy, "--offline", *[s.slug for s in LIVE])
    assert done.returncode == 0, done.stdout
    records = results.load(repo_copy / ".verified/results.json")
    assert records and {r.status for r in records if r.platform == "linux"} == {results.Status.NOT_RUN}
    assert all(Path(r.snippet).parts[1] in {s.slug.split("/")[0] for s in LIVE} for r in records)


@pytest.mark.parametrize("scenario", GUIDES, ids=str)
def test_no_fix_starts_with_deactivate(scenario):
    """`deactivate` fails for a reader with no venv active; activating or `venv --clear` do not need it."""
    for step in (s for s in scenario.steps if s.role == "fix"):
        for step_file in step.files:
            first = step_file.path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
            assert first != "deactivate", step_file.path
