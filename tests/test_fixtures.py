"""The local index: reproducible real wheels, a PEP 503/691 server, and pip choosing on it as on PyPI."""

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import isolated_env

from installdoctor import interpreters
from installdoctor.fixtures import catalogue, wheels
from installdoctor.fixtures.index import JSON_TYPE, LocalIndex


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
