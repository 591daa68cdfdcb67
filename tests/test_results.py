import json

import pytest

from installdoctor import results


def test_is_current_compares_every_hashed_file():
    rec = {"snippet": "a.sh", "sha256": "1", "expected": "a.out", "expected_sha256": "2",
           "scenario": "s.toml", "scenario_sha256": "3", "before_expected": None}
    files = {"a.sh": "1", "a.out": "2", "s.toml": "3"}
    assert results.is_current(rec, files.get)
    for name in files:
        assert not results.is_current(rec, dict(files, **{name: "x"}).get)
    assert not results.is_current(rec, {"a.sh": "1", "s.toml": "3"}.get)  # expected output deleted


def test_is_current_covers_repository_files_the_scenario_copies():
    rec = {"snippet": "a.sh", "sha256": "1", "files": {"scripts/doctor.py": "9"}}
    assert results.is_current(rec, {"a.sh": "1", "scripts/doctor.py": "9"}.get)
    assert not results.is_current(rec, {"a.sh": "1", "scripts/doctor.py": "changed"}.get)


def test_merge_replaces_same_snippet_and_platform_only():
    old = [{"snippet": "a", "platform": "linux", "status": "failed"}, {"snippet": "a", "platform": "windows", "status": "passed"}]
    new = [{"snippet": "a", "platform": "linux", "status": "passed"}]
    merged = results.merge(old, new)
    assert {(r["platform"], r["status"]) for r in merged} == {("linux", "passed"), ("windows", "passed")}


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / ".verified" / "results.json"
    results.save(path, [{"snippet": "a", "platform": "linux"}])
    assert results.load(path) == [{"snippet": "a", "platform": "linux"}]
    assert json.loads(path.read_text())["version"] == results.RESULTS_VERSION
    assert not list(path.parent.glob("*.tmp"))


def test_a_corrupt_results_file_is_a_clear_error(tmp_path):
    path = tmp_path / "results.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        results.load(path)


def test_missing_results_file_means_no_records(tmp_path):
    assert results.load(tmp_path / "nope.json") == []


def test_merging_ci_runs_keeps_what_ran_over_not_run_placeholders():
    linux = [{"snippet": "a.ps1", "platform": "windows", "status": "not-run"},
             {"snippet": "a.sh", "platform": "linux", "status": "passed"}]
    windows = [{"snippet": "a.ps1", "platform": "windows", "status": "passed"},
               {"snippet": "a.sh", "platform": "linux", "status": "not-run"}]
    for order in ((linux, windows), (windows, linux)):
        merged = {(r["snippet"], r["platform"]): r["status"] for r in results.merge_runs(order)}
        assert merged == {("a.ps1", "windows"): "passed", ("a.sh", "linux"): "passed"}
