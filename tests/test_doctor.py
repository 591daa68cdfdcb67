"""doctor.py against real broken environments: real interpreters, real venvs, real pip, the local index.

Every run asserts the same promises: the right guide slug, the exit status, no
traceback, and not one byte changed in the environment it inspected.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import GUIDES_BEING_WRITTEN, REPO, isolated_env
from doctor_env import (DOCTOR, SYSTEM_PATH, closed_port, doctor_json, home, imported_version, index, index_files,  # noqa: F401
                        load_doctor, make_venv, marked_python, python, run_doctor, slugs, snapshot, system_python_copy,
                        world_readable_dir)

from installdoctor.verify import interpreters
from installdoctor.verify.localindex import wheels
from installdoctor.verify.localindex.catalogue import CATALOGUE
from installdoctor.verify.localindex.index import LocalIndex


@pytest.fixture(scope="module")
def venvs(tmp_path_factory, index):
    """The environments several tests inspect; each test must leave them byte-identical."""
    root = tmp_path_factory.mktemp("venvs")
    return {
        "tf38": make_venv(root / "tf38", "3.8", index, ("tensorflow==2.13.1",)),
        "clean312": make_venv(root / "clean312", "3.12"),
        "pinned311": make_venv(root / "pinned311", "3.11", index, ("tensorflow==2.13.1", "tensorflow-text==2.13.0")),
        "other39": make_venv(root / "other39", "3.9"),
    }


def severe(report: dict) -> list[dict]:
    every = report["findings"] + [f for p in report["packages"].values() for f in p["findings"]]
    return [f for f in every if f["severity"] != "info"]


# --------------------------------------------------------------------------- runs at all, and says so clearly


@pytest.mark.parametrize("version", ["2.7", "3.6", "3.7"])
def test_old_pythons_get_one_clear_sentence(version, tmp_path):
    done = subprocess.run([python(version), str(DOCTOR), "tensorflow"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"doctor.py needs Python 3.8 or newer; you are running Python {version}")


@pytest.mark.parametrize("version", ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"])
def test_a_clean_venv_has_nothing_wrong(version, tmp_path):
    venv = make_venv(tmp_path / "venv", version)
    work = tmp_path / "work"
    work.mkdir()
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=work, home=tmp_path / "home",
                                 path=[venv / "bin"], watch=[venv, work])
    assert severe(report) == [], report["findings"]
    assert status == 0
    assert report["python"]["version"].startswith(version + ".")
    assert report["python"]["in_venv"] is True
    assert report["python"]["prefix"] == str(venv)
    assert report["python"]["tags"]["interpreter"] == "cp" + version.replace(".", "")
    assert report["pip"]["version"]


def test_json_shape_is_the_public_contract(venvs, home, tmp_path):
    _, report = doctor_json(venvs["tf38"] / "bin/python", "tensorflow", "--offline", cwd=tmp_path, home=home,
                            path=[venvs["tf38"] / "bin"], watch=[venvs["tf38"]])
    assert set(report) == {"doctor", "python", "pip", "findings", "packages"}
    assert {"executable", "version", "bits", "tags", "prefix", "base_prefix", "in_venv"} <= set(report["python"])
    package = report["packages"]["tensorflow"]
    assert {"installed", "newest_on_index", "newest_installable_here", "why_not_newest", "findings"} <= set(package)
    assert package["installed"] == "2.13.1"
    for item in report["findings"] + package["findings"]:
        assert set(item) == {"id", "severity", "title", "detail", "fix", "fix_words", "guide"}
        assert item["severity"] in ("error", "warning", "info")


# --------------------------------------------------------------------------- the causes, one broken environment each


def test_requires_python_names_the_python_needed(venvs, index, home, tmp_path):
    venv = venvs["tf38"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", index, "--no-survey", cwd=tmp_path,
                                 home=home, path=[venv / "bin"], watch=[venv])
    package = report["packages"]["tensorflow"]
    assert (package["installed"], package["newest_on_index"], package["newest_installable_here"]) == \
        ("2.13.1", "2.21.0", "2.13.1")
    assert status == 1 and "requires-python" in slugs(report, "tensorflow")
    cause = next(f for f in package["findings"] if f["id"] == "requires-python")
    assert "tensorflow 2.21.0 needs Python >=3.10; on this Python 3.8 the newest is 2.13.1" in cause["detail"]
    assert cause["fix"] == "" and cause["fix_words"].startswith("Install Python 3.10 or newer")  # none here: words
    assert package["why_not_newest"][0] == {"version": "2.21.0", "reason": "requires-python",
                                            "guide_slug": "requires-python",
                                            "detail": "requires Python >=3.10 (this is %s)" % report["python"]["version"]}


def test_text_output_leads_with_the_verdict_and_the_fix(venvs, index, home, tmp_path):
    venv = venvs["tf38"]
    status, out, _ = run_doctor(venv / "bin/python", "tensorflow", "--index-url", index, "--no-survey", cwd=tmp_path,
                                home=home, path=[venv / "bin"], watch=[venv])
    assert status == 1
    assert "tensorflow: installed 2.13.1; newest on the index 2.21.0; newest pip can install here 2.13.1" in out
    assert "\nFound 1 problem" in out
    assert "Fix:   Install Python 3.10 or newer, make a venv with it (python3.10 -m venv .venv), then " \
           ".venv/bin/python -m pip install --upgrade tensorflow" in out
    assert "Guide: https://install-doctor.github.io/install-doctor/guides/requires-python\n" in out


def test_pip_on_path_from_another_python(venvs, home, tmp_path):
    running, other = venvs["clean312"], venvs["other39"]
    status, report = doctor_json(running / "bin/python", "--offline", cwd=tmp_path, home=home,
                                 path=[other / "bin", running / "bin"], watch=[running, other])
    assert status == 1 and slugs(report) == {"pip-python-mismatch"}
    assert str(other / "bin/pip") in report["findings"][0]["detail"]
    assert report["findings"][0]["fix"] == ""  # a habit to change, not a command: said in words
    assert report["findings"][0]["fix_words"] == (f"Run pip through this Python, {running}/bin/python -m pip install "
                                                  "PACKAGE, not `pip install`")


def test_project_venv_not_active(venvs, home, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    project_venv = make_venv(project / ".venv", "3.12")
    running = venvs["other39"]
    status, report = doctor_json(running / "bin/python", "--offline", cwd=project, home=home,
                                 path=[running / "bin"], watch=[running, project])
    assert status == 1 and slugs(report) == {"venv-not-active"}
    assert report["findings"][0]["fix"] == f"source {project_venv}/bin/activate"  # what is there stays: no reinstall


def test_externally_managed_system_python(home, tmp_path):
    system = Path("/usr/bin/python3")
    stdlib = subprocess.run([system, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            capture_output=True, text=True).stdout.strip() if system.exists() else ""
    if not (Path(stdlib) / "EXTERNALLY-MANAGED").is_file():
        pytest.skip("not run: no PEP 668 system Python on this machine")
    status, report = doctor_json(system, "--offline", cwd=tmp_path, home=home, watch=[Path(stdlib)])
    assert status == 1 and "externally-managed" in slugs(report)


def test_constraint_file_in_pip_config_is_quoted_with_file_and_line(venvs, index, home, tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# build machine caps\nnumpy<2\ntensorflow<2.14  # keep CUDA 11\n")
    config = tmp_path / "pip.conf"
    config.write_text(f"[global]\ntimeout = 30\nconstraint = {constraints}\n")
    venv = venvs["pinned311"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", index, cwd=tmp_path, home=home,
                                 path=[venv / "bin"], extra_env={"PIP_CONFIG_FILE": str(config)}, watch=[venv, tmp_path])
    package = report["packages"]["tensorflow"]
    assert status == 1 and "constraints-and-config" in slugs(report, "tensorflow")
    cap = next(f for f in package["findings"] if f["id"] == "pip-constraint")
    assert f"{constraints}:3: tensorflow<2.14" in cap["detail"]
    assert package["newest_installable_here"] == "2.13.1"
    assert report["pip"]["settings"]["constraint"]["from"] == f"{config}:3"


def test_pip_constraint_variable_counts_too(venvs, home, tmp_path):
    constraints = tmp_path / "c.txt"
    constraints.write_text("tensorflow==2.12.0\n")
    venv = venvs["clean312"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "--offline", cwd=tmp_path, home=home,
                                 path=[venv / "bin"], extra_env={"PIP_CONSTRAINT": str(constraints)}, watch=[venv])
    assert status == 1
    package = report["packages"]["tensorflow"]
    assert [f["id"] for f in package["findings"]] == ["pip-constraint"]  # offline: no word about index files
    assert f"{constraints}:1: tensorflow==2.12.0" in package["findings"][0]["detail"]
    assert package["index"] == "not asked (--offline)"


def test_malformed_pip_config_is_an_error_not_a_crash(venvs, home, tmp_path):
    config = tmp_path / "pip.conf"
    config.write_bytes(b"index-url = https://example.invalid/\n[global\n\xff\xfe")
    venv = venvs["clean312"]
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 extra_env={"PIP_CONFIG_FILE": str(config)}, watch=[venv, tmp_path])
    assert status == 1
    assert [f["id"] for f in report["findings"]] == ["pip-config-unreadable"]


def test_dependency_pin_names_the_capping_package(venvs, index, home, tmp_path):
    venv = venvs["pinned311"]
    for extra in ((), ("--index-url", index)):
        status, report = doctor_json(venv / "bin/python", "tensorflow", "--offline" if not extra else "--timeout=20",
                                     *extra, cwd=tmp_path, home=home, path=[venv / "bin"], watch=[venv])
        pins = [f for f in report["packages"]["tensorflow"]["findings"] if f["id"] == "dependency-pin"]
        assert status == 1 and len(pins) == 1
        assert pins[0]["title"] == "tensorflow-text 2.13.0 pins tensorflow"
        assert "tensorflow<2.14,>=2.13.0" in pins[0]["detail"] or ">=2.13.0,<2.14" in pins[0]["detail"]
        assert pins[0]["guide"].endswith("/dependency-pins")


def test_shadowing_by_pythonpath_and_current_directory(venvs, home, tmp_path):
    venv = venvs["tf38"]
    shadow = tmp_path / "old-libs"
    (shadow / "tensorflow").mkdir(parents=True)
    (shadow / "tensorflow/__init__.py").write_text('__version__ = "1.15.0"\n')
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 extra_env={"PYTHONPATH": str(shadow)}, watch=[venv, tmp_path])
    assert status == 1 and slugs(report) == {"shadowing"}
    assert "PYTHONPATH" in report["findings"][0]["title"]

    work = tmp_path / "work"
    work.mkdir()
    (work / "json.py").write_text("# a script someone named after the module it uses\n")
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=work, home=home, path=[venv / "bin"],
                                 watch=[venv, work])
    assert status == 1 and slugs(report) == {"shadowing"}
    assert "`import json` loads a copy from the current directory" in report["findings"][0]["title"]


def test_user_site_shadows_pip_itself(home, tmp_path):
    """A `pip install --user pip` left over in ~/.local wins over the interpreter's own pip."""
    base = python("3.12")
    user_site = subprocess.run([base, "-c", "import site; print(site.getusersitepackages())"], capture_output=True,
                               text=True, env=dict(isolated_env(tmp_path / "home"))).stdout.strip()
    (Path(user_site) / "pip").mkdir(parents=True)
    (Path(user_site) / "pip/__init__.py").write_text('__version__ = "9.0.1"\n')
    (Path(user_site) / "pip-9.0.1.dist-info").mkdir()
    (Path(user_site) / "pip-9.0.1.dist-info/METADATA").write_text("Metadata-Version: 2.1\nName: pip\nVersion: 9.0.1\n")
    status, report = doctor_json(base, "--offline", cwd=tmp_path, home=tmp_path / "home", watch=[tmp_path / "home"])
    shadow = next(f for f in report["findings"] if f["id"] == "shadowing")
    assert status == 1 and shadow["title"] == "`import pip` loads a copy from your user site (pip install --user)"
    assert shadow["guide"].endswith("/user-site")
    assert shadow["fix"].endswith("-m pip uninstall --yes pip")  # pip removes the first copy it finds: the user's
    assert "shadowing-user-site" not in {f["id"] for f in report["findings"]}  # said once, not twice


