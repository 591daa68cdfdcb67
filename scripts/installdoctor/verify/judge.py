"""Decide, for each step a worker ran, whether it did what its scenario promises. Pure: no files written."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import matching
from .job import Result
from .scenario import SHELL_PLATFORMS, Scenario, StepFile


class Kind(enum.Enum):
    """What went wrong with a step; decisions read the kind, never the message."""
    DID_NOT_RUN = enum.auto()
    PASSED_BEFORE_FIX = enum.auto()  # the proof did not show the symptom
    EXIT_STATUS = enum.auto()
    NO_EXPECTED_OUTPUT = enum.auto()
    OUTPUT_DIFFERS = enum.auto()
    SETUP_FAILED = enum.auto()
    TIMED_OUT = enum.auto()


FIXED_BY_UPDATE = (Kind.NO_EXPECTED_OUTPUT, Kind.OUTPUT_DIFFERS)  # rewriting the .out file mends these only


@dataclass(frozen=True)
class Problem:
    kind: Kind
    message: str

    def __str__(self) -> str:
        return self.message


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
    problems: list[Problem] = field(default_factory=list)
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


def judge(scenario: Scenario, shell: str, result: Result, read: Callable[[Path], str | None],
          platform: str = "linux") -> list[Verdict]:
    steps = {step.name: step for step in scenario.steps}
    verdicts = []
    for play in result.plays:
        step = steps[play.step]
        step_file = step.file_for(shell)
        phase = "before" if play.before_the_fix else ""
        expected_path = step_file.expected_path(phase, platform)
        at_home = platform == home_platform(scenario, step_file)
        verdict = Verdict(
            key=play.key, step_file=step_file, phase=phase, expected_path=expected_path,
            update_path=expected_path if at_home else step_file.platform_expected_path(phase, platform),
            expected_text=read(expected_path), actual_text=play.output, exit=play.exit,
            python=play.python, pip=play.pip,
        )
        if not play.ran:
            verdict.problems.append(Problem(Kind.DID_NOT_RUN, "did not run: an earlier command ended the shell (exit?), "
                                                              "or the scenario timed out"))
        elif phase == "before":
            if play.exit == 0:
                verdict.problems.append(Problem(Kind.PASSED_BEFORE_FIX,
                                                "the proof passed before the fix (exit 0): it does not show the symptom"))
        elif play.exit != step.exit:
            verdict.problems.append(Problem(Kind.EXIT_STATUS, f"exit status {play.exit}, expected {step.exit}"))
        if play.ran:
            if verdict.expected_text is None:
                verdict.problems.append(Problem(Kind.NO_EXPECTED_OUTPUT, f"no expected output {expected_path.name} yet "
                                                                         "(make verify UPDATE=1 writes it)"))
            elif not matching.matches(verdict.expected_text, verdict.actual_text):
                difference = matching.diff(verdict.expected_text, verdict.actual_text, str(expected_path))
                verdict.problems.append(Problem(Kind.OUTPUT_DIFFERS, "output differs:\n" + difference))
        verdicts.append(verdict)
    return verdicts


def fixable_by_update(verdict: Verdict) -> bool:
    """Only output problems are fixed by rewriting the .out file; an exit status never is."""
    return all(p.kind in FIXED_BY_UPDATE for p in verdict.problems)
