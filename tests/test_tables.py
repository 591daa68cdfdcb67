"""The compatibility tables: rendering from data (offline), the committed data's shape, and live cells."""

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import REPO
from packaging.version import Version

import tables  # scripts/tables.py: pytest's pythonpath is scripts/
from installdoctor.verify import tooling_pip
from installdoctor.verify.isolation import clean_pip_env
from installdoctor.site import tables_page

SAMPLE = json.loads((REPO / "tests/fixtures/tables-sample.json").read_text())
COMMITTED = json.loads((REPO / "docs/tables/data.json").read_text())
STATUSES = ("newest", "older", "source", "pre", "none", "unknown")


def _row(text: str, package: str, python: str) -> str:
    block = text.split(f'=== "{package}"', 1)[1]
    return next(line for line in block.splitlines() if line.strip().startswith(f"| {python} |"))


def test_render_colours_each_cell_by_its_answer():
    text = tables_page.render(SAMPLE)
    assert "Generated **2026-11-25** with pip 26.3 against https://pypi.org/simple." in text
    assert '=== "tensorflow"' in text and "Newest tensorflow on the index: **2.21.0**" in text
    assert "| Python | Linux x86_64, glibc ≥ 2.28 | macOS x86_64 (14) |" in text
    row_38 = _row(text, "tensorflow", "3.8")
    assert 'idoc-cell-older" title="Requires-Python &gt;=3.10">2.13.1<br><small>Requires-Python &gt;=3.10' in row_38
    assert 'idoc-cell-unknown"' in row_38 and "not measured" in row_38  # a failed cell is never guessed
    row_310 = _row(text, "tensorflow", "3.10")
    assert 'idoc-cell-newest">2.21.0</span>' in row_310 and 'idoc-cell-none"' in row_310


def test_a_source_only_release_and_a_pre_release_get_their_own_status_never_newest_or_older():
    text = tables_page.render(SAMPLE)
    numpy_310 = _row(text, "numpy", "3.10")
    assert ('idoc-cell-source" title="2.5.5 only from source, needs a compiler; newest wheel 2.2.6">'
            "2.5.5<br><small>only from source, needs a compiler; newest wheel 2.2.6</small>") in numpy_310
    assert "only from source, needs a compiler; no wheel</small>" in numpy_310
    assert "idoc-cell-newest" not in numpy_310
    tf_314 = _row(text, "tensorflow", "3.14")
    assert 'idoc-cell-pre" title="only a pre-release: 2.22.0rc0">2.22.0rc0<br><small>only a pre-release' in tf_314
    assert "idoc-cell-older" not in tf_314


def test_the_legend_names_every_status_in_words():
    legend = tables_page.legend()
    for status in STATUSES:
        assert f"idoc-cell-{status}" in legend
    assert "needs a compiler" in legend and "pre-release" in legend


def test_cell_record_tells_source_only_and_pre_releases_apart():
    plat = tables.PLATFORMS[1]
    newest = Version("2.5.5")
    numpy_files = [{"tags": {"cp312-cp312-manylinux_2_27_x86_64"}, "requires_python": ">=3.11"}, {"tags": set()}]
    source = tables.cell_record(tables.Answer("2.2.6", "2.5.5"), newest, numpy_files, "3.12", plat)
    assert source == {"version": "2.2.6", "status": "source", "source": "2.5.5",
                      "reason": "2.5.5 only from source, needs a compiler; newest wheel 2.2.6"}
    assert tables.cell_record(tables.Answer("2.5.5", "2.5.5"), newest, numpy_files, "3.12", plat)["status"] == "newest"
    pure = tables.cell_record(tables.Answer("0.1.23", "0.4.13"), Version("0.12.0"), [{"tags": {"py3-none-any"}}],
                              "3.8", plat)
    assert pure["reason"] == "0.4.13 only from source, pip builds it (pure Python); newest wheel 0.1.23"
    pre = tables.cell_record(tables.Answer(None, None, pre="2.22.0rc0"), Version("2.21.0"), [], "3.14", plat)
    assert pre == {"version": "2.22.0rc0", "status": "pre", "reason": "only a pre-release: 2.22.0rc0"}
    assert tables.cell_record(tables.Answer(None, error="timed out"), newest, [], "3.12", plat)["status"] == "unknown"


def test_the_tables_pip_is_the_one_pinned_in_current_pip_toml():
    import tomllib

    pin = tomllib.loads((REPO / "scripts/installdoctor/verify/localindex/current_pip.toml").read_text())
    version, sha256 = tooling_pip.pinned()
    assert version == pin["version"] and sha256 == pin["wheels"][f"pip-{version}-py3-none-any.whl"]
    assert len(sha256) == 64
    machine = {"PIP_INDEX_URL": "https://mirror.example.org/", "PYTHONPATH": "/x", "SSL_CERT_FILE": "/ca"}
    env = clean_pip_env(base=machine)
    assert env == {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "SSL_CERT_FILE": "/ca"}