def test_two_dist_infos_for_one_package(tmp_path, index, home):
    venv = make_venv(tmp_path / "venv", "3.12", index, ("tensorflow==2.20.0",))
    site_packages = next((venv / "lib").glob("python3.12/site-packages"))
    shutil.copytree(site_packages / "tensorflow-2.20.0.dist-info", site_packages / "tensorflow-2.19.0.dist-info")
    (site_packages / "numpy-1.26.4.dist-info").mkdir()  # a crashed install: no METADATA
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    by_id = {f["id"]: f for f in report["findings"]}
    assert status == 1 and slugs(report) == {"duplicate-metadata"}
    assert by_id["duplicate-metadata"]["severity"] == "error"
    assert "tensorflow-2.19.0.dist-info" in by_id["duplicate-metadata"]["detail"]
    assert "numpy-1.26.4.dist-info has no METADATA" in by_id["broken-metadata"]["detail"]


def test_jupyter_kernel_runs_another_python(venvs, home, tmp_path):
    running, other = venvs["clean312"], venvs["other39"]
    kernels = tmp_path / "jupyter/kernels"
    (kernels / "old").mkdir(parents=True)
    (kernels / "old/kernel.json").write_text(json.dumps(
        {"argv": [str(other / "bin/python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "Python 3 (old)", "language": "python"}))
    (kernels / "broken").mkdir()
    (kernels / "broken/kernel.json").write_text("{not json")
    status, report = doctor_json(running / "bin/python", "--offline", cwd=tmp_path, home=home, path=[running / "bin"],
                                 extra_env={"JUPYTER_PATH": str(tmp_path / "jupyter")}, watch=[running, tmp_path])
    ids = {f["id"] for f in report["findings"]}
    assert status == 1 and slugs(report) == {"jupyter-kernel"}
    assert ids == {"jupyter-kernel-other-python", "jupyter-kernel-unreadable"}
    other_kernel = next(f for f in report["findings"] if f["id"] == "jupyter-kernel-other-python")
    assert f"'old' runs {other}/bin/python" in other_kernel["detail"]
    assert "-m ipykernel install --user --name" in other_kernel["fix"]


def test_duplicate_metadata_the_system_owns_is_a_note_with_a_venv_fix(tmp_path, index, home):
    system = marked_python(tmp_path / "usr", "3.12")
    site_packages = next((tmp_path / "usr/lib").glob("python3.12/site-packages"))
    for version in ("1.0", "2.0"):
        (site_packages / f"example_lib-{version}.dist-info").mkdir()
        (site_packages / f"example_lib-{version}.dist-info/METADATA").write_text(
            f"Metadata-Version: 2.1\nName: example-lib\nVersion: {version}\n")
    (site_packages / "previewlib-1.4.0.dist-info").mkdir()  # broken: no METADATA
    work = tmp_path / "work"
    work.mkdir()
    status, report = doctor_json(system, "--offline", cwd=work, home=home, watch=[tmp_path / "usr"])
    by_id = {f["id"]: f for f in report["findings"]}
    assert "duplicate-metadata" not in by_id and "error" not in {f["severity"] for f in report["findings"]}
    duplicate, broken = by_id["duplicate-metadata-system"], by_id["broken-metadata"]
    assert (duplicate["severity"], broken["severity"]) == ("info", "info")
    assert duplicate["guide"].endswith("/duplicate-metadata") and "EXTERNALLY-MANAGED" in duplicate["detail"]
    assert duplicate["fix"] == (f"{system} -m venv .venv && source .venv/bin/activate && "
                                "python -m pip install example-lib")  # applied in test_doctor_fixes.py
    assert all(f"{system} -m pip" not in f["fix"] for f in report["findings"])  # pip refuses every such command here
    refused = subprocess.run([system, "-m", "pip", "install", "--force-reinstall", "--no-deps", "example-lib"],
                             cwd=work, env=isolated_env(home), capture_output=True, text=True)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr


def test_metadata_dpkg_installed_is_named_with_its_package(monkeypatch):
    lists = sorted(Path("/var/lib/dpkg/info").glob("*python*.list"))
    owned = [(line, listing.name[: -len(".list")].split(":")[0]) for listing in lists
             for line in listing.read_text(errors="replace").splitlines()
             if line.endswith(".dist-info") and Path(line).is_dir()]
    if not owned:
        pytest.skip("not run: no Debian-packaged Python distribution on this machine")
    doctor = load_doctor(monkeypatch)
    directory, package = owned[0]
    assert doctor.os_owner(directory) == f"dpkg package {package}"
    assert doctor.os_owner(str(Path(directory).parent)) is None


def test_two_metadata_directories_dpkg_owns_get_no_pip_fix(monkeypatch, tmp_path):
    """Debian's python3-cryptography on a Python without the PEP 668 marker (Ubuntu 22.04): a note with the venv
    advice, no pip command. dpkg's database cannot be extended here without changing the machine, so its table
    (read from the real lists in the test above) names the two folders."""
    doctor = load_doctor(monkeypatch)
    folder = tmp_path / "python3-packages"  # not a site-packages of this Python: still the system's, no --target
    for version in ("3.4.8", "41.0.7"):
        (folder / f"cryptography-{version}.dist-info").mkdir(parents=True)
        (folder / f"cryptography-{version}.dist-info/METADATA").write_text(f"Name: cryptography\nVersion: {version}\n")
        doctor.dpkg_owned()[str(folder / f"cryptography-{version}.dist-info")] = "python3-cryptography"
    monkeypatch.setattr(doctor, "system_managed", lambda: None)
    [note] = doctor.check_duplicate_metadata([str(folder)])
    assert (note["id"], note["severity"]) == ("duplicate-metadata-system", "info")
    assert "Dpkg package python3-cryptography installed this" in note["detail"]
    assert note["fix"].endswith("-m venv .venv && source .venv/bin/activate && python -m pip install cryptography")
    assert f"{doctor.quote(doctor.sys.executable)} -m pip" not in note["fix"]


@pytest.mark.skipif(os.geteuid() != 0, reason="not run: needs root to switch to a throwaway unprivileged uid")
def test_environment_the_user_cannot_write(world_readable_dir):
    system = Path("/usr/bin/python3")  # pyenv's interpreters live under /root, which the throwaway uid cannot enter
    venv = world_readable_dir / "root-owned-venv"
    if not system.exists() or subprocess.run([system, "-m", "venv", venv]).returncode != 0:
        pytest.skip("not run: no system Python that can make a venv")
    shutil.copy(DOCTOR, world_readable_dir / "doctor.py")
    home = world_readable_dir / "home"
    home.mkdir()
    os.chown(home, 65534, 65534)
    env = isolated_env(home)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *SYSTEM_PATH])
    before = snapshot(venv)
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(venv / "bin/python"),
                           str(world_readable_dir / "doctor.py"), "--json", "--offline"], cwd=home, env=env, capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert done.returncode == 1 and {f["id"] for f in report["findings"]} == {"venv-not-writable"}
    assert report["findings"][0]["guide"].endswith("/permissions")
    assert snapshot(venv) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="not run: needs root to switch to a throwaway unprivileged uid")
def test_where_you_cannot_write_the_fix_is_words_not_a_command(world_readable_dir):
    """An unmarked copy of the system Python (its stdlib linked file by file) that the user cannot write into."""
    prefix = world_readable_dir / "usr"
    copy, purelib = system_python_copy(prefix)
    for version in ("1.0", "2.0"):
        (purelib / f"example_lib-{version}.dist-info").mkdir(parents=True)
        (purelib / f"example_lib-{version}.dist-info/METADATA").write_text(
            f"Metadata-Version: 2.1\nName: example-lib\nVersion: {version}\n")
    shutil.copy(DOCTOR, world_readable_dir / "doctor.py")
    home = world_readable_dir / "home"
    home.mkdir()
    os.chown(home, 65534, 65534)
    env = isolated_env(home)
    env["PATH"] = os.pathsep.join(SYSTEM_PATH)
    before = snapshot(prefix)
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(copy),
                           str(world_readable_dir / "doctor.py"), "--json", "--offline"], cwd=home, env=env,
                          capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    duplicate = next(f for f in report["findings"] if f["id"] == "duplicate-metadata")
    assert duplicate["fix"] == "" and duplicate["fix_words"] == (
        f"You cannot write into {purelib}, so this cannot be done here: ask its owner, or work in a venv you own")
    assert all("--force-reinstall" not in f["fix"] for f in report["findings"]), report["findings"]
    assert snapshot(prefix) == before


