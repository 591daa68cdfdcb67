from pathlib import Path

import pytest

from installdoctor.scenario import ScenarioError, load

REPO = Path(__file__).resolve().parents[1]


def write(directory: Path, toml: str, *files: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "scenario.toml").write_text(toml)
    for name in files:
        (directory / name).write_text("true\n")
    return directory


MINIMAL = '[[steps]]\nname = "01-fix"\nrole = "fix"\n[[steps]]\nname = "02-proof"\nrole = "proof"\n'


def test_flagship_scenario_loads():
    scenario = load(REPO / "snippets" / "same-version-again")
    assert scenario.pythons == ("3.8", "3.12")
    assert [s.role for s in scenario.steps][-2:] == ["fix", "proof"]
    fix = next(s for s in scenario.steps if s.role == "fix")
    assert {f.shell for f in fix.files} == {"posix", "powershell"}


def test_expected_output_names(tmp_path):
    scenario = load(write(tmp_path / "demo", MINIMAL, "01-fix.sh", "01-fix.ps1", "02-proof.sh"))
    fix, proof = scenario.steps
    assert fix.file_for("posix").expected_path().name == "01-fix.out"
    assert fix.file_for("powershell").expected_path().name == "01-fix.ps1.out"
    assert proof.file_for("posix").expected_path("before").name == "02-proof.before.out"


@pytest.mark.parametrize(
    ("toml", "files", "message"),
    [
        ("title = [", (), "not valid TOML"),
        ('colour = "red"\n' + MINIMAL, ("01-fix.sh", "02-proof.sh"), "unknown keys ['colour']"),
        ('index = "ftp"\n' + MINIMAL, ("01-fix.sh", "02-proof.sh"), "index = 'ftp'"),
        ('platforms = ["amiga"]\n' + MINIMAL, ("01-fix.sh", "02-proof.sh"), "unknown platforms"),
        (MINIMAL, ("01-fix.sh",), "step 02-proof: no file 02-proof.sh"),
        ('[[steps]]\nname = "01"\nrole = "fix"\n', ("01.sh",), "needs a step with role = 'fix'"),
        ('[[steps]]\nname = "01"\nrole = "hero"\n', ("01.sh",), "role = 'hero'"),
        ('[[steps]]\nname = "02-proof"\nrole = "proof"\n[[steps]]\nname = "01-fix"\nrole = "fix"\n',
         ("01-fix.sh", "02-proof.sh"), "must come after the fix"),
    ],
)
def test_bad_scenarios_name_the_file_and_the_problem(tmp_path, toml, files, message):
    directory = write(tmp_path / "bad", toml, *files)
    with pytest.raises(ScenarioError) as caught:
        load(directory)
    assert str(directory / "scenario.toml") in str(caught.value)
    assert message in str(caught.value)


def test_missing_scenario_file(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScenarioError, match="missing"):
        load(tmp_path / "empty")
