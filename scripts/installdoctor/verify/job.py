"""What the verifier asks a worker to run (`Job`) and what the worker reports back (`Result`).

They cross a process boundary (the worker runs in its own namespaces), so each is written as JSON
and read back into the same type; a field added on one side is a type error on the other.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path


def _write(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, path)


@dataclass(frozen=True)
class Job:
    scenario: str  # the scenario's folder
    shell: str  # posix, powershell or cmd
    interpreters: dict[str, str]  # version -> executable
    prefixes: list[str]  # the interpreters' base prefixes (overlaid, never written)
    wheels: str | None  # the local index's wheel folder; None: the scenario asks the real index
    current_pip: str  # the pinned pip's wheels, for the hidden setup
    offline_sandbox: bool  # started under `unshare --net`: the local index is all there is
    own_mount_namespace: bool  # may cover /etc/pip.conf and make the machine read-only to the steps
    root: str  # the scenario's root, made and removed by the verifier
    writable: list[str]  # all the steps may write besides a private /tmp

    def write(self, path: Path) -> None:
        _write(path, dataclasses.asdict(self))

    @classmethod
    def read(cls, path: Path) -> Job:
        return cls(**json.loads(path.read_text()))


@dataclass(frozen=True)
class Played:
    """One step as the worker played it; `output` is normalised, `raw` as the shell printed it."""
    key: str  # "04-confirm" or "04-confirm.before"
    step: str
    file: str
    ran: bool
    exit: int | None
    raw: str | None
    output: str | None
    python: str | None
    pip: str | None

    @property
    def before_the_fix(self) -> bool:
        return self.key.endswith(".before")


@dataclass
class Result:
    slug: str
    shell: str
    driver_status: int | None
    setup_failed: bool
    setup_log: str
    driver_output: str
    seconds: float
    plays: list[Played] = field(default_factory=list)
    network: str = ""  # what the scenario could reach, in words (the verifier knows; the worker does not)

    @property
    def timed_out(self) -> bool:
        return self.driver_status is None

    def write(self, path: Path) -> None:
        _write(path, dataclasses.asdict(self))

    @classmethod
    def read(cls, path: Path) -> Result:
        data = json.loads(path.read_text())
        data["plays"] = [Played(**play) for play in data["plays"]]
        return cls(**data)
