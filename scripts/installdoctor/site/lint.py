"""Content lint: commands the site must never show, and the rules every snippet follows.

    python -m installdoctor.site.lint      # exit 0 clean, 1 problems (each `path:line: message`)

Refused: `sudo pip`, `--trusted-host`, piping a download into a shell,
`--break-system-packages` unless the page shows a danger/warning admonition just
before it, Windows and POSIX commands in one file, bare `pip` where the rule is
`python -m pip` (unless the line, or a comment line above it in the file, says
`# bare pip on purpose: <reason>`), and a step file that no page includes. A step that
shows another platform's command *as the mistake* says `# wrong platform on purpose: <reason>`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..layout import REPO, STEP_SHELLS
from . import includes
from .pages import notebook_source
from .problem import Problem

STEP_SUFFIXES = tuple(STEP_SHELLS)
ALLOW_BARE_PIP = re.compile(r"#\s*bare pip on purpose:\s*\S")
ALLOW_MIXED = re.compile(r"#\s*wrong platform on purpose:\s*\S")
COMMAND_START = r"(?:^|[;&|(]\s*|\b(?:then|do|else)\s+)"

NEVER = (
    (re.compile(r"\bsudo\s+(?:-\S+\s+)*(?:pip\d?(?:\.\d+)?|python\S*\s+-m\s+pip)\b"),
     "never `sudo pip`: it installs into the system Python as root; use a virtual environment"),
    (re.compile(r"--trusted-host\b"), "never `--trusted-host`: it turns off TLS checks for that host"),
    (re.compile(r"\b(?:curl|wget)\b[^|\n]*\|\s*(?:sudo\s+)?(?:ba|z|)sh\b"),
     "never pipe a download into a shell (`curl … | sh`)"),
)
BARE_PIP = re.compile(COMMAND_START + r"pip\d?(?:\.\d+)?\s")
WINDOWS_ONLY = re.compile(r"\\Scripts\\|Activate\.ps1|\bpy\s+-\d|%\w+%|\$env:|^\s*set\s+\w+=", re.I | re.M)
POSIX_ONLY = re.compile(r"\bsource\s|/bin/activate\b|^\s*export\s+\w+=|\bwhich\s", re.M)
BREAK_SYSTEM = "--break-system-packages"
WARNING_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?:danger|warning)\b", re.M)
ADMONITION_REACH = 12  # lines above an include where its warning must stand


def lint_step(path: str, text: str) -> list[Problem]:
    """Rules for one step file (its name tells its shell)."""
    problems = []
    bare_pip_explained = False  # a marker on a comment line covers the lines after it
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, message in NEVER:
            if pattern.search(line):
                problems.append(Problem(path, number, message))
        if line.lstrip().startswith("#") and ALLOW_BARE_PIP.search(line):
            bare_pip_explained = True
        if BARE_PIP.search(line.split("#", 1)[0]) and not (bare_pip_explained or ALLOW_BARE_PIP.search(line)):
            problems.append(Problem(path, number, "bare `pip`: write `python -m pip` (or mark the line "
                                                  "`# bare pip on purpose: <reason>`)"))
    wrong = WINDOWS_ONLY if path.endswith((".sh",)) else POSIX_ONLY if path.endswith((".ps1", ".bat", ".cmd")) else None
    if wrong and (hit := wrong.search(text)) and not ALLOW_MIXED.search(text):
        number = text.count("\n", 0, hit.start()) + 1
        other = "Windows" if wrong is WINDOWS_ONLY else "POSIX"
        problems.append(Problem(path, number, f"a {other} command in a {Path(path).suffix} step: "
                                              "give each platform its own file and its own content tab"))
    return problems


def _warned_above(lines: list[str], number: int) -> bool:
    """A danger/warning admonition opens within ADMONITION_REACH lines above line `number` (1-based)."""
    return bool(WARNING_ADMONITION.search("\n".join(lines[max(0, number - ADMONITION_REACH) : number])))


def front_matter_problem(page: str, text: str) -> Problem | None:
    """Front matter MkDocs cannot parse is dropped without a word (the page loses its description)."""
    import yaml

    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return None
    try:
        yaml.safe_load(text[4 : text.index("\n---\n", 3)])
    except yaml.YAMLError as error:
        return Problem(page, 2, f"front matter is not valid YAML (quote the value): {str(error).splitlines()[0]}")
    return None


def lint_pages(pages: dict[str, str], steps: dict[str, str]) -> list[Problem]:
    """Page-level rules: valid front matter, the break-system-packages warning, and no orphan step files."""
    problems = []
    included: set[str] = set()
    for page, text in pages.items():
        if problem := front_matter_problem(page, text):
            problems.append(problem)
        lines = text.splitlines()
        for number, line in enumerate(lines, start=1):
            if BREAK_SYSTEM in line and not includes.included(line):
                if not _warned_above(lines, number):
                    problems.append(Problem(page, number, f"`{BREAK_SYSTEM}` without a danger/warning admonition before it"))
            for target in includes.snippets_in(line):
                included.add(target)
                if BREAK_SYSTEM in steps.get(target, "") and not _warned_above(lines, number):
                    problems.append(Problem(page, number, f"{target} uses `{BREAK_SYSTEM}`: put a danger/warning "
                                                              "admonition with its consequence just before it"))
    for step in sorted(set(steps) - included):
        problems.append(Problem(step, 1, "no page includes this step file; show it on its guide or delete it"))
    return problems


def lint_repository(root: Path = REPO) -> list[Problem]:
    steps = {
        p.relative_to(root).as_posix(): p.read_text(errors="replace")
        for p in sorted((root / "snippets").rglob("*")) if p.suffix in STEP_SUFFIXES and p.is_file()
    }
    pages = {p.relative_to(root).as_posix(): p.read_text(errors="replace") for p in sorted((root / "docs").rglob("*.md"))}
    for notebook in sorted((root / "docs").rglob("*.ipynb")):  # its Markdown cells, and the blocks each show("...") stands for
        pages[notebook.relative_to(root).as_posix()] = notebook_source(notebook, root)
    problems = [problem for path, text in steps.items() for problem in lint_step(path, text)]
    for path, text in pages.items():  # prose and inline code on pages follow the never-rules too
        for number, line in enumerate(text.splitlines(), start=1):
            problems += [Problem(path, number, message) for pattern, message in NEVER if pattern.search(line)]
    return problems + lint_pages(pages, steps)


def main() -> int:
    problems = lint_repository()
    for problem in problems:
        print(problem)
    print(f"content lint: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
