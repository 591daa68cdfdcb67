"""Every fix doctor.py prints is proven (issue 16): for each finding whose `fix` is a command, the real broken
environment that produces it is built, doctor.py names the finding, the `fix` is run exactly as printed by bash in
the reader's shell (their folder, their PATH, their pip configuration), and doctor.py run again in that same shell
(`python doctor.py`, so an activated venv counts) no longer names it; where a package was named, `import` now
gives the version the fix promised.

A finding whose fix is not one command has `fix` empty and says what to do in `fix_words`. The last tests keep
the lists honest: every finding id in doctor.py's source is in the matrix or in a commented list below.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import isolated_env
from doctor_env import (DOCTOR, SYSTEM_PATH, UNPRIVILEGED, all_findings, closed_port, copied_python,  # noqa: F401
                        doctor_json, index_files, load_doctor, make_venv, python, snapshot, system_python_copy,
                        world_readable_dir)

from installdoctor.verify import interpreters
from installdoctor.verify.localindex.index import LocalIndex

NOBODY = 65534  # the uid and gid in UNPRIVILEGED


@pytest.fixture(scope="module")
def index(index_files):
    """The local index serving each wheel's METADATA beside it (PEP 658), as PyPI does: doctor.py reads it to tell
    whether a newer release of a pinning package lifts the pin."""
    with LocalIndex(index_files, core_metadata=True) as served:
        yield served.url


@dataclass
class Reader:
    """The reader's shell: `python` on PATH is `python`; they work in `cwd`, with `path` first on PATH and `env`."""

    python: Path
    cwd: Path
    home: Path
    args: tuple[str, ...] = ("--offline",)  # what they pass to doctor.py
    path: list[Path] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # module -> its version once the fix ran
    unchanged: list[Path] = field(default_factory=list)  # what the fix must not touch
    as_user: bool = False  # the reader is an unprivileged uid (for places they cannot write)


def shell_env(reader: Reader, index: str) -> dict[str, str]:
    env = isolated_env(reader.home)
    env["PATH"] = os.pathsep.join([*map(str, reader.path or [reader.python.parent]), *SYSTEM_PATH])
    env["PIP_INDEX_URL"] = index  # the reader's pip asks "their" index: the local one stands for PyPI
    if index.startswith("http://127.0.0.1"):
        env["https_proxy"] = f"http://127.0.0.1:{closed_port()}"  # then PyPI itself is never asked (see doctor_env)
    env.update(reader.env)
    return env


def diagnose(reader: Reader, index: str) -> dict:
    extra = {k: v for k, v in shell_env(reader, index).items() if k in ("PIP_INDEX_URL", *reader.env)}
    _, report = doctor_json(reader.python, *reader.args, cwd=reader.cwd, home=reader.home,
                            path=reader.path or [reader.python.parent], extra_env=extra, as_user=reader.as_user,
                            watch=[reader.cwd])
    return report


