"""The site's gate: a page may only show code that a verified snippet produced.

`check_page(page, source, records, ...)` is a plain function of the page's
Markdown and the results records: the MkDocs hook calls it today, and a
Markdown extension or a post-build check can call it unchanged under another
site generator. It returns the page with a badge under each verified block and
the problems found, each naming page and line.

Every fenced block's body must be exactly one `--8<-- "snippets/<slug>/<file>"`
include of a step file or of its expected output, with a current, passing record.
Every command written inline in prose (`python -m pip cache dir`) must be a line, or
part of a line, of such a step (`inline_commands`): no escape hatch, give it a step.

Modes: `publish` refuses anything without a passing record on every platform the
snippet targets, after leaving out other platforms' alternatives that have none
(`alternatives`: a Windows tab awaiting its first run is left out with a note); `local` (make build) needs a passing record for this machine's
platforms and marks the rest "not yet verified"; `draft` (make serve) never
refuses, it marks unverified blocks and inline commands in red so the writer sees them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .. import results
from ..results import Record, Status
from ..layout import STEP_SHELLS
from . import alternatives, includes, inline_commands, verification_page
from .platform_names import PLATFORM_NAMES, platform_name
from .problem import Problem

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
MODES = ("publish", "local", "draft")
HOME_PLATFORM = "linux"  # the platform the publishing build requires; others are alternatives
# Windows steps keep their suffix in their outputs' names (01-x.ps1.out); POSIX and notebook steps do not (01-x.out).
OUTPUT_KEEPS_SUFFIX = tuple(s for s, shell in STEP_SHELLS.items() if shell in ("powershell", "cmd"))


@dataclass(frozen=True)
class Block:
    start: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence
    indent: str
    body: list[str]


def fenced_blocks(lines: list[str]) -> Iterable[Block]:
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        yield Block(i + 1, j + 1, indent, lines[i + 1 : j])
        i = j + 1


def _targets(record: Record) -> list[str]:
    """Where a record says its snippet must pass. A run this machine could not make for lack of an interpreter
    (`lacks`: "Python 3.14") awaits the CI job that has it: publishing treats it as another platform's."""
    return [record.lacks] if record.lacks else record.targets or [record.platform]


def _records_for(path: str, records: list[Record]) -> list[Record]:
    """Records that vouch for `path`: a step file, or an output of it (a platform that keeps its own
    output, such as 01-x.macos.out, still vouches for the shared 01-x.out it was compared against)."""
    return [r for r in records if r.mentions(path)]


def _badge(indent: str, css: str, text: str, log_href: str | None, run_href: str | None = None) -> str:
    link = f' · <a href="{html.escape(log_href)}">log</a>' if log_href else ""
    link += f' · <a href="{html.escape(run_href)}">all runs</a>' if run_href else ""
    return f'\n{indent}<p class="idoc-badge {css}">{html.escape(text)}{link}</p>\n'


def _describe(record: Record, path: str) -> str:
    """Platform, Python and pip of the run that produced `path` (the red run for a `.before.out`)."""
    where = platform_name(record.platform)
    parts = [f"{where} (by CI)" if record.runner == "ci" else where]
    if run := record.run_for(path):
        parts += [f"Python {run.python}" if run.python else "", f"pip {run.pip}" if run.pip else ""]
    parts.append(record.date)
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Verdict:
    """What the gate says of one snippet path: a refusal, or the records that vouch for it."""
    refusal: str | None = None
    passed: tuple[Record, ...] = ()
    missing: tuple[str, ...] = ()


def judge(path: str, records: list[Record], *, mode: str, platforms_here: tuple[str, ...],
          sha256_of: Callable[[str], str | None]) -> Verdict:
    if not path.startswith("snippets/"):
        return Verdict(f"{path} is not a snippet under snippets/")
    found = _records_for(path, records)
    if not found:
        return Verdict(f"{path} has no verification record; run `make verify`")
    current = [r for r in found if results.is_current(r, sha256_of)]
    if not current:
        return Verdict(f"{path} changed since it was verified (stale); run `make verify`")
    passed = {r.platform: r for r in current if r.passed}
    targets = sorted({t for r in current for t in _targets(r)})
    failed_here = [r for r in current if r.platform in platforms_here and r.status is Status.FAILED]
    missing = tuple(t for t in targets if t not in passed)
    if failed_here:
        return Verdict(f"{path} failed verification on {failed_here[0].platform}: see {failed_here[0].log or 'the log'}")
    # Publishing ships what passed: a block shared with the home platform needs the home platform's pass
    # (its badge names the others it still awaits); any other block needs all of its platforms.
    needed = [HOME_PLATFORM] if HOME_PLATFORM in targets else list(missing)
    if mode == "publish" and (unverified := [t for t in needed if t in missing]):
        return Verdict(f"{path} has no passing record for {', '.join(unverified)}; publishing needs "
                       + ("the home platform" if HOME_PLATFORM in unverified else "every platform it targets"))
    return Verdict(None, tuple(passed[p] for p in sorted(passed)), missing)


