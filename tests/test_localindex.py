"""The local index: reproducible real wheels, a PEP 503/691 server, and pip choosing on it as on PyPI."""

import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, isolated_env

from installdoctor.verify import interpreters
from installdoctor.verify.localindex import catalogue, wheels
from installdoctor.verify.localindex.index import JSON_TYPE, LocalIndex


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("wheels")
    wheels.build_all(target)
    return target


def test_builds_are_byte_reproducible(tmp_path, built):
    again = tmp_path / "again"
    wheels.build_all(again)
    for path in built.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_wheel_metadata_carries_requires_python(built):
    import zipfile

    with zipfile.ZipFile(built / "tensorflow-2.21.0-cp312-cp312-manylinux_2_27_x86_64.whl") as whl:
        metadata = whl.read("tensorflow-2.21.0.dist-info/METADATA").decode()
        assert "Requires-Python: >=3.10" in metadata
        assert whl.read("tensorflow/__init__.py").decode().endswith('__version__ = "2.21.0"\n')


def test_index_serves_pep503_html_and_pep691_json(built):
    with LocalIndex(built) as index:
        page = urllib.request.urlopen(f"{index.url}/tensorflow/").read().decode()
        assert 'data-requires-python="&gt;=3.10"' in page
        assert "tensorflow-2.13.1-cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64.whl#sha256=" in page
        request = urllib.request.Request(f"{index.url}/TensorFlow/", headers={"Accept": JSON_TYPE})
        data = json.loads(urllib.request.urlopen(request).read())
        assert data["name"] == "tensorflow"
        assert {f["requires-python"] for f in data["files"]} == {">=3.8", ">=3.9", ">=3.10"}
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{index.url}/no-such-project/")
        assert missing.value.code == 404


def test_index_answers_head_requests_with_the_headers_of_get_and_no_body(built):
    """uv asks for a file's headers (HEAD) before it downloads it; PyPI answers, and so must the local index."""
    with LocalIndex(built) as index:
        url = index.url.removesuffix("/simple") + "/packages/example_lib-1.0-py3-none-any.whl"
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as head:
            assert head.status == 200 and head.read() == b""
            length = int(head.headers["Content-Length"])
        assert length == (built / "example_lib-1.0-py3-none-any.whl").stat().st_size


def test_core_metadata_is_served_beside_each_wheel_only_when_asked(built):
    """PEP 658/714 as PyPI serves it: `core-metadata` (JSON), `data-core-metadata` (HTML), the file at URL.metadata."""
    import hashlib

    with LocalIndex(built, core_metadata=True) as index:
        request = urllib.request.Request(f"{index.url}/example-addon/", headers={"Accept": JSON_TYPE})
        [wheel] = [f for f in json.loads(urllib.request.urlopen(request).read())["files"] if "-2.0-" in f["filename"]]
        metadata = urllib.request.urlopen(urllib.parse.urljoin(f"{index.url}/example-addon/", wheel["url"])
                                          + ".metadata").read()
        assert hashlib.sha256(metadata).hexdigest() == wheel["core-metadata"]["sha256"]
        assert b"Requires-Dist: example-lib>=2\n" in metadata
        assert "data-core-metadata=" in urllib.request.urlopen(f"{index.url}/example-addon/").read().decode()
    with LocalIndex(built) as index:  # the scenarios' index: pip would print a line for each metadata file
        assert "core-metadata" not in urllib.request.urlopen(f"{index.url}/example-addon/").read().decode()


def test_the_mirror_view_stopped_before_each_projects_newest_release(built):
    with LocalIndex(built) as index:
        mirror = index.url.replace("/simple", "/mirror/simple")
        page = urllib.request.urlopen(f"{mirror}/tensorflow/").read().decode()
        wheel = re.search(r'href="([^"#]*tensorflow-2\.20\.0-[^"#]*)', page)[1]
        file_url = urllib.parse.urljoin(f"{mirror}/tensorflow/", wheel)
        assert urllib.request.urlopen(file_url).status == 200  # its links lead to files
    assert "tensorflow-2.20.0-" in page and "tensorflow-2.21.0-" not in page


# What real pip on each real interpreter installs from the real index (measured 2026-11-25 on
# Linux x86_64, glibc 2.36); the stand-in must make pip choose the same.
REAL_CHOICE = {"3.8": "2.13.1", "3.9": "2.20.0", "3.10": "2.21.0", "3.11": "2.21.0", "3.12": "2.21.0", "3.13": "2.21.0"}


@pytest.mark.parametrize("version", sorted(REAL_CHOICE, key=lambda v: tuple(map(int, v.split(".")))))
def test_pip_on_each_real_python_picks_what_it_picks_on_pypi(tmp_path, built, version):
    interpreter = interpreters.find(version)
    if interpreter is None:
        pytest.skip(f"not run: no Python {version} on this machine")
    with LocalIndex(built) as index:
        done = subprocess.run(
            [str(interpreter.executable), "-m", "pip", "download", "--no-deps", "--index-url", index.url,
             "-d", str(tmp_path / "dl"), "tensorflow"],
            capture_output=True, text=True, env=isolated_env(tmp_path / "home"),
        )
    assert done.returncode == 0, done.stdout + done.stderr
    [downloaded] = (tmp_path / "dl").iterdir()
    assert downloaded.name.startswith(f"tensorflow-{REAL_CHOICE[version]}-"), downloaded.name