def apply_as_printed(fix: str, reader: Reader, index: str) -> tuple[dict, dict[str, str]]:
    """Run `fix` in bash as the reader would, then, in the same shell, doctor.py and the imports: (report,
    {module: version})."""
    work = reader.home / ".fix-run"
    work.mkdir(exist_ok=True)
    lines = [fix, 'status=$?; [ "$status" = 0 ] || { echo "the fix failed with status $status" >&2; exit 97; }',
             f'python {DOCTOR.name} --json {" ".join(reader.args)} > {work}/report.json',
             f'echo $? > {work}/doctor-status']
    lines += [f'python -c "import {m}; print({m}.__version__)" >> {work}/imports || echo "(no {m})" >> {work}/imports'
              for m in reader.imports]
    (work / "fix.sh").write_text("\n".join(lines) + "\n")
    if not (reader.cwd / DOCTOR.name).exists():
        shutil.copy(DOCTOR, reader.cwd / DOCTOR.name)  # they downloaded it into the folder they work in
    if reader.as_user:
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(work)], check=True)
    before = snapshot(*reader.unchanged)
    done = subprocess.run([*(UNPRIVILEGED if reader.as_user else []), "bash", "--noprofile", "--norc",
                           str(work / "fix.sh")], cwd=reader.cwd, env=shell_env(reader, index), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{fix}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    assert (work / "doctor-status").read_text().strip() in ("0", "1"), done.stderr
    assert snapshot(*reader.unchanged) == before, "the fix changed what it had no reason to touch"
    versions = (work / "imports").read_text().splitlines() if reader.imports else []
    return json.loads((work / "report.json").read_text()), dict(zip(reader.imports, versions))


# --------------------------------------------------------------------------- the broken environments


def newest_pip_for(python_version: str) -> str:
    """The newest pip the local index serves for this Python: what `pip install --upgrade pip` picks there."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from installdoctor.verify.localindex.bundled import bundled_pip_wheels, requires_python

    return str(max(Version(w.name.split("-")[1]) for w in bundled_pip_wheels()
                   if python_version + ".0" in SpecifierSet(requires_python(w) or "")))


def old_pip(root: Path, index: str) -> Reader:
    venv = make_venv(root / "venv", "3.8", index, ("pip==19.2.3",))
    return Reader(venv / "bin/python", root, root / "home", imports={"pip": newest_pip_for("3.8")})


def no_pip(root: Path, index: str) -> Reader:
    venv = root / "venv"
    subprocess.run([python("3.12"), "-m", "venv", "--without-pip", str(venv)], check=True)
    bundled = subprocess.run([str(venv / "bin/python"), "-c", "import ensurepip; print(ensurepip.version())"],
                             capture_output=True, text=True, check=True).stdout.strip()
    return Reader(venv / "bin/python", root, root / "home", imports={"pip": bundled})


def project_venv_not_active(root: Path, index: str) -> Reader:
    """An editor (or a shell) runs another Python in the project whose .venv already has what it needs."""
    project = root / "project"
    project.mkdir()
    venv = make_venv(project / ".venv", "3.12", index, ("example-lib==2.0",))
    other = make_venv(root / "other", "3.8")
    return Reader(other / "bin/python", project, root / "home", args=("--offline", "example-lib"),
                  imports={"example_lib": "2.0"}, unchanged=[venv])


def system_python(root: Path, index: str, marked: bool = True, packages: tuple[str, ...] = ()) -> Reader:
    """A Python installed like a distribution's (its own prefix; `python` beside `python3.12`), PEP 668-marked."""
    interpreter = copied_python(root / "usr", "3.12", marked=False)
    if packages:
        subprocess.run([str(interpreter), "-m", "pip", "install", "-q", "--index-url", index, *packages], check=True,
                       env=isolated_env(root / "pip-home"), capture_output=True)
    if marked:
        stdlib = next((root / "usr/lib").glob("python3.12"))
        (stdlib / "EXTERNALLY-MANAGED").write_text("[externally-managed]\nError=Use apt, or a venv.\n")
    work = root / "work"
    work.mkdir()
    return Reader(interpreter.parent / "python", work, root / "home")


def externally_managed(root: Path, index: str) -> Reader:
    return system_python(root, index)


def upgrade_under_pep668(root: Path, index: str) -> Reader:
    reader = system_python(root, index, packages=("example-lib==1.0",))
    reader.args, reader.imports = ("example-lib", "--no-survey"), {"example_lib": "2.0"}
    return reader


def system_owned_duplicates(root: Path, index: str) -> Reader:
    reader = system_python(root, index)
    site_packages = next((root / "usr/lib").glob("python3.12/site-packages"))
    for version in ("1.0", "2.0"):
        (site_packages / f"example_lib-{version}.dist-info").mkdir()
        (site_packages / f"example_lib-{version}.dist-info/METADATA").write_text(
            f"Metadata-Version: 2.1\nName: example-lib\nVersion: {version}\n")
    reader.imports = {"example_lib": "2.0"}
    return reader


def unwritable_system_python(root: Path, index: str) -> Reader:
    """A copy of the system Python (unmarked) whose site-packages root owns: the reader cannot write there."""
    system_python_copy(root / "usr", makes_venvs=True)
    return nobody_at_home(Reader(root / "usr/bin/python", root, root / "home"))


def unwritable_venv(root: Path, index: str) -> Reader:
    venv = root / "root-owned-venv"
    if subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], capture_output=True).returncode != 0:
        pytest.skip("not run: no system Python that can make a venv")
    return nobody_at_home(Reader(venv / "bin/python", root, root / "home"))


