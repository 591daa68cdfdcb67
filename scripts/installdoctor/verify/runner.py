"""`make verify`: run every snippet scenario, compare, record. Exit 0 all passed, 1 a check failed, 2 could not run.

    python -m installdoctor.verify [SLUG ...] [--jobs N] [--update] [--force] [--offline] [--record-new]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .. import layout, results
from ..results import Record
from . import expected, isolation, judge
from .job import Job, Result
from .localindex import bundled, wheels
from .planning import Plan, Planner, Skip
from .recording import judged_records, not_run_records, other_platform_records, rel
from .report import render_log, render_outcome, summary
from .scenario import WINDOWS_SHELLS, Scenario, ScenarioError, discover, load

REPO, SNIPPETS, VERIFIED = layout.REPO, layout.SNIPPETS, layout.VERIFIED
RESULTS = VERIFIED / "results.json"
# Scenario roots live outside /tmp on Linux: a contained scenario gets a private /tmp of its own.
RUNS = "/var/tmp" if sys.platform.startswith("linux") and os.access("/var/tmp", os.W_OK) else None


current_platform = results.current_platform


def shells_here(platform: str) -> tuple[str, ...]:
    """The shells a reader of this platform types into; a scenario is played once in each it has files for."""
    return WINDOWS_SHELLS if platform == "windows" else ("posix",)


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
        self.planner = Planner(self.platform, self.date, offline=args.offline, force=args.force,
                               update=args.update, max_age_days=args.max_age_days)
        self.failed = self.broken = False

    # -- running ---------------------------------------------------------------
    def run_worker(self, plan: Plan) -> Result:
        scenario = plan.scenario
        found = self.planner.interpreters(scenario)
        offline_sandbox = bool(self.sandbox and scenario.index != "live")
        prefix = self.sandbox if offline_sandbox else (self.mount_namespace or [])
        # The scenario's root is made and removed here, outside the worker's mount namespace (see worker.run).
        root = tempfile.mkdtemp(prefix="idoc-", dir=RUNS)
        job = Job(
            scenario=str(scenario.directory), shell=plan.shell,
            interpreters={v: str(i.executable) for v, i in found.items()},
            prefixes=sorted({str(i.base_prefix) for i in found.values()}),
            wheels=str(self.wheels_dir) if scenario.index == "local" else None,
            current_pip=str(self.current_pip_dir), offline_sandbox=offline_sandbox,
            # Only a worker in its own mount namespace may cover /etc/pip.conf (elsewhere it would cover the
            # machine's); there everything but the scenario's root and this work folder is read-only to it.
            own_mount_namespace="--mount" in prefix, root=root, writable=[root, str(self.workdir)],
        )
        job_path = self.workdir / f"{scenario.file_stem}.{plan.shell}.job.json"
        result_path = self.workdir / f"{scenario.file_stem}.{plan.shell}.result.json"
        job.write(job_path)
        env = dict(os.environ, PYTHONPATH=str(REPO / "scripts"))
        try:
            done = subprocess.run(
                [*prefix, sys.executable, "-m", "installdoctor.verify.worker", str(job_path), str(result_path)],
                capture_output=True, text=True, env=env,
            )
        finally:
            shutil.rmtree(root, ignore_errors=True)
        if done.returncode != 0 or not result_path.exists():
            raise RuntimeError(f"the worker for {scenario.slug} crashed:\n{done.stdout}{done.stderr}")
        result = Result.read(result_path)
        result.network = "none (only the local index)" if offline_sandbox else (
            "live index" if scenario.index == "live" else "local index, network not cut")
        if self.platform == "docker":  # the daemon runs outside the sandbox: it pulls base images itself
            result.network += "; the Docker daemon pulls base images from Docker Hub"
        return result

    # -- judging and recording -------------------------------------------------------
    def settle(self, plan: Plan, result: Result) -> tuple[list[Record], list[judge.Verdict]]:
        scenario = plan.scenario
        verdicts = judge.judge(scenario, plan.shell, result, expected.read_text, self.platform)
        expected.rewrite(verdicts, update=self.args.update, record_new=self.args.record_new)
        if result.setup_failed or result.timed_out:
            cause = (judge.Problem(judge.Kind.SETUP_FAILED, "the hidden setup failed") if result.setup_failed
                     else judge.Problem(judge.Kind.TIMED_OUT, f"the scenario timed out after {scenario.timeout:.0f} s"))
            for verdict in verdicts:
                verdict.problems.insert(0, cause)
        if scenario.index == "live":
            expected.save_live_outputs(verdicts)
        shell_part = "" if plan.shell == "posix" else f".{plan.shell}"
        log = VERIFIED / "logs" / f"{scenario.file_stem}{shell_part}.{self.platform}.log"
        expected.write_atomic(log, render_log(scenario, result, verdicts))
        records = judged_records(scenario, self.platform, verdicts, date=self.date, log=rel(log),
                                 network=result.network, inputs=plan.inputs, seconds=result.seconds)
        return records, verdicts

    def prepare(self) -> tuple[list[Scenario], list[Record], list[Plan]]:
        """The scenarios asked for, the records so far, and a plan for each scenario in each shell here."""
        scenarios = [s for s in map(load, discover(SNIPPETS)) if not self.args.slugs or s.slug in self.args.slugs]
        if unknown := set(self.args.slugs) - {s.slug for s in scenarios}:
            raise ScenarioError(f"no scenario named {sorted(unknown)} under {rel(SNIPPETS)}/")
        previous = results.load(RESULTS)
        if any(s.index == "local" for s in scenarios):
            wheels.build_all(self.wheels_dir)
            self.planner.local_index = wheels.catalogue_digest()
        self.current_pip_dir.mkdir()
        for wheel in bundled.current_pip_wheels():
            shutil.copyfile(wheel, self.current_pip_dir / wheel.name)
        by_key = {r.key: r for r in previous}
        return scenarios, previous, [self.planner.plan(s, shell, by_key) for s in scenarios for shell in self.shells]

    def skipped_records(self, scenarios: list[Scenario], plans: list[Plan]) -> list[Record]:
        """Not run, and why: steps for shells this machine lacks, and plans skipped for a reason that records."""
        records = [r for scenario in scenarios for r in other_platform_records(scenario, self.platform)]
        for plan in plans:
            if plan.run or plan.skip is Skip.NO_STEPS_IN_SHELL:
                continue
            print(f"  skip {plan.name}: {plan.reason}")
            if plan.skip.records_not_run:
                files = [f for s in plan.scenario.steps if (f := s.file_for(plan.shell))]
                records += not_run_records(plan.scenario, self.platform, plan.reason, files, plan.lacks)
        return records

    def play_all(self, to_run: list[Plan]) -> tuple[list[Record], list[tuple[float, str]]]:
        """Run the plans `--jobs` at a time; print each outcome as it comes, failures with file, step and diff."""
        records: list[Record] = []
        timings: list[tuple[float, str]] = []
        with ThreadPoolExecutor(max_workers=self.args.jobs) as pool:
            futures = {pool.submit(self.run_worker, plan): plan for plan in to_run}
            for future in as_completed(futures):
                plan = futures[future]
                try:
                    result = future.result()
                    settled, verdicts = self.settle(plan, result)
                except RuntimeError as error:
                    print(f"error: {error}", file=sys.stderr)
                    self.broken = True
                    continue
                records += settled
                timings.append((result.seconds, plan.name))
                self.failed |= any(not v.ok for v in verdicts)
                outcome, failures = render_outcome(plan.name, result, verdicts)
                print(outcome)
                if failures:
                    print(failures, file=sys.stderr)
        return records, timings

    def execute(self) -> int:
        try:
            scenarios, previous, plans = self.prepare()
        except (ScenarioError, ValueError, bundled.MissingWheel) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        new_records = self.skipped_records(scenarios, plans)
        to_run = longest_first([p for p in plans if p.run], previous, self.platform)
        # Scenarios must never change the machine's interpreters (on Linux their writes land in an overlay).
        untouched = {str(i.base_prefix): None for plan in to_run for i in self.planner.interpreters(plan.scenario).values()}
        untouched[sys.base_prefix] = None  # the verifier's own Python too: scenarios bind it into their namespace
        untouched = {prefix: site_packages_fingerprint(prefix) for prefix in untouched}
        mode = "no network, local index only" if self.sandbox else "local index (this kernel cannot cut the network)"
        print(f"verifying {len(to_run)} of {len(plans)} scenarios on {self.platform} ({mode}), {self.args.jobs} at a time")
        started = time.monotonic()
        played, timings = self.play_all(to_run)
        # a step file deleted since its record was written vouches for nothing: its record goes too
        kept = [r for r in results.merge(previous, new_records + played) if (REPO / r.snippet).is_file()]
        results.save(RESULTS, kept)
        print(summary(timings, time.monotonic() - started, self.args.jobs))
        if changed := [prefix for prefix, before in untouched.items() if site_packages_fingerprint(prefix) != before]:
            print(f"error: a scenario changed the machine's interpreters: {', '.join(changed)}", file=sys.stderr)
            return 2
        return 2 if self.broken else 1 if self.failed else 0


def longest_first(plans: list[Plan], previous: list[Record], platform: str) -> list[Plan]:
    """The slowest scenarios (by their last run here) start first, so no long one is left running alone at
    the end while the other workers idle; one never run counts as slow."""
    seconds = {r.slug: r.seconds for r in previous if r.platform == platform and r.seconds is not None}
    return sorted(plans, key=lambda plan: -seconds.get(plan.scenario.slug, float("inf")))


def site_packages_fingerprint(prefix: str) -> list[tuple[str, int, int]]:
    """Name, size and modification time of every entry at the top of an interpreter's site-packages."""
    entries = []
    for site_packages in sorted(Path(prefix).glob("lib/python*/site-packages")) + sorted(Path(prefix).glob("Lib/site-packages")):
        with os.scandir(site_packages) as listing:
            for entry in listing:
                info = entry.stat(follow_symlinks=False)
                entries.append((f"{site_packages.name}/{entry.name}", info.st_size, info.st_mtime_ns))
    return sorted(entries)


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
