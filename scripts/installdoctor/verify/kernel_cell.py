"""Run one notebook cell in a named Jupyter kernel; print what the notebook shows under the cell.

    python kernel_cell.py KERNEL CELL_FILE ABOUT_FILE [--notebook=NAME [--restart]]

Without --notebook the cell gets a kernel of its own that ends after it. With --notebook, the cells
of that notebook share one running kernel, as in an open notebook: the first cell starts it and it
keeps running (its connection file and pid in notebooks/ beside this file; the verifier's worker ends it
with the scenario). --restart first restarts it as Kernel > Restart Kernel does: a shutdown request
with restart set, then a new kernel process.

The POSIX driver runs this copy with the scenario's own Python (the reader's environment, which
needs jupyter_client: ipykernel brings it), so it must not import installdoctor and must run on
every Python a scenario uses. The kernel starts from its kernel.json as Jupyter starts it. What the
kernel process itself logs goes where a Jupyter server's log goes, not under the cell; what the
cell prints, returns or raises is shown as the notebook shows it (text, tracebacks without colour).
Exit status 1 when the cell raised. ABOUT_FILE gets the kernel's Python and pip versions, one a
line, for the verified badge (the driver notes the shell's for other steps).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel

COLOURS = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 600  # seconds for one cell: a `%pip install` from the real index can take a while
# Names nothing in the notebook's namespace: in a shared kernel, a later cell must not find `sys` imported by us.
ABOUT = "print(__import__('sys').version.split()[0])\nprint(__import__('pip').__version__)"
NOTEBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notebooks")


def show(message: dict) -> None:
    kind, content = message["msg_type"], message["content"]
    if kind == "stream":
        sys.stdout.write(content["text"])
    elif kind in ("execute_result", "display_data") and "text/plain" in content["data"]:
        print(content["data"]["text/plain"])
    elif kind == "error":
        print(COLOURS.sub("", "\n".join(content["traceback"])))
    sys.stdout.flush()


def end_process(pid: int, grace: float = 10.0) -> None:
    """Wait for a kernel asked to shut down to go, as Jupyter does; then end it."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def notebook_kernel(kernel: str, notebook: str, restart: bool) -> BlockingKernelClient:
    """A client of the notebook's running kernel: started on its first cell, restarted when asked."""
    # Our own copy of the connection file: the manager deletes its file when this process ends.
    connection = os.path.join(NOTEBOOKS, notebook + ".json")
    pid_file = os.path.join(NOTEBOOKS, notebook + ".pid")
    if os.path.exists(connection) and restart:
        old = BlockingKernelClient(connection_file=connection)
        old.load_connection_file()
        old.start_channels(shell=False, iopub=False, stdin=False, hb=False, control=True)
        old.shutdown(restart=True)
        old.stop_channels()
        with open(pid_file) as handle:
            end_process(int(handle.read()))
        os.remove(connection)
    if not os.path.exists(connection):
        os.makedirs(NOTEBOOKS, exist_ok=True)
        manager = KernelManager(kernel_name=kernel, connection_file=connection + ".manager")
        # independent: the kernel outlives this process, which plays one cell only; what it logs is not the cell's
        manager.start_kernel(independent=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(manager.connection_file, connection)
        with open(pid_file, "w") as handle:
            handle.write(str(manager.provisioner.process.pid))
    client = BlockingKernelClient(connection_file=connection)
    client.load_connection_file()
    client.start_channels()
    client.wait_for_ready(timeout=TIMEOUT)
    return client


def main(kernel: str, path: str, about_path: str, *options: str) -> int:
    with open(path, encoding="utf-8") as cell:
        code = cell.read()
    notebook = next((o.split("=", 1)[1] for o in options if o.startswith("--notebook=")), None)
    about: list = []
    if notebook:
        manager, client = None, notebook_kernel(kernel, notebook, "--restart" in options)
    else:
        manager, client = start_new_kernel(kernel_name=kernel, stderr=subprocess.DEVNULL)
    try:
        reply = client.execute_interactive(code, output_hook=show, timeout=TIMEOUT)
        client.execute_interactive(ABOUT, store_history=False, timeout=TIMEOUT, output_hook=lambda message: about.append(
            message["content"]["text"] if message["msg_type"] == "stream" else ""))
    finally:
        client.stop_channels()
        if manager is not None:
            manager.shutdown_kernel(now=True)
    with open(about_path, "w", encoding="utf-8") as out:
        out.write("".join(about))
    return 0 if reply["content"]["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
