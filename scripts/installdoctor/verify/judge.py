"""Decide, for each step a worker ran, whether it did what its scenario promises. Pure: no files written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import matching
from .scenario import SHELL_PLATFORMS, Scenario, StepFile


@dataclass
class Verdict:
    key: str  # "04-confirm" or "04-confirm.before"
    step_file: StepFile
    phase: str  # "" or "before"
    expected_path: Path
    update_path: Path  # where --update writes: the shared .out, or this platform's own (01-x.macos.out)
    expected_text: str | None
    actual_text: str | None
    exit: int | None
    python: str | None
    pip: str | None
    problems: list[str] = field(default_factory=list)
    first_run: bool = False  # no expected output existed: judged by exit status alone, this run's output recorded

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_text(self) -> str | None:
        """What UPDATE writes: unchanged when it matches, wildcards kept where they still match."""
        if self.actual_text is None:
            return None
        if self.expected_text is None:
            return self.actual_text
        return matching.reconcile(self.expected_text, self.actual_text)

    def __str__(self) -> str:
        when = " (before the fix)" if self.phase == "before" else ""
        return f"{self.step_file.path}{when}"


def home_platform(scenario: Scenario, step_file: StepFile) -> str:
    """The platform whose output is a step file's shared .out: the first it targets (others keep their own)."""
    return next((p for p in scenario.platforms if p in SHELL_PLATFORMS[step_file.shell]), "")


def judge(scenario: Scenario, shell: str, result: dict, read: Callable[[Path], str | None],
          platform: str = "linux") -> list[Verdict]:
    steps = {step.name: step for step in scenario.steps}
    verdicts = []
    for play in result["plays"]:
        step = steps[play["step"]]
        step_file = step.file_for(shell)
        phase = "before" if play["key"].endswith(".before") else ""
        expected_path = step_file.expected_path(phase, platform)
        at_home = platform == home_platform(scenario, step_file)
        verdict = Verdict(
            key=play["key"], step_file=step_file, phase=phase, expected_path=expected_path,
            update_path=expected_path if at_home else step_file.platform_expected_path(phase, platform),
            expected_text=read(expected_path), actual_text=play["output"], exit=play["exit"],
            python=play["python"], pip=play["pip"],
        )
        if not play["ran"]:
            verdict.problems.append("did not run: an earlier command ended the shell (exit?), or the scenario timed out")
        elif phase == "before":
            if play["exit"] == 0:
                verdict.problems.append("the proof passed before the fix (exit 0): it does not show the symptom")
        elif play["exit"] != step.exit:
            verdict.problems.append(f"exit status {play['exit']}, expected {step.exit}")
        if play["ran"]:
            if verdict.expected_text is None:
                verdict.problems.append(f"no expected output {expected_path.name} yet (make verify UPDATE=1 writes it)")
            elif not matching.matches(verdict.expected_text, verdict.actual_text):
                verdict.problems.append("output differs:\n" + matching.diff(verdict.expected_text, verdict.actual_text, str(expected_path)))
        verdicts.append(verdict)
    return verdicts


def fixable_by_update(verdict: Verdict) -> bool:
    """Only output problems are fixed by rewriting the .out file; an exit status never is."""
    return all(p.startswith(("output differs", "no expected output")) for p in verdict.problems)
