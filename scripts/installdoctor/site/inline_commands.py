"""Commands written inline in prose (`python -m pip cache dir`) must be lines of verified steps.

A code span reads as a command when it starts with a program a reader types (`python`,
`python3.12`, `py`, `pip3`, `conda`, `source`, a venv's `bin/…` or `Scripts\\…`, …) and
has arguments. `pip` or `python -m pip` alone names a tool, not a command. Placeholders
match anything: words in capitals (`NAME`, `PKG`, `VERSION`), `<name>`, `X.Y`, and `…`.
A command matches when it is a line, or a run of whole words inside a line, of a step file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

PROGRAMS = {
    "python", "python3", "py", "pip", "pip3", "pipx", "conda", "mamba", "uv", "jupyter", "ipython",
    "source", ".", "deactivate", "sudo", "brew", "apt", "apt-get", "dnf", "yum", "pyenv", "curl",
    "wget", "sha256sum", "shasum", "which", "where", "where.exe", "winget", "Get-Command",
    "Invoke-WebRequest", "Get-FileHash", "export", "unset", "cd", "rm", "ls", "cat", "docker",
    "arch",  # macOS: `arch -arm64 …` runs a command natively, `arch -x86_64 …` under Rosetta 2
}
VERSIONED = re.compile(r"^(?:python|pip)\d(?:\.(?:\d+|X))?(?:\.exe)?$")  # python3.12, pip3.11, python3.X
VENV_PROGRAM = re.compile(r"(?:^|[\\/])(?:bin|Scripts)[\\/][\w.-]+$", re.I)  # .venv/bin/python, env\Scripts\pip.exe
RUNNER = re.compile(r"^\S+\s+-m\s+\S+$")  # `python -m pip`: the tool, not a command

BACKTICKS = re.compile(r"`+")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
PLACEHOLDER = re.compile(r"…|\.\.\.|<[\w-]+>|\bX\.Y(?:\.Z)?\b|\b[A-Z][A-Z0-9]+\b(?!=)")


@dataclass(frozen=True)
class Span:
    line: int  # 1-based
    text: str


def code_spans(lines: list[str]) -> Iterable[Span]:
    """Inline code spans outside fenced blocks (a fence's body is the block gate's business).
    A span may wrap onto the next line of its paragraph, as Markdown allows."""
    paragraph: list[tuple[int, str]] = []
    fence = None
    for number, line in enumerate(lines, start=1):
        opening = FENCE.match(line)
        if fence is None and opening:
            yield from _spans_in(paragraph)
            paragraph, fence = [], opening[1]
        elif fence is not None:
            if re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
                fence = None
        elif line.strip():
            paragraph.append((number, line))
        else:
            yield from _spans_in(paragraph)
            paragraph = []
    yield from _spans_in(paragraph)


def _spans_in(paragraph: list[tuple[int, str]]) -> Iterable[Span]:
    """CommonMark's rule: a span opens with a run of N backticks and closes at the next run of exactly N."""
    text = "\n".join(line for _, line in paragraph)
    runs = list(BACKTICKS.finditer(text))
    i = 0
    while i < len(runs):
        opening = runs[i]
        closing = next((j for j in range(i + 1, len(runs)) if len(runs[j][0]) == len(opening[0])), None)
        if closing is None:
            i += 1
            continue
        line = paragraph[text.count("\n", 0, opening.start())][0]
        yield Span(line, " ".join(text[opening.end() : runs[closing].start()].split()))
        i = closing + 1


def _program(token: str) -> bool:
    return token in PROGRAMS or bool(VERSIONED.match(token)) or bool(VENV_PROGRAM.search(token))


def is_command(text: str) -> bool:
    words = text.split()
    while words and re.match(r"^[A-Za-z_]\w*=\S*$", words[0]):  # VAR=value before the program
        words = words[1:]
    if len(words) < 2 or not _program(words[0]) or RUNNER.match(" ".join(words)) or words[1:] in (["-m"], ["-c"]):
        return False
    return not (words[0] in (".", "cd", "rm", "ls", "cat", "export", "unset", "where") and len(words) == 1)


def pattern(command: str) -> re.Pattern:
    """The command as a regex over one step line: placeholders match anything, spacing is free,
    and it must start and end at a word boundary of that line."""
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(command):
        parts.append(_literal(command[last : match.start()]))
        parts.append(".*?" if match[0] in ("…", "...") else r"\S+?")
        last = match.end()
    parts.append(_literal(command[last:]))
    return re.compile(r"(?:^|(?<=[\s;&|(]))" + "".join(parts) + r"(?=$|[\s;&|)])")


def _literal(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split(" ")) if text else ""


def find(command: str, lines: Iterable[str]) -> bool:
    regex = pattern(" ".join(command.split()))
    return any(regex.search(line.strip()) for line in lines)
