"""What the verifier prints and logs: a failure naming file, step and diff; a scenario's log; the closing summary."""

from __future__ import annotations

from . import judge
from .job import Result
from .recording import rel
from .scenario import Scenario


def render_failure(verdict: judge.Verdict) -> str:
    command = verdict.step_file.path.read_text().rstrip("\n")
    lines = [f"FAIL {rel(verdict.step_file.path)}: step {verdict.key}{' (before the fix)' if verdict.phase else ''}"]
    lines += ["  command:"] + [f"    {line}" for line in command.splitlines()]
    for problem in verdict.problems:
        lines += [f"  {line}" for line in problem.message.splitlines()]
    return "\n".join(lines)


def render_outcome(name: str, result: Result, verdicts: list[judge.Verdict]) -> tuple[str, str]:
    """The line saying how a scenario went, and (to stderr) each failure with what the shell itself said."""
    failed = [v for v in verdicts if not v.ok]
    line = f"  {'FAIL' if failed else 'ok  '} {name:<28} {result.seconds:6.1f} s"
    failures = [render_failure(verdict) for verdict in failed]
    if failed and (said := result.driver_output.strip()):
        failures.append("  the shell itself said:\n    " + said.replace("\n", "\n    "))
    return line, "\n".join(failures)


def render_log(scenario: Scenario, result: Result, verdicts: list[judge.Verdict]) -> str:
    out = [f"# {scenario.slug}: {scenario.title}", f"# network: {result.network}; {result.seconds} s", "",
           "## hidden setup", result.setup_log]
    for verdict, play in zip(verdicts, result.plays, strict=True):
        out += [f"## {verdict.key}: {'ok' if verdict.ok else 'FAILED'} (exit {play.exit}, python {play.python}, pip {play.pip})",
                f"$ {rel(verdict.step_file.path)}", verdict.step_file.path.read_text(), "### output (normalised)",
                play.output or "(none)"]
        out += [f"### problem\n{p}" for p in verdict.problems]
    if result.driver_output:
        out += ["## driver", result.driver_output]
    return "\n".join(out) + "\n"


def summary(timings: list[tuple[float, str]], wall: float, jobs: int) -> str:
    """The closing table: wall time against the sum of scenario times, slowest first."""
    if not timings:
        return "nothing to run: every scenario is unchanged since it passed (FORCE=1 re-runs them)"
    total = sum(seconds for seconds, _ in timings)
    lines = [f"{len(timings)} scenario(s) in {wall:.1f} s wall, {total:.1f} s summed, {jobs} at a time; slowest:"]
    lines += [f"  {seconds:6.1f} s  {slug}" for seconds, slug in sorted(timings, reverse=True)[:5]]
    return "\n".join(lines)
