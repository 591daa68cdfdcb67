"""The verifier on real scenarios: the flagship passes; each kind of breakage is caught and named."""

import shutil
from pathlib import Path

import pytest
from conftest import run_verify

from installdoctor import results
from installdoctor.verify import isolation

pytestmark = pytest.mark.slow
FLAGSHIP = "same-version-again"


# Where the verifier's own mechanics are under test (naming, incremental runs, recording), a scenario with
# no interpreter and no index plays in about a second; the flagship (two Pythons, real pip) in fifteen.
TINY = {
    "scenario.toml": 'title = "tiny"\nindex = "none"\n[[steps]]\nname = "01-symptom"\n[[steps]]\nname = "02-look"\n'
                     '[[steps]]\nname = "03-fix"\nrole = "fix"\n[[steps]]\nname = "04-confirm"\nrole = "proof"\n',
    "01-symptom.sh": "echo example 1.0 installed\n",
    "02-look.sh": "printf 'one\\ntwo\\nthree\\n'\n",
    "03-fix.sh": "echo 2.0 > version\n",
    "04-confirm.sh": "grep 2.0 version\n",  # red before the fix: no such file, exit 2
}


def tiny_scenario(root: Path, slug: str, record: bool = True) -> Path:
    """A four-step scenario (symptom, look, fix, proof); `record` has the verifier write its outputs."""
    target = root / "snippets" / slug
    target.mkdir(parents=True)
    for name, text in TINY.items():
        (target / name).write_text(text)
    if record:
        done = run_verify(root, slug, "--update")
        assert done.returncode == 0, done.stdout + done.stderr
    return target


def records(root: Path) -> list[results.Record]:
    return results.load(root / ".verified" / "results.json")


def test_flagship_passes_records_everything_and_is_incremental(repo_copy):
    done = run_verify(repo_copy, FLAGSHIP, f"{FLAGSHIP}/windows")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ok   {FLAGSHIP}" in done.stdout and f"skip {FLAGSHIP}/windows: targets windows" in done.stdout
    linux = {r.snippet: r for r in records(repo_copy) if r.platform == "linux"}
    confirm = linux[f"snippets/{FLAGSHIP}/05-confirm.sh"]
    assert confirm.passed
    assert confirm.run.python.startswith("3.12.") and confirm.before.python.startswith("3.8.")
    assert confirm.run.pip and confirm.date and (repo_copy / confirm.log).is_file()
    assert confirm.run.expected_sha256 and confirm.before.expected_sha256 and confirm.scenario_sha256
    # PowerShell steps cannot run here: recorded as not run, never as passed
    windows_fix = linux[f"snippets/{FLAGSHIP}/windows/02-fix.ps1"]
    assert windows_fix.status == "not-run" and windows_fix.targets == ["windows"]
    assert windows_fix.run is None and windows_fix.before is None

    again = run_verify(repo_copy, FLAGSHIP)
    assert again.returncode == 0 and "unchanged since it passed" in again.stdout

    for module in (repo_copy / "scripts/installdoctor/site").rglob("*.py"):  # the site only reads records
        module.write_text(module.read_text() + "# an edit of the site half\n")
    after_site_edit = run_verify(repo_copy, FLAGSHIP)
    assert after_site_edit.returncode == 0 and f"skip {FLAGSHIP}: unchanged since it passed" in after_site_edit.stdout


def test_breakages_fail_and_name_the_file_and_step(repo_copy):
    command = tiny_scenario(repo_copy, "broken-command")
    (command / "01-symptom.sh").write_text("python -m pip install --upgrade tensorflw\n")
    output = tiny_scenario(repo_copy, "broken-output")
    out = output / "02-look.out"
    out.write_text(out.read_text().replace("two", "zwei"))
    fix = tiny_scenario(repo_copy, "broken-fix")  # the fix no longer fixes
    (fix / "03-fix.sh").write_text("echo 1.0 > version\n")
    proof = tiny_scenario(repo_copy, "proof-without-symptom")
    (proof / "04-confirm.sh").write_text("echo all good\n")

    done = run_verify(repo_copy, "broken-command", "broken-output", "broken-fix", "proof-without-symptom")
    assert done.returncode == 1, done.stdout + done.stderr
    err = done.stderr
    assert "FAIL snippets/broken-command/01-symptom.sh: step 01-symptom" in err
    assert "exit status 127, expected 0" in err and "tensorflw" in err  # the command is shown
    assert "FAIL snippets/broken-output/02-look.sh: step 02-look" in err
    assert "-zwei\n" in err and "+two\n" in err  # a unified diff
    assert "FAIL snippets/broken-fix/04-confirm.sh: step 04-confirm" in err
    assert "FAIL snippets/proof-without-symptom/04-confirm.sh: step 04-confirm.before (before the fix)" in err
    assert "the proof passed before the fix" in err
    failed = {r.snippet for r in records(repo_copy) if r.status == "failed"}
    assert "snippets/broken-fix/04-confirm.sh" in failed and "snippets/broken-command/01-symptom.sh" in failed