def nobody_at_home(reader: Reader) -> Reader:
    """The reader is an unprivileged uid, working in their own home folder."""
    if os.geteuid() != 0:
        pytest.skip("not run: needs root to switch to a throwaway unprivileged uid")
    reader.home.mkdir(exist_ok=True)
    os.chown(reader.home, NOBODY, NOBODY)
    reader.cwd, reader.as_user = reader.home, True
    return reader


def user_site_hides_site_packages(root: Path, index: str) -> Reader:
    """`pip install --user` left example-lib 1.0 in the user site; it hides the 2.0 in site-packages."""
    interpreter = copied_python(root / "usr", "3.12")
    reader = Reader(interpreter, root, root / "home", imports={"example_lib": "2.0"})
    env = dict(isolated_env(reader.home), PIP_INDEX_URL=index)
    for flags in (("--user", "example-lib==1.0"), ("--ignore-installed", "example-lib==2.0")):
        subprocess.run([str(interpreter), "-m", "pip", "install", "-q", *flags], check=True, env=env,
                       capture_output=True)
    return reader


def user_site_beside_a_venv(root: Path, index: str) -> Reader:
    """A venv made with --system-site-packages also sees the user site, where example-lib 1.0 was left."""
    base = copied_python(root / "usr", "3.12")
    reader = Reader(root / "venv/bin/python", root, root / "home", imports={"example_lib": "2.0"})
    env = dict(isolated_env(reader.home), PIP_INDEX_URL=index)
    subprocess.run([str(base), "-m", "pip", "install", "-q", "--user", "example-lib==1.0"], check=True, env=env,
                   capture_output=True)
    subprocess.run([str(base), "-m", "venv", "--system-site-packages", str(root / "venv")], check=True, env=env)
    subprocess.run([str(reader.python), "-m", "pip", "install", "-q", "--ignore-installed", "example-lib==2.0"],
                   check=True, env=env, capture_output=True)
    return reader


def target_folder_installed_twice(root: Path, index: str) -> Reader:
    """`pip install --target libs` twice; the second, without --upgrade, kept the first one's code."""
    venv = make_venv(root / "venv", "3.12")
    for version in ("1.0", "2.0"):
        subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--index-url", index, "--target",
                        str(root / "libs"), f"example-lib=={version}"], check=True,
                       env=isolated_env(root / "pip-home"), capture_output=True)
    return Reader(venv / "bin/python", root, root / "home", env={"PYTHONPATH": str(root / "libs")},
                  imports={"example_lib": "2.0"})


def venv_with(root: Path, index: str, version: str, *packages: str) -> Path:
    return make_venv(root / "venv", version, index, packages)


def two_dist_infos(root: Path, index: str) -> Reader:
    venv = venv_with(root, index, "3.12", "example-lib==2.0")
    site_packages = next((venv / "lib").glob("python3.12/site-packages"))
    shutil.copytree(site_packages / "example_lib-2.0.dist-info", site_packages / "example_lib-1.0.dist-info")
    return Reader(venv / "bin/python", root, root / "home", imports={"example_lib": "2.0"})


