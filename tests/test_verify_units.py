"""Small pieces of the verifier: the plan of plays, live-result age, the closing summary, the driver."""

import dataclasses
import os
import subprocess
from pathlib import Path

from conftest import REPO, make_record
from installdoctor.verify import driver
from installdoctor.verify.scenario import load
from installdoctor.verify.recording import other_platform_records
from installdoctor.verify.report import summary
from installdoctor.verify.planning import Planner, Skip
from installdoctor.verify.runner import shells_here
from installdoctor.verify.worker import plays_for



def test_the_proof_runs_red_just_before_the_first_fix_and_green_in_its_place():
    scenario = load(REPO / "snippets" / "same-version-again")
    keys = [key for key, _ in plays_for(scenario)]
    assert keys == ["01-symptom", "02-which-python", "03-see-why", "03-doctor", "05-confirm.before", "04-fix", "05-confirm"]


def test_live_results_age(tmp_path):
    planner = Planner("linux", "2026-11-25", max_age_days=7)
    assert not planner.too_old([make_record(snippet="a.sh", platform="linux", date="2026-11-20"), None])
    assert planner.too_old([make_record(snippet="a.sh", platform="linux", date=date) for date in ("2026-11-20", "2026-11-17")])


def test_summary_lists_the_slowest_first():
    text = summary([(1.0, "a"), (5.0, "b"), (3.0, "c")], wall=5.5, jobs=2)
    assert text.splitlines()[0] == "3 scenario(s) in 5.5 s wall, 9.0 s summed, 2 at a time; slowest:"
    assert [line.split()[-1] for line in text.splitlines()[1:]] == ["b", "c", "a"]
    assert "nothing to run" in summary([], 0.1, 2)


def test_driver_quotes_paths_and_stops_on_failed_setup():
    script, steps = driver.posix_script(("false",), ".venv", [driver.Play("01 x", Path("/tmp/a b.sh"))], Path("/o u t"))
    assert steps is None
    assert "__idoc_out='/o u t'" in script
    assert f"false || exit {driver.SETUP_FAILED}" in script
    assert "__idoc_play '01 x' '/tmp/a b.sh'" in script


def test_a_notebook_cell_runs_in_its_kernel_started_by_the_jupyter_environment():
    plays = [driver.Play("01-sh", Path("/s/01.sh")), driver.Play("02-cell", Path("/s/02 c.ipy"), kernel="project")]
    script, _ = driver.posix_script((), ".venv", plays, Path("/out"), cell_runner=Path("/c/kernel_cell.py"),
                                    jupyter="~/old env")
    assert "__idoc_play 01-sh /s/01.sh" in script
    assert "__idoc_cell 02-cell '/s/02 c.ipy' project" in script
    assert """PATH="$HOME"/'old env'/bin:"$PATH" "$HOME"/'old env'/bin/python /c/kernel_cell.py "$3" "$2" """ in script
    plain, _ = driver.posix_script((), None, plays[:1], Path("/out"))
    assert "__idoc_cell" not in plain


def test_a_cell_of_a_notebook_names_it_and_asks_for_a_restart():
    plays = [driver.Play("01", Path("/s/01.ipy"), "python3", "my nb"),
             driver.Play("02", Path("/s/02.ipy"), "python3", "my nb", restart=True)]
    script, _ = driver.posix_script((), None, plays, Path("/out"), cell_runner=Path("/c/kernel_cell.py"))
    assert "__idoc_cell 01 /s/01.ipy python3 '--notebook=my nb'\n" in script
    assert "__idoc_cell 02 /s/02.ipy python3 '--notebook=my nb' --restart\n" in script
    assert '"$__idoc_out/$1.env" "${@:4}" >' in script  # the options reach the cell runner


def test_a_step_with_arch_plays_in_a_shell_of_its_own_under_that_architecture():
    plays = [driver.Play("01", Path("/s/01 a.sh"), arch="x86_64"), driver.Play("02", Path("/s/02.sh"))]
    script, _ = driver.posix_script((), ".venv", plays, Path("/out"))
    assert "__idoc_play_as x86_64 01 '/s/01 a.sh'\n" in script and "__idoc_play 02 /s/02.sh\n" in script
    assert f"arch \"-$1\" {driver.ARCH_SHELL} --noprofile --norc -c '. \"$1\"' step \"$3\"" in script
    plain, _ = driver.posix_script((), None, plays[1:], Path("/out"))
    assert "__idoc_play_as" not in plain