def test_update_rewrites_outputs_and_keeps_wildcards_that_still_match(repo_copy):
    tiny = tiny_scenario(repo_copy, "tiny")
    out = tiny / "02-look.out"
    out.write_text("one\n...\nthree\n")  # a wildcard for lines that vary: must survive
    (tiny / "01-symptom.out").write_text("example 0.9 installed\n")  # wrong: update must correct it
    (tiny / "04-confirm.out").unlink()  # missing: update must write it

    done = run_verify(repo_copy, "tiny", "--update")
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_text() == "one\n...\nthree\n"
    assert (tiny / "01-symptom.out").read_text() == "example 1.0 installed\n"
    assert (tiny / "04-confirm.out").read_text() == "2.0\n"
    assert not list((repo_copy / "snippets").rglob("*.tmp"))


PROBE = {
    "scenario.toml": 'pythons = ["3.12"]\n[[steps]]\nname = "01-look"\n[[steps]]\nname = "02-fix"\nrole = "fix"\n'
                     '[[steps]]\nname = "03-proof"\nrole = "proof"\n',
    "01-look.sh": "echo HOME=$HOME\npwd\nenv | grep -E '^(PIP_|UV_|PYTHON|VIRTUAL_ENV|CONDA_)' | sort\n"
                  "python3.12 -c \"import socket; socket.create_connection(('pypi.org', 443), timeout=3)\" "
                  "2>/dev/null && echo network: open || echo network: blocked\n"
                  "python3.12 -m pip download --no-deps -q -d dl tensorflow && ls dl\n",
    "02-fix.sh": "touch fixed\n",
    "03-proof.sh": "test -f fixed\n",
}


def test_scenarios_run_in_a_clean_room(repo_copy, monkeypatch):
    probe = repo_copy / "snippets" / "probe"
    probe.mkdir()
    for name, text in PROBE.items():
        (probe / name).write_text(text)
    # the machine's settings must not reach the scenario
    for name, value in {"PIP_INDEX_URL": "http://bad.invalid/simple", "PIP_CONSTRAINT": "/nonexistent",
                        "PYTHONPATH_EXTRA": "x", "VIRTUAL_ENV": "/venv", "CONDA_PREFIX": "/conda",
                        "PYTHONUSERBASE": "/nowhere", "UV_INDEX_URL": "http://bad.invalid/simple",
                        "UV_CACHE_DIR": "/nowhere"}.items():
        monkeypatch.setenv(name, value)
    done = run_verify(repo_copy, "probe", "--update")
    assert done.returncode == 0, done.stdout + done.stderr
    seen = (probe / "01-look.out").read_text().splitlines()
    assert seen[:2] == ["HOME=/home/you", "/home/you/project"]
    env_lines = [line for line in seen if "=" in line and not line.startswith("HOME")]
    assert env_lines == ["PIP_CONFIG_FILE=/dev/null", "PIP_INDEX_URL=https://pypi.org/simple",  # the local index
                         "UV_DEFAULT_INDEX=https://pypi.org/simple", "UV_NO_CONFIG=1", "UV_PYTHON_DOWNLOADS=never"]
    if isolation.offline_prefix():
        assert "network: blocked" in seen
    assert seen[-1].startswith("tensorflow-2.21.0-cp312-")  # only the local index answered


def test_changing_one_snippet_reruns_only_its_scenario(repo_copy):
    tiny_scenario(repo_copy, "first-scenario", record=False)
    tiny_scenario(repo_copy, "second-scenario", record=False)
    both = ("first-scenario", "second-scenario")  # naming them keeps the guides out of this test's time
    assert run_verify(repo_copy, "--jobs", "2", "--update", *both).returncode == 0  # writes their outputs
    first = run_verify(repo_copy, "--jobs", "2", *both)  # new outputs are inputs: both run against them
    assert first.returncode == 0, first.stdout + first.stderr
    assert "ok   first-scenario" in first.stdout and "ok   second-scenario" in first.stdout

    step = repo_copy / "snippets" / "second-scenario" / "02-look.sh"
    step.write_text(step.read_text() + "# a comment changes the file's hash, not its output\n")
    second = run_verify(repo_copy, "--jobs", "2", *both)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "ok   second-scenario" in second.stdout
    assert "skip first-scenario: unchanged since it passed" in second.stdout

    forced = run_verify(repo_copy, "--force", "first-scenario")
    assert "ok   first-scenario" in forced.stdout


