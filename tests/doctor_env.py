"""What the check script's tests share: real interpreters found by version, real venvs, the local index,
doctor.py run in a clean environment with the promise that it changed nothing it inspected."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, isolated_env

from installdoctor.verify import interpreters
from installdoctor.verify.localindex import wheels
from installdoctor.verify.localindex.index import LocalIndex

DOCTOR = REPO / "scripts" / "doctor.py"
SYSTEM_PATH = ["/usr/bin", "/bin"]
# A throwaway uid and gid with no groups: a reader who cannot write where root installed things.
UNPRIVILEGED = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def python(version: str) -> str:
    found = interpreters.find(version)
    if found is None:
        pytest.skip(f"not run: no Python {version} on this machine")
    return str(found.executable)


@pytest.fixture(scope="module")
def index_files(tmp_path_factory) -> Path:
    files = tmp_path_factory.mktemp("wheels")
    wheels.build_all(files)
    return files


@pytest.fixture(scope="module")
def index(index_files):
    with LocalIndex(index_files) as served:
        yield served.url


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def make_venv(where: Path, version: str, index_url: str | None = None, packages: tuple[str, ...] = ()) -> Path:
    """A real venv (`python -m venv`) with the pip its Python bundles, and these packages from the index."""
    env = isolated_env(where.parent / "pip-home")
    subprocess.run([python(version), "-m", "venv", "--without-pip", str(where)], check=True, env=env)
    copy_bundled_pip(where, version)
    if packages:
        subprocess.run([str(where / "bin/python"), "-m", "pip", "install", "-q", "--index-url", index_url, *packages],
                       check=True, env=env)
    return where


_ENSUREPIP_VENVS: dict[str, Path] = {}


def copy_bundled_pip(venv: Path, version: str) -> None:
    """What `ensurepip` would install into the venv, copied from one venv per Python version that it did install
    into: ensurepip costs 3-4 s of CPU per venv, the copy a tenth of that. Scripts in bin/ get this venv's path."""
    import atexit
    import tempfile

    if version not in _ENSUREPIP_VENVS:
        made = Path(tempfile.mkdtemp(prefix=f"idoc-ensurepip-{version}-"))
        atexit.register(shutil.rmtree, made, True)
        subprocess.run([python(version), "-m", "venv", str(made / "venv")], check=True, env=isolated_env(made / "home"))
        _ENSUREPIP_VENVS[version] = made / "venv"
    template = _ENSUREPIP_VENVS[version]
    site = Path("lib") / f"python{version}" / "site-packages"
    for entry in (template / site).iterdir():
        copy = shutil.copytree if entry.is_dir() else shutil.copy2
        copy(entry, venv / site / entry.name)
    for script in (template / "bin").glob("pip*"):
        (venv / "bin" / script.name).write_text(script.read_text().replace(str(template), str(venv)))
        (venv / "bin" / script.name).chmod(0o755)


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file, link and directory under the roots, with a hash of each file's bytes."""
    seen: dict[str, str] = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                path = Path(dirpath, name)
                if path.is_symlink():
                    seen[str(path)] = "-> " + os.readlink(path)
                elif path.is_file():
                    seen[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    seen[str(path)] = "dir"
    return seen


def run_doctor(interpreter, *args, cwd: Path, home: Path, path=(), extra_env=None, watch=(),
               script: Path = DOCTOR, as_user: bool = False) -> tuple[int, str, str]:
    """as_user: as a throwaway unprivileged uid (UNPRIVILEGED), for environments it cannot write into."""
    env = isolated_env(home)
    env["PATH"] = os.pathsep.join([*map(str, path), *SYSTEM_PATH])
    # PyPI is never asked from here (its newest releases change): doctor.py compares a mirror with it
    # through https, and an https proxy that refuses every connection ends that request at once.
    env["https_proxy"] = f"http://127.0.0.1:{closed_port()}"
    env.update(extra_env or {})
    roots = [Path(w) for w in watch] + [home]
    before = snapshot(*roots)
    argv = [*(UNPRIVILEGED if as_user else []), str(interpreter), str(script), *args]
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=120)
    out, err = done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")
    assert "Traceback" not in out + err, out + err
    assert snapshot(*roots) == before, "doctor.py changed files it inspected"
    return done.returncode, out, err


def doctor_json(interpreter, *args, **kwargs) -> tuple[int, dict]:
    status, out, err = run_doctor(interpreter, "--json", *args, **kwargs)
    assert status in (0, 1), err
    return status, json.loads(out)


def all_findings(report: dict) -> list[dict]:
    return report["findings"] + [f for package in report["packages"].values() for f in package["findings"]]


