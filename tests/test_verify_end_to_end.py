"""The verifier on real scenarios: the flagship passes; each kind of breakage is caught and named."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_verify

from installdoctor.verify import isolation

pytestmark = pytest.mark.slow
FLAGSHIP = "same-version-again"


def clone_scenario(root: Path, new_slug: str) -> Path:
    target = root / "snippets" / new_slug
    shutil.copytree(root / "snippets" / FLAGSHIP, target, ignore=shutil.ignore_patterns("article", "windows"))
    return target


def records(root: Path) -> list[dict]:
    return json.loads((root / ".verified" / "results.json").read_text())["records"]


def test_flagship_passes_records_everything_and_is_incremental(repo_copy):
    done = run_verify(repo_copy, FLAGSHIP, f"{FLAGSHIP}/windows")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ok   {FLAGSHIP}" in done.stdout and f"skip {FLAGSHIP}/windows: targets windows" in done.stdout
    linux = {r["snippet"]: r for r in records(repo_copy) if r["platform"] == "linux"}
    confirm = linux[f"snippets/{FLAGSHIP}/05-confirm.sh"]
    assert confirm["status"] == "passed"
    assert confirm["python"].startswith("3.12.") and confirm["before_python"].startswith("3.8.")
    assert confirm["pip"] and confirm["date"] and (repo_copy / confirm["log"]).is_file()
    assert confirm["expected_sha256"] and confirm["before_expected_sha256"] and confirm["scenario_sha256"]
    # PowerShell steps cannot run here: recorded as not run, never as passed
    windows_fix = linux[f"snippets/{FLAGSHIP}/windows/02-fix.ps1"]
    assert windows_fix["status"] == "not-run" and windows_fix["targets"] == ["windows"]
    assert "python" not in windows_fix and "expected_sha256" not in windows_fix

    again = run_verify(repo_copy, FLAGSHIP)
    assert again.returncode == 0 and "unchanged since it passed" in again.stdout

    for module in (repo_copy / "scripts/installdoctor/site").rglob("*.py"):  # the site only reads records
        module.write_text(module.read_text() + "# an edit of the site half\n")
    after_site_edit = run_verify(repo_copy, FLAGSHIP)
    assert after_site_edit.returncode == 0 and f"skip {FLAGSHIP}: unchanged since it passed" in after_site_edit.stdout


def test_breakages_fail_and_name_the_file_and_step(repo_copy):
    command = clone_scenario(repo_copy, "broken-command")
    (command / "01-symptom.sh").write_text("python -m pip install --upgrade tensorflw\n")
    output = clone_scenario(repo_copy, "broken-output")
    out = output / "02-which-python.out"
    out.write_text(out.read_text().replace("Python 3.8.18", "Python 3.8.99"))
    fix = clone_scenario(repo_copy, "broken-fix")  # the fix no longer upgrades the interpreter
    (fix / "04-fix.sh").write_text((fix / "04-fix.sh").read_text().replace("python3.12", "python3.8"))
    proof = clone_scenario(repo_copy, "proof-without-symptom")
    (proof / "05-confirm.sh").write_text("python -c \"print('all good')\"\n")

    done = run_verify(repo_copy, "broken-command", "broken-output", "broken-fix", "proof-without-symptom")
    assert done.returncode == 1, done.stdout + done.stderr
    err = done.stderr
    assert "FAIL snippets/broken-command/01-symptom.sh: step 01-symptom" in err
    assert "exit status 1, expected 0" in err and "tensorflw" in err  # the command is shown
    assert "FAIL snippets/broken-output/02-which-python.sh: step 02-which-python" in err
    assert "-Python 3.8.99\n" in err and "+Python 3.8.18\n" in err  # a unified diff
    assert "FAIL snippets/broken-fix/05-confirm.sh: step 05-confirm" in err
    assert "FAIL snippets/proof-without-symptom/05-confirm.sh: step 05-confirm.before (before the fix)" in err
    assert "the proof passed before the fix" in err
    failed = {r["snippet"] for r in records(repo_copy) if r["status"] == "failed"}
    assert "snippets/broken-fix/05-confirm.sh" in failed and "snippets/broken-command/01-symptom.sh" in failed


def test_update_rewrites_outputs_and_keeps_wildcards_that_still_match(repo_copy):
    out = repo_copy / "snippets" / FLAGSHIP / "02-which-python.out"
    lines = out.read_text().splitlines()
    lines[0] = "Python 3.8.0"  # wrong: update must correct it
    lines[1] = "..."  # a wildcard for pip's experimental-command warning: must survive
    out.write_text("\n".join(lines) + "\n")
    (repo_copy / "snippets" / FLAGSHIP / "03-see-why.out").unlink()  # missing: update must write it

    done = run_verify(repo_copy, FLAGSHIP, "--update")
    assert done.returncode == 0, done.stdout + done.stderr
    rewritten = out.read_text().splitlines()
    assert rewritten[0].startswith("Python 3.8.") and rewritten[0] != "Python 3.8.0"
    assert rewritten[1] == "..."
    assert (repo_copy / "snippets" / FLAGSHIP / "03-see-why.out").read_text().startswith("ERROR:")
    assert not list((repo_copy / "snippets").rglob("*.tmp"))


PROBE = {
    "scenario.toml": 'pythons = ["3.12"]\n[[steps]]\nname = "01-look"\n[[steps]]\nname = "02-fix"\nrole = "fix"\n'
                     '[[steps]]\nname = "03-proof"\nrole = "proof"\n',
    "01-look.sh": "echo HOME=$HOME\npwd\nenv | grep -E '^(PIP_|PYTHON|VIRTUAL_ENV|CONDA_)' | sort\n"
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
                        "PYTHONUSERBASE": "/nowhere"}.items():
        monkeypatch.setenv(name, value)
    done = run_verify(repo_copy, "probe", "--update")
    assert done.returncode == 0, done.stdout + done.stderr
    seen = (probe / "01-look.out").read_text().splitlines()
    assert seen[:2] == ["HOME=/home/you", "/home/you/project"]
    env_lines = [line for line in seen if "=" in line and not line.startswith("HOME")]
    assert env_lines == ["PIP_CONFIG_FILE=/dev/null", "PIP_INDEX_URL=https://pypi.org/simple"]  # the local index
    if isolation.offline_prefix():
        assert "network: blocked" in seen
    assert seen[-1].startswith("tensorflow-2.21.0-cp312-")  # only the local index answered


def test_changing_one_snippet_reruns_only_its_scenario(repo_copy):
    clone_scenario(repo_copy, "second-scenario")
    both = (FLAGSHIP, "second-scenario")  # naming them keeps the other guides out of this test's time
    first = run_verify(repo_copy, "--jobs", "2", *both)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"ok   {FLAGSHIP}" in first.stdout and "ok   second-scenario" in first.stdout

    step = repo_copy / "snippets" / "second-scenario" / "02-which-python.sh"
    step.write_text(step.read_text() + "# a comment changes the file's hash, not its output\n")
    second = run_verify(repo_copy, "--jobs", "2", *both)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "ok   second-scenario" in second.stdout
    assert f"skip {FLAGSHIP}: unchanged since it passed" in second.stdout

    forced = run_verify(repo_copy, "--force", FLAGSHIP)
    assert f"ok   {FLAGSHIP}" in forced.stdout


def test_a_first_run_records_a_missing_output_judged_by_exit_status_and_red_green(repo_copy):
    """CI mode (--record-new): a platform's first run writes the outputs it lacks; a later run compares."""
    first = clone_scenario(repo_copy, "first-run")
    for name in ("02-which-python.out", "05-confirm.out", "05-confirm.before.out"):
        (first / name).unlink()
    wrong = clone_scenario(repo_copy, "first-run-wrong-exit")  # a missing output does not excuse the exit status
    (wrong / "02-which-python.out").unlink()
    (wrong / "02-which-python.sh").write_text("python -c 'import sys; sys.exit(3)'\n")

    done = run_verify(repo_copy, "first-run", "first-run-wrong-exit", "--record-new")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "recorded (first run) snippets/first-run/05-confirm.before.out" in done.stdout
    assert "FAIL snippets/first-run-wrong-exit/02-which-python.sh" in done.stderr and "exit status 3" in done.stderr
    assert "Python 3.8.18" in (first / "02-which-python.out").read_text()
    assert (repo_copy / ".verified" / "new-outputs" / "snippets" / "first-run" / "05-confirm.out").is_file()
    by_file = {r["snippet"]: r for r in records(repo_copy) if r["slug"] == "first-run"}
    assert by_file["snippets/first-run/05-confirm.sh"]["first_run"] is True
    assert by_file["snippets/first-run/05-confirm.sh"]["status"] == "passed"
    assert by_file["snippets/first-run/01-symptom.sh"]["first_run"] is False  # its output existed: compared

    again = run_verify(repo_copy, "first-run", "--record-new")
    assert again.returncode == 0, again.stdout + again.stderr
    assert not any(r["first_run"] for r in records(repo_copy) if r["slug"] == "first-run")


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
    found = [r for r in records(repo_copy) if r["slug"] == "needs-python-3-99"]
    assert len(found) == 2 and {r["status"] for r in found} == {"not-run"}
    assert all(r["lacks"] == "Python 3.99" and "python" not in r and r["targets"] == ["linux"] for r in found)


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