def test_conda_shaped_prefix_with_pip_over_conda(tmp_path, index, home):
    """A venv with a conda-meta/ record, as conda writes it, for a package pip then replaced."""
    venv = make_venv(tmp_path / "env", "3.12", index, ("tensorflow==2.20.0",))
    (venv / "conda-meta").mkdir()
    (venv / "conda-meta/tensorflow-2.18.0-cpu_py312h1.json").write_text('{"name": "tensorflow", "version": "2.18.0"}')
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    assert status == 1 and slugs(report) == {"conda-and-pip"}
    assert "tensorflow (conda 2.18.0, pip 2.20.0)" in report["findings"][0]["detail"]


def test_conda_env_with_packages_conda_does_not_track(tmp_path, index, home):
    """pip installed example-lib into a conda-shaped prefix: no conda-meta record lists its files."""
    venv = make_venv(tmp_path / "env", "3.12", index, ("example-lib==2.0",))
    site_packages = next((venv / "lib").glob("python3.12/site-packages"))
    pip_info = next(site_packages.glob("pip-*.dist-info"))
    (pip_info / "INSTALLER").write_text("conda\n")  # pip itself came from conda, as in a real conda env
    (venv / "conda-meta").mkdir()
    (venv / "conda-meta" / f"{pip_info.name[:-10]}-pyh8b19718_0.json").write_text(json.dumps(
        {"name": "pip", "files": [f"{p.relative_to(venv)}" for p in pip_info.iterdir()]}))
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    [untracked] = [f for f in report["findings"] if f["id"] == "conda-untracked"]
    assert status == 0 and untracked["severity"] == "info" and untracked["guide"].endswith("/conda-and-pip")
    assert untracked["title"] == "1 package here is not known to conda"
    assert "example-lib 2.0 (pip)" in untracked["detail"] and "pip " not in untracked["detail"].split(": ", 1)[1]

    # what `conda install` of the same package leaves behind: a record, under conda's own name, that lists the files
    files = [str(p.relative_to(venv)) for p in site_packages.glob("example_lib*/*")]
    (venv / "conda-meta/python-example-lib-2.0-py_0.json").write_text(json.dumps({"name": "python-example-lib",
                                                                                  "files": files}, indent=1))
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    assert "conda-untracked" not in {f["id"] for f in report["findings"]}


@pytest.mark.live
def test_old_pip_is_found(tmp_path, home):
    venv = make_venv(tmp_path / "venv", "3.8")
    env = isolated_env(tmp_path / "pip-home")
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "pip==20.2.4"], check=True, env=env)
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    assert status == 1 and slugs(report) == {"old-pip"}


# --------------------------------------------------------------------------- requirements, not only names


def test_a_pinned_requirement_says_why_and_the_nearest_release(venvs, index, home, tmp_path):
    venv = venvs["clean312"]
    status, report = doctor_json(venv / "bin/python", "tensorflow==2.13.1", "example-lib>=2", "--index-url", index,
                                 cwd=tmp_path, home=home, path=[venv / "bin"], watch=[venv])
    tensorflow, example = report["packages"]["tensorflow"], report["packages"]["example-lib"]
    assert status == 1
    assert (tensorflow["requirement"], tensorflow["satisfiable"], tensorflow["nearest_fit"]) == \
        ("tensorflow==2.13.1", False, "2.16.1")  # 2.13 stops at cp311; 2.16.1 is the first with cp312 wheels
    [cause] = tensorflow["findings"]
    assert cause["id"] == "requirement-not-installable" and cause["guide"].endswith("/no-compatible-wheel")
    assert "Pythons with a wheel for this platform: 3.8, 3.9, 3.10, 3.11." in cause["detail"]
    assert cause["fix"] == ""  # the reader's requirement must change (or the Python): words
    assert cause["fix_words"] == (f'Ask for a release that installs here, {venv}/bin/python -m pip install '
                                  '"tensorflow==2.16.1", or use a Python that has a wheel for it')
    assert (example["requirement"], example["satisfiable"], example["would_install"], example["findings"]) == \
        ("example-lib>=2", True, "2.0", [])
    _, out, _ = run_doctor(venv / "bin/python", "tensorflow==2.13.1", "--index-url", index, cwd=tmp_path, home=home,
                           path=[venv / "bin"], watch=[venv])
    assert "tensorflow==2.13.1: installed no; pip cannot install it here; nearest release that installs: 2.16.1" in out


def test_a_requirements_file_with_nesting_comments_and_a_constraint(venvs, index, home, tmp_path):
    (tmp_path / "requirements.txt").write_text(
        "# the project's requirements\n-r more.txt\n-c constraints.txt\n"
        "tensorflow>=2.12 \\\n    --hash=sha256:0000  # any recent one\n"
        "example-lib @ https://example.invalid/example_lib-2.0-py3-none-any.whl\n")
    (tmp_path / "more.txt").write_text("previewlib==1.5.0\nfastmath>=3; python_version < '3'\n")
    (tmp_path / "constraints.txt").write_text("tensorflow<2.14\n")
    venv = venvs["clean312"]
    status, report = doctor_json(venv / "bin/python", "-r", "requirements.txt", "--index-url", index, cwd=tmp_path,
                                 home=home, path=[venv / "bin"], watch=[venv, tmp_path])
    assert status == 1 and list(report["packages"]) == ["previewlib", "tensorflow"]
    tensorflow, previewlib = report["packages"]["tensorflow"], report["packages"]["previewlib"]
    assert tensorflow["requirement"] == "tensorflow>=2.12" and tensorflow["satisfiable"] is False
    [capped] = tensorflow["findings"]
    assert capped["guide"].endswith("/constraints-and-config")
    assert f"excluded by {tmp_path}/constraints.txt:1: tensorflow<2.14" in capped["detail"]
    assert "No release installs here" in capped["detail"]  # 2.12-2.13 have no cp312 wheel
    assert previewlib["why_not"][0]["reason"] == "requires-python" and previewlib["nearest_fit"] == "2.0.0rc1"
    notes = {f["id"]: f for f in report["findings"] if f["id"].startswith("requirement-")}
    assert set(notes) == {"requirement-not-checked", "requirement-not-for-here"}
    assert f"{tmp_path}/requirements.txt:6" in notes["requirement-not-checked"]["detail"]