def test_a_step_with_arch_starts_where_the_session_is_and_changes_nothing_of_it(tmp_path):
    """Runs the driver script with a stand-in for macOS's `arch` (Linux's `arch` takes no -x86_64), which notes
    the architecture asked for and runs the rest: what is tested is the shell the step gets."""
    bin_dir, out, project = tmp_path / "bin", tmp_path / "out", tmp_path / "project"
    for directory in (bin_dir, out, project):
        directory.mkdir()
    (bin_dir / "arch").write_text('#!/bin/sh\necho "$1" >>"$ARCH_LOG"\nshift\nexec "$@"\n')
    (bin_dir / "arch").chmod(0o755)
    (tmp_path / "01.sh").write_text('echo "in $PWD with $GREETING"\ncd /\nexport LEFT=behind\nfalse\n')
    (tmp_path / "02.sh").write_text('echo "still in $PWD, LEFT=${LEFT-unset}"\n')
    plays = [driver.Play("01", tmp_path / "01.sh", arch="x86_64"), driver.Play("02", tmp_path / "02.sh")]
    script, _ = driver.posix_script(("export GREETING=hello",), None, plays, out)
    (tmp_path / "driver.sh").write_text(script)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "ARCH_LOG": str(tmp_path / "arch.log")}
    subprocess.run(["bash", "--noprofile", "--norc", str(tmp_path / "driver.sh")], cwd=project, env=env, check=True)
    assert (out / "01.raw").read_text() == f"in {project} with hello\n"
    assert (out / "01.rc").read_text() == "1\n"  # the step's last command, as for any step
    assert (out / "02.raw").read_text() == f"still in {project}, LEFT=unset\n"
    assert (tmp_path / "arch.log").read_text().split() == ["-x86_64", "-x86_64"]  # the step, then the badge's probe


def test_site_packages_fingerprint_notices_any_change(tmp_path):
    from installdoctor.verify.runner import site_packages_fingerprint

    site = tmp_path / "lib/python3.12/site-packages"
    site.mkdir(parents=True)
    (site / "a.py").write_text("x = 1\n")
    before = site_packages_fingerprint(str(tmp_path))
    assert before == site_packages_fingerprint(str(tmp_path))
    (site / "b-1.0.dist-info").mkdir()
    assert site_packages_fingerprint(str(tmp_path)) != before


def test_an_unprivileged_scenario_switches_user_after_the_setup():
    script, steps = driver.posix_script(("true",), None, [driver.Play("01", Path("/s/01.sh"))], Path("/out"),
                                        run_as=65534, steps_script=Path("/c/steps.sh"))
    assert "exec setpriv --reuid=65534 --regid=65534 --clear-groups bash --noprofile --norc /c/steps.sh" in script
    assert "__idoc_play 01" not in script and "__idoc_play 01 /s/01.sh" in steps
    assert steps.startswith("__idoc_out=/out\n__idoc_play() {")


def test_windows_plays_each_scenario_in_powershell_and_in_cmd():
    windows = Planner("windows", "2026-11-26", offline=True)
    assert shells_here("windows") == ("powershell", "cmd")
    scenario = load(REPO / "snippets" / "venv-not-active" / "windows")
    for shell in shells_here("windows"):
        plan = windows.plan(scenario, shell, {})
        assert plan.run and plan.shell == shell, plan.reason
    elsewhere = windows.plan(load(REPO / "snippets" / "old-pip"), "powershell", {})
    assert elsewhere.skip is Skip.OTHER_PLATFORM and elsewhere.skip.records_not_run and elsewhere.reason == "targets linux"


def test_linux_records_windows_steps_as_not_run_never_passed():
    linux = Planner("linux", "2026-11-26", offline=True)
    scenario = load(REPO / "snippets" / "venv-not-active" / "windows")
    assert linux.plan(scenario, "posix", {}).reason == "targets windows"
    assert linux.plan(load(REPO / "snippets" / "old-pip"), "powershell", {}).skip is Skip.NO_STEPS_IN_SHELL
    records = other_platform_records(scenario, "linux")
    assert len(records) == 8 and {r.status for r in records} == {"not-run"}
    assert {r.targets[0] for r in records} == {"windows"}
    assert all(r.reason == "runs on windows: verified by the CI job there" and r.run is None for r in records)
    confirm = next(r for r in records if r.snippet.endswith("03-confirm.ps1"))
    assert confirm.outputs == []  # no machine has recorded them yet: the first Windows run does