def _platform_names(platforms: Iterable[str]) -> str:
    return ", ".join(map(platform_name, platforms)) or "its platform"


def _step_of_output(path: str, records: list[Record]) -> str | None:
    """snippets/x/03-confirm.before.ps1.out -> snippets/x/03-confirm.ps1; 05-confirm.macos.out -> 05-confirm.sh."""
    stem = path.removesuffix(".out")
    for platform in PLATFORM_NAMES:
        stem = stem.removesuffix(f".{platform}")
    kept = next((suffix for suffix in OUTPUT_KEEPS_SUFFIX if stem.endswith(suffix)), "")
    stem = stem.removesuffix(kept).removesuffix(".before")
    candidates = [stem + kept] if kept else [stem + suffix for suffix in STEP_SHELLS if suffix not in OUTPUT_KEEPS_SUFFIX]
    return next((r.snippet for r in records if r.snippet in candidates), None)


def _badge_for(verdict: Verdict, path: str, indent: str, site_prefix: str) -> str:
    if verdict.passed:
        first = [r for r in verdict.passed if r.first_run]
        text = ("✓ First run: " if first else "✓ Verified: ") + "; ".join(_describe(r, path) for r in verdict.passed)
        if first:  # judged by exit status and red/green; its output is this run's, not yet compared with a reviewed one
            text += " · output recorded by this run, awaiting review"
        if verdict.missing:
            text += " · not yet verified on " + _platform_names(verdict.missing)
        shown = verdict.passed[0]
        href = f"{site_prefix}verified/{shown.log.removeprefix('.verified/')}" if shown.log else None
        row = verification_page.row_id(shown.slug, shown.platform, shown.shell)
        return _badge(indent, "idoc-verified", text, href, f"{site_prefix}verification/#{row}")
    return _badge(indent, "idoc-not-yet", f"⚠ Not yet verified: runs on {_platform_names(verdict.missing)}; "
                                          "the CI job there verifies it", None)


def _step_paths(records: list[Record]) -> list[str]:
    return sorted({r.snippet for r in records})  # a record's snippet is always a step file


TYPED_BLOCK = "a code block typed into the page; show commands only as a --8<-- include of a verified snippet"


@dataclass(frozen=True)
class _Context:
    """What the gate knows while it reads one page: the records, the mode, and how to read files."""
    records: list[Record]
    mode: str
    platforms_here: tuple[str, ...]
    sha256_of: Callable[[str], str | None]
    read_text: Callable[[str], str | None]
    site_prefix: str

    def verdict(self, path: str) -> Verdict:
        return judge(path, self.records, mode=self.mode, platforms_here=self.platforms_here, sha256_of=self.sha256_of)

    def targets(self, path: str) -> set[str]:
        """The platforms a snippet (or the step of an output) must pass on, by its current records."""
        step = _step_of_output(path, self.records) or path
        found = _records_for(path, self.records) or _records_for(step, self.records)
        return {t for r in found if results.is_current(r, self.sha256_of) for t in _targets(r)}

    def shows(self, path: str) -> bool:
        """Whether the page may show `path`; an output not recorded yet is shown when its step passed."""
        if path.endswith(".out") and self.sha256_of(path) is None:
            path = _step_of_output(path, self.records) or path
        verdict = self.verdict(path)
        return verdict.refusal is None and bool(verdict.passed)


@dataclass
class _Edits:
    """What the gate changes on a page, by 1-based line."""
    badges: dict[int, str] = field(default_factory=dict)  # closing fence -> the badge after it
    bodies: dict[int, str] = field(default_factory=dict)  # include line -> the line shown instead
    marks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # line -> (span, why), draft mode


def check_page(
    page: str,
    source: str,
    records: list[Record],
    *,
    mode: str = "local",
    platforms_here: tuple[str, ...] = ("linux",),
    sha256_of: Callable[[str], str | None],
    read_text: Callable[[str], str | None],
    site_prefix: str = "",
) -> tuple[str, list[Problem]]:
    """Return (page with badges, problems). `site_prefix` turns site-root paths into links from this page;
    `read_text` reads a repository file (the step files whose lines inline commands must match)."""
    if mode not in MODES:
        raise ValueError(f"gate mode {mode!r}; use one of {MODES}")
    context = _Context(records, mode, platforms_here, sha256_of, read_text, site_prefix)
    lines = source.split("\n")
    origin = list(range(1, len(lines) + 1))  # each line's number in the page's source: problems name that
    if mode == "publish":
        lines, origin = _leave_out_unverified(page, lines, context)
    edits = _Edits()
    refusals = _check_blocks(lines, context, edits) + _check_inline_commands(lines, context, edits)
    return _apply(lines, edits), [Problem(page, origin[line - 1], message) for line, message in refusals]


