"""Zensical, Material's successor, builds the site from the pages as `pages.render` leaves them
(it runs no MkDocs hooks): every guide page with its code blocks. The report is printed."""

import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.live]  # installs the locked Zensical from PyPI once


def test_zensical_builds_every_guide_with_its_code_blocks():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "zensical_smoke.py")], capture_output=True,
                          text=True, timeout=600)
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "guide pages built" in done.stdout and "not built:" not in done.stdout
