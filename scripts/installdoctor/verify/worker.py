"""Run one scenario in a clean room and report what each step printed.

`python -m installdoctor.verify.worker JOB.json RESULT.json` — started by the verifier,
under `unshare --net` for offline scenarios, so the only server it can reach is
the local index it starts itself on 127.0.0.1. It only runs and captures;
comparing with the expected output, and making and removing the scenario root
(outside this process's mount namespace), is the verifier's job.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from . import driver, isolation, normalise
from .job import Job, Played, Result
from .localindex.index import LocalIndex
from .scenario import Scenario, Step, load


def plays_for(scenario: Scenario) -> list[tuple[str, Step]]:
    """(key, step) in the order a reader meets them; proofs also run red before the first fix."""
    plays: list[tuple[str, Step]] = []
    proofs = [step for step in scenario.steps if step.role == "proof"]
    red_done = False
    for step in scenario.steps:
        if step.role == "fix" and not red_done:
            plays += [(f"{proof.name}.before", proof) for proof in proofs]
            red_done = True
        plays.append((step.name, step))
    return plays


WINDOWS = sys.platform == "win32"
KERNEL_CELL = Path(__file__).with_name("kernel_cell.py")  # runs in the scenario's Python, not this one


def _run_script(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """Run the driver in its own process group, so a timeout ends every process it started."""
    group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if WINDOWS else {"start_new_session": True}
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, errors="replace", **group,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
        status: int | None = process.returncode
    except subprocess.TimeoutExpired:
        if WINDOWS:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
        else:
            os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        status = None
    if not WINDOWS:
        _end_group(process.pid)  # a server the hidden setup started in the background ends with the scenario
    return status, output


def _end_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:  # nothing was left running
        pass


def _end_notebook_kernels(control: Path) -> None:
    """A notebook's kernel outlives the cell that started it (its own session): it ends with the scenario."""
    for pid_file in (control / "notebooks").glob("*.pid"):
        try:
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
        except (ValueError, ProcessLookupError):
            pass


def _read(path: Path) -> str | None:
    """A file a shell wrote: Windows PowerShell 5.1 writes UTF-16 with a byte-order mark, the rest UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def _link_interpreter(bindir: Path, version: str, executable: str) -> None:
    """`python3.12` on PATH for the hidden setup: a symlink, or on Windows (where symlinks need
    privileges) a `python3.12.cmd` that runs it; the setup calls it by that full name there."""
    if WINDOWS:
        (bindir / f"python{version}.cmd").write_bytes(f'@"{executable}" %*\r\n'.encode())
    else:
        (bindir / f"python{version}").symlink_to(executable)


def _driver_command(shell: str, scenario: Scenario, plays: list[driver.Play], control: Path,
                    run_as: int | None, cell_runner: Path | None = None) -> list[str]:
    """Write the driver script(s) for `shell` into `control`; the argv that runs them."""
    setup = scenario.setup_for(shell)
    if shell == "posix":
        script, steps_script = driver.posix_script(setup, scenario.activate, plays, control / "out",
                                                   run_as=run_as, steps_script=control / "steps.sh",
                                                   cell_runner=cell_runner, jupyter=scenario.jupyter)
        (control / "driver.sh").write_text(script)
        if steps_script:
            (control / "steps.sh").write_text(steps_script)
        return ["bash", "--noprofile", "--norc", str(control / "driver.sh")]
    cmd_driver = None
    if shell == "cmd":
        cmd_driver = control / "driver.cmd"
        cmd_driver.write_bytes(driver.cmd_script(scenario.activate, plays, control / "out").encode())
    script = driver.powershell_script(setup, scenario.activate, plays, control / "out", cmd_driver=cmd_driver)
    (control / "driver.ps1").write_text(script, encoding="utf-8-sig")  # a BOM: Windows PowerShell reads it as UTF-8
    powershell = shutil.which("pwsh") or shutil.which("powershell")
    if not powershell:
        raise RuntimeError("no PowerShell (pwsh or powershell) on PATH to play Windows steps")
    return [powershell, "-NoLogo", "-NoProfile", "-NonInteractive", "-File", str(control / "driver.ps1")]


def _open_to(uid: int, root: Path, home: Path, work: Path, control: Path) -> None:
    """The throwaway user owns its home and project folder, can read the steps and write the outputs;
    whatever the setup creates inside stays root's (that is the point of the scenario)."""
    for directory in (root, root / "home", root / "usr", root / "usr/local", root / "usr/local/bin", control,
                      control / "steps"):
        directory.chmod(0o755)
    for directory in (home, work, control / "out", root / "tmp"):
        os.chown(directory, uid, uid)


