"""The clean room a scenario runs in: its own HOME, no pip settings of the machine, no network.

Only a short list of the machine's variables passes through (TLS settings, so the
real index still works, and what Windows needs to start programs); everything else,
PIP_*, UV_*, VIRTUAL_ENV, CONDA_* and PYTHON* included, is dropped. uv is kept from the
machine as pip is (`uv_settings`): no configuration file, the index pip is given, a cache in HOME.

The tooling's own pip (the venv bootstrap, the pinned pip of the tables, Zensical's venv) and its
interpreter probes run in a lighter one, `clean_pip_env`: the machine's environment without its
pip settings. `python -m installdoctor.verify.isolation COMMAND ...` runs a command in it (the Makefile).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

KEEP = (
    "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NIX_SSL_CERT_FILE",
    # Windows cannot start processes without these
    "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "PROGRAMDATA", "PROCESSOR_ARCHITECTURE",
)
FIXED = {"LC_ALL": "C", "LANG": "C", "TZ": "UTC", "COLUMNS": "80", "TERM": "dumb"}
POSIX_SYSTEM_PATH = ("/usr/bin", "/bin", "/usr/sbin", "/sbin")


def environment(base: dict[str, str], *, home: str, tmp: str, path: list[str], extra: dict[str, str]) -> dict[str, str]:
    env = {name: base[name] for name in KEEP if name in base}
    env.update(FIXED)
    env.update(
        HOME=home,
        USERPROFILE=home,
        # Windows keeps pip's cache (%LOCALAPPDATA%) and user config (%APPDATA%) here: inside the clean room too.
        LOCALAPPDATA=os.path.join(home, "AppData", "Local"),
        APPDATA=os.path.join(home, "AppData", "Roaming"),
        TMPDIR=tmp,
        TEMP=tmp,
        TMP=tmp,
        PATH=os.pathsep.join(path),
        # pip reads /etc/pip.conf and /etc/xdg/pip/pip.conf even beside an empty PIP_CONFIG_FILE;
        # os.devnull (an empty file) is the one value with which pip loads no config file at all.
        PIP_CONFIG_FILE=os.devnull,
        XDG_CONFIG_DIRS=os.path.join(tmp, "no-xdg-config"),
    )
    env.update(extra)
    env.update(uv_settings(env))
    return env


def uv_settings(env: dict[str, str]) -> dict[str, str]:
    """uv as isolated as pip: no uv.toml of the machine (/etc/uv/uv.toml is read whatever XDG_CONFIG_DIRS says,
    so UV_NO_CONFIG: a uv scenario's project keeps its settings out of [tool.uv]), the index pip is pointed at
    (the local index), no Python downloaded behind the scenario's back. Its cache is under the scenario's HOME."""
    settings = {"UV_NO_CONFIG": "1", "UV_PYTHON_DOWNLOADS": "never"}
    if "PIP_INDEX_URL" in env:
        settings["UV_DEFAULT_INDEX"] = env["PIP_INDEX_URL"]
    return settings


def clean_pip_env(cache: str | None = None, base: dict[str, str] | None = None) -> dict[str, str]:
    """The machine's environment with no pip configuration (no PIP_* variable; PIP_CONFIG_FILE=os.devnull, with
    which pip reads no file at all) and nothing that steers an interpreter (PYTHON*, VIRTUAL_ENV); TLS stays."""
    base = os.environ if base is None else base
    env = {k: v for k, v in base.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if cache:
        env["PIP_CACHE_DIR"] = cache
    return env


def system_path() -> list[str]:
    """The operating system's own program folders, and on Windows PowerShell's: nothing of Python's."""
    if os.name == "posix":
        return [d for d in POSIX_SYSTEM_PATH if os.path.isdir(d)]
    system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
    folders = [os.path.join(system_root, "System32"), system_root, os.path.join(system_root, "System32", "Wbem"),
               os.path.join(system_root, "System32", "WindowsPowerShell", "v1.0")]
    if pwsh := shutil.which("pwsh"):
        folders.append(os.path.dirname(pwsh))
    return [d for d in folders if os.path.isdir(d)]


# --- no network: a new network namespace with only loopback -------------------------------

def _works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def offline_prefix() -> list[str] | None:
    """argv prefix that runs a command without network (`unshare -n`), or None where the kernel refuses."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return None
    # --mount too: a scenario about pip's own configuration hides the machine's /etc/pip.conf with a bind mount.
    for argv in (["unshare", "--net", "--mount"], ["unshare", "--map-root-user", "--net", "--mount"],
                 ["unshare", "--net"], ["unshare", "--map-root-user", "--net"]):
        if _works(argv + ["true"]):
            return argv
    return None


def loopback_up() -> None:
    """Inside a fresh network namespace `lo` is down; bring it up so 127.0.0.1 works."""
    import fcntl
    import socket
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(sock, siocgifflags, request))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sH14s", b"lo", flags | iff_up, b""))


# --- pip configuration as the subject of a scenario --------------------------------------

MACHINE_PIP_CONFIG = "/etc/pip.conf"  # the one global file pip reads whatever XDG_CONFIG_DIRS says


def hide_machine_pip_config(empty_file: str) -> str | None:
    """Cover /etc/pip.conf with an empty file in this mount namespace; an error sentence if that is impossible."""
    if not os.path.exists(MACHINE_PIP_CONFIG):
        return None
    open(empty_file, "w").close()
    if problem := _mount(["--bind", empty_file, MACHINE_PIP_CONFIG]):
        return f"cannot hide {MACHINE_PIP_CONFIG} (needs a mount namespace): {problem}"
    return None


def overlay_interpreter(prefix: str, scratch: str) -> str | None:
    """Cover a real interpreter's install prefix with a writable overlay in this mount namespace:
    a scenario may `pip install` into the "system" Python, and the machine's copy never changes."""
    upper, work = os.path.join(scratch, "upper"), os.path.join(scratch, "work")
    os.makedirs(upper)
    os.makedirs(work)
    options = f"lowerdir={prefix},upperdir={upper},workdir={work}"
    if problem := _mount(["-t", "overlay", "overlay", "-o", options, prefix]):
        return f"cannot overlay {prefix}: {problem}"
    return None


