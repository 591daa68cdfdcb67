"""Small pieces of the verifier: the plan of plays, live-result age, the closing summary, the driver."""

import argparse
import shutil
from pathlib import Path

from installdoctor import driver
from installdoctor.scenario import load
from installdoctor.verify import Runner, summary
from installdoctor.worker import plays_for

REPO = Path(__file__).resolve().parents[1]


def test_the_proof_runs_red_just_before_the_first_fix_and_green_in_its_place():
    scenario = load(REPO / "snippets" / "same-version-again")
    keys = [key for key, _, _ in plays_for(scenario, "posix")]
    assert keys == ["01-symptom", "02-which-python", "03-see-why", "03-doctor", "05-confirm.before", "04-fix", "05-confirm"]


def test_live_results_age(tmp_path):
    runner = Runner(argparse.Namespace(max_age_days=7))
    shutil.rmtree(runner.workdir)
    runner.date = "2026-11-25"
    assert not runner.too_old([{"date": "2026-11-20"}, None])
    assert runner.too_old([{"date": "2026-11-20"}, {"date": "2026-11-17"}])


def test_summary_lists_the_slowest_first():
    text = summary([(1.0, "a"), (5.0, "b"), (3.0, "c")], wall=5.5, jobs=2)
    assert text.splitlines()[0] == "3 scenario(s) in 5.5 s wall, 9.0 s summed, 2 at a time; slowest:"
    assert [line.split()[-1] for line in text.splitlines()[1:]] == ["b", "c", "a"]
    assert "nothing to run" in summary([], 0.1, 2)


def test_driver_quotes_paths_and_stops_on_failed_setup():
    script, steps = driver.posix_script(("false",), ".venv", [driver.Play("01 x", Path("/tmp/a b.sh"))], Path("/o u t"))
    assert steps is None
    assert "__idoc_out='/o u t'" in script
    assert f"false || exit {driver.SETUP_FAILED}" in script
    assert "__idoc_play '01 x' '/tmp/a b.sh'" in script


def test_site_packages_fingerprint_notices_any_change(tmp_path):
    from installdoctor.verify import site_packages_fingerprint

    site = tmp_path / "lib/python3.12/site-packages"
    site.mkdir(parents=True)
    (site / "a.py").write_text("x = 1\n")
    before = site_packages_fingerprint(str(tmp_path))
    assert before == site_packages_fingerprint(str(tmp_path))
    (site / "b-1.0.dist-info").mkdir()
    assert site_packages_fingerprint(str(tmp_path)) != before


def test_an_unprivileged_scenario_switches_user_after_the_setup():
    script, steps = driver.posix_script(("true",), None, [driver.Play("01", Path("/s/01.sh"))], Path("/out"),
                                        run_as=65534, steps_script=Path("/c/steps.sh"))
    assert "exec setpriv --reuid=65534 --regid=65534 --clear-groups bash --noprofile --norc /c/steps.sh" in script
    assert "__idoc_play 01" not in script and "__idoc_play 01 /s/01.sh" in steps
    assert steps.startswith("__idoc_out=/out\n__idoc_play() {")


def test_a_shell_without_a_driver_is_recorded_as_not_run(tmp_path):
    runner = Runner(argparse.Namespace(max_age_days=7))
    shutil.rmtree(runner.workdir)
    runner.shell = "powershell"  # as on a machine whose steps are PowerShell
    plan = runner.plan(load(REPO / "snippets" / "old-pip"), {})
    assert plan.run is False and "no powershell driver" in plan.reason