def test_a_requirement_another_installed_package_pins(venvs, index, home, tmp_path):
    venv = venvs["pinned311"]
    status, report = doctor_json(venv / "bin/python", "tensorflow>=2.16", "--index-url", index, cwd=tmp_path,
                                 home=home, path=[venv / "bin"], watch=[venv])
    package = report["packages"]["tensorflow"]
    assert status == 1 and package["satisfiable"] is True and package["installed_satisfies"] is False
    [pin] = package["findings"]
    assert pin["id"] == "dependency-pin" and pin["title"] == "tensorflow-text 2.13.0 pins tensorflow"
    status, report = doctor_json(venv / "bin/python", "tensorflow==2.13.1", "--offline", cwd=tmp_path, home=home,
                                 path=[venv / "bin"], watch=[venv])
    package = report["packages"]["tensorflow"]
    assert status == 0 and package["installed_satisfies"] is True and package["satisfiable"] is None


# --------------------------------------------------------------------------- the Python here that would get it


def test_the_survey_names_the_python_here_that_gets_the_newest(venvs, index, home, tmp_path):
    """pyenv holds 3.9 and the newest Python; a shim on PATH and the real pyenv's other versions stay out of sight."""
    newest = next((v for v in ("3.13", "3.12") if interpreters.find(v)), None)
    system = [Path(p).name for p in map(str, Path("/usr/bin").glob("python3.*")) if Path(p).name[7:].isdigit()]
    if newest is None or any(int(name[7:]) >= int(newest[2:]) for name in system):
        pytest.skip("not run: needs a pyenv Python newer than every /usr/bin Python")
    hidden = next((v for v in ("3.10", "3.11", "3.12") if v != newest and interpreters.find(v)), None)
    root = tmp_path / "pyenv"
    for version in ("3.9", newest):
        found = interpreters.find(version)
        (root / "versions").mkdir(parents=True, exist_ok=True)
        (root / "versions" / found.version).symlink_to(found.base_prefix)
    shims = tmp_path / "shims"
    shims.mkdir()
    if hidden:
        (shims / "python3").symlink_to(interpreters.find(hidden).executable)  # a shim: never taken as a Python
    venv = venvs["tf38"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "previewlib", "--index-url", index, cwd=tmp_path,
                                 home=home, path=[venv / "bin", shims], extra_env={"PYENV_ROOT": str(root)},
                                 watch=[venv])
    previewlib = report["packages"]["previewlib"]  # 1.4.0 here; newer Pythons only get 2.0.0rc1, a pre-release
    assert previewlib["best_python_here"]["newest_installable"] == "1.4.0"
    assert "newer-on-another-python" not in {f["id"] for f in previewlib["findings"]}
    package = report["packages"]["tensorflow"]
    chosen = root / "versions" / interpreters.find(newest).version / "bin" / f"python{newest}"
    assert package["best_python_here"]["executable"] == str(chosen)
    assert package["best_python_here"]["newest_installable"] == "2.21.0"
    listed = {p["executable"]: p for p in package["pythons_here"]}
    assert listed[str(root / "versions" / interpreters.find("3.9").version / "bin/python3.9")]["newest_installable"] \
        == "2.20.0"
    if hidden:
        hidden_home = os.path.realpath(interpreters.find(hidden).base_prefix)
        assert not [p for p in listed if os.path.realpath(p).startswith(hidden_home + "/")]
    cause = next(f for f in package["findings"] if f["id"] == "requires-python")
    assert cause["fix"] == (f"{chosen} -m venv .venv && source .venv/bin/activate && "
                            "python -m pip install --upgrade tensorflow")  # applied in test_doctor_fixes.py


# --------------------------------------------------------------------------- for bug reports and scripts


def test_list_checks_and_running_one(venvs, home, tmp_path):
    venv = venvs["clean312"]
    status, out, _ = run_doctor(venv / "bin/python", "--list-checks", "--json", cwd=tmp_path, home=home, watch=[venv])
    checks = json.loads(out)
    assert status == 0 and [c["id"] for c in checks][-3:] == ["packages", "project-pins", "upgrade-strategy"]
    assert len(checks) == 19
    for check in checks:
        slug = check["guide"].rsplit("/", 1)[-1]
        assert list((REPO / "docs/guides").glob(slug + ".*")) or slug in GUIDES_BEING_WRITTEN, \
            f"{check['id']}: no guide page {slug}"
    status, out, _ = run_doctor(venv / "bin/python", "--list-checks", cwd=tmp_path, home=home, watch=[venv])
    assert out.startswith("pip-version ") and "/guides/shadowing\n" in out

    work = tmp_path / "work"
    work.mkdir()
    (work / "json.py").write_text("")  # shadows the stdlib's json: the shadowing check finds it
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=work, home=home, path=[venv / "bin"],
                                 watch=[venv, work])
    assert status == 1 and slugs(report) == {"shadowing"}
    for check, expected in (("pip-version", set()), ("shadowing", {"shadowing"})):
        status, report = doctor_json(venv / "bin/python", "--offline", "--check", check, cwd=work, home=home,
                                     path=[venv / "bin"], watch=[venv, work])
        assert slugs(report) == expected and status == (1 if expected else 0)


def test_report_is_markdown_without_home_or_user_name(tmp_path, home):
    user = "idocreader"
    venv = make_venv(tmp_path / "srv" / user / "venv", "3.12")
    reader_home = tmp_path / "home"
    make_venv(reader_home / "project/.venv", "3.12")  # the project's venv, not the one running
    status, out, _ = run_doctor(venv / "bin/python", "--offline", "--report", cwd=reader_home / "project",
                                home=reader_home, path=[venv / "bin"], extra_env={"USER": user, "LOGNAME": user},
                                watch=[venv])
    assert status == 1 and out.startswith("<details><summary>Install Doctor ")
    assert f"| Python | CPython 3.12." in out and f"at `{tmp_path}/srv/<user>/venv/bin/python`, in a venv |" in out
    assert ("- **warning** The project's venv is not the Python running (`venv-not-active`): "
            "~/project/.venv exists") in out
    assert str(reader_home) not in out and user not in out


# --------------------------------------------------------------------------- bad input, bad network


def test_unknown_package_and_bad_names(venvs, index, home, tmp_path):
    venv = venvs["clean312"]
    status, report = doctor_json(venv / "bin/python", "no-such-package-xyz", "--index-url", index, cwd=tmp_path,
                                 home=home, path=[venv / "bin"], watch=[venv])
    assert status == 1
    assert [f["id"] for f in report["packages"]["no-such-package-xyz"]["findings"]] == ["not-on-index"]
    status, out, err = run_doctor(venv / "bin/python", "--offline", "tensor flow!!", cwd=tmp_path, home=home,
                                  path=[venv / "bin"], watch=[venv])
    assert status == 2 and out == ""
    assert err.startswith("doctor.py: 'tensor flow!!' is not a package name or requirement")
    status, out, err = run_doctor(venv / "bin/python", "--offline", "-r", "missing.txt", cwd=tmp_path, home=home,
                                  path=[venv / "bin"], watch=[venv])
    assert status == 2 and out == "" and err.startswith("doctor.py: cannot read the requirements file missing.txt")
    status, out, err = run_doctor(venv / "bin/python", "--timeout", "-1", cwd=tmp_path, home=home, watch=[venv])
    assert status == 2 and "--timeout must be a positive number" in err


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        time.sleep(5)

    def log_message(self, *args):
        pass


def test_unreachable_and_slow_index_give_a_sentence(venvs, home, tmp_path):
    venv = venvs["clean312"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", f"http://127.0.0.1:{closed_port()}/simple",
                                 cwd=tmp_path, home=home, path=[venv / "bin"], watch=[venv])
    unreachable = report["packages"]["tensorflow"]["findings"][0]
    assert status == 1 and unreachable["id"] == "index-unreachable" and "could not reach" in unreachable["detail"]

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        status, report = doctor_json(venv / "bin/python", "tensorflow", "--timeout", "1", "--index-url",
                                     f"http://127.0.0.1:{server.server_port}/simple", cwd=tmp_path, home=home,
                                     path=[venv / "bin"], watch=[venv])
        assert time.monotonic() - started < 4.5
        assert "timed out" in report["packages"]["tensorflow"]["findings"][0]["detail"]
    finally:
        server.shutdown()


def test_non_utf8_names_in_the_current_directory(venvs, home, tmp_path):
    venv = venvs["tf38"]
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    odd.mkdir()
    (odd / os.fsdecode(b"m\xff.py")).write_text("")
    (odd / "json.py").write_text("")
    for flag in ("--json", "--offline"):
        status, out, _ = run_doctor(venv / "bin/python", flag, "--offline", cwd=odd, home=home, path=[venv / "bin"],
                                    watch=[venv, odd])
        assert status == 1
        assert "json" in out


def test_the_fix_names_the_command_that_starts_a_python_on_each_os(monkeypatch):
    """On Windows a reader starts Python 3.10 with the py launcher, elsewhere as python3.10."""
    doctor = load_doctor(monkeypatch)
    assert doctor.new_python_command("3.10") == "python3.10"
    monkeypatch.setattr(doctor, "WINDOWS", True)
    assert doctor.new_python_command("3.10") == "py -3.10"
    assert doctor.venv_python(".venv") in (".venv/Scripts/python.exe", ".venv\\Scripts\\python.exe")


