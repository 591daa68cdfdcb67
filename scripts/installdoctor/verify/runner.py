"""`make verify`: run every snippet scenario, compare, record. Exit 0 all passed, 1 a check failed, 2 could not run.

    python -m installdoctor.verify [SLUG ...] [--jobs N] [--update] [--force] [--offline] [--record-new]
"""

from __future__ import annotations

import argparse
import datetime
import enum
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .. import layout, results
from . import interpreters, isolation, judge
from .localindex import bundled, wheels
from .scenario import SHELL_PLATFORMS, WINDOWS_SHELLS, Scenario, ScenarioError, discover, load

REPO, SNIPPETS, VERIFIED = layout.REPO, layout.SNIPPETS, layout.VERIFIED
RESULTS = VERIFIED / "results.json"
# What an outcome depends on besides the scenario's own files: the verifier half, and the shared modules at
# the package's top that it runs and records through. The site half only reads records: editing it re-runs nothing.
TOOLING = sorted([*Path(__file__).parent.rglob("*.py"), *Path(__file__).parents[1].glob("*.py")])
LIVE_PROBE = "https://pypi.org/simple/pip/"
# Scenario roots live outside /tmp on Linux: a contained scenario gets a private /tmp of its own.
RUNS = "/var/tmp" if sys.platform.startswith("linux") and os.access("/var/tmp", os.W_OK) else None


current_platform = results.current_platform


def shells_here(platform: str) -> tuple[str, ...]:
    """The shells a reader of this platform types into; a scenario is played once in each it has files for."""
    return WINDOWS_SHELLS if platform == "windows" else ("posix",)


def rel(path: Path) -> str:
    return path.resolve().relative_to(REPO).as_posix()


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


def base_record(scenario: Scenario, step_file, platform: str, **fields) -> dict:
    return {
        "snippet": rel(step_file.path),
        "sha256": results.sha256_file(step_file.path),
        "scenario": rel(scenario.source),
        "scenario_sha256": scenario.sha256,
        "slug": scenario.slug,
        "platform": platform,
        "shell": step_file.shell,
        "targets": targets(scenario, step_file),
        "files": {rel(path): results.sha256_file(path) for path in scenario.files},
        "outputs": [rel(path) for path in step_file.output_paths()],  # what pages may show of this step
        "runner": "ci" if os.environ.get("GITHUB_ACTIONS") == "true" else "local",
        **fields,
    }


def targets(scenario: Scenario, step_file) -> list[str]:
    """Where this file must pass: a POSIX or Python step on the scenario's platforms, a PowerShell/cmd step on Windows."""
    where = SHELL_PLATFORMS[step_file.shell]
    if step_file.shell in WINDOWS_SHELLS:
        return list(where)
    return [p for p in scenario.platforms if p in where]


def not_run_records(scenario: Scenario, platform: str, reason: str, files=None, lacks: str = "") -> list[dict]:
    files = files if files is not None else [f for s in scenario.steps for f in s.files]
    extra = {"lacks": lacks} if lacks else {}  # the site treats it as awaiting the job that has it
    return [base_record(scenario, f, platform, status="not-run", reason=reason, **extra) for f in files]


def other_platform_records(scenario: Scenario, platform: str) -> list[dict]:
    """Step files for shells this machine lacks (PowerShell, cmd on Linux): recorded as not run, never passed."""
    records = []
    for step in scenario.steps:
        for step_file in step.files:
            where = SHELL_PLATFORMS[step_file.shell]
            if platform not in where:
                records.append(base_record(scenario, step_file, platform, status="not-run",
                                           reason=f"runs on {'/'.join(where)}: verified by the CI job there"))
    return records