def test_linux_columns_pass_every_glibc_level_they_accept():
    modern, old = tables.manylinux("x86_64", 28), tables.manylinux("x86_64", 17)
    assert "manylinux_2_27_x86_64" in modern and "manylinux_2_28_x86_64" in modern
    assert "manylinux_2_27_x86_64" not in old and "manylinux2014_x86_64" in old and "manylinux1_x86_64" in old


def test_committed_data_was_made_with_the_pinned_pip_and_covers_the_whole_table_set():
    assert COMMITTED["pip"] == tooling_pip.pinned()[0]
    assert "--only-binary=:all:" in COMMITTED["method"] and COMMITTED["method_source"]
    assert set(COMMITTED["packages"]) == {"tensorflow", "torch", "jax", "numpy", "scipy"}
    assert COMMITTED["pythons"] == ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
    assert [p["id"] for p in COMMITTED["platforms"]] == [p.id for p in tables.PLATFORMS] and COMMITTED["generated"]
    assert "windows-x86" in {p["id"] for p in COMMITTED["platforms"]}  # 32-bit Windows: a column of its own
    for info in COMMITTED["packages"].values():
        for row in info["cells"].values():
            for cell in row.values():
                assert cell["status"] in STATUSES
                if cell["status"] == "source":
                    assert cell["version"] is None or Version(cell["source"]) > Version(cell["version"])
                else:
                    assert (cell["version"] is None) == (cell["status"] in ("none", "unknown"))
                if cell["status"] in ("newest", "older"):
                    assert not Version(cell["version"]).is_prerelease  # a pre-release is never "older"
    tf = COMMITTED["packages"]["tensorflow"]["cells"]
    assert tf["3.8"]["linux-x86_64"]["version"] == "2.13.1"  # measured 2026-11-25; frozen since 3.8 support ended
    # the cells pip 24.2 got wrong: numpy and scipy dropped manylinux2014 wheels but kept sdists
    for package in ("numpy", "scipy"):
        for python in ("3.12", "3.13"):
            assert COMMITTED["packages"][package]["cells"][python]["linux-x86_64-glibc-2.17"]["status"] == "source"
    assert COMMITTED["requirements"]["tensorflow-text"]["requires"].startswith("tensorflow")


# A few cells, picked to cover each status pip can be asked about cheaply (metadata read with HTTP range
# requests, `fast-deps`, where the index serves no separate metadata: no 500 MB TensorFlow download).
LIVE_SAMPLE = (("numpy", "3.12", "linux-x86_64-glibc-2.17"), ("scipy", "3.13", "linux-x86_64-glibc-2.17"),
               ("tensorflow", "3.8", "linux-x86_64"), ("tensorflow", "3.14", "linux-x86_64"),
               ("numpy", "3.11", "windows-x86"), ("tensorflow", "3.12", "windows-x86"))  # 32-bit: a version, and none


def _dry_run_pick(python_exe, cache, package: str, python: str, platform_id: str, pre: bool) -> str | None:
    """The version `pip install --dry-run --report --only-binary=:all:` picks for that cell (None: nothing)."""
    platform = next(p for p in tables.PLATFORMS if p.id == platform_id)
    argv = [str(python_exe), "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps", "--quiet",
            "--report", "-", "--only-binary=:all:", "--use-feature=fast-deps", "--index-url", tables.INDEX,
            "--python-version", python, "--implementation", "cp", *[f"--platform={t}" for t in platform.tags],
            *(["--pre"] if pre else []), package]
    done = subprocess.run(argv, capture_output=True, text=True, env=clean_pip_env(str(cache)), timeout=300)
    if done.returncode != 0:
        assert "No matching distribution found" in done.stderr, done.stderr
        return None
    return json.loads(done.stdout)["install"][0]["metadata"]["version"]


@pytest.mark.live
def test_committed_cells_match_what_the_pinned_pip_installs(tmp_path):
    python_exe = tooling_pip.python()

    def check(cell):
        package, python, platform_id = cell
        committed = COMMITTED["packages"][package]["cells"][python][platform_id]
        picked = _dry_run_pick(python_exe, tmp_path / package / python, package, python, platform_id,
                               pre=committed["status"] == "pre")
        return cell, committed["version"], picked

    with ThreadPoolExecutor(max_workers=len(LIVE_SAMPLE)) as pool:
        for cell, committed, picked in pool.map(check, LIVE_SAMPLE):
            assert picked == committed, f"{cell}: data.json says {committed}, pip {tooling_pip.pinned()[0]} picks {picked}"