# --------------------------------------------------------------------------- the proxy pip would use

PROXIED_INDEX = "http://pypi.proxied.invalid/simple"  # a host no resolver knows: only a proxy can answer for it


def forward_proxy(upstream: str) -> tuple[ThreadingHTTPServer, list[str]]:
    """An HTTP proxy on 127.0.0.1 that notes every URL asked of it and fetches it from `upstream`."""
    import urllib.request
    from urllib.parse import urlsplit

    seen: list[str] = []
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    class Proxy(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(self.path)  # a proxy is asked for the absolute URL
            with direct.open(upstream + urlsplit(self.path).path.removeprefix("/simple"), timeout=10) as answer:
                body = answer.read()
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.headers["Content-Type"])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


@pytest.mark.parametrize("where", ["pip.conf", "PIP_PROXY", "http_proxy", "http_proxy beside PIP_PROXY"])
def test_the_index_is_asked_through_the_proxy_pip_would_use(where, venvs, index, home, tmp_path):
    venv = venvs["tf38"]
    server, seen = forward_proxy(index.rstrip("/"))
    proxy = f"http://127.0.0.1:{server.server_port}"
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nproxy = {proxy}\n")
    settings = {
        "pip.conf": {"PIP_CONFIG_FILE": str(conf)},
        "PIP_PROXY": {"PIP_PROXY": proxy},
        "http_proxy": {"http_proxy": proxy},
        # pip's HTTP library takes the environment's proxy first: a PIP_PROXY that leads nowhere is not asked
        "http_proxy beside PIP_PROXY": {"http_proxy": proxy, "PIP_PROXY": f"http://127.0.0.1:{closed_port()}"},
    }[where]
    try:
        status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", PROXIED_INDEX, cwd=tmp_path,
                                     home=home, path=[venv / "bin"], watch=[venv], extra_env=settings)
    finally:
        server.shutdown()
    assert seen == [PROXIED_INDEX + "/tensorflow/"]
    assert report["packages"]["tensorflow"]["newest_on_index"] == "2.21.0"


def test_no_proxy_sends_the_request_past_the_proxy(venvs, index, home, tmp_path):
    venv = venvs["tf38"]
    server, seen = forward_proxy(index.rstrip("/"))
    try:
        status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", PROXIED_INDEX, cwd=tmp_path,
                                     home=home, path=[venv / "bin"], watch=[venv],
                                     extra_env={"http_proxy": f"http://127.0.0.1:{server.server_port}",
                                                "no_proxy": "proxied.invalid"})
    finally:
        server.shutdown()
    assert seen == []
    assert report["packages"]["tensorflow"]["findings"][0]["id"] == "index-unreachable"


# --------------------------------------------------------------------------- a mirror that lags behind PyPI


@pytest.fixture(scope="module")
def lagging_mirror(index_files, tmp_path_factory):
    """A second index on 127.0.0.1 that stopped syncing before tensorflow 2.21.0."""
    behind = [r for r in CATALOGUE if not (r.project == "tensorflow" and r.version == "2.21.0")]
    files = tmp_path_factory.mktemp("mirror-files")
    for wheel in index_files.iterdir():
        if not wheel.name.startswith("tensorflow-2.21.0-"):
            shutil.copy(wheel, files / wheel.name)
    with LocalIndex(files, tuple(behind)) as served:
        yield served.url


def test_a_mirror_behind_pypi_is_named_and_its_fix_works(index, lagging_mirror, home, tmp_path):
    # PyPI is the `index` fixture here: doctor.py compares with PyPI, and only a caller in Python can say otherwise.
    runner = tmp_path / "runner" / "doctor_against_local_pypi.py"
    runner.parent.mkdir()
    runner.write_text(f"import sys\nnamespace = {{'__name__': 'doctor'}}\n"
                      f"exec(compile(open({str(DOCTOR)!r}).read(), {str(DOCTOR)!r}, 'exec'), namespace)\n"
                      f"sys.exit(namespace['main'](sys.argv[1:], reference_index={index!r}))\n")
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nindex-url = {lagging_mirror}\n")
    venv = make_venv(tmp_path / "venv", "3.11")
    pip_env = dict(isolated_env(tmp_path / "pip-home"), PIP_CONFIG_FILE=str(conf))
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "tensorflow"], check=True, env=pip_env)
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"], "extra_env": {"PIP_CONFIG_FILE": str(conf)}}

    status, report = doctor_json(venv / "bin/python", "tensorflow", script=runner, watch=[venv], **reader)
    assert status == 1
    package = report["packages"]["tensorflow"]
    assert package["newest_on_index"] == "2.20.0"
    lags = [f for f in package["findings"] if f["id"] == "mirror-lags"]
    assert [f["guide"].rsplit("/", 1)[-1] for f in lags] == ["mirror-lags"], package["findings"]
    assert "its newest tensorflow is 2.20.0; PyPI has 2.21.0" in lags[0]["detail"]
    assert str(conf) in lags[0]["detail"]

    # Removing a setting from the reader's own file is words; the one command they quote installs the newest,
    # then the setting goes, as the words say.
    assert lags[0]["fix"] == ""
    command = lags[0]["fix_words"].split("for one command: ", 1)[1]
    subprocess.run(command, shell=True, check=True, env=pip_env, capture_output=True)
    version = subprocess.run([str(venv / "bin/python"), "-c", "import tensorflow; print(tensorflow.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "2.21.0"
    conf.write_text(f"[global]\nindex-url = {index}\n")  # the line removed: pip asks PyPI
    status, report = doctor_json(venv / "bin/python", "tensorflow", script=runner, watch=[venv], **reader)
    assert "mirror-lags" not in {f["id"] for f in report["packages"]["tensorflow"]["findings"]}
    assert status == 0, report


def test_a_mirror_is_not_flagged_when_pypi_cannot_be_asked(venvs, lagging_mirror, home, tmp_path):
    venv = venvs["tf38"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", lagging_mirror, cwd=tmp_path,
                                 home=home, path=[venv / "bin"], watch=[venv])
    assert "mirror-lags" not in {f["id"] for f in report["packages"]["tensorflow"]["findings"]}  # PyPI unreachable


# --------------------------------------------------------------------------- a venv that sees the system's packages


def test_a_venv_with_system_site_packages_is_not_two_pips(tmp_path, home):
    venv = tmp_path / "venv"
    subprocess.run([python("3.12"), "-m", "venv", "--system-site-packages", str(venv)], check=True,
                   env=isolated_env(tmp_path / "pip-home"))
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    assert "duplicate-metadata" not in slugs(report), report["findings"]


def test_a_user_site_copy_is_removed_by_the_python_that_owns_it(tmp_path, index):
    """A venv made with --system-site-packages also sees the user site; its own pip refuses to uninstall there
    ("Not uninstalling … outside environment"), so the fix names the Python that owns the user site."""
    home = tmp_path / "home"
    env = dict(isolated_env(home), PIP_INDEX_URL=index)
    base = python("3.12")
    subprocess.run([base, "-m", "pip", "install", "-q", "--user", "example-lib==1.0"], check=True, env=env,
                   capture_output=True)
    venv = tmp_path / "venv"
    subprocess.run([base, "-m", "venv", "--system-site-packages", str(venv)], check=True, env=env)
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", "--ignore-installed", "example-lib==2.0"],
                   check=True, env=env, capture_output=True)
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    [found] = [f for f in report["findings"] if f["id"] == "shadowing-user-site"]
    assert found["guide"].endswith("/user-site") and "user-site" in slugs(report)
    command = found["fix"]
    assert not command.startswith(str(venv))
    subprocess.run(command, shell=True, check=True, env=env, capture_output=True)
    assert imported_version(venv / "bin/python", "example_lib", env, tmp_path) == "2.0"
    status, report = doctor_json(venv / "bin/python", "--offline", cwd=tmp_path, home=home, path=[venv / "bin"],
                                 watch=[venv])
    assert not {"shadowing", "user-site"} & slugs(report), report["findings"]


# --------------------------------------------------------------------------- renamed packages: TensorFlow's other names


def pip_env(home: Path, index: str, **extra: str) -> dict[str, str]:
    return dict(isolated_env(home), PIP_INDEX_URL=index, **extra)


def apply_fix(fix: str, env: dict[str, str], cwd: Path) -> None:
    """A fix as printed: one command line, run as the reader pastes it, in a shell."""
    subprocess.run(fix, shell=True, check=True, env=env, cwd=cwd, capture_output=True)


def test_tensorflow_cpu_beside_tensorflow_and_the_guides_fix(tmp_path, index, home):
    """The renamed-packages scenario: tensorflow 2.21.0, then an old requirements file brought tensorflow-cpu 2.16.2."""
    venv = make_venv(tmp_path / "venv", "3.12", index, ("tensorflow==2.21.0",))
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "tensorflow-cpu==2.16.2"], check=True, env=env)
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"]}
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    assert status == 1 and slugs(report) == {"renamed-packages"}
    [found] = report["findings"]
    assert found["id"] == "renamed-package-beside-tensorflow"
    assert found["title"] == "tensorflow-cpu 2.16.2 and tensorflow 2.21.0 write the same tensorflow/ folder"
    assert "here tensorflow-cpu's 2.16.2" in found["detail"]
    python = venv / "bin/python"
    assert found["fix"] == f"{python} -m pip uninstall --yes tensorflow-cpu tensorflow && {python} -m pip install tensorflow"
    _, only = doctor_json(venv / "bin/python", "--offline", "--check", "renamed-packages", watch=[venv], **reader)
    assert only["findings"] == report["findings"]

    apply_fix(found["fix"], env, tmp_path)
    assert imported_version(python, "tensorflow", env, tmp_path) == "2.21.0"
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    assert status == 0 and "renamed-packages" not in slugs(report), report["findings"]


