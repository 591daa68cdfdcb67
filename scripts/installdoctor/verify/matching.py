r"""Compare expected output (with `...` wildcard lines) to actual output, and render updates.

A line that is exactly `...` in an expected `.out` matches any run of lines,
including none. A line ending in ` (re)` is a regular expression that must match
one whole actual line (prysk's convention), for live facts such as
`Would install tensorflow-2\.2\d\.\d+ (re)`. `reconcile` returns the text an update should write: the expected
text itself when it still matches, otherwise the actual text with every wildcard
kept where it still stands between matching lines (prysk's rule: patterns survive
an update, they are never turned into literals).
"""

from __future__ import annotations

import difflib
import itertools
import operator
import re

WILDCARD = "..."
REGEX_SUFFIX = " (re)"


def line_matches(want: str, got: str) -> bool:
    if want.endswith(REGEX_SUFFIX):
        try:
            return re.fullmatch(want[: -len(REGEX_SUFFIX)], got) is not None
        except re.error:
            return False
    return want == got


def _lines(text: str) -> list[str]:
    return text.splitlines()


def matches(expected: str, actual: str) -> bool:
    want, got = _lines(expected), _lines(actual)
    # reach[j]: the expected lines so far can match got[:j]
    reach = [True] + [False] * len(got)
    for line in want:
        if line == WILDCARD:
            reach = list(itertools.accumulate(reach, operator.or_))
        else:
            reach = [False] + [reach[j] and line_matches(line, got[j]) for j in range(len(got))]
    return reach[-1]


def reconcile(expected: str, actual: str) -> str:
    if matches(expected, actual):
        return expected
    want, got = _lines(expected), _lines(actual)
    # A pattern line that matches some actual line stands in for it, so it survives the update.
    patterns = {}
    for line in want:
        if line.endswith(REGEX_SUFFIX):
            hit = next((g for g in got if line_matches(line, g) and g not in patterns), None)
            if hit is not None:
                patterns[hit] = line
    rendered: list[str] = []
    # A wildcard never equals an actual line, so difflib aligns the literal lines around it.
    aligned = [next((g for g, p in patterns.items() if p == line), line) for line in want]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, aligned, got, autojunk=False).get_opcodes():
        if op == "equal":
            rendered += [patterns.get(line, line) for line in got[j1:j2]]
        else:
            rendered += _keep_wildcard(want[i1:i2], got[j1:j2])
    return "\n".join(rendered) + "\n" if rendered else ""


def _keep_wildcard(want: list[str], got: list[str]) -> list[str]:
    """In a changed region with one wildcard, the lines around it are rewritten in place and the
    wildcard absorbs what is left between them; anything else is written as it now is."""
    if want.count(WILDCARD) != 1:
        return got
    at = want.index(WILDCARD)
    before, after = len(want[:at]), len(want[at + 1 :])
    if before + after > len(got):
        return got
    return got[:before] + [WILDCARD] + got[len(got) - after :]


def diff(expected: str, actual: str, path: str) -> str:
    """Unified diff from the expected file to what it should say (wildcards kept)."""
    rendered = reconcile(expected, actual)
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            fromfile=f"{path} (expected)",
            tofile=f"{path} (actual)",
        )
    )