class Runner:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.platform = current_platform()
        self.shells = shells_here(self.platform)
        self.sandbox = isolation.offline_prefix()
        self.mount_namespace = isolation.mount_namespace_prefix()  # live scenarios: contained, network kept
        self.date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        self.workdir = Path(tempfile.mkdtemp(prefix="idoc-verify-", dir=RUNS))
        self.wheels_dir = self.workdir / "wheels"
        self.current_pip_dir = self.workdir / "current-pip"  # for live scenarios' hidden setup
        self.local_index = ""
        self.live: bool | None = None
        self.failed = self.broken = False

    # -- planning --------------------------------------------------------------
    def plan(self, scenario: Scenario, shell: str, previous: dict) -> Plan:
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
            if self.args.offline:
                return Plan(scenario, shell, Skip.OFFLINE, "live index skipped (OFFLINE=1)")
            if self.live is None:
                self.live = live_index_answers()
            if not self.live:
                return Plan(scenario, shell, Skip.INDEX_UNREACHABLE, "the real index did not answer")
        found = self.interpreters(scenario)
        digest = inputs_digest(scenario, shell, found, self.local_index if scenario.index == "local" else "")
        old = [previous.get((rel(f.path), self.platform)) for s in scenario.steps if (f := s.file_for(shell))]
        unchanged = all(r and r.get("status") == "passed" and r.get("inputs") == digest for r in old)
        if scenario.index == "live" and unchanged and self.too_old(old):
            return Plan(scenario, shell, inputs=digest)  # what the real index says changes with time
        if unchanged and not (self.args.force or self.args.update):
            return Plan(scenario, shell, Skip.UNCHANGED, "unchanged since it passed", digest)
        return Plan(scenario, shell, inputs=digest)

    def too_old(self, records: list[dict | None]) -> bool:
        oldest = min(datetime.date.fromisoformat(r["date"]) for r in records if r)
        return (datetime.date.fromisoformat(self.date) - oldest).days > self.args.max_age_days

    def interpreters(self, scenario: Scenario) -> dict[str, interpreters.Interpreter]:
        found = {}
        for version in scenario.pythons:
            interpreter = interpreters.find(version)
            if interpreter is None:
                raise ScenarioError(f"{scenario.source}: needs Python {version}, not found on PATH or in pyenv")
            found[version] = interpreter
        return found

    # -- running ---------------------------------------------------------------
    def run_worker(self, plan: Plan) -> dict:
        scenario = plan.scenario
        found = self.interpreters(scenario)
        job = {
            "scenario": str(scenario.directory),
            "shell": plan.shell,
            "interpreters": {v: str(i.executable) for v, i in found.items()},
            "prefixes": sorted({str(i.base_prefix) for i in found.values()}),
            "wheels": str(self.wheels_dir) if scenario.index == "local" else None,
            "current_pip": str(self.current_pip_dir),
            "offline_sandbox": bool(self.sandbox and scenario.index != "live"),
        }
        prefix = self.sandbox if job["offline_sandbox"] else (self.mount_namespace or [])
        # Only a worker in its own mount namespace may cover /etc/pip.conf (elsewhere it would cover the
        # machine's); there everything but the scenario's root and this work folder is read-only to it.
        job["own_mount_namespace"] = "--mount" in prefix
        # The scenario's root is made and removed here, outside the worker's mount namespace (see worker.run).
        job["root"] = tempfile.mkdtemp(prefix="idoc-", dir=RUNS)
        job["writable"] = [job["root"], str(self.workdir)]
        job_path = self.workdir / f"{scenario.file_stem}.{plan.shell}.job.json"
        result_path = self.workdir / f"{scenario.file_stem}.{plan.shell}.result.json"
        job_path.write_text(json.dumps(job))
        env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"))
        try:
            done = subprocess.run(
                [*prefix, sys.executable, "-m", "installdoctor.verify.worker", str(job_path), str(result_path)],
                capture_output=True, text=True, env=env,
            )
        finally:
            shutil.rmtree(job["root"], ignore_errors=True)
        if done.returncode != 0 or not result_path.exists():
            raise RuntimeError(f"the worker for {scenario.slug} crashed:\n{done.stdout}{done.stderr}")
        result = json.loads(result_path.read_text())
        result["network"] = "none (only the local index)" if job["offline_sandbox"] else (
            "live index" if scenario.index == "live" else "local index, network not cut")
        return result

    # -- judging and recording -------------------------------------------------------
    def settle(self, plan: Plan, result: dict) -> tuple[list[dict], list[judge.Verdict]]:
        scenario = plan.scenario
        verdicts = judge.judge(scenario, plan.shell, result, read_text, self.platform)
        for verdict in verdicts:
            first = verdict.expected_text is None and self.args.record_new and not self.args.update
            if (self.args.update or first) and judge.fixable_by_update(verdict) and verdict.new_text is not None:
                if verdict.new_text != verdict.expected_text:
                    write_atomic(verdict.update_path, verdict.new_text)
                    verdict.expected_path = verdict.update_path
                    print(f"  {'recorded (first run)' if first else 'updated'} {rel(verdict.update_path)}")
                if first:  # a copy for the review pull request and the deploy build (new-outputs/ in the artefact)
                    write_atomic(VERIFIED / "new-outputs" / rel(verdict.update_path), verdict.new_text)
                verdict.expected_text, verdict.problems, verdict.first_run = verdict.new_text, [], first
        if result["setup_failed"] or result["timed_out"]:
            cause = (judge.Problem(judge.Kind.SETUP_FAILED, "the hidden setup failed") if result["setup_failed"]
                     else judge.Problem(judge.Kind.TIMED_OUT, f"the scenario timed out after {scenario.timeout:.0f} s"))
            for verdict in verdicts:
                verdict.problems.insert(0, cause)
        if scenario.index == "live":
            save_live_outputs(verdicts)
        shell_part = "" if plan.shell == "posix" else f".{plan.shell}"
        log = VERIFIED / "logs" / f"{scenario.file_stem}{shell_part}.{self.platform}.log"
        write_atomic(log, render_log(scenario, result, verdicts))
        records = []
        by_file: dict[Path, list[judge.Verdict]] = {}
        for verdict in verdicts:
            by_file.setdefault(verdict.step_file.path, []).append(verdict)
        for file_verdicts in by_file.values():
            main = next(v for v in file_verdicts if not v.phase)
            before = next((v for v in file_verdicts if v.phase == "before"), None)
            records.append(base_record(
                scenario, main.step_file, self.platform,
                status="passed" if all(v.ok for v in file_verdicts) else "failed",
                expected=rel(main.expected_path), expected_sha256=results.sha256_file(main.expected_path),
                before_expected=rel(before.expected_path) if before else None,
                before_expected_sha256=results.sha256_file(before.expected_path) if before else None,
                python=main.python, pip=main.pip, date=self.date, exit=main.exit,
                before_exit=before.exit if before else None,
                before_python=before.python if before else None, before_pip=before.pip if before else None, log=rel(log), network=result["network"],
                inputs=plan.inputs, seconds=result["seconds"],
                first_run=any(v.first_run for v in file_verdicts),
            ))
        return records, verdicts

    def execute(self) -> int:
        try:
            scenarios = [s for s in map(load, discover(SNIPPETS)) if not self.args.slugs or s.slug in self.args.slugs]
            if unknown := set(self.args.slugs) - {s.slug for s in scenarios}:
                raise ScenarioError(f"no scenario named {sorted(unknown)} under {rel(SNIPPETS)}/")
            previous_list = results.load(RESULTS)
            previous = {(r["snippet"], r["platform"]): r for r in previous_list}
            if any(s.index == "local" for s in scenarios):
                wheels.build_all(self.wheels_dir)
                self.local_index = wheels.catalogue_digest()
            self.current_pip_dir.mkdir()
            for wheel in bundled.current_pip_wheels():
                shutil.copyfile(wheel, self.current_pip_dir / wheel.name)
            plans = [self.plan(s, shell, previous) for s in scenarios for shell in self.shells]
        except (ScenarioError, ValueError, bundled.MissingWheel) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

        new_records: list[dict] = []
        timings: list[tuple[float, str]] = []
        to_run = [p for p in plans if p.run]
        for scenario in scenarios:
            new_records += other_platform_records(scenario, self.platform)
        for plan in plans:
            if plan.run or plan.skip is Skip.NO_STEPS_IN_SHELL:
                continue
            print(f"  skip {plan.name}: {plan.reason}")
            if plan.skip.records_not_run:
                files = [f for s in plan.scenario.steps if (f := s.file_for(plan.shell))]
                new_records += not_run_records(plan.scenario, self.platform, plan.reason, files, plan.lacks)

        # Scenarios must never change the machine's interpreters (on Linux their writes land in an overlay).
        untouched = {str(i.base_prefix): None for plan in to_run for i in self.interpreters(plan.scenario).values()}
        untouched[sys.base_prefix] = None  # the verifier's own Python too: scenarios bind it into their namespace
        untouched = {prefix: site_packages_fingerprint(prefix) for prefix in untouched}
        mode = "no network, local index only" if self.sandbox else "local index (this kernel cannot cut the network)"
        print(f"verifying {len(to_run)} of {len(plans)} scenarios on {self.platform} ({mode}), {self.args.jobs} at a time")
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.args.jobs) as pool:
            futures = {pool.submit(self.run_worker, plan): plan for plan in to_run}
            for future in as_completed(futures):
                plan = futures[future]
                try:
                    result = future.result()
                    records, verdicts = self.settle(plan, result)
                except RuntimeError as error:
                    print(f"error: {error}", file=sys.stderr)
                    self.broken = True
                    continue
                new_records += records
                failed = [v for v in verdicts if not v.ok]
                seconds = result["seconds"]
                timings.append((seconds, plan.name))
                print(f"  {'FAIL' if failed else 'ok  '} {plan.name:<28} {seconds:6.1f} s")
                for verdict in failed:
                    self.failed = True
                    print(render_failure(verdict), file=sys.stderr)
                driver_output = result["driver_output"].strip()
                if failed and driver_output:
                    print("  the shell itself said:\n    " + driver_output.replace("\n", "\n    "), file=sys.stderr)

        # a step file deleted since its record was written vouches for nothing: its record goes too
        kept = [r for r in results.merge(previous_list, new_records) if (REPO / r["snippet"]).is_file()]
        results.save(RESULTS, kept)
        print(summary(timings, time.monotonic() - started, self.args.jobs))
        if changed := [prefix for prefix, before in untouched.items() if site_packages_fingerprint(prefix) != before]:
            print(f"error: a scenario changed the machine's interpreters: {', '.join(changed)}", file=sys.stderr)
            return 2
        return 2 if self.broken else 1 if self.failed else 0


