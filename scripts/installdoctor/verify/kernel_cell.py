"""Run one notebook cell in a named Jupyter kernel; print what the notebook shows under the cell.

    python kernel_cell.py KERNEL CELL_FILE ABOUT_FILE

The POSIX driver runs this copy with the scenario's own Python (the reader's environment, which
needs jupyter_client: ipykernel brings it), so it must not import installdoctor and must run on
every Python a scenario uses. The kernel starts from its kernel.json as Jupyter starts it. What the
kernel process itself logs goes where a Jupyter server's log goes, not under the cell; what the
cell prints, returns or raises is shown as the notebook shows it (text, tracebacks without colour).
Exit status 1 when the cell raised. ABOUT_FILE gets the kernel's Python and pip versions, one a
line, for the verified badge (the driver notes the shell's for other steps).
"""

import re
import subprocess
import sys

from jupyter_client.manager import start_new_kernel

COLOURS = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 600  # seconds for one cell: a `%pip install` from the real index can take a while
ABOUT = "import sys; print(sys.version.split()[0])\nimport pip; print(pip.__version__)"


def show(message: dict) -> None:
    kind, content = message["msg_type"], message["content"]
    if kind == "stream":
        sys.stdout.write(content["text"])
    elif kind in ("execute_result", "display_data") and "text/plain" in content["data"]:
        print(content["data"]["text/plain"])
    elif kind == "error":
        print(COLOURS.sub("", "\n".join(content["traceback"])))
    sys.stdout.flush()


def main(kernel: str, path: str, about_path: str) -> int:
    with open(path, encoding="utf-8") as cell:
        code = cell.read()
    about: list = []
    manager, client = start_new_kernel(kernel_name=kernel, stderr=subprocess.DEVNULL)
    try:
        reply = client.execute_interactive(code, output_hook=show, timeout=TIMEOUT)
        client.execute_interactive(ABOUT, store_history=False, timeout=TIMEOUT, output_hook=lambda message: about.append(
            message["content"]["text"] if message["msg_type"] == "stream" else ""))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    with open(about_path, "w", encoding="utf-8") as out:
        out.write("".join(about))
    return 0 if reply["content"]["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
