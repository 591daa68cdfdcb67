"""The compatibility tables: rendering from data (offline), the committed data's shape, and live cells."""

import json
import subprocess
import sys

import pytest
from conftest import REPO, isolated_env

from installdoctor import interpreters, tables_page

SAMPLE = json.loads((REPO / "tests/fixtures/tables-sample.json").read_text())
COMMITTED = json.loads((REPO / "docs/tables/data.json").read_text())
sys.path.insert(0, str(REPO / "scripts"))
import tables  # noqa: E402


def test_render_colours_each_cell_by_its_answer():
    text = tables_page.render(SAMPLE)
    assert 'Generated **2026-11-25** with pip 24.2' in text
    assert '=== "tensorflow"' in text and "Newest tensorflow on the index: **2.21.0**" in text
    assert "| Python | Linux x86_64, glibc ≥ 2.28 | macOS x86_64 (14) |" in text
    row_38 = next(line for line in text.splitlines() if line.strip().startswith("| 3.8 |"))
    assert 'idoc-cell-older" title="Requires-Python &gt;=3.10">2.13.1<br><small>Requires-Python &gt;=3.10' in row_38
    assert 'idoc-cell-unknown"' in row_38 and "not measured" in row_38  # a failed cell is never guessed
    row_310 = next(line for line in text.splitlines() if line.strip().startswith("| 3.10 |"))
    assert 'idoc-cell-newest">2.21.0</span>' in row_310 and 'idoc-cell-none"' in row_310


def test_linux_columns_pass_every_glibc_level_they_accept():
    modern, old = tables.manylinux("x86_64", 28), tables.manylinux("x86_64", 17)
    assert "manylinux_2_27_x86_64" in modern and "manylinux_2_28_x86_64" in modern
    assert "manylinux_2_27_x86_64" not in old and "manylinux2014_x86_64" in old and "manylinux1_x86_64" in old


def test_committed_data_covers_the_whole_table_set():
    assert set(COMMITTED["packages"]) == {"tensorflow", "torch", "jax", "numpy", "scipy"}
    assert COMMITTED["pythons"] == ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
    assert len(COMMITTED["platforms"]) == 6 and COMMITTED["generated"] and COMMITTED["pip"]
    for info in COMMITTED["packages"].values():
        for row in info["cells"].values():
            for cell in row.values():
                assert cell["status"] in ("newest", "older", "none", "unknown")
                assert (cell["version"] is None) == (cell["status"] in ("none", "unknown"))
    tf = COMMITTED["packages"]["tensorflow"]["cells"]
    assert tf["3.8"]["linux-x86_64"]["version"] == "2.13.1"  # measured 2026-11-25; frozen since 3.8 support ended
    assert tf["3.10"]["linux-x86_64-glibc-2.17"]["version"] == "2.20.0"


@pytest.mark.live
def test_live_cells_match_what_each_real_interpreter_installs_here():
    """Linux x86_64 cells for the Pythons on this machine (glibc ≥ 2.28) against that interpreter's own pip."""
    import platform

    libc, glibc = platform.libc_ver()
    if libc != "glibc" or tuple(map(int, glibc.split(".")[:2])) < (2, 28) or platform.machine() != "x86_64":
        pytest.skip("not run: needs Linux x86_64 with glibc ≥ 2.28")
    env = isolated_env(REPO / ".pytest-home")
    fresh = tables.run_cells([("tensorflow", v, tables.PLATFORMS[0]) for v in ("3.8", "3.12")],
                             tables.isolated_env(str(REPO / ".pytest-home/cache")), jobs=2, progress=False)[0]
    for version in ("3.8", "3.12"):
        found = interpreters.find(version)
        if not found:
            continue
        done = subprocess.run([str(found.executable), "-m", "pip", "index", "versions", "tensorflow",
                               "--index-url", tables.INDEX], capture_output=True, text=True, env=env)
        own = done.stdout.split("(", 1)[1].split(")", 1)[0]
        assert fresh[("tensorflow", version, "linux-x86_64")][0] == own
        assert COMMITTED["packages"]["tensorflow"]["cells"][version]["linux-x86_64"]["status"] in ("newest", "older")