def run(job: Job) -> Result:
    started = time.monotonic()
    scenario = load(Path(job.scenario))
    shell = job.shell
    if job.offline_sandbox:
        isolation.loopback_up()
    if job.own_mount_namespace and (problem := isolation.own_mounts(job.writable)):
        raise RuntimeError(problem)

    # The verifier makes and removes the root. Removing it here could follow a bind mount of this
    # namespace into a real interpreter (it did once, and deleted one); outside, they are plain folders.
    made = Path(job.root)
    root = made.resolve()  # macOS: /var/folders/... is /private/var/folders/...
    # The root reads as `/` (POSIX) or `C:` (Windows) in outputs, so home is /home/you or C:\\Users\\you.
    home = root / ("Users/you" if WINDOWS else "home/you")
    bindir, tmp, control = root / "usr/local/bin", root / "tmp", root / "idoc"
    work = home / "project"
    for directory in (work, bindir, tmp, control / "steps", control / "out"):
        directory.mkdir(parents=True)
    for version, executable in job.interpreters.items():
        _link_interpreter(bindir, version, executable)

    plays = plays_for(scenario)
    copies = {step.name: Path(shutil.copy(step.file_for(shell).path, control / "steps"))
              for step in scenario.steps}
    cell_runner = (Path(shutil.copy(KERNEL_CELL, control / KERNEL_CELL.name))
                   if any(step.kernel for step in scenario.steps) else None)

    if scenario.user == "unprivileged" and not job.own_mount_namespace:
        raise RuntimeError("user = 'unprivileged' needs root and an offline sandbox with its own mount namespace")
    if job.own_mount_namespace:
        # The machine's interpreters are read-only to scenarios: their writes land in a throwaway layer.
        for number, prefix in enumerate(job.prefixes):
            if problem := isolation.overlay_interpreter(prefix, str(control / f"overlay-{number}")):
                raise RuntimeError(problem)

    for extra in scenario.files:
        shutil.copy(extra, work / extra.name)

    with open(control / "index.log", "w") as index_log, (
        LocalIndex(Path(job.wheels), log=index_log) if job.wheels else nullcontext()
    ) as index:
        index_url = index.url if job.wheels else None
        extra = {"PIP_INDEX_URL": index_url} if index_url else {}
        if index_url and not job.offline_sandbox:
            # No network namespace here (macOS, Windows): an HTTPS request of a step (the check script comparing
            # the index with pypi.org) goes to a closed local port, as offline as on Linux; the index is HTTP.
            extra["https_proxy"] = "http://127.0.0.1:9"  # lower case: every client reads it; Windows has one name
        extra[driver.CURRENT_PIP_WHEELS] = job.current_pip  # for the hidden setup only (the driver unsets it)
        # In the conda CI job, `conda` itself is a command the steps use (setup-miniconda sets CONDA_EXE).
        conda = [os.path.dirname(os.environ["CONDA_EXE"])] if os.environ.get("CONDA_EXE") else []
        env = isolation.environment(
            os.environ, home=str(home), tmp=str(tmp), path=[str(bindir), *conda, *isolation.system_path()],
            extra=extra,
        )
        if scenario.pip_config == "scenario":
            del env["PIP_CONFIG_FILE"]
            env["XDG_CONFIG_DIRS"] = str(root / "etc/xdg")
            (root / "etc/xdg/pip").mkdir(parents=True)
            if not job.own_mount_namespace:
                raise RuntimeError("pip_config = 'scenario' needs an offline sandbox with its own mount namespace")
            if problem := isolation.hide_machine_pip_config(str(control / "empty-pip.conf")):
                raise RuntimeError(problem)
        run_as = None
        if scenario.user == "unprivileged":
            run_as = isolation.UNPRIVILEGED_UID
            _open_to(run_as, root, home, work, control)
            prefixes = [*job.prefixes, sys.base_prefix]  # this worker's own Python must stay reachable
            if problem := isolation.expose_to_everyone(prefixes, str(control / "exposed")):
                raise RuntimeError(problem)
        if job.own_mount_namespace and (problem := isolation.hide_machine_pythons(
                str(control / "no-python"), [*job.interpreters.values(), sys.executable])):
            raise RuntimeError(problem)
        if job.own_mount_namespace:
            # Last, once everything the scenario needs is inside its root: the setup and the steps run as
            # root, yet only that root, the verifier's work folder and a private /tmp stay writable.
            if problem := isolation.contain(job.writable, job.prefixes):
                raise RuntimeError(problem)
        argv = _driver_command(shell, scenario, [driver.Play.of(key, copies[step.name], step) for key, step in plays],
                               control, run_as, cell_runner)
        status, driver_output = _run_script(argv, work, env, scenario.timeout)
        _end_notebook_kernels(control)
    ctx = normalise.Context(
        root=str(root), index_url=index_url, interpreter_prefixes=tuple(job.prefixes),
        extra_roots=(str(made),) if made != root else (), windows=WINDOWS,
    )
    return Result(
        slug=scenario.slug, shell=shell, driver_status=status, setup_failed=status == driver.SETUP_FAILED,
        setup_log=normalise.normalise(_read(control / "out" / "setup.log") or "", ctx),
        driver_output=driver_output, seconds=round(time.monotonic() - started, 2),
        plays=[_played(control / "out", key, step, shell, ctx) for key, step in plays],
    )


def _played(out: Path, key: str, step: Step, shell: str, ctx: normalise.Context) -> Played:
    """What one play left in the output folder: its output, exit status, and which Python and pip answered."""
    raw = _read(out / f"{key}.raw")
    rc = _read(out / f"{key}.rc")
    env_lines = (_read(out / f"{key}.env") or "").split()
    return Played(
        key=key, step=step.name, file=str(step.file_for(shell).path), ran=rc is not None,
        exit=int(rc) if rc is not None else None, raw=raw,
        output=normalise.normalise(raw, ctx) if raw is not None else None,
        python=env_lines[0] if env_lines else None, pip=env_lines[1] if len(env_lines) > 1 else None,
    )


def main(argv: list[str]) -> int:
    job_path, result_path = Path(argv[0]), Path(argv[1])
    run(Job.read(job_path)).write(result_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
