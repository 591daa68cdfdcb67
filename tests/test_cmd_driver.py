"""The cmd.exe driver's batch file, run by a real cmd interpreter: Wine's reimplementation of cmd.exe.

Microsoft's cmd.exe runs it in the Windows CI job. Wine's agrees with it on what is checked here
(one cmd process for all steps, `set` and `cd` carried over, stdout and stderr captured per step,
activation checked by its effect); Wine 8 differs in the exact %ERRORLEVEL% a `call`ed batch file
leaves (1 where Windows gives the `exit /b` code), so only zero and non-zero are compared.
"""

import os
import shutil
import subprocess
from pathlib import Path, PureWindowsPath

import pytest

from installdoctor.verify import driver

WINE = shutil.which("wine64", path=os.environ.get("PATH", "") + os.pathsep + "/usr/lib/wine")


def windows_path(path: Path) -> PureWindowsPath:
    return PureWindowsPath("Z:" + str(path).replace("/", "\\"))  # Wine shows / as drive Z:


@pytest.fixture(scope="module")
def wine_prefix(tmp_path_factory) -> Path:
    if WINE is None:
        pytest.skip("not run: no Wine here (.ci/run installs Debian's wine64)")
    return tmp_path_factory.mktemp("wineprefix")


def run_cmd(prefix: Path, script: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all")
    return subprocess.run([WINE, "cmd", "/d", "/c", str(windows_path(script))], cwd=cwd, env=env,
                          capture_output=True, text=True, errors="replace", timeout=300)


def write_crlf(path: Path, *lines: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(line + "\r\n" for line in lines).encode())


def test_steps_share_one_cmd_and_each_output_and_status_is_kept(wine_prefix, tmp_path):
    write_crlf(tmp_path / "steps/01.bat", "set GREETING=hello", "cd sub", "echo to stdout", "echo to stderr 1>&2",
               "exit /b 3")
    write_crlf(tmp_path / "steps/02.bat", "echo %GREETING% from %CD%, venv %VIRTUAL_ENV%")
    write_crlf(tmp_path / ".venv/Scripts/activate.bat", "@echo off", 'set "VIRTUAL_ENV=yes"')
    (tmp_path / "sub").mkdir()
    (tmp_path / "out").mkdir()
    plays = [driver.Play("01-x", windows_path(tmp_path / "steps/01.bat")),
             driver.Play("02-y.before", windows_path(tmp_path / "steps/02.bat"))]
    script = tmp_path / "driver.cmd"
    script.write_bytes(driver.cmd_script(".venv", plays, windows_path(tmp_path / "out")).encode())

    done = run_cmd(wine_prefix, script, tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "out"
    assert (out / "01-x.raw").read_text().split() == ["to", "stdout", "to", "stderr"]
    assert (out / "01-x.rc").read_text().strip() != "0"
    expected = f"hello from {windows_path(tmp_path / 'sub')}, venv yes"
    assert (out / "02-y.before.raw").read_text().strip() == expected  # set, cd and activation carried over
    assert (out / "02-y.before.rc").read_text().strip() == "0"


def test_a_venv_that_does_not_activate_stops_before_any_step(wine_prefix, tmp_path):
    write_crlf(tmp_path / "steps/01.bat", "echo should not run")
    (tmp_path / "out").mkdir()
    script = tmp_path / "driver.cmd"
    plays = [driver.Play("01-x", windows_path(tmp_path / "steps/01.bat"))]
    script.write_bytes(driver.cmd_script(".venv", plays, windows_path(tmp_path / "out")).encode())

    done = run_cmd(wine_prefix, script, tmp_path)

    assert done.returncode == driver.SETUP_FAILED
    assert list((tmp_path / "out").iterdir()) == []