def test_catalogue_names_are_normalised():
    assert catalogue.normalise_name("Foo_Bar.baz") == "foo-bar-baz"


def test_the_index_serves_the_same_pinned_pip_wheels_on_every_machine(built):
    from installdoctor.verify.localindex import bundled

    pins = {**bundled.PIP_WHEELS, **bundled.current_pip()[1]}
    served = {path.name for path in built.glob("pip-*.whl")}
    assert served == set(pins)
    for name, sha256 in pins.items():
        assert bundled._sha256(built / name) == sha256


def test_the_index_serves_the_pinned_uv_wheel_for_this_machine_and_it_is_uv(built, tmp_path):
    import platform
    import sys
    import zipfile

    from installdoctor.verify.localindex import bundled

    pin = bundled.UV_WHEELS.get((sys.platform, platform.machine()))
    if pin is None:
        pytest.skip(f"no uv wheel is pinned for {sys.platform} {platform.machine()} (no uv scenario runs here)")
    name, sha256 = pin
    assert [p.name for p in built.glob("uv-*.whl")] == [name] and bundled._sha256(built / name) == sha256
    with zipfile.ZipFile(built / name) as wheel:
        version = name.split("-")[1]
        binary = tmp_path / "uv"
        binary.write_bytes(wheel.read(f"uv-{version}.data/scripts/uv"))
    binary.chmod(0o755)
    said = subprocess.run([str(binary), "--version"], capture_output=True, text=True, env=isolated_env(tmp_path))
    assert said.returncode == 0 and said.stdout.startswith(f"uv {version} ("), said.stdout + said.stderr


def test_no_uv_wheel_is_pinned_for_a_machine_without_uv_scenarios():
    from installdoctor.verify.localindex import bundled

    assert bundled.uv_wheels(("win32", "AMD64")) == []
    assert {name.split("-")[1] for name, _ in bundled.UV_WHEELS.values()} == {"0.13.9"}  # one version everywhere


def test_the_current_pip_is_named_in_one_file_and_its_wheel_is_served():
    from installdoctor.verify.localindex import bundled

    version, pins = bundled.current_pip()
    assert f"pip-{version}-py3-none-any.whl" in pins
    code = [*(REPO / "scripts").rglob("*.py"), *(REPO / ".github").rglob("*.yml"), REPO / "Makefile"]
    code += [p for p in (REPO / "snippets").rglob("*") if p.suffix in (".toml", ".sh", ".ps1", ".bat", ".py")]
    copies = re.compile(rf"(pip==|pip-|[\"']){re.escape(version)}\b")
    assert [p for p in code if copies.search(p.read_text(encoding="utf-8"))] == []


def _no_local_bundles(monkeypatch, tmp_path):
    from installdoctor.verify.localindex import bundled

    monkeypatch.setattr(bundled, "_bundled_here", lambda: {})  # as on a CI runner without Python 2.7
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return bundled


@pytest.mark.live
def test_without_a_local_python_2_7_the_pinned_wheels_come_from_pypi(monkeypatch, tmp_path):
    bundled = _no_local_bundles(monkeypatch, tmp_path)
    paths = bundled.bundled_pip_wheels()
    pins = {**bundled.PIP_WHEELS, **bundled.current_pip()[1]}
    assert [p.parent for p in paths] == [tmp_path / "cache/install-doctor/pip-wheels"] * len(pins)
    assert [bundled._sha256(p) for p in paths] == list(pins.values())


def test_a_wheel_that_cannot_be_had_is_a_clear_error(monkeypatch, tmp_path):
    bundled = _no_local_bundles(monkeypatch, tmp_path)
    monkeypatch.setattr(bundled, "PYPI_FILES", "http://127.0.0.1:9/simple/pip/")  # nothing listens on port 9
    with pytest.raises(bundled.MissingWheel, match=r"pip-19\.2\.3-py2\.py3-none-any\.whl: not bundled with a local"):
        bundled.bundled_pip_wheels()


def test_a_current_pip_wheel_that_cannot_be_had_is_a_clear_error(monkeypatch, tmp_path):
    bundled = _no_local_bundles(monkeypatch, tmp_path)
    monkeypatch.setattr(bundled, "PYPI_FILES", "http://127.0.0.1:9/simple/pip/")
    version = bundled.current_pip()[0]
    with pytest.raises(bundled.MissingWheel, match=rf"pip-{re.escape(version)}-py3-none-any\.whl: .* not in the cache"):
        bundled.current_pip_wheels()


def test_a_cached_file_with_another_hash_is_refused(monkeypatch, tmp_path):
    bundled = _no_local_bundles(monkeypatch, tmp_path)
    cache = tmp_path / "cache/install-doctor/pip-wheels"
    cache.mkdir(parents=True)
    (cache / "pip-19.2.3-py2.py3-none-any.whl").write_bytes(b"not pip")
    with pytest.raises(bundled.MissingWheel, match="a different file"):
        bundled.bundled_pip_wheels()