def broken_dist_info(root: Path, index: str) -> Reader:
    venv = venv_with(root, index, "3.12", "example-lib==2.0")
    next((venv / "lib").glob("python3.12/site-packages/example_lib-2.0.dist-info/METADATA")).unlink()
    return Reader(venv / "bin/python", root, root / "home", imports={"example_lib": "2.0"})


def final_release_and_a_newer_prerelease(root: Path, index: str) -> Reader:
    venv = venv_with(root, index, "3.8", "previewlib==1.4.0")
    return Reader(venv / "bin/python", root, root / "home", args=("previewlib", "--no-survey"),
                  imports={"previewlib": "2.0.0rc1"})


def only_a_prerelease_fits(root: Path, index: str) -> Reader:
    venv = venv_with(root, index, "3.12")
    return Reader(venv / "bin/python", root, root / "home", args=("previewlib", "--no-survey"),
                  imports={"previewlib": "2.0.0rc1"})


def an_upgrade_waits(root: Path, index: str) -> Reader:
    venv = venv_with(root, index, "3.12", "example-lib==1.0")
    return Reader(venv / "bin/python", root, root / "home", args=("example-lib", "--no-survey"),
                  imports={"example_lib": "2.0"})


def a_newer_pinner_lifts_the_pin(root: Path, index: str) -> Reader:
    """example-addon 1.0 requires example-lib<2; its newest release, 2.0, allows example-lib 2."""
    venv = venv_with(root, index, "3.12", "example-lib==1.0", "example-addon==1.0")
    return Reader(venv / "bin/python", root, root / "home", args=("example-lib", "--no-survey"),
                  imports={"example_lib": "2.0", "example_addon": "2.0"})


def pyenv_with(root: Path, *versions: str) -> Path:
    """A pyenv root holding these real Pythons (the survey looks there)."""
    pyenv = root / "pyenv"
    for version in versions:
        found = interpreters.find(version) or pytest.skip(f"not run: no Python {version} on this machine")
        (pyenv / "versions").mkdir(parents=True, exist_ok=True)
        (pyenv / "versions" / found.version).symlink_to(found.base_prefix)
    return pyenv


def project_on_an_old_python(root: Path, index: str) -> Reader:
    """The project's .venv runs Python 3.8 (TensorFlow stops at 2.13.1 there); Python 3.12 is on the machine."""
    project = root / "project"
    project.mkdir()
    venv = make_venv(project / ".venv", "3.8", index, ("tensorflow==2.13.1",))
    return Reader(venv / "bin/python", project, root / "home", args=("tensorflow",),
                  env={"PYENV_ROOT": str(pyenv_with(root, "3.12"))}, imports={"tensorflow": "2.21.0"})


def no_wheel_for_this_python(root: Path, index: str) -> Reader:
    """fastmath 3.0 ships wheels for CPython 3.11+ only; this venv runs 3.8."""
    venv = venv_with(root, index, "3.8", "fastmath==2.0")
    work = root / "work"
    work.mkdir()
    return Reader(venv / "bin/python", work, root / "home", args=("fastmath",),
                  env={"PYENV_ROOT": str(pyenv_with(root, "3.12"))}, imports={"fastmath": "3.0"})


# finding id -> the environments that produce it with a command as its fix (an id may have several shapes)
MATRIX = {
    "old-pip": [old_pip],
    "pip-missing": [no_pip],
    "venv-not-active": [project_venv_not_active],
    "externally-managed": [externally_managed],
    "upgrade-available": [an_upgrade_waits, upgrade_under_pep668],
    "duplicate-metadata-system": [system_owned_duplicates],
    "site-packages-not-writable": [unwritable_system_python],
    "venv-not-writable": [unwritable_venv],
    "shadowing": [user_site_hides_site_packages],
    "shadowing-user-site": [user_site_beside_a_venv],
    "target-directory": [target_folder_installed_twice],
    "duplicate-metadata": [two_dist_infos],
    "broken-metadata": [broken_dist_info],
    "prerelease-available": [final_release_and_a_newer_prerelease],
    "only-prerelease": [only_a_prerelease_fits],
    "dependency-pin": [a_newer_pinner_lifts_the_pin],
    "requires-python": [project_on_an_old_python],
    "no-compatible-wheel": [no_wheel_for_this_python],
}