def test_a_first_run_records_a_missing_output_judged_by_exit_status_and_red_green(repo_copy):
    """CI mode (--record-new): a platform's first run writes the outputs it lacks; a later run compares."""
    first = tiny_scenario(repo_copy, "first-run")
    for name in ("02-look.out", "04-confirm.out", "04-confirm.before.out"):
        (first / name).unlink()
    wrong = tiny_scenario(repo_copy, "first-run-wrong-exit")  # a missing output does not excuse the exit status
    (wrong / "02-look.out").unlink()
    (wrong / "02-look.sh").write_text("(exit 3)\n")

    done = run_verify(repo_copy, "first-run", "first-run-wrong-exit", "--record-new")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "recorded (first run) snippets/first-run/04-confirm.before.out" in done.stdout
    assert "FAIL snippets/first-run-wrong-exit/02-look.sh" in done.stderr and "exit status 3" in done.stderr
    assert (first / "02-look.out").read_text() == "one\ntwo\nthree\n"
    assert (repo_copy / ".verified" / "new-outputs" / "snippets" / "first-run" / "04-confirm.out").is_file()
    by_file = {r.snippet: r for r in records(repo_copy) if r.slug == "first-run"}
    assert by_file["snippets/first-run/04-confirm.sh"].first_run is True
    assert by_file["snippets/first-run/04-confirm.sh"].passed
    assert by_file["snippets/first-run/01-symptom.sh"].first_run is False  # its output existed: compared

    again = run_verify(repo_copy, "first-run", "--record-new")
    assert again.returncode == 0, again.stdout + again.stderr
    assert not any(r.first_run for r in records(repo_copy) if r.slug == "first-run")


def test_a_scenario_whose_python_this_machine_lacks_is_recorded_not_run_never_passed(repo_copy):
    """Not an error that stops every scenario: its steps are recorded as not run, saying what is missing, and
    the CI job that has that Python verifies them (the site treats them as awaiting that job)."""
    missing = repo_copy / "snippets" / "needs-python-3-99"
    missing.mkdir()
    (missing / "scenario.toml").write_text('title = "t"\nindex = "none"\nplatforms = ["linux"]\npythons = ["3.99"]\n'
                                           '[[steps]]\nname = "01-fix"\nrole = "fix"\n'
                                           '[[steps]]\nname = "02-proof"\nrole = "proof"\n')
    (missing / "01-fix.sh").write_text("python3.99 -m venv .venv\n")
    (missing / "02-proof.sh").write_text("python3.99 --version\n")
    done = run_verify(repo_copy, "needs-python-3-99")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skip needs-python-3-99: no Python 3.99 on this machine" in done.stdout
    found = [r for r in records(repo_copy) if r.slug == "needs-python-3-99"]
    assert len(found) == 2 and {r.status for r in found} == {"not-run"}
    assert all(r.lacks == "Python 3.99" and r.run is None and r.targets == ["linux"] for r in found)


@pytest.mark.skipif(not isolation.offline_prefix() or "--mount" not in isolation.offline_prefix(),
                    reason="not run: this machine gives the verifier no mount namespace (needs root on Linux)")
def test_a_step_can_change_nothing_outside_its_scenario(repo_copy):
    """Steps run as root, yet /etc and the real home are read-only to them and /tmp is their own."""
    import uuid

    mark = f"idoc-probe-{uuid.uuid4().hex[:8]}"
    home = Path.home()
    probe = repo_copy / "snippets" / "probe"
    probe.mkdir()
    (probe / "scenario.toml").write_text(
        'title = "probe"\nindex = "none"\nplatforms = ["linux"]\n'
        '[[steps]]\nname = "01-etc"\nexit = 1\n[[steps]]\nname = "02-home"\nexit = 1\n'
        '[[steps]]\nname = "03-fix"\nrole = "fix"\n[[steps]]\nname = "04-proof"\nrole = "proof"\n')
    (probe / "01-etc.sh").write_text(f"echo x > /etc/{mark}\n")
    (probe / "02-home.sh").write_text(f"echo x > {home}/{mark}\n")
    (probe / "03-fix.sh").write_text(f"echo x > /tmp/{mark}\n")
    (probe / "04-proof.sh").write_text(f"test -f /tmp/{mark}\n")
    try:
        done = run_verify(repo_copy, "probe", "--update")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Read-only file system" in (probe / "01-etc.out").read_text()
        assert "Read-only file system" in (probe / "02-home.out").read_text()
        assert not any(p.exists() for p in (Path("/etc") / mark, home / mark, Path("/tmp") / mark))
    finally:
        for leftover in (Path("/etc") / mark, home / mark, Path("/tmp") / mark):
            leftover.unlink(missing_ok=True)


def test_a_new_pip_pin_shows_as_an_output_diff(repo_copy):
    """Outputs come from the pinned pip: pointed at another real wheel, the pin makes a recorded output
    differ (the weekly bump re-records them; nothing lets a stale one pass)."""
    from installdoctor.verify.localindex import bundled

    version = bundled.current_pip()[0]
    listed = repo_copy / "snippets/shadowing/02-pip-says.out"  # `python -m pip list` in the venv
    assert f"pip         {version}\n" in listed.read_text()
    pin = repo_copy / "scripts/installdoctor/verify/localindex/current_pip.toml"
    old = "pip-23.0.1-py3-none-any.whl"  # one the index already serves: no download
    pin.write_text(f'version = "23.0.1"\n[wheels]\n"{old}" = "{bundled.PIP_WHEELS[old]}"\n')

    done = run_verify(repo_copy, "shadowing")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL snippets/shadowing/02-pip-says.sh: step 02-pip-says" in done.stderr
    assert "output differs" in done.stderr and "snippets/shadowing/02-pip-says.out" in done.stderr
    assert f"-pip         {version}" in done.stderr  # Python 3.12's own pip 23.2.1 is newer than the pin