def test_powershell_driver_dot_sources_each_step_and_stops_on_failed_setup():
    plays = [driver.Play("01-x", Path("C:/idoc/steps/it's.ps1")), driver.Play("02-y.before", Path("C:/s/02.ps1"))]
    script = driver.powershell_script(("python3.12.cmd -m venv .venv", "$a = 1"), ".venv", plays, Path("C:/out"))
    lines = script.splitlines()
    assert "    Write-Output '$ python3.12.cmd -m venv .venv'" in lines
    assert lines.count("    if (-not $? -or $LASTEXITCODE) { $script:__idoc_setup_ok = $false; return }") == 2
    assert f"if (-not $__idoc_setup_ok) {{ exit {driver.SETUP_FAILED} }}" in lines
    assert ". '.venv\\Scripts\\Activate.ps1'" in lines
    # a single quote in a path doubles inside a PowerShell literal; each play writes raw, rc and env
    assert any(line.startswith("try { . 'C:/idoc/steps/it''s.ps1' *>&1 | ForEach-Object ") for line in lines)
    assert "[System.Management.Automation.RemoteException]) { $_.Exception.Message }" in script  # bare stderr lines
    for suffix in ("raw", "rc", "env"):
        assert sum(f"02-y.before.{suffix}'" in line for line in lines) >= 1
    assert "ComSpec" not in script


def test_cmd_driver_calls_each_step_in_one_cmd_and_records_errorlevel():
    script = driver.cmd_script(".venv", [driver.Play("01-x", Path("C:/s/01-x.bat"))], Path("C:/out"))
    assert script.endswith("\r\n") and "\n" not in script.replace("\r\n", "")  # CRLF only
    lines = script.split("\r\n")
    assert lines[0] == "@echo off"
    at = lines.index('call ".venv\\Scripts\\activate.bat"')
    assert lines[at + 1] == f"if not defined VIRTUAL_ENV exit /b {driver.SETUP_FAILED}"
    assert 'call :__idoc_play "01-x" "C:/s/01-x.bat"' in lines
    assert '>"%__IDOC_OUT%\\%~1.rc" echo %ERRORLEVEL%' in lines  # not `echo %ERRORLEVEL%>`: "1>" is a redirection
    ps = driver.powershell_script(("$x = 1",), ".venv", [], Path("C:/out"), cmd_driver=Path("C:/c/driver.cmd"))
    assert ps.splitlines()[-2:] == ["& $env:ComSpec /d /c 'C:/c/driver.cmd'", "exit $LASTEXITCODE"]
    assert "Activate.ps1" not in ps  # cmd activates with activate.bat itself


def test_update_on_another_platform_writes_its_own_output_and_keeps_the_shared_one(tmp_path):
    from installdoctor.verify import judge
    from installdoctor.verify.job import Played, Result

    directory = tmp_path / "demo"
    directory.mkdir()
    (directory / "scenario.toml").write_text('platforms = ["linux", "macos"]\n[[steps]]\nname = "01-fix"\nrole = "fix"\n'
                                             '[[steps]]\nname = "02-proof"\nrole = "proof"\n')
    for name in ("01-fix.sh", "02-proof.sh"):
        (directory / name).write_text("true\n")
    (directory / "01-fix.out").write_text("linux says\n")
    scenario = load(directory)
    played = Played(key="01-fix", step="01-fix", file=str(directory / "01-fix.sh"), ran=True, exit=0, raw=None,
                    output="macOS says\n", python="3.12.1", pip="23.2.1")
    result = Result(slug="demo", shell="posix", driver_status=0, setup_failed=False, setup_log="", driver_output="",
                    seconds=1.0, plays=[played])
    read = lambda path: path.read_text() if path.is_file() else None  # noqa: E731
    on_macos, = judge.judge(scenario, "posix", result, read, "macos")
    assert on_macos.expected_path.name == "01-fix.out" and on_macos.update_path.name == "01-fix.macos.out"
    assert [p.kind for p in on_macos.problems] == [judge.Kind.OUTPUT_DIFFERS] and judge.fixable_by_update(on_macos)
    failing = dataclasses.replace(result, plays=[dataclasses.replace(played, exit=1)])
    wrong_exit, = judge.judge(scenario, "posix", failing, read, "macos")
    assert {p.kind for p in wrong_exit.problems} == {judge.Kind.EXIT_STATUS, judge.Kind.OUTPUT_DIFFERS}
    assert not judge.fixable_by_update(wrong_exit)  # rewriting the .out never mends an exit status
    on_linux, = judge.judge(scenario, "posix", result, read, "linux")
    assert on_linux.update_path.name == "01-fix.out"
    (directory / "01-fix.macos.out").write_text("macOS says\n")  # what --update on macOS writes
    again, = judge.judge(scenario, "posix", result, read, "macos")
    assert again.ok and again.expected_path.name == "01-fix.macos.out"