def site_packages_fingerprint(prefix: str) -> list[tuple[str, int, int]]:
    """Name, size and modification time of every entry at the top of an interpreter's site-packages."""
    entries = []
    for site_packages in sorted(Path(prefix).glob("lib/python*/site-packages")) + sorted(Path(prefix).glob("Lib/site-packages")):
        with os.scandir(site_packages) as listing:
            for entry in listing:
                info = entry.stat(follow_symlinks=False)
                entries.append((f"{site_packages.name}/{entry.name}", info.st_size, info.st_mtime_ns))
    return sorted(entries)


def summary(timings: list[tuple[float, str]], wall: float, jobs: int) -> str:
    """The closing table: wall time against the sum of scenario times, slowest first."""
    if not timings:
        return "nothing to run: every scenario is unchanged since it passed (FORCE=1 re-runs them)"
    total = sum(seconds for seconds, _ in timings)
    lines = [f"{len(timings)} scenario(s) in {wall:.1f} s wall, {total:.1f} s summed, {jobs} at a time; slowest:"]
    lines += [f"  {seconds:6.1f} s  {slug}" for seconds, slug in sorted(timings, reverse=True)[:5]]
    return "\n".join(lines)


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def live_output_path(expected: Path) -> Path:
    """Where the last passing run of a live step keeps what it printed (pages show it, the .out holds patterns)."""
    return VERIFIED / "outputs" / rel(expected)