def slugs(report: dict, package: str | None = None) -> set[str]:
    found = report["packages"][package]["findings"] if package else report["findings"]
    return {f["guide"].rsplit("/", 1)[-1] for f in found}


@pytest.fixture
def world_readable_dir():
    """pytest's own temp root is private to root; an unprivileged uid needs a path it can walk."""
    import tempfile

    made = Path(tempfile.mkdtemp(prefix="idoc-perm-"))
    made.chmod(0o755)
    yield made
    shutil.rmtree(made, ignore_errors=True)


def marked_python(root: Path, version: str) -> Path:
    """A copy of a real interpreter that its "distribution" marks EXTERNALLY-MANAGED (PEP 668), as Debian does."""
    return copied_python(root, version, marked=True)


def copied_python(root: Path, version: str, marked: bool = False) -> Path:
    """A copy of a real interpreter with its own binary and site-packages (with pip), the stdlib linked file by
    file, and with `marked` the PEP 668 marker beside it: an installation a test may change, the real one never."""
    base = Path(subprocess.run([python(version), "-c", "import sys; print(sys.base_prefix)"], capture_output=True,
                               text=True, check=True).stdout.strip())
    stdlib = base / "lib" / f"python{version}"
    if not (stdlib / "os.py").is_file():
        pytest.skip(f"not run: Python {version} has no lib/python{version} to copy")
    (root / "bin").mkdir(parents=True)
    shutil.copy2(base / "bin" / f"python{version}", root / "bin" / f"python{version}")
    for library in (base / "lib").glob("libpython*"):  # a shared build may find it relative to the binary
        (root / "lib" / library.name).parent.mkdir(parents=True, exist_ok=True)
        (root / "lib" / library.name).symlink_to(library)
    (root / stdlib.relative_to(base) / "site-packages").mkdir(parents=True)
    for entry in stdlib.iterdir():
        if entry.name != "site-packages":
            (root / stdlib.relative_to(base) / entry.name).symlink_to(entry)
    for entry in (stdlib / "site-packages").glob("pip*"):
        (root / stdlib.relative_to(base) / "site-packages" / entry.name).symlink_to(entry)
    for name in ("python3", "python"):  # as a distribution installs it
        (root / "bin" / name).symlink_to(f"python{version}")
    if marked:
        (root / stdlib.relative_to(base) / "EXTERNALLY-MANAGED").write_text(
            "[externally-managed]\nError=To install Python packages system-wide, try apt install python3-xyz.\n")
    return root / "bin" / f"python{version}"


def system_python_copy(prefix: Path, makes_venvs: bool = False) -> tuple[Path, Path]:
    """A copy of the machine's system Python (/usr/bin/python3) in `prefix`, its stdlib linked file by file and
    without the PEP 668 marker, `python` beside it: (the interpreter, its purelib folder, made). makes_venvs: the
    test needs `-m venv` to work with it (Debian ships ensurepip in a package of its own)."""
    system = Path("/usr/bin/python3")
    stdlib = Path(subprocess.run([system, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                                 capture_output=True, text=True).stdout.strip() or "/nonexistent") if system.exists() \
        else Path("/nonexistent")
    if not (stdlib / "os.py").is_file() or (makes_venvs and not (stdlib / "ensurepip").is_dir()):
        pytest.skip("not run: no system Python whose stdlib%s can be linked"
                    % (" (with ensurepip)" if makes_venvs else ""))
    (prefix / "bin").mkdir(parents=True)
    copy = prefix / "bin" / stdlib.name
    shutil.copy2(os.path.realpath(system), copy)
    (prefix / "bin/python").symlink_to(stdlib.name)
    (prefix / "lib" / stdlib.name).mkdir(parents=True)
    for entry in stdlib.iterdir():
        if entry.name != "EXTERNALLY-MANAGED":
            (prefix / "lib" / stdlib.name / entry.name).symlink_to(entry)
    purelib = Path(subprocess.run([copy, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    purelib.mkdir(parents=True, exist_ok=True)
    return copy, purelib


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_doctor(monkeypatch):
    """doctor.py as a module, for the few facts that need no environment of their own."""
    import importlib.util
    import sys

    monkeypatch.setattr(sys, "dont_write_bytecode", sys.dont_write_bytecode)  # doctor.py sets it when loaded
    spec = importlib.util.spec_from_file_location("doctor_module", DOCTOR)
    doctor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(doctor)
    return doctor


def imported_version(python: Path, module: str, env: dict[str, str], cwd: Path) -> str:
    """The __version__ that `import module` gives this Python, run from cwd."""
    done = subprocess.run([str(python), "-c", f"import {module}; print({module}.__version__)"], capture_output=True,
                          text=True, env=env, cwd=cwd, check=True)
    return done.stdout.strip()
