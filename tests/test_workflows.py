"""The CI verify jobs run the interpreters the committed expected outputs were recorded with."""

import pytest
import yaml

from conftest import REPO
from installdoctor.verify import interpreters
from installdoctor.verify.scenario import SHELL_PLATFORMS, discover, load

RUNNER_PLATFORM = {"ubuntu-latest": "linux", "macos-latest": "macos", "windows-latest": "windows"}


def pinned_pythons() -> dict[str, list[str]]:
    workflow = yaml.safe_load((REPO / ".github/workflows/verify.yml").read_text())
    return {RUNNER_PLATFORM[entry["os"]]: entry["pythons"].split()
            for entry in workflow["jobs"]["verify"]["strategy"]["matrix"]["include"]}


def needed(platform: str) -> set[str]:
    """major.minor of every Python the scenarios that run on `platform` ask for."""
    wanted = set()
    for directory in discover(REPO / "snippets"):
        scenario = load(directory)
        if platform in scenario.platforms and any(
            platform in SHELL_PLATFORMS[f.shell] for step in scenario.steps for f in step.files
        ):
            wanted |= set(scenario.pythons)
    return wanted


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_each_job_has_every_python_its_scenarios_need_and_the_tooling_last(platform):
    pinned = pinned_pythons()[platform]
    assert needed(platform) <= {".".join(v.split(".")[:2]) for v in pinned}
    assert all(v.count(".") == 2 for v in pinned), "exact patch versions: a newer patch bundles another pip"
    assert pinned[-1].startswith(("3.12.", "3.13.")), "setup-python makes the last one the default: the tooling's"


@pytest.mark.parametrize("version", pinned_pythons()["linux"])
def test_linux_job_pins_the_patch_versions_the_outputs_were_recorded_with(version):
    """The Linux outputs are recorded on this machine (make verify UPDATE=1); CI must run the same patches."""
    found = interpreters.find(".".join(version.split(".")[:2]))
    if found is None:
        pytest.skip(f"not run: no Python {version} on this machine, so nothing was recorded here with it")
    assert found.version == version, f"CI pins {version}, the outputs here come from {found.version}"


def verify_jobs() -> dict:
    return yaml.safe_load((REPO / ".github/workflows/verify.yml").read_text())["jobs"]


def platform_jobs(jobs: dict) -> dict[str, str]:
    """Each platform's verifying job by name: the matrix's operating systems, and the jobs that name their
    platform in INSTALL_DOCTOR_PLATFORM (conda, docker)."""
    found = {RUNNER_PLATFORM[entry["os"]]: "verify" for entry in jobs["verify"]["strategy"]["matrix"]["include"]}
    for name, job in jobs.items():
        for env in [job.get("env", {}), *(step.get("env", {}) for step in job.get("steps", []))]:
            if platform := env.get("INSTALL_DOCTOR_PLATFORM"):
                found[platform] = name
    return found


def test_every_platform_a_scenario_may_target_has_a_job_that_verifies_it_and_proposes_its_first_outputs():
    from installdoctor.verify.scenario import PLATFORMS

    jobs = verify_jobs()
    found = platform_jobs(jobs)
    assert set(found) == set(PLATFORMS)
    assert set(jobs["propose-outputs"]["needs"]) == set(found.values())


def test_the_docker_job_runs_the_pythons_its_scenarios_need_and_keeps_its_results():
    jobs = verify_jobs()
    job = jobs[platform_jobs(jobs)["docker"]]
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    pinned = str(setup["with"]["python-version"]).split()
    assert needed("docker") <= {".".join(v.split(".")[:2]) for v in pinned}
    assert all(v.count(".") == 2 for v in pinned), "exact patch versions: a newer patch bundles another pip"
    kept = [step["with"]["name"] for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert "results-docker" in kept  # deploy.yml merges every results-* artefact