@pytest.mark.parametrize("name, version", [("tensorflow-gpu", "2.11.0"), ("tensorflow-intel", "2.18.0"),
                                           ("tensorflow-macos", "2.16.2")])
def test_a_discontinued_tensorflow_name_alone(name, version, tmp_path, index, home):
    """A stand-in wheel of the old name, built like the index's tensorflow-cpu (it writes tensorflow/), installed
    with pip from a local folder: these names have no wheel for Linux on the index."""
    from installdoctor.verify.localindex.catalogue import Release

    stand_in = Release(name=name, version=version, modules={"tensorflow/__init__.py": f'__version__ = "{version}"\n'})
    links = tmp_path / "links"
    links.mkdir()
    (links / wheels.wheel_filename(stand_in, "py3-none-any")).write_bytes(wheels.wheel_bytes(stand_in, "py3-none-any"))
    venv = make_venv(tmp_path / "venv", "3.12")
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "--no-index", "--find-links", links, name],
                   check=True, env=env)
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"]}
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    [found] = report["findings"]
    assert status == 1 and found["id"] == "renamed-package-discontinued" and slugs(report) == {"renamed-packages"}
    last = {"tensorflow-gpu": "2.12.0", "tensorflow-intel": "2.18.0", "tensorflow-macos": "2.16.2"}[name]
    assert f"pip install --upgrade {name} never gets past {last}" in found["detail"]

    apply_fix(found["fix"], env, tmp_path)
    assert imported_version(venv / "bin/python", "tensorflow", env, tmp_path) == "2.21.0"
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    assert status == 0 and report["findings"] == []


def test_the_last_releases_doctor_names_are_the_ones_the_guide_shows(monkeypatch):
    """The guide reads them from PyPI (its live steps' recorded outputs); doctor.py carries them as constants."""
    doctor = load_doctor(monkeypatch)
    live = REPO / "snippets/renamed-packages/live"
    for step, name in (("01-tensorflow-gpu", "tensorflow-gpu"), ("02-tensorflow-intel", "tensorflow-intel"),
                       ("03-tensorflow-macos", "tensorflow-macos")):
        first = (live / f"{step}.out").read_text().splitlines()[0]
        assert first == f"{name} ({doctor.TENSORFLOW_OTHER_NAMES[name]})"
    assert doctor.TENSORFLOW_OTHER_NAMES["tensorflow-cpu"] is None  # still released: a problem only beside tensorflow


# --------------------------------------------------------------------------- stale eggs and editable installs


def test_an_easy_install_pth_folder_ahead_of_site_packages(tmp_path, index, home):
    """The stale-egg-and-editable scenario's recipe: `setup.py develop` of an old setuptools linked ~/src/example-lib
    (1.0) with the two `import sys` lines that move it to the front; its .egg-info is gone, the 2.0 wheel installed."""
    venv = make_venv(tmp_path / "venv", "3.12")
    site_packages = venv / "lib/python3.12/site-packages"
    source = home / "src/example-lib"
    (source / "example_lib").mkdir(parents=True, exist_ok=True)
    (source / "example_lib/__init__.py").write_text('__version__ = "1.0"\n')
    (site_packages / "easy-install.pth").write_text(
        "import sys; sys.__plen = len(sys.path)\n" + f"{source}\n" + "import sys; new = sys.path[sys.__plen:]; "
        "del sys.path[sys.__plen:]; p = getattr(sys, '__egginsert', 0); sys.path[p:p] = new; "
        "sys.__egginsert = p + len(new)\n")
    (site_packages / "example-lib.egg-link").write_text(f"{source}\n.")
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "example-lib==2.0"], check=True, env=env)
    assert imported_version(venv / "bin/python", "example_lib", env, tmp_path) == "1.0"  # the symptom
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"]}
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv, source], **reader)
    [found] = report["findings"]
    assert status == 1 and slugs(report) == {"stale-egg-and-editable"}
    assert found["title"] == f"`import example_lib` loads 1.0 from {source}, not the installed 2.0"
    assert found["fix"] == f"rm {site_packages}/easy-install.pth {site_packages}/example-lib.egg-link"  # the guide's

    apply_fix(found["fix"], env, tmp_path)
    assert imported_version(venv / "bin/python", "example_lib", env, tmp_path) == "2.0"
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    assert status == 0 and report["findings"] == []


def test_a_setup_py_develop_checkout_that_moved_on(tmp_path, index, home):
    """A real `setup.py develop` (the setuptools of a Python 3.11 venv) of a checkout at 1.0, whose code is at 2.0
    since: pip lists the editable 1.0, the import loads 2.0. pip knows this install, so the fix is pip's."""
    venv = make_venv(tmp_path / "venv", "3.11")
    checkout = tmp_path / "checkout"
    (checkout / "example_lib").mkdir(parents=True)
    (checkout / "example_lib/__init__.py").write_text('__version__ = "1.0"\n')
    (checkout / "setup.py").write_text('from setuptools import setup\nsetup(name="example-lib", version="1.0", '
                                       'packages=["example_lib"])\n')
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "setup.py", "develop"], cwd=checkout, check=True, env=env, capture_output=True)
    (checkout / "example_lib/__init__.py").write_text('__version__ = "2.0"\n')  # a git pull later
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"]}
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv, checkout], **reader)
    [found] = [f for f in report["findings"] if f["id"] == "stale-egg-or-editable"]
    assert status == 1 and "stale-egg-and-editable" in slugs(report)
    assert found["title"] == f"`import example_lib` loads 2.0 from {checkout}, not the installed 1.0"
    assert "an editable install of that folder" in found["detail"]
    python = venv / "bin/python"
    assert found["fix"] == f"{python} -m pip uninstall --yes example-lib && {python} -m pip install example-lib"

    apply_fix(found["fix"], env, tmp_path)
    assert imported_version(python, "example_lib", env, tmp_path) == "2.0"
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    assert "stale-egg-and-editable" not in slugs(report), report["findings"]


def test_an_editable_install_whose_finder_maps_changed_code(tmp_path, index, home):
    """A real PEP 660 editable install (setuptools' editable finder: a MAPPING of name to folder), built by pip with
    the setuptools and wheel that CPython 3.12 keeps among its own test files; the checkout then moved to 2.0."""
    import sysconfig

    stdlib_tests = Path(subprocess.run([python("3.12"), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                                       capture_output=True, text=True, check=True).stdout.strip()) / "test"
    if not (list(stdlib_tests.glob("setuptools-*.whl")) and list(stdlib_tests.glob("wheel-*.whl"))):
        pytest.skip("not run: this Python 3.12 has no setuptools and wheel test wheels to build an editable install")
    venv = make_venv(tmp_path / "venv", "3.12")
    checkout = tmp_path / "checkout"
    (checkout / "lib").mkdir(parents=True)
    (checkout / "lib/__init__.py").write_text('__version__ = "1.0"\n')
    (checkout / "pyproject.toml").write_text(  # package-dir makes setuptools use its finder, not a plain .pth
        '[build-system]\nrequires = ["setuptools", "wheel"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "example-lib"\nversion = "1.0"\n'
        '[tool.setuptools]\npackages = ["example_lib"]\npackage-dir = {"example_lib" = "lib"}\n')
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "--no-index", "--find-links", stdlib_tests,
                    "-e", checkout], check=True, env=env, capture_output=True)
    site_packages = venv / "lib/python3.12/site-packages"
    assert list(site_packages.glob("__editable___example_lib_*_finder.py"))
    (checkout / "lib/__init__.py").write_text('__version__ = "2.0"\n')
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"]}
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv, checkout], **reader)
    [found] = report["findings"]
    assert status == 1 and slugs(report) == {"stale-egg-and-editable"}
    assert found["title"] == f"`import example_lib` loads 2.0 from {checkout}/lib, not the installed 1.0"
    assert "setuptools' editable finder" in found["detail"] and "an editable install" in found["detail"]

    apply_fix(found["fix"], env, tmp_path)
    assert imported_version(venv / "bin/python", "example_lib", env, tmp_path) == "2.0"
    status, report = doctor_json(venv / "bin/python", "--offline", watch=[venv], **reader)
    assert status == 0 and report["findings"] == []


# --------------------------------------------------------------------------- the editor's interpreter