def test_worker_reads_what_each_windows_shell_writes(tmp_path):
    from installdoctor.verify.worker import _read

    (tmp_path / "ps51").write_bytes("example-lib 2.0\r\n".encode("utf-16"))  # Windows PowerShell 5.1: UTF-16 + BOM
    (tmp_path / "ps7").write_bytes(b"\xef\xbb\xbfexample-lib 2.0\r\n")  # UTF-8 with a BOM
    (tmp_path / "cmd").write_bytes(b"example-lib 2.0\r\n")
    assert {_read(tmp_path / name) for name in ("ps51", "ps7", "cmd")} == {"example-lib 2.0\r\n"}
    assert _read(tmp_path / "missing") is None


def test_the_current_pip_folder_reaches_the_hidden_setup_but_not_the_steps(tmp_path):
    step = tmp_path / "01.sh"
    step.write_text('echo "step sees [${INSTALL_DOCTOR_PIP_WHEELS-}]"\n')
    (tmp_path / "out").mkdir()
    script, _ = driver.posix_script(('echo "setup sees [$INSTALL_DOCTOR_PIP_WHEELS]"',), None,
                                    [driver.Play("01", step)], tmp_path / "out")
    (tmp_path / "driver.sh").write_text(script)
    env = {"PATH": os.environ["PATH"], driver.CURRENT_PIP_WHEELS: "/wheels"}
    subprocess.run(["bash", "--noprofile", "--norc", str(tmp_path / "driver.sh")], env=env, check=True)
    assert "setup sees [/wheels]" in (tmp_path / "out/setup.log").read_text()
    assert (tmp_path / "out/01.raw").read_text() == "step sees []\n"


def test_a_server_the_setup_left_running_ends_with_the_scenario(tmp_path):
    import os
    import sys
    import time

    import pytest

    from installdoctor.verify.worker import _run_script

    if sys.platform == "win32":
        pytest.skip("not run: POSIX process groups")
    pid_file = tmp_path / "server.pid"
    status, _ = _run_script(["bash", "-c", f"sleep 300 >/dev/null 2>&1 & echo $! > {pid_file}"], tmp_path,
                            dict(os.environ), timeout=30)
    assert status == 0
    pid = int(pid_file.read_text())
    for _ in range(50):  # killed at once; reaped by whoever adopted it
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    raise AssertionError("the background process outlived the scenario")


def test_the_slowest_scenarios_start_first_and_a_new_one_counts_as_slow():
    from installdoctor.verify.planning import Plan
    from installdoctor.verify.runner import longest_first

    plans = [Plan(load(REPO / "snippets" / slug), "posix") for slug in ("old-pip", "shadowing", "user-site")]
    previous = [make_record(snippet=f"snippets/{slug}/01.sh", platform=platform, slug=slug, seconds=seconds)
                for slug, platform, seconds in (("old-pip", "linux", 5.0), ("shadowing", "linux", 30.0),
                                                ("user-site", "macos", 90.0))]  # another platform's time
    assert [p.scenario.slug for p in longest_first(plans, previous, "linux")] == ["user-site", "shadowing", "old-pip"]


def test_uv_is_isolated_as_pip_is_and_asks_the_index_pip_is_given():
    from installdoctor.verify import isolation

    machine = {"UV_INDEX_URL": "http://bad.invalid/simple", "UV_CACHE_DIR": "/shared", "SSL_CERT_FILE": "/ca"}
    offline = isolation.environment(machine, home="/h", tmp="/t", path=["/b"],
                                    extra={"PIP_INDEX_URL": "http://127.0.0.1:4711/simple"})
    assert {k: v for k, v in offline.items() if k.startswith("UV_")} == {
        "UV_NO_CONFIG": "1", "UV_PYTHON_DOWNLOADS": "never", "UV_DEFAULT_INDEX": "http://127.0.0.1:4711/simple"}
    live = isolation.environment(machine, home="/h", tmp="/t", path=["/b"], extra={})
    assert "UV_DEFAULT_INDEX" not in live and live["UV_NO_CONFIG"] == "1"  # the real index: uv's own default
