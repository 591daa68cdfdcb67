"""Can the site outlive Material for MkDocs? Build it with Zensical and report what comes out.

    python scripts/zensical_smoke.py [--keep DIR]    # exit 0 built with every guide and its code blocks

Zensical reads mkdocs.yml and runs Python-Markdown extensions, but not MkDocs hooks. So the
pages are first rendered through `installdoctor.site.pages.render` (what the hook does: badges,
placeholders, the gate), written into a copy of the repository, and Zensical builds that.
Zensical runs from its own locked venv (tools/zensical/requirements.lock) in the cache.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from installdoctor import results
from installdoctor.layout import REPO
from installdoctor.verify.isolation import clean_pip_env
from installdoctor.site import pages
from installdoctor.verify.localindex import bundled

LOCK = REPO / "tools" / "zensical" / "requirements.lock"


def zensical_venv() -> Path:
    """A venv with the locked Zensical, made once per lock (its hash names the folder)."""
    venv = bundled.cache_root() / f"zensical-{results.sha256_file(LOCK)[:12]}"
    if not (venv / "bin" / "zensical").is_file():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=clean_pip_env())  # ensurepip runs pip
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--require-hashes",
                        "--no-deps", "--only-binary", ":all:", "-r", str(LOCK)], check=True,
                       env=clean_pip_env())
    return venv


def prerender(root: Path) -> int:
    """Write every Markdown page as the hook would render it; returns how many the gate refused blocks on."""
    build = pages.Build.load(REPO)
    refused = 0
    for page in sorted((root / "docs").rglob("*.md")):
        src = page.relative_to(root / "docs").as_posix()
        text, problems = pages.render(build, src, page.read_text())
        refused += bool(problems)
        page.write_text(text)
    return refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="idoc-zensical-"))
    for name in ("docs", "snippets", ".verified"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    refused = prerender(root)
    venv = zensical_venv()
    done = subprocess.run([str(venv / "bin" / "zensical"), "build"], cwd=root, capture_output=True, text=True,
                          env=dict(os.environ, NO_COLOR="1"))
    said = done.stdout + done.stderr
    warnings = len(re.findall(r"Warning:", said))
    guides = sorted((root / "docs" / "guides").glob("*.md"))
    built = {g.stem: root / "site" / "guides" / g.stem / "index.html" for g in guides if g.stem != "index"}
    missing = [slug for slug, html in built.items() if not html.is_file()]
    without_code = [slug for slug, html in built.items() if html.is_file() and "<pre" not in html.read_text()]
    print(f"zensical: exit {done.returncode}, {warnings} warning(s); {len(built) - len(missing)} of {len(built)} "
          f"guide pages built; pages the gate refused blocks on: {refused}")
    for slug in missing:
        print(f"  not built: guides/{slug}")
    for notebook in sorted((root / "docs").rglob("*.ipynb")):  # known: Zensical has no mkdocs-jupyter
        page = notebook.relative_to(root / "docs").with_suffix("")
        if not (root / "site" / page / "index.html").is_file():
            print(f"  not rendered (a notebook; Zensical has no mkdocs-jupyter): {page.as_posix()}")
    for slug in without_code:
        print(f"  no code blocks: guides/{slug}")
    if done.returncode != 0:
        print(said[-2000:])
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if done.returncode == 0 and not missing and not without_code else 1


if __name__ == "__main__":
    sys.exit(main())