def vscode_settings(workspace: Path, setting: str, value: str) -> Path:
    """VS Code's JSONC: comments and trailing commas, as people leave them."""
    (workspace / ".vscode").mkdir(parents=True, exist_ok=True)
    path = workspace / ".vscode/settings.json"
    path.write_text('{\n  // the project\'s Python\n  "editor.formatOnSave": true, /* on */\n'
                    f'  "{setting}": {json.dumps(value)},\n  "files.exclude": {{"**/__pycache__": true,}},\n}}\n')
    return path


@pytest.mark.parametrize("setting, value", [
    ("python.defaultInterpreterPath", "${workspaceFolder}/tools/env/bin/python"),
    ("python.defaultInterpreterPath", "tools/env"),  # a venv folder, relative to the workspace
    ("python.defaultInterpreterPath", "~/envs/tools/bin/python"),
    ("python.pythonPath", "${workspaceFolder}/tools/env/bin/python"),
])
def test_vscode_workspace_names_another_python(setting, value, venvs, tmp_path, home):
    workspace = tmp_path / "project"
    (workspace / ".git").mkdir(parents=True)
    other = make_venv((home / "envs/tools") if value.startswith("~") else (workspace / "tools/env"), "3.9")
    settings = vscode_settings(workspace, setting, value)
    (workspace / "src").mkdir()
    running = venvs["clean312"] / "bin/python"
    reader = {"cwd": workspace / "src", "home": home, "path": [running.parent]}
    status, report = doctor_json(running, "--offline", watch=[workspace, venvs["clean312"]], **reader)
    [found] = report["findings"]
    assert status == 1 and found["id"] == "editor-interpreter" and slugs(report) == {"editor-interpreter"}
    assert f"{settings}:4 sets {setting} = {value}: the editor runs {other}/bin/python, but this is {running}" \
        in found["detail"]
    assert ("no longer reads python.pythonPath" in found["detail"]) == (setting == "python.pythonPath")
    assert found["fix"] == "" and "\"Python: Select Interpreter\"" in found["fix_words"]

    # the words' second way, as written: the setting names this Python
    new_value = found["fix_words"].split('"python.defaultInterpreterPath": "', 1)[1].split('" in ', 1)[0]
    assert new_value == str(running)
    vscode_settings(workspace, "python.defaultInterpreterPath", new_value)
    status, report = doctor_json(running, "--offline", watch=[workspace], **reader)
    assert status == 0 and report["findings"] == []


def test_vscode_runs_the_projects_venv_and_the_terminal_does_not(venvs, tmp_path, index, home):
    workspace = tmp_path / "project"
    (workspace / ".git").mkdir(parents=True)
    project_venv = make_venv(workspace / ".venv", "3.12")
    vscode_settings(workspace, "python.defaultInterpreterPath", "${workspaceFolder}/.venv/bin/python")
    running = venvs["other39"] / "bin/python"
    status, report = doctor_json(running, "--offline", cwd=workspace, home=home, path=[running.parent],
                                 watch=[workspace, venvs["other39"]])
    by_id = {f["id"]: f for f in report["findings"]}
    assert status == 1 and set(by_id) == {"editor-runs-project-venv", "venv-not-active"}
    found = by_id["editor-runs-project-venv"]
    assert found["guide"].endswith("/editor-interpreter")
    assert f"the editor runs {project_venv}/bin/python, the project's venv" in found["detail"]
    assert found["fix"] == "" and found["fix_words"] == f"Install what the project needs with {project_venv}/bin/python -m pip install NAME"

    env = pip_env(tmp_path / "pip-home", index)
    apply_fix(found["fix_words"].rsplit(" with ", 1)[1].replace("NAME", "example-lib"), env, workspace)
    assert imported_version(project_venv / "bin/python", "example_lib", env, workspace) == "2.0"
    status, report = doctor_json(project_venv / "bin/python", "--offline", cwd=workspace, home=home,
                                 path=[project_venv / "bin"], watch=[workspace])
    assert status == 0 and report["findings"] == []


def test_vscode_settings_that_are_not_json_are_a_note(venvs, tmp_path, home):
    workspace = tmp_path / "project"
    (workspace / ".vscode").mkdir(parents=True)
    (workspace / ".vscode/settings.json").write_text('{\n  "python.defaultInterpreterPath": /* never closed\n')
    running = venvs["clean312"] / "bin/python"
    status, report = doctor_json(running, "--offline", cwd=workspace, home=home, path=[running.parent],
                                 watch=[workspace])
    [note] = report["findings"]
    assert status == 0 and note["id"] == "editor-settings-unreadable" and note["severity"] == "info"
    assert "a /* comment is never closed" in note["detail"]


# --------------------------------------------------------------------------- the project's own pins


def pinned_project(tmp_path: Path, index: str, home: Path, files: dict[str, str]):
    """A git project with these files and a .venv installed from its requirements.txt, as the project-pins
    scenarios make it; returns the project, its venv, pip's environment and the reader's arguments for doctor.py."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    for name, text in files.items():
        (project / name).write_text(text)
    venv = make_venv(project / ".venv", "3.12")
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "-r", "requirements.txt"], cwd=project,
                   check=True, env=env)
    return project, venv, env, {"cwd": project, "home": home, "path": [venv / "bin"]}


def test_a_requirements_pin_is_named_with_file_and_line_and_its_fix_works(tmp_path, index, home):
    """The project-pins scenario: requirements.txt from `pip freeze` pins example-lib==1.0."""
    (tmp_path / "requirements.txt").write_text("example-lib==0.5\n")  # above the project's .git: never read
    project, venv, env, reader = pinned_project(tmp_path, index, home, {
        "requirements.txt": "# pip freeze, when the project started\nexample-lib==1.0\n"})
    status, report = doctor_json(venv / "bin/python", "example-lib", "--index-url", index, "--no-survey",
                                 watch=[project], **reader)
    package = report["packages"]["example-lib"]
    [pin] = [f for f in package["findings"] if f["id"] == "project-pin"]
    assert status == 1 and pin["guide"].endswith("/project-pins")
    assert pin["detail"].startswith(f"{project}/requirements.txt:2: example-lib==1.0. Installing from this file puts")
    assert pin["fix"] == "" and pin["fix_words"] == (f"Change requirements.txt:2 to example-lib==2.0 (or loosen it), then "
                          f"{venv}/bin/python -m pip install -r requirements.txt")
    _, only = doctor_json(venv / "bin/python", "example-lib", "--index-url", index, "--check", "project-pins",
                          watch=[project], **reader)
    assert only["packages"]["example-lib"]["findings"] == [pin] and only["findings"] == []

    # As printed: change line 2, then install from the file.
    lines = (project / "requirements.txt").read_text().splitlines()
    lines[1] = "example-lib==2.0"
    (project / "requirements.txt").write_text("\n".join(lines) + "\n")
    apply_fix(pin["fix_words"].split(", then ", 1)[1], env, project)
    assert imported_version(venv / "bin/python", "example_lib", env, project) == "2.0"
    status, report = doctor_json(venv / "bin/python", "example-lib", "--index-url", index, "--no-survey",
                                 watch=[project], **reader)
    assert status == 0 and report["packages"]["example-lib"]["findings"] == []


def test_a_constraints_file_named_by_the_requirements_holds_it(tmp_path, index, home):
    project, venv, env, reader = pinned_project(tmp_path, index, home, {
        "requirements.txt": "-c constraints.txt\nexample-lib\n", "constraints.txt": "example-lib==1.0\n"})
    status, report = doctor_json(venv / "bin/python", "example-lib", "--index-url", index, "--no-survey",
                                 watch=[project], **reader)
    [pin] = [f for f in report["packages"]["example-lib"]["findings"] if f["id"] == "project-pin"]
    assert status == 1 and pin["detail"].startswith(f"{project}/constraints.txt:1: example-lib==1.0.")
    assert pin["fix_words"].endswith(f", then {venv}/bin/python -m pip install --upgrade -r requirements.txt")

    (project / "constraints.txt").write_text("example-lib==2.0\n")  # the line changed as the fix says
    apply_fix(pin["fix_words"].split(", then ", 1)[1], env, project)
    assert imported_version(venv / "bin/python", "example_lib", env, project) == "2.0"
    status, report = doctor_json(venv / "bin/python", "example-lib", "--index-url", index, "--no-survey",
                                 watch=[project], **reader)
    assert status == 0 and report["packages"]["example-lib"]["findings"] == []


def test_lock_files_and_pyproject_are_read_line_by_line_on_python_3_8(venvs, tmp_path, index, home):
    """Python 3.8 has no tomllib: uv.lock, poetry.lock, Pipfile.lock and pyproject.toml read as lines, with their
    line numbers. On 3.8 the newest TensorFlow is 2.13.1: each pin below it is named, the others are not."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    lock = '[[package]]\nname = "numpy"\nversion = "1.24.4"\n\n[[package]]\nname = "tensorflow"\nversion = "2.12.0"\n'
    (project / "uv.lock").write_text("version = 1\n" + lock)
    (project / "poetry.lock").write_text(lock.replace("1.24.4", "1.24.3"))
    (project / "Pipfile.lock").write_text(json.dumps({"_meta": {}, "default": {"tensorflow": {"version": "==2.12.0"}},
                                                      "develop": {"pytest": {"version": "==8.0.0"}}}, indent=4))
    (project / "pyproject.toml").write_text(
        '[project]\nname = "tensorflow-app"\ndependencies = [\n    "numpy",\n    "tensorflow<2.13",  # CUDA 11\n]\n'
        '[project.optional-dependencies]\ngpu = ["tensorflow==2.12.0"]\n'
        '[dependency-groups]\ntest = ["tensorflow>=2.12"]\n'
        '[tool.poetry.dependencies]\npython = "^3.8"\ntensorflow = "~2.12"\n'
        '[tool.poetry.group.dev.dependencies]\ntensorflow = { version = "^2.13", optional = true }\n')
    venv = venvs["tf38"]
    status, report = doctor_json(venv / "bin/python", "tensorflow", "--index-url", index, "--no-survey", cwd=project,
                                 home=home, path=[venv / "bin"], watch=[project, venv])
    pins = [f for f in report["packages"]["tensorflow"]["findings"] if f["id"] == "project-pin"]
    assert status == 1
    assert sorted(p["detail"].split(". Installing", 1)[0] for p in pins) == sorted([
        f"{project}/Pipfile.lock:4: \"tensorflow\": \"==2.12.0\" (default)",
        f"{project}/poetry.lock:7: version = \"2.12.0\"",
        f"{project}/pyproject.toml:5: tensorflow<2.13",
        f"{project}/pyproject.toml:8: tensorflow==2.12.0",
        f"{project}/pyproject.toml:13: tensorflow = \"~2.12\"",
        f"{project}/uv.lock:8: version = \"2.12.0\"",
    ])
    fixes = {p["detail"].split(":", 1)[0].rsplit("/", 1)[1]: p["fix_words"] for p in pins}
    assert fixes["uv.lock"].startswith("uv lock --upgrade-package tensorflow, then uv sync")
    assert fixes["poetry.lock"].startswith("poetry update tensorflow")
    assert fixes["Pipfile.lock"].startswith("pipenv update tensorflow")


