"""The cell runner with real Jupyter kernels: the cells of one notebook share its running kernel, and a
restart gives that notebook a new kernel process, as Kernel > Restart Kernel does."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from installdoctor.verify import worker

# The site's own environment has ipykernel (mkdocs-jupyter executes the notebook page); its `python3` kernel
# is this Python's native kernel.
pytest.importorskip("ipykernel", reason="not run: this Python has no ipykernel")


def play(runner: Path, tmp: Path, name: str, code: str, *options: str) -> tuple[int, str]:
    cell = tmp / f"{name}.ipy"
    cell.write_text(code)
    done = subprocess.run([sys.executable, str(runner), "python3", str(cell), str(tmp / f"{name}.env"), *options],
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def alive(pid: int, grace: float = 5.0) -> bool:
    """Still running after `grace` seconds (a killed process takes a moment to go; a zombie counts as gone)."""
    deadline = time.monotonic() + grace
    while True:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return False
        except FileNotFoundError:
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.1)


@pytest.mark.skipif(sys.platform == "win32", reason="not run: notebook cells play in the POSIX driver")
def test_cells_of_one_notebook_share_its_kernel_until_it_restarts(tmp_path):
    runner = tmp_path / "control" / worker.KERNEL_CELL.name
    runner.parent.mkdir()
    runner.write_bytes(worker.KERNEL_CELL.read_bytes())
    pid_file = runner.parent / "notebooks" / "nb.pid"
    try:
        assert play(runner, tmp_path, "01", "x = 41\n", "--notebook=nb") == (0, "")
        first = int(pid_file.read_text())
        assert play(runner, tmp_path, "02", "print(x + 1)\n", "--notebook=nb") == (0, "42\n")
        assert int(pid_file.read_text()) == first and alive(first, grace=0)

        status, shown = play(runner, tmp_path, "03", "print(x)\n", "--notebook=nb", "--restart")
        assert status == 1 and "NameError: name 'x' is not defined" in shown
        second = int(pid_file.read_text())
        assert second != first and not alive(first)

        # A cell of no notebook gets a kernel of its own; a cell of another notebook, another kernel.
        assert play(runner, tmp_path, "04", "print('x' in dir())\n") == (0, "False\n")
        assert play(runner, tmp_path, "05", "print('x' in dir())\n", "--notebook=other") == (0, "False\n")
        # What the runner asks the kernel for the badge names nothing in the notebook.
        assert play(runner, tmp_path, "06", "print('sys' in dir(), 'pip' in dir())\n", "--notebook=nb") == (
            0, "False False\n")
    finally:
        pids = [int(p.read_text()) for p in pid_file.parent.glob("*.pid")]
        worker._end_notebook_kernels(runner.parent)
    assert len(pids) == 2 and not any(alive(pid) for pid in pids)
