import json

import pytest

from installdoctor import results
from installdoctor.results import Record, Run, Status


def record(snippet="a.sh", platform="linux", status=Status.PASSED, **fields) -> Record:
    fields = {"sha256": "1", "scenario": "s.toml", "scenario_sha256": "3", "slug": "a", "shell": "posix", **fields}
    return Record(snippet=snippet, platform=platform, status=status, **fields)


def test_is_current_compares_every_hashed_file():
    rec = record(run=Run("a.out", "2", 0, "3.12.1", "26.3"), before=Run("a.before.out", "4", 1, "3.8.18", "25.0.1"))
    files = {"a.sh": "1", "a.out": "2", "s.toml": "3", "a.before.out": "4"}
    assert results.is_current(rec, files.get)
    for name in files:
        assert not results.is_current(rec, dict(files, **{name: "x"}).get)
    assert not results.is_current(rec, {"a.sh": "1", "s.toml": "3", "a.before.out": "4"}.get)  # output deleted


def test_is_current_covers_repository_files_the_scenario_copies():
    rec = record(files={"scripts/doctor.py": "9"})
    assert results.is_current(rec, {"a.sh": "1", "s.toml": "3", "scripts/doctor.py": "9"}.get)
    assert not results.is_current(rec, {"a.sh": "1", "s.toml": "3", "scripts/doctor.py": "changed"}.get)


def test_merge_replaces_same_snippet_and_platform_only():
    old = [record(status=Status.FAILED), record(platform="windows")]
    merged = results.merge(old, [record()])
    assert {(r.platform, r.status) for r in merged} == {("linux", Status.PASSED), ("windows", Status.PASSED)}


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / ".verified" / "results.json"
    saved = [record(run=Run("a.out", "2", 0, "3.12.1", "26.3"), date="2026-11-26", seconds=1.5),
             record("b.ps1", "windows", Status.NOT_RUN, reason="runs on windows")]
    results.save(path, saved)
    assert results.load(path) == saved
    data = json.loads(path.read_text())
    assert data["version"] == results.RESULTS_VERSION == 2
    assert data["records"][0]["run"]["python"] == "3.12.1" and "before" not in data["records"][0]
    assert not list(path.parent.glob("*.tmp"))


def test_a_results_file_of_the_previous_format_is_still_read(tmp_path):
    """CI artefacts written before runs were nested: `results merge` and the deploy build keep reading them."""
    path = tmp_path / "results.json"
    flat = {"snippet": "s/x/05-confirm.sh", "sha256": "1", "scenario": "s/x/scenario.toml", "scenario_sha256": "3",
            "slug": "x", "platform": "linux", "shell": "posix", "status": "passed", "targets": ["linux"],
            "expected": "s/x/05-confirm.out", "expected_sha256": "2", "exit": 0, "python": "3.12.1", "pip": "26.3",
            "before_expected": "s/x/05-confirm.before.out", "before_expected_sha256": "4", "before_exit": 1,
            "before_python": "3.8.18", "before_pip": "25.0.1", "date": "2026-11-20", "first_run": False}
    not_run = {"snippet": "s/x/01.ps1", "sha256": "5", "scenario": "s/x/scenario.toml", "scenario_sha256": "3",
               "slug": "x", "platform": "linux", "shell": "powershell", "status": "not-run", "reason": "runs on windows"}
    path.write_text(json.dumps({"version": 1, "records": [flat, not_run]}))
    passed, skipped = results.load(path)
    assert passed.run == Run("s/x/05-confirm.out", "2", 0, "3.12.1", "26.3")
    assert passed.before == Run("s/x/05-confirm.before.out", "4", 1, "3.8.18", "25.0.1")
    assert passed.passed and passed.date == "2026-11-20"
    assert skipped.status is Status.NOT_RUN and skipped.run is None and skipped.before is None


@pytest.mark.parametrize("content", [{"version": 9, "records": []},
                                     {"version": 2, "records": [{"snippet": "a.sh", "colour": "blue"}]}])
def test_a_results_file_this_build_cannot_read_is_called_stale(tmp_path, content):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(content))
    with pytest.raises(ValueError, match="stale"):
        results.load(path)


def test_merge_command_says_a_stale_artefact_is_stale_without_a_traceback(tmp_path, capsys):
    stale = tmp_path / "old.json"
    stale.write_text(json.dumps({"version": 9, "records": []}))
    assert results.main(["merge", str(stale), "--output", str(tmp_path / "out.json")]) == 2
    assert "stale" in capsys.readouterr().err and not (tmp_path / "out.json").exists()


def test_a_corrupt_results_file_is_a_clear_error(tmp_path):
    path = tmp_path / "results.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        results.load(path)


def test_missing_results_file_means_no_records(tmp_path):
    assert results.load(tmp_path / "nope.json") == []


def test_merging_ci_runs_keeps_what_ran_over_not_run_placeholders():
    linux = [record("a.ps1", "windows", Status.NOT_RUN), record("a.sh", "linux")]
    windows = [record("a.ps1", "windows"), record("a.sh", "linux", Status.NOT_RUN)]
    for order in ((linux, windows), (windows, linux)):
        merged = {r.key: r.status for r in results.merge_runs(order)}
        assert merged == {("a.ps1", "windows"): Status.PASSED, ("a.sh", "linux"): Status.PASSED}