# --------------------------------------------------------------------------- dependencies --upgrade leaves old


def test_an_upgrade_that_leaves_a_dependency_old_is_explained(tmp_path, index, home):
    """The upgrade-strategy scenario: example-app 1.0 and its dependency example-lib 1.0; the index has 2.0 of both."""
    venv = make_venv(tmp_path / "venv", "3.12", index, ("example-app==1.0", "example-lib==1.0"))
    env = pip_env(tmp_path / "pip-home", index)
    subprocess.run([venv / "bin/python", "-m", "pip", "install", "-q", "--upgrade", "example-app"], check=True, env=env)
    reader = {"cwd": tmp_path, "home": home, "path": [venv / "bin"]}
    status, report = doctor_json(venv / "bin/python", "example-app", "--index-url", index, "--no-survey",
                                 watch=[venv], **reader)
    package = report["packages"]["example-app"]
    [left] = [w for w in package["why_not_newest"] if w["reason"] == "upgrade-strategy"]
    assert left["dependency"] == "example-lib" and (left["installed"], left["version"]) == ("1.0", "2.0")
    assert left["guide_slug"] == "upgrade-strategy" and "only-if-needed" in left["detail"]
    [found] = package["findings"]
    assert status == 0 and found["id"] == "upgrade-strategy" and found["severity"] == "info"
    assert found["fix"] == f"{venv}/bin/python -m pip install --upgrade --upgrade-strategy eager example-app"

    apply_fix(found["fix"], env, tmp_path)
    assert imported_version(venv / "bin/python", "example_lib", env, tmp_path) == "2.0"
    status, report = doctor_json(venv / "bin/python", "example-app", "--index-url", index, "--no-survey",
                                 watch=[venv], **reader)
    package = report["packages"]["example-app"]
    assert status == 0 and package["findings"] == [] and package["why_not_newest"] == []


def test_a_dependency_the_named_package_caps_is_no_upgrade_strategy_case(venvs, index, home, tmp_path):
    """tensorflow-text 2.13.0 requires tensorflow<2.14: eager would not move tensorflow past 2.13.1 either."""
    venv = venvs["pinned311"]
    _, report = doctor_json(venv / "bin/python", "tensorflow-text", "--index-url", index, "--no-survey", cwd=tmp_path,
                            home=home, path=[venv / "bin"], watch=[venv])
    package = report["packages"]["tensorflow-text"]
    assert not [w for w in package["why_not_newest"] if w["reason"] == "upgrade-strategy"]
    assert "upgrade-strategy" not in slugs(report, "tensorflow-text")


# --------------------------------------------------------------------------- the machine: macOS and Windows


def test_rosetta_detection_with_this_machines_values_and_a_macs(monkeypatch):
    """Runs everywhere: the function's inputs are what platform.machine() and sysctl print. On this machine (not
    an Apple silicon Mac) sysctl has no such keys; the values an x86_64 Python under Rosetta 2 reads are x86_64, 1, 1."""
    import platform

    doctor = load_doctor(monkeypatch)
    here = (platform.machine(), doctor.sysctl_value("hw.optional.arm64"), doctor.sysctl_value("sysctl.proc_translated"))
    if sys.platform != "darwin":
        assert here[1:] == ("", "")  # Linux's sysctl knows neither key
        assert doctor.rosetta_finding(*here) is None
        assert doctor.check_macos_architecture() == []
    found = doctor.rosetta_finding("x86_64", "1", "1")
    assert found["id"] == "macos-x86_64-on-arm64" and found["guide"].endswith("/macos-architecture")
    assert doctor.rosetta_finding("x86_64", "1", "") is not None  # a parent translated: proc_translated unreadable
    assert doctor.rosetta_finding("arm64", "1", "0") is None  # a native arm64 Python
    assert doctor.rosetta_finding("x86_64", "", "") is None  # an Intel Mac: no hw.optional.arm64 key


@pytest.mark.skipif(sys.platform != "darwin" or os.uname().machine != "arm64",
                    reason="not run: needs an Apple silicon Mac with Rosetta 2 (no CI job runs these tests on macOS)")
def test_an_x86_64_python_on_apple_silicon(tmp_path, home):
    done = subprocess.run(["arch", "-x86_64", "/usr/bin/python3", str(DOCTOR), "--json", "--offline", "--check",
                           "macos-architecture"], capture_output=True, text=True, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert done.returncode == 1 and slugs(report) == {"macos-architecture"}


# What `py -0p` prints: the 3.11+ launcher (`-V:` tags, the star after the tag) and older ones (the star at the end).
PY_LIST_NEW = (" -V:3.12 *        C:\\Users\\you\\AppData\\Local\\Programs\\Python\\Python312\\python.exe\n"
               " -V:3.11          C:\\Python311\\python.exe\n")
PY_LIST_OLD = ("Installed Pythons found by py Launcher for Windows\n"
               " -3.9-64        C:\\Python39\\python.exe *\n -3.8-32        C:\\Python38-32\\python.exe\n")
STORE_ALIAS = "C:\\Users\\you\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe"


def test_windows_launcher_detection_with_real_strings(monkeypatch):
    doctor = load_doctor(monkeypatch)
    assert doctor.parse_py_list(PY_LIST_NEW) == [
        ("3.12", "C:\\Users\\you\\AppData\\Local\\Programs\\Python\\Python312\\python.exe", True),
        ("3.11", "C:\\Python311\\python.exe", False)]
    assert doctor.parse_py_list(PY_LIST_OLD) == [("3.9", "C:\\Python39\\python.exe", True),
                                                ("3.8", "C:\\Python38-32\\python.exe", False)]
    launcher = doctor.parse_py_list(PY_LIST_NEW)
    running = "C:\\Python311\\python.exe"

    [alias] = doctor.windows_launcher_findings(STORE_ALIAS, None, [], False, running)
    assert (alias["id"], alias["severity"]) == ("windows-store-alias", "warning")
    assert alias["guide"].endswith("/windows-launcher")
    [python3_alias] = doctor.windows_launcher_findings(running, STORE_ALIAS.replace("python.exe", "python3.exe"),
                                                      [], False, running)
    assert python3_alias["severity"] == "info"

    [differs] = doctor.windows_launcher_findings(running, None, launcher, False, running)
    assert differs["id"] == "windows-launcher-differs"
    assert "`python` starts C:\\Python311\\python.exe; `py` starts C:\\Users\\you" in differs["detail"]
    assert doctor.windows_launcher_findings(running, None, launcher, True, running) == []  # py follows VIRTUAL_ENV
    same = [("3.11", running, True)]
    assert doctor.windows_launcher_findings(running, None, same, False, running) == []
    if sys.platform != "win32":
        assert doctor.check_windows_launcher() == []


@pytest.mark.skipif(sys.platform != "win32", reason="not run: Windows only (the CI's Windows job runs doctor.py "
                                                    "through snippets/check-script/windows)")
def test_windows_launcher_on_windows(tmp_path):
    done = subprocess.run([sys.executable, str(DOCTOR), "--json", "--offline", "--check", "windows-launcher"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert "Traceback" not in done.stderr and done.returncode in (0, 1)
    assert slugs(json.loads(done.stdout)) <= {"windows-launcher"}