# Proven by their own test below (the fix needs ipykernel from the real index).
PROVEN_BELOW = {"jupyter-kernel-other-python", "jupyter-kernel-missing-python"}

# Proven in tests/test_doctor.py, which builds each broken environment, runs the fix as printed (apply_fix) and
# checks the finding is gone and the import gives the new version.
PROVEN_IN_TEST_DOCTOR = {"renamed-package-beside-tensorflow", "renamed-package-discontinued", "stale-egg-or-editable",
                         "upgrade-strategy"}

# A finding whose fix is not one command: `fix` is empty, `fix_words` says what to do.
WORDS_ONLY = {
    # Habits, not a state to repair: run pip as `python -m pip`; PATH stays as it is.
    "pip-python-mismatch", "pip-is-a-shim",
    # The reader's own configuration: the fix is removing or editing a line in a file (or a variable) they keep.
    "pip-config-unreadable", "pip-constraint-missing", "pip-constraints-in-effect", "pip-constraint",
    "pip-constraint-caps", "mirror-lags", "not-on-index",
    # every "pip-config-KEY" finding (PIP_CONFIG_NOTES): remove the setting where it is set
    "pip-config-*",
    # The network, or the reader's requirement (change it, or use another Python): no command decides that.
    "index-unreachable", "requirement-not-installable",
    # conda: install with conda, or move pip packages; the conda job's guide shows the commands.
    "conda-env-not-this-python", "conda-pip-overlap", "conda-untracked",
    # Needs another Python installed first (there is no 32-bit Python here to show the finding either).
    "32-bit-python",
    # A broken kernel.json: mend it or delete it, the reader decides.
    "jupyter-kernel-unreadable",
    # The editor's own choice of interpreter ("Python: Select Interpreter"), or a line in a project file to change.
    "editor-interpreter", "editor-interpreter-missing", "editor-runs-project-venv", "project-pin",
    # Windows' PATH and app execution aliases, an arm64 Python on a Mac: installed or switched by the reader.
    "windows-store-alias", "windows-launcher-differs", "macos-x86_64-on-arm64",
}

# Notes with nothing to do: no `fix`, no `fix_words`.
NO_FIX = {"editor-interpreter-unresolved", "editor-settings-unreadable", "check-failed", "no-files", "yanked", "yanked-release", "older-than-newest", "requirement-not-checked",
          "requirement-not-for-here", "pip-constraint-url"}

# Not reproducible with the local index's packages: every release the fixtures can hold back on one Python but
# not another gives a requires-python or no-compatible-wheel finding, whose fix the survey replaces instead.
NOT_REPRODUCIBLE_HERE = {"newer-on-another-python"}


def cases():
    return [pytest.param(finding_id, build, id=f"{finding_id}:{build.__name__}")
            for finding_id, builds in MATRIX.items() for build in builds]


@pytest.mark.parametrize("finding_id, build", cases())
def test_the_fix_as_printed_removes_the_finding(finding_id, build, index, world_readable_dir):
    reader = build(world_readable_dir, index)
    report = diagnose(reader, index)
    assert_fields_follow_the_contract(report)
    found = [f for f in all_findings(report) if f["id"] == finding_id]
    assert found, [(f["id"], f["fix"]) for f in all_findings(report)]
    assert found[0]["fix"] and not found[0]["fix_words"], found[0]

    after, imported = apply_as_printed(found[0]["fix"], reader, index)
    assert finding_id not in {f["id"] for f in all_findings(after)}, (found[0]["fix"], all_findings(after))
    assert imported == reader.imports


