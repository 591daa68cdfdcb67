"""`.verified/results.json`: one record per (snippet file, platform); the only thing the site trusts.

A record is current only while the snippet's sha256, its expected output's sha256
and its scenario's sha256 are what they were when it passed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterable

RESULTS_VERSION = 1


PLATFORM_NAMES = {"linux": "Linux", "macos": "macOS", "windows": "Windows", "conda": "conda",
                  "docker": "Docker"}  # as pages say them


def current_platform() -> str:
    """This machine's platform, the one place that knows it; the conda and docker CI jobs say it in
    `INSTALL_DOCTOR_PLATFORM`."""
    import sys

    return os.environ.get("INSTALL_DOCTOR_PLATFORM") or {"darwin": "macos", "win32": "windows"}.get(sys.platform, "linux")


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return []
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error}); delete it and run `make verify`") from None
    return list(data.get("records", []))


def merge(old: Iterable[dict], new: Iterable[dict]) -> list[dict]:
    """New records replace old ones for the same snippet and platform; others are kept."""
    merged = {(r["snippet"], r["platform"]): r for r in old}
    merged.update({(r["snippet"], r["platform"]): r for r in new})
    return [merged[key] for key in sorted(merged)]


def save(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": RESULTS_VERSION, "records": records}, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)


HASHED_FIELDS = (("snippet", "sha256"), ("expected", "expected_sha256"), ("before_expected", "before_expected_sha256"),
                 ("scenario", "scenario_sha256"))


def is_current(record: dict, sha256_of: Callable[[str], str | None]) -> bool:
    """Every file the record vouches for still has the hash it had when verified."""
    return all(
        sha256_of(record[path_field]) == record.get(hash_field)
        for path_field, hash_field in HASHED_FIELDS
        if record.get(path_field)
    ) and all(sha256_of(path) == digest for path, digest in record.get("files", {}).items())


def file_hasher(root: Path) -> Callable[[str], str | None]:
    cache: dict[str, str | None] = {}

    def sha256_of(relative: str) -> str | None:
        if relative not in cache:
            cache[relative] = sha256_file(root / relative)
        return cache[relative]

    return sha256_of


def merge_runs(runs: Iterable[list[dict]]) -> list[dict]:
    """Records from several machines (one CI job per platform): a record that ran beats a `not-run`
    placeholder that another machine wrote for a platform it does not have."""
    merged: dict[tuple[str, str], dict] = {}
    for records in runs:
        for record in records:
            key = (record["snippet"], record["platform"])
            if key not in merged or merged[key].get("status") == "not-run" or record.get("status") != "not-run":
                merged[key] = record
    return [merged[key] for key in sorted(merged)]


def main(argv: list[str] | None = None) -> int:
    """`python -m installdoctor.results merge A.json B.json ... --output results.json` (deploy workflow)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m installdoctor.results")
    parser.add_argument("command", choices=["merge"])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    save(args.output, merge_runs(load(path) for path in args.files))
    print(f"merged {len(args.files)} results file(s) into {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