UNPRIVILEGED_UID = 65534  # "nobody": the throwaway user of permission scenarios


def expose_to_everyone(prefixes: list[str], scratch: str) -> str | None:
    """Make interpreter prefixes reachable by any user in this mount namespace, even under a private
    home such as /root: keep each prefix aside, cover the private ancestor with an empty tmpfs, put the
    prefixes back at their paths. Nothing changes outside the namespace."""
    private = sorted({_private_ancestor(p) for p in prefixes} - {None})
    if not private:
        return None
    keep = []
    for number, prefix in enumerate(prefixes):
        aside = os.path.join(scratch, f"keep-{number}")
        os.makedirs(aside)
        keep.append((prefix, aside))
        if (problem := _mount(["--bind", prefix, aside])):
            return problem
    for directory in private:
        if (problem := _mount(["-t", "tmpfs", "-o", "mode=0755", "tmpfs", directory])):
            return problem
    for prefix, aside in keep:
        os.makedirs(prefix, exist_ok=True)
        if (problem := _mount(["--bind", aside, prefix])):
            return problem
    return None


KEPT_WRITABLE = ("/proc", "/sys", "/dev")  # kernel interfaces: /dev/null must stay writable


MACHINE_PROGRAMS = ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")
PYTHON_OR_PIP = re.compile(r"^(?:python|pip)[0-9.]*$")


def hide_machine_pythons(empty_file: str, wanted: list[str]) -> str | None:
    """Cover the machine's own `python*` and `pip*` programs with an empty, non-executable file in this
    mount namespace: a scenario sees only the interpreters it asks for (`pythons = [...]`), so what the
    check script finds and which `pip` is first on PATH do not depend on the machine that verifies."""
    open(empty_file, "w").close()
    os.chmod(empty_file, 0o644)
    covered = {os.path.realpath(p) for p in wanted}  # the scenario's own interpreters stay
    for directory in MACHINE_PROGRAMS:
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            real = os.path.realpath(os.path.join(directory, name))
            if PYTHON_OR_PIP.match(name) and os.path.isfile(real) and real not in covered:
                covered.add(real)
                if problem := _mount(["--bind", empty_file, real]):
                    return problem
    return None


def own_mounts(writable: list[str]) -> str | None:
    """First thing in the worker: each writable folder becomes a mount of its own, so that everything
    written later (overlays, the index, the steps) goes through it and not through its filesystem's
    mount, which `contain` then makes read-only (a mount with writers cannot be)."""
    for path in writable:
        if os.path.abspath(path).startswith("/tmp/"):
            return f"cannot contain a scenario whose writable folder {path} is under /tmp (it gets a private /tmp)"
        if problem := _mount(["--bind", path, path]):
            return problem
    return None


def contain(writable: list[str], overlays: list[str]) -> str | None:
    """In this mount namespace, make the whole filesystem read-only except `writable` (the scenario's
    root, the verifier's work folder: see `own_mounts`), the interpreters' throwaway `overlays` and a
    private, empty /tmp: a step that writes into /etc, the real home or /tmp fails, or writes into
    nothing that outlives the scenario. Nothing changes outside."""
    if problem := _mount(["-t", "tmpfs", "-o", "mode=1777", "tmpfs", "/tmp"]):
        return problem
    keep = {os.path.abspath(p) for p in [*writable, *overlays]} | {"/tmp"}
    for point in _mount_points():
        if point in keep or any(point == k or point.startswith(k + "/") for k in KEPT_WRITABLE) or point.startswith("/tmp/"):
            continue
        if problem := _mount(["-o", "remount,bind,ro", point]):
            return problem
    return None


def _mount_points() -> list[str]:
    """Every mount point of this namespace that is still writable, outermost first."""
    points = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            fields = line.split()
            point, options = fields[4].replace("\\040", " "), fields[5].split(",")
            if "ro" not in options:
                points.append(point)
    return sorted(set(points), key=lambda p: (p.count("/"), p))


def mount_namespace_prefix() -> list[str] | None:
    """argv prefix that runs a command in its own mount namespace (live scenarios: network kept)."""
    if sys.platform.startswith("linux") and shutil.which("unshare") and _works(["unshare", "--mount", "true"]):
        return ["unshare", "--mount"]
    return None


def _private_ancestor(path: str) -> str | None:
    """The outermost directory above `path` that other users cannot enter, or None."""
    parts = os.path.abspath(path).split(os.sep)
    for depth in range(2, len(parts)):
        directory = os.sep.join(parts[:depth])
        if not os.stat(directory).st_mode & 0o001:
            return directory
    return None


def _mount(arguments: list[str]) -> str | None:
    done = subprocess.run(["mount", *arguments], capture_output=True, text=True)
    return None if done.returncode == 0 else f"mount {' '.join(arguments)}: {done.stderr.strip()}"


def main(argv: list[str]) -> int:
    """Run a command in `clean_pip_env` (the Makefile installs the lock with it)."""
    if not argv:
        print("usage: python -m installdoctor.verify.isolation COMMAND [ARG ...]", file=sys.stderr)
        return 2
    os.execvpe(argv[0], argv, clean_pip_env())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