def assert_fields_follow_the_contract(report: dict) -> None:
    """`fix` is one command or empty; words go to `fix_words`; a words-only finding never has a command."""
    for item in all_findings(report):
        assert isinstance(item["fix"], str) and isinstance(item["fix_words"], str)
        assert not (item["fix"] and item["fix_words"]), item
        assert "..." not in item["fix"] and "PACKAGE" not in item["fix"], item  # no placeholder to fill in
        if words_only(item["id"]) or item["id"] in NO_FIX:
            assert item["fix"] == "", item
        if item["id"] in NO_FIX:
            assert item["fix_words"] == "", item


def words_only(finding_id: str) -> bool:
    return finding_id in WORDS_ONLY or (finding_id.startswith("pip-config-") and "pip-config-*" in WORDS_ONLY
                                        and finding_id != "pip-config-unreadable")


# --------------------------------------------------------------------------- the pin that no release lifts


def test_no_release_of_the_pinning_package_lifts_the_pin_so_words_come_first(index, world_readable_dir):
    """The numpy<2 case: every example-plugin release requires example-lib<2. Upgrading both together cannot
    give example-lib 2.0, so the advice is not that command, and it says no release allows it yet."""
    root = world_readable_dir
    venv = venv_with(root, index, "3.12", "example-lib==1.0", "example-plugin==1.0")
    reader = Reader(venv / "bin/python", root, root / "home", args=("example-lib", "--no-survey"))
    [pin] = [f for f in all_findings(diagnose(reader, index)) if f["id"] == "dependency-pin"]
    assert pin["fix"] == ""
    assert pin["fix_words"].startswith(
        "No release of example-plugin allows example-lib 2.0 yet (the newest, 1.1, requires example-lib<2): "
        "keep example-lib as it is, or uninstall example-plugin")

    # what the words say, checked: upgrading both together leaves example-lib at 1.0
    env = dict(isolated_env(root / "pip-home"), PIP_INDEX_URL=index)
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--upgrade", "example-lib",
                    "example-plugin"], check=True, env=env, capture_output=True)
    version = subprocess.run([str(venv / "bin/python"), "-c", "import example_lib; print(example_lib.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "1.0"

    # offline doctor.py cannot read the newest release's requirements: both ways, no command
    reader.args = ("example-lib", "--offline")
    [pin] = [f for f in all_findings(diagnose(reader, index)) if f["id"] == "dependency-pin"]
    assert pin["fix"] == "" and pin["fix_words"].startswith("If a newer example-plugin allows example-lib, upgrade")


def test_a_pin_lifted_only_part_way_says_how_far_upgrading_both_gets(monkeypatch):
    """tensorflow-text 2.20.0 (its newest) still caps tensorflow below 2.21: upgrading both gets 2.20.0."""
    doctor = load_doctor(monkeypatch)
    versions = [doctor.parse_version(v) for v in ("2.21.0", "2.20.0", "2.13.1")]
    fix = doctor.pin_fix("tensorflow", versions[0], "tensorflow-text", doctor.parse_specifier(">=2.13.0,<2.14"),
                         ("2.20.0", ["tensorflow<2.21,>=2.20.0"]), versions)
    assert fix == {"words": "No release of tensorflow-text allows tensorflow 2.21.0 yet (the newest, 2.20.0, requires "
                            "tensorflow<2.21,>=2.20.0): keep tensorflow as it is, or uninstall tensorflow-text ("
                            + doctor.pip_command("uninstall tensorflow-text") + ") or replace it, or give it a venv of "
                            "its own. Upgrading both together gets tensorflow 2.20.0: "
                            + doctor.pip_command("install --upgrade tensorflow tensorflow-text")}


# --------------------------------------------------------------------------- Jupyter kernels (ipykernel from PyPI)


@pytest.mark.live
def test_the_kernel_fixes_as_printed(world_readable_dir):
    """A kernel that runs another Python, and one whose Python is gone: each fix as printed, in turn."""
    root = world_readable_dir
    venv = make_venv(root / "project/.venv", "3.12")
    kernels = root / "home/.local/share/jupyter/kernels"
    for name, interpreter in (("old", python("3.11")), ("gone", str(root / "deleted/bin/python"))):
        (kernels / name).mkdir(parents=True)
        (kernels / name / "kernel.json").write_text(json.dumps(
            {"argv": [interpreter, "-m", "ipykernel_launcher", "-f", "{connection_file}"], "language": "python"}))
    reader = Reader(venv / "bin/python", root / "project", root / "home")
    for finding_id in ("jupyter-kernel-other-python", "jupyter-kernel-missing-python"):
        report = diagnose(reader, "https://pypi.org/simple")
        assert_fields_follow_the_contract(report)
        [found] = [f for f in all_findings(report) if f["id"] == finding_id]
        assert found["fix"] and not found["fix_words"], found
        after, _ = apply_as_printed(found["fix"], reader, "https://pypi.org/simple")
        assert finding_id not in {f["id"] for f in all_findings(after)}, all_findings(after)


# --------------------------------------------------------------------------- no finding skips the matrix


def finding_ids_in_source(monkeypatch) -> set[str]:
    """Every id doctor.py can emit: `finding("ID", …` in its source, and "pip-config-" + each PIP_CONFIG_NOTES key."""
    source = DOCTOR.read_text()
    literal = set(re.findall(r'finding\(\s*"([a-z0-9_-]+)"(?!\s*\+)', source))
    families = set(re.findall(r'finding\(\s*"([a-z0-9_-]+)"\s*\+', source))
    assert families == {"pip-config-"}, f"a new family of finding ids: {families}; expand it here"
    keys = [key for key, _ in load_doctor(monkeypatch).PIP_CONFIG_NOTES]
    return literal | {"pip-config-" + key for key in keys}


def test_every_finding_is_in_the_matrix_or_listed_with_its_reason(monkeypatch):
    emitted = finding_ids_in_source(monkeypatch)
    assert len(emitted) > 40  # the pattern still finds them
    listed = set(MATRIX) | PROVEN_BELOW | PROVEN_IN_TEST_DOCTOR | WORDS_ONLY | NO_FIX | NOT_REPRODUCIBLE_HERE
    missing = sorted(i for i in emitted if i not in listed and not words_only(i))
    assert missing == [], f"findings in neither the matrix nor a list: {missing}"
    stale = sorted(i for i in listed - {"pip-config-*"} if i not in emitted)
    assert stale == [], f"listed but doctor.py emits no such finding: {stale}"
    overlap = [set(MATRIX) & WORDS_ONLY, set(MATRIX) & NO_FIX, WORDS_ONLY & NO_FIX]
    assert overlap == [set(), set(), set()]


def test_no_fix_on_the_real_system_python_is_a_command_it_refuses(tmp_path):
    """On the machine's own system Python (Debian marks it EXTERNALLY-MANAGED, dpkg owns its packages), every
    `fix` doctor.py prints is one pip does not refuse: never `<system python> -m pip install|uninstall`."""
    system = Path("/usr/bin/python3")
    if not system.exists():
        pytest.skip("not run: no /usr/bin/python3")
    home = tmp_path / "home"
    _, report = doctor_json(system, "--offline", cwd=tmp_path, home=home)
    assert_fields_follow_the_contract(report)
    refused = re.compile(r"(^|&& )%s -m (pip (install|uninstall)|ensurepip)" % re.escape(str(system)))
    marked = subprocess.run([system, "-c", "import sys, sysconfig, os; print(os.path.isfile(os.path.join("
                             "sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED')))"],
                            capture_output=True, text=True).stdout.strip() == "True"
    if marked:
        assert [f for f in all_findings(report) if refused.search(f["fix"])] == []
