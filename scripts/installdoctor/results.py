"""`.verified/results.json`: one `Record` per (snippet file, platform); the only thing the site trusts.

A record is current only while the snippet's sha256, its expected outputs' sha256
and its scenario's sha256 are what they were when it passed.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

RESULTS_VERSION = 2  # 2: a record's runs nested as `run` and `before`; 1 (flat `before_*` keys) is still read


def current_platform() -> str:
    """This machine's platform, the one place that knows it; the conda and docker CI jobs say it in
    `INSTALL_DOCTOR_PLATFORM`."""
    import sys

    return os.environ.get("INSTALL_DOCTOR_PLATFORM") or {"darwin": "macos", "win32": "windows"}.get(sys.platform, "linux")


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not-run"  # this machine lacks the platform, the index, or the shell: never a pass


@dataclass(frozen=True)
class Run:
    """One play of a step: the output it vouches for and what answered (the badge names them)."""
    expected: str  # the expected output's path in the repository
    expected_sha256: str | None
    exit: int | None
    python: str | None
    pip: str | None


@dataclass
class Record:
    snippet: str  # the step file's path in the repository
    sha256: str | None
    scenario: str
    scenario_sha256: str | None
    slug: str
    platform: str
    shell: str
    status: Status
    targets: list[str] = field(default_factory=list)  # the platforms this file must pass on
    files: dict[str, str | None] = field(default_factory=dict)  # repository files the scenario copies, hashed
    outputs: list[str] = field(default_factory=list)  # what pages may show of this step
    runner: str = "local"  # or "ci"
    reason: str = ""  # not run: why, in words
    lacks: str = ""  # not run for lack of an interpreter ("Python 3.14"): the CI job that has it runs it
    run: Run | None = None  # the step as the page shows it
    before: Run | None = None  # a proof's run before the fix (red)
    date: str = ""
    log: str = ""
    network: str = ""
    inputs: str = ""  # hash of everything the outcome depended on
    seconds: float | None = None
    first_run: bool = False  # its output was recorded by this run (a platform's first), awaiting review

    @property
    def key(self) -> tuple[str, str]:
        return self.snippet, self.platform

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def mentions(self, path: str) -> bool:
        """The step file itself, or an output of it a page may include."""
        return path == self.snippet or path in self.outputs or any(r.expected == path for r in self.runs())

    def runs(self) -> list[Run]:
        return [r for r in (self.run, self.before) if r]

    def run_for(self, path: str) -> Run | None:
        """The run whose output `path` is: the before-the-fix run for a `.before.out`, else the main one."""
        return self.before if self.before and path == self.before.expected else self.run

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["status"] = self.status.value
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_json(cls, data: dict) -> Record:
        data = dict(data)
        known = {f.name for f in dataclasses.fields(cls)}
        if unknown := set(data) - known:
            raise ValueError(f"unknown record fields {sorted(unknown)}")
        data["status"] = Status(data["status"])
        for name in ("run", "before"):
            if data.get(name):
                data[name] = Run(**data[name])
        return cls(**data)


RUN_FIELDS = tuple(f.name for f in dataclasses.fields(Run))


def _from_version_1(data: dict) -> dict:
    """A record written before runs were nested (CI artefacts of an older build): the same facts, regrouped."""
    data = dict(data)
    main = {name: data.pop(name, None) for name in RUN_FIELDS}
    before = {name: data.pop(f"before_{name}", None) for name in RUN_FIELDS}
    data["run"] = main if main["expected"] else None
    data["before"] = before if before["expected"] else None
    return data


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load(path: Path) -> list[Record]:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return []
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error}); delete it and run `make verify`") from None
    version = data.get("version")
    if version not in (1, RESULTS_VERSION):
        raise ValueError(f"{path}: results format {version!r}, this build reads 1 and {RESULTS_VERSION}; "
                         "the file is stale: run `make verify` (or the CI job) again")
    try:
        return [Record.from_json(_from_version_1(r) if version == 1 else r) for r in data.get("records", [])]
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: a record this build cannot read ({error}); the file is stale: "
                         "run `make verify` (or the CI job) again") from None


def merge(old: Iterable[Record], new: Iterable[Record]) -> list[Record]:
    """New records replace old ones for the same snippet and platform; others are kept."""
    merged = {r.key: r for r in old}
    merged.update({r.key: r for r in new})
    return [merged[key] for key in sorted(merged)]


def save(path: Path, records: list[Record]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    data = {"version": RESULTS_VERSION, "records": [r.to_json() for r in records]}
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)


def is_current(record: Record, sha256_of: Callable[[str], str | None]) -> bool:
    """Every file the record vouches for still has the hash it had when verified."""
    hashed = [(record.snippet, record.sha256), *((run.expected, run.expected_sha256) for run in record.runs())]
    if record.scenario:
        hashed.append((record.scenario, record.scenario_sha256))
    hashed += record.files.items()
    return all(sha256_of(path) == digest for path, digest in hashed)


def file_hasher(root: Path) -> Callable[[str], str | None]:
    cache: dict[str, str | None] = {}

    def sha256_of(relative: str) -> str | None:
        if relative not in cache:
            cache[relative] = sha256_file(root / relative)
        return cache[relative]

    return sha256_of


def merge_runs(runs: Iterable[list[Record]]) -> list[Record]:
    """Records from several machines (one CI job per platform): a record that ran beats a `not-run`
    placeholder that another machine wrote for a platform it does not have."""
    merged: dict[tuple[str, str], Record] = {}
    for records in runs:
        for record in records:
            if (record.key not in merged or merged[record.key].status is Status.NOT_RUN
                    or record.status is not Status.NOT_RUN):
                merged[record.key] = record
    return [merged[key] for key in sorted(merged)]


def main(argv: list[str] | None = None) -> int:
    """`python -m installdoctor.results merge A.json B.json ... --output results.json` (deploy workflow)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m installdoctor.results")
    parser.add_argument("command", choices=["merge"])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        runs = [load(path) for path in args.files]
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    save(args.output, merge_runs(runs))
    print(f"merged {len(args.files)} results file(s) into {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