def save_live_outputs(verdicts: list[judge.Verdict]) -> None:
    for verdict in verdicts:
        if verdict.ok and verdict.actual_text is not None:
            write_atomic(live_output_path(verdict.expected_path), verdict.actual_text)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")  # the same bytes on Windows: records hash them
    os.replace(tmp, path)


def render_failure(verdict: judge.Verdict) -> str:
    command = verdict.step_file.path.read_text().rstrip("\n")
    lines = [f"FAIL {rel(verdict.step_file.path)}: step {verdict.key}{' (before the fix)' if verdict.phase else ''}"]
    lines += ["  command:"] + [f"    {line}" for line in command.splitlines()]
    for problem in verdict.problems:
        lines += [f"  {line}" for line in problem.message.splitlines()]
    return "\n".join(lines)


def render_log(scenario: Scenario, result: dict, verdicts: list[judge.Verdict]) -> str:
    out = [f"# {scenario.slug}: {scenario.title}", f"# network: {result['network']}; {result['seconds']} s", "",
           "## hidden setup", result["setup_log"]]
    for verdict, play in zip(verdicts, result["plays"], strict=True):
        out += [f"## {verdict.key}: {'ok' if verdict.ok else 'FAILED'} (exit {play['exit']}, python {play['python']}, pip {play['pip']})",
                f"$ {rel(verdict.step_file.path)}", verdict.step_file.path.read_text(), "### output (normalised)",
                play["output"] or "(none)"]
        out += [f"### problem\n{p}" for p in verdict.problems]
    if result["driver_output"]:
        out += ["## driver", result["driver_output"]]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make verify", description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these scenarios (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="scenarios run at once (default: CPUs)")
    parser.add_argument("--update", action="store_true", help="rewrite expected .out files from this run")
    parser.add_argument("--force", action="store_true", help="re-run scenarios that passed and did not change")
    parser.add_argument("--offline", action="store_true", help="skip live scenarios (reported as not run)")
    parser.add_argument("--record-new", action="store_true",
                        help="CI: a step with no expected output for this platform is judged by its exit status "
                             "(and the proof's red before the fix), and its output recorded for review")
    parser.add_argument("--max-age-days", type=int, default=7, help="re-run live scenarios verified longer ago")
    runner = Runner(parser.parse_args(argv))
    try:
        return runner.execute()
    finally:
        shutil.rmtree(runner.workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
