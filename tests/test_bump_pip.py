"""The weekly pin bump: which pip it picks from the index's files, and the pin file it writes."""


import pytest
from packaging.utils import parse_wheel_filename
from packaging.version import Version

import bump_pip  # scripts/bump_pip.py: pytest's pythonpath is scripts/
from installdoctor.verify.localindex import bundled


def wheel(version, requires=None, yanked=False, sha="0" * 64):
    entry = {"filename": f"pip-{version}-py3-none-any.whl", "hashes": {"sha256": sha}, "yanked": yanked}
    if requires:
        entry["requires-python"] = requires
    return entry


FILES = [
    wheel("25.0.1", ">=3.8", sha="a" * 64),
    {"filename": "pip-25.0.1.tar.gz", "hashes": {"sha256": "b" * 64}, "requires-python": ">=3.8"},
    wheel("26.0.1", ">=3.9"),
    wheel("26.3", ">=3.10", sha="c" * 64),
    wheel("26.4", ">=3.10", yanked="broken"),
    wheel("27.0b1", ">=3.10"),
]


def test_the_newest_final_wheel_and_the_newest_an_old_python_runs():
    assert bump_pip.newest(FILES)["filename"] == "pip-26.3-py3-none-any.whl"
    assert bump_pip.newest(FILES, "3.8")["filename"] == "pip-25.0.1-py3-none-any.whl"
    assert bump_pip.newest(FILES, "3.9")["filename"] == "pip-26.0.1-py3-none-any.whl"


def test_the_pin_file_it_writes_is_read_back_as_written(tmp_path, monkeypatch):
    pin = tmp_path / "current_pip.toml"
    pin.write_text(bump_pip.render(FILES, "3.8"))
    monkeypatch.setattr(bundled, "CURRENT_PIP", pin)
    assert bundled.current_pip() == ("26.3", {"pip-26.3-py3-none-any.whl": "c" * 64,
                                              "pip-25.0.1-py3-none-any.whl": "a" * 64})
    assert "newest pip for Python 3.8" in pin.read_text()
    one = bump_pip.render([wheel("26.3", ">=3.8", sha="c" * 64)], "3.8")  # one wheel serves every Python
    assert one.count(".whl") == 1


def test_the_oldest_python_comes_from_the_scenarios():
    assert bump_pip.oldest_python() == "3.8"


@pytest.mark.live
def test_the_committed_pin_names_real_files_with_pypis_hashes():
    files = bump_pip.pip_files()
    on_pypi = {entry["filename"]: entry["hashes"]["sha256"] for entry in files}
    version, wheels = bundled.current_pip()
    assert {name: on_pypi.get(name) for name in wheels} == wheels
    newest = bump_pip.newest(files)["filename"]
    assert Version(version) <= parse_wheel_filename(newest)[1]