def _check_blocks(lines: list[str], context: _Context, edits: _Edits) -> list[tuple[int, str]]:
    """Every fenced block must be one include of a snippet the records vouch for: a badge under it, or a
    refusal (draft mode: a red badge instead). Returns the refusals as (line, message)."""
    refusals = []
    for block in fenced_blocks(lines):
        body = [line for line in block.body if line.strip()]
        include = includes.included(body[0]) if len(body) == 1 else None
        verdict = _verdict_on_include(include, block, context, edits) if include else None
        refusal = verdict.refusal if verdict else TYPED_BLOCK
        if refusal is None:
            edits.badges[block.end] = _badge_for(verdict, include, block.indent, context.site_prefix)
        elif context.mode == "draft":
            edits.badges[block.end] = _badge(block.indent, "idoc-unverified", f"Not verified: {refusal}", None)
        else:
            refusals.append((block.start, refusal))
    return refusals


def _verdict_on_include(include: str, block: Block, context: _Context, edits: _Edits) -> Verdict:
    """The verdict on an included file. An output no machine has recorded yet is judged by its step (the first
    run on its platform records it); a file that is not there is shown as a note, never a build traceback."""
    verdict = context.verdict(include)
    if context.sha256_of(include) is not None:
        return verdict
    include_line = block.start + 1  # the include follows its fence
    if include.endswith(".out") and (step := _step_of_output(include, context.records)):
        verdict = context.verdict(step)
        if verdict.refusal is None and not verdict.passed:
            edits.bodies[include_line] = (f"{block.indent}(the first verified run on "
                                          f"{_platform_names(verdict.missing)} records this output)")
            return verdict
    edits.bodies[include_line] = f"{block.indent}(missing: {include})"
    return verdict


def _check_inline_commands(lines: list[str], context: _Context, edits: _Edits) -> list[tuple[int, str]]:
    """A command in prose must be (part of) a line of a step that may be shown: a refusal per span that is
    not (draft mode: the span is marked red instead)."""
    refusals = []
    steps = _step_paths(context.records)
    for span in inline_commands.code_spans(lines):
        if not inline_commands.is_command(span.text) or (why := _inline_refusal(span.text, steps, context)) is None:
            continue
        if context.mode == "draft":
            edits.marks.setdefault(span.line, []).append((span.text, why))
        else:
            refusals.append((span.line, why))
    return refusals


def _inline_refusal(command: str, steps: list[str], context: _Context) -> str | None:
    verdicts = [context.verdict(p) for p in steps
                if inline_commands.find(command, (context.read_text(p) or "").splitlines())]
    if any(v.refusal is None for v in verdicts):
        return None
    if not verdicts:
        return f"`{command}` is a command in prose that no step contains; give it a step, or don't show it"
    return f"`{command}`: {verdicts[0].refusal}"


def _apply(lines: list[str], edits: _Edits) -> str:
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        for text, why in edits.marks.get(number, ()):
            line = _mark_span(line, text, why)
        out.append(edits.bodies.get(number, line) if includes.included(line) else line)
        if number in edits.badges:
            out.append(edits.badges[number])
    return "\n".join(out)


def _leave_out_unverified(page: str, lines: list[str], context: _Context) -> tuple[list[str], list[int]]:
    """Publishing: another platform's tab or block without a passing record is left out, with a note.
    Returns the lines and, for each, its 1-based line in the page's source (problems name that)."""
    fences = [(b.start - 1, b.end - 1) for b in fenced_blocks(lines)]
    kept, left_out = alternatives.leave_out(lines, fences, home=HOME_PLATFORM, targets_of=context.targets,
                                            passes=context.shows)
    left_out |= _awaited_by_kept_blocks([lines[i] for i in kept], context)
    kept_lines, origin = [lines[i] for i in kept], [i + 1 for i in kept]
    if not left_out:
        return kept_lines, origin
    return _with_note_under_title(page, kept_lines, origin, left_out)


def _awaited_by_kept_blocks(lines: list[str], context: _Context) -> set[str]:
    """Platforms that blocks kept for the home platform still await (they are shown, and the note names them)."""
    awaited: set[str] = set()
    for line in lines:
        if (include := includes.included(line)) and not (verdict := context.verdict(include)).refusal:
            awaited.update(verdict.missing)
    return awaited


def _with_note_under_title(page: str, lines: list[str], origin: list[int],
                           left_out: set[str]) -> tuple[list[str], list[int]]:
    """The note on what was left out, as a paragraph under the page's title (or at the top)."""
    title = next((n for n, line in enumerate(lines) if line.startswith("# ")), -1)
    where = origin[title] if title >= 0 else 1
    link = "../" * page.count("/") + "check-script.md"
    note = ["", alternatives.note(left_out, link)]
    return lines[: title + 1] + note + lines[title + 1 :], origin[: title + 1] + [where, where] + origin[title + 1 :]


def _mark_span(line: str, text: str, why: str) -> str:
    """Draft mode: the span keeps its text and turns red (attr_list on the code span)."""
    title = html.escape("Not verified: " + why, quote=True).replace("`", "&#96;")
    return re.sub(r"(`+)\s*" + re.escape(text) + r"\s*\1(?!\{)",
                  lambda m: f'{m[0]}{{ .idoc-unverified title="{title}" }}', line, count=1)

