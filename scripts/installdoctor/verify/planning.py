"""What to run, and why not: a `Plan` for each scenario in each shell, from what changed since it passed."""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import results
from ..results import Record
from . import interpreters
from .localindex import bundled
from .recording import rel
from .scenario import Scenario, ScenarioError

# What an outcome depends on besides the scenario's own files: the verifier half, and the shared modules at
# the package's top that it runs and records through. The site half only reads records: editing it re-runs nothing.
TOOLING = sorted([*Path(__file__).parent.rglob("*.py"), *Path(__file__).parents[1].glob("*.py")])
LIVE_PROBE = "https://pypi.org/simple/pip/"


def live_index_answers(timeout: float = 5) -> bool:
    try:
        with urllib.request.urlopen(LIVE_PROBE, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


class Skip(enum.Enum):
    """Why a scenario is not played in a shell here; what happens to its records follows from it."""
    OTHER_PLATFORM = enum.auto()
    NO_STEPS_IN_SHELL = enum.auto()  # nothing of the scenario runs in this shell: nothing to say or record
    OFFLINE = enum.auto()
    INDEX_UNREACHABLE = enum.auto()
    UNCHANGED = enum.auto()  # passed with these very inputs: its records stay as they are
    NO_INTERPRETER = enum.auto()  # a Python it needs is not on this machine: the CI job that has it verifies it

    @property
    def records_not_run(self) -> bool:
        return self not in (Skip.NO_STEPS_IN_SHELL, Skip.UNCHANGED)


@dataclass
class Plan:
    scenario: Scenario
    shell: str
    skip: Skip | None = None  # None: it runs
    reason: str = ""  # why not, in words (the summary and not-run records say it)
    inputs: str = ""  # hash of everything the outcome depends on
    lacks: str = ""  # what this machine lacks to run it ("Python 3.14"); its not-run records say so

    @property
    def run(self) -> bool:
        return self.skip is None

    @property
    def name(self) -> str:
        """The scenario, and the shell where it is not bash: `venv-not-active/windows (cmd)`."""
        return self.scenario.slug + ("" if self.shell == "posix" else f" ({self.shell})")


def inputs_digest(scenario: Scenario, shell: str, found: dict[str, interpreters.Interpreter], local_index: str) -> str:
    digest = hashlib.sha256()
    files = [scenario.source] + [f.path for s in scenario.steps for f in s.files]
    files += sorted(scenario.directory.glob("*.out"))  # shared outputs and each platform's own
    files += list(scenario.files)
    files.append(bundled.CURRENT_PIP)  # a new pin re-runs every scenario, live ones too
    for path in files + TOOLING:
        digest.update(f"{path.name}:{results.sha256_file(path)}\n".encode())
    digest.update(json.dumps([shell, local_index, {v: i.version for v, i in sorted(found.items())}]).encode())
    return digest.hexdigest()


@dataclass
class Planner:
    platform: str
    date: str  # today, ISO: live scenarios verified longer ago than max_age_days run again
    local_index: str = ""  # the local index's catalogue digest: a changed wheel re-runs its scenarios
    offline: bool = False
    force: bool = False
    update: bool = False
    max_age_days: int = 7
    live: bool | None = None  # whether the real index answered (asked once, when a live scenario needs it)

    def plan(self, scenario: Scenario, shell: str, previous: dict[tuple[str, str], Record]) -> Plan:
        if self.platform not in scenario.platforms:
            return Plan(scenario, shell, Skip.OTHER_PLATFORM, f"targets {', '.join(scenario.platforms)}")
        if not any(s.file_for(shell) for s in scenario.steps):
            return Plan(scenario, shell, Skip.NO_STEPS_IN_SHELL, f"has no {shell} steps")
        missing = [s.name for s in scenario.steps if not s.file_for(shell)]
        if missing:
            raise ScenarioError(f"{scenario.source}: steps {missing} have no file for {shell} ({self.platform})")
        if lacking := [v for v in scenario.pythons if interpreters.find(v) is None]:
            lacks = "Python " + ", ".join(lacking)
            return Plan(scenario, shell, Skip.NO_INTERPRETER, f"no {lacks} on this machine", lacks=lacks)
        if scenario.index == "live":
            if self.offline:
                return Plan(scenario, shell, Skip.OFFLINE, "live index skipped (OFFLINE=1)")
            if self.live is None:
                self.live = live_index_answers()
            if not self.live:
                return Plan(scenario, shell, Skip.INDEX_UNREACHABLE, "the real index did not answer")
        found = self.interpreters(scenario)
        digest = inputs_digest(scenario, shell, found, self.local_index if scenario.index == "local" else "")
        old = [previous.get((rel(f.path), self.platform)) for s in scenario.steps if (f := s.file_for(shell))]
        unchanged = all(r and r.passed and r.inputs == digest for r in old)
        if scenario.index == "live" and unchanged and self.too_old(old):
            return Plan(scenario, shell, inputs=digest)  # what the real index says changes with time
        if unchanged and not (self.force or self.update):
            return Plan(scenario, shell, Skip.UNCHANGED, "unchanged since it passed", digest)
        return Plan(scenario, shell, inputs=digest)

    def too_old(self, records: list[Record | None]) -> bool:
        oldest = min(datetime.date.fromisoformat(r.date) for r in records if r)
        return (datetime.date.fromisoformat(self.date) - oldest).days > self.max_age_days

    def interpreters(self, scenario: Scenario) -> dict[str, interpreters.Interpreter]:
        found = {}
        for version in scenario.pythons:
            interpreter = interpreters.find(version)
            if interpreter is None:
                raise ScenarioError(f"{scenario.source}: needs Python {version}, not found on PATH or in pyenv")
            found[version] = interpreter
        return found

