from pathlib import Path

import pytest

from conftest import REPO
from installdoctor.verify.scenario import ScenarioError, load



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
    assert {f.shell for f in fix.files} == {"posix"}


def test_a_windows_scenario_has_a_powershell_setup_and_both_windows_shells():
    scenario = load(REPO / "snippets" / "venv-not-active" / "windows")
    assert scenario.slug == "venv-not-active/windows" and scenario.platforms == ("windows",)
    assert scenario.setup_for("powershell") == scenario.setup_for("cmd") == scenario.windows_setup
    assert scenario.setup_for("posix") == ()
    assert all({f.shell for f in step.files} == {"powershell", "cmd"} for step in scenario.steps)
    confirm = scenario.steps[2].file_for("cmd")
    assert [confirm.expected_path(phase).name for phase in ("", "before")] == ["03-confirm.bat.out", "03-confirm.before.bat.out"]
    assert confirm.path.read_bytes().endswith(b"\r\n")  # cmd.exe needs CRLF (.gitattributes keeps it)


def test_a_platform_keeps_its_own_output_beside_the_shared_one(tmp_path):
    directory = write(tmp_path / "demo", MINIMAL, "01-fix.sh", "02-proof.sh")
    fix = load(directory).steps[0].file_for("posix")
    assert fix.expected_path(platform="macos").name == "01-fix.out"  # none of its own yet
    assert fix.platform_expected_path("", "macos").name == "01-fix.macos.out"
    (directory / "01-fix.macos.out").write_text("macOS says\n")
    assert fix.expected_path(platform="macos").name == "01-fix.macos.out"
    assert fix.expected_path(platform="linux").name == "01-fix.out"
    assert fix.platform_expected_path("before", "conda").name == "01-fix.before.conda.out"

def test_expected_output_names(tmp_path):
    toml = 'platforms = ["linux", "windows"]\n' + MINIMAL
    scenario = load(write(tmp_path / "demo", toml, "01-fix.sh", "01-fix.ps1", "02-proof.sh"))
    fix, proof = scenario.steps
    assert fix.file_for("posix").expected_path().name == "01-fix.out"
    assert fix.file_for("powershell").expected_path().name == "01-fix.ps1.out"
    assert proof.file_for("posix").expected_path("before").name == "02-proof.before.out"


def test_a_notebook_cell_names_its_kernel_and_plays_in_the_posix_driver(tmp_path):
    toml = MINIMAL + '[[steps]]\nname = "03-cell"\nkernel = "project"\n[setup]\njupyter = "~/old-env"\n'
    scenario = load(write(tmp_path / "demo", toml, "01-fix.sh", "02-proof.sh", "03-cell.ipy"))
    cell = scenario.steps[2]
    assert (cell.kernel, scenario.jupyter) == ("project", "~/old-env")
    assert cell.file_for("posix").expected_path().name == "03-cell.out"
    assert scenario.steps[0].kernel is None


def test_cells_of_one_notebook_share_a_kernel_and_a_cell_can_restart_it(tmp_path):
    toml = MINIMAL + ('[[steps]]\nname = "03-cell"\nkernel = "python3"\nnotebook = "nb"\n'
                      '[[steps]]\nname = "04-cell"\nkernel = "python3"\nnotebook = "nb"\nrestart = true\n')
    scenario = load(write(tmp_path / "demo", toml, "01-fix.sh", "02-proof.sh", "03-cell.ipy", "04-cell.ipy"))
    first, restarted = scenario.steps[2:]
    assert (first.notebook, first.restart) == ("nb", False)
    assert (restarted.notebook, restarted.restart) == ("nb", True)
    assert (scenario.steps[0].notebook, scenario.steps[0].restart) == (None, False)


def test_a_macos_step_can_run_under_rosetta(tmp_path):
    toml = 'platforms = ["macos"]\n' + MINIMAL + '[[steps]]\nname = "03-intel"\narch = "x86_64"\n'
    scenario = load(write(tmp_path / "demo", toml, "01-fix.sh", "02-proof.sh", "03-intel.sh"))
    assert [step.arch for step in scenario.steps] == [None, None, "x86_64"]


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
        (MINIMAL, ("01-fix.sh", "01-fix.ps1", "02-proof.sh"), "['01-fix.ps1'] run only on Windows"),
        ('[setup]\nbat = ["dir"]\n' + MINIMAL, ("01-fix.sh", "02-proof.sh"), "setup: unknown keys ['bat']"),
        (MINIMAL + '[[steps]]\nname = "03-cell"\n', ("01-fix.sh", "02-proof.sh", "03-cell.ipy"), "go together"),
        (MINIMAL + '[[steps]]\nname = "03"\nkernel = "k"\n', ("01-fix.sh", "02-proof.sh", "03.sh"), "go together"),
        (MINIMAL + '[[steps]]\nname = "03"\nnotebook = "nb"\n', ("01-fix.sh", "02-proof.sh", "03.sh"),
         "`notebook = ...` is for notebook cells"),
        (MINIMAL + '[[steps]]\nname = "03"\nkernel = "k"\nrestart = true\n', ("01-fix.sh", "02-proof.sh", "03.ipy"),
         "name it with `notebook = ...`"),
        (MINIMAL + '[[steps]]\nname = "03"\nrole = "fix"\nexits = 1\n', ("01-fix.sh", "02-proof.sh", "03.sh"),
         "step 03: unknown keys ['exits']"),
        ('platforms = ["macos"]\n' + MINIMAL + '[[steps]]\nname = "03"\narch = "i386"\n',
         ("01-fix.sh", "02-proof.sh", "03.sh"), "step 03: arch = 'i386'"),
        ('platforms = ["linux", "macos"]\n' + MINIMAL + '[[steps]]\nname = "03"\narch = "x86_64"\n',
         ("01-fix.sh", "02-proof.sh", "03.sh"), "steps ['03'] set `arch`, which only macOS has"),
        ('platforms = ["macos"]\n' + MINIMAL + '[[steps]]\nname = "03"\nkernel = "k"\narch = "x86_64"\n',
         ("01-fix.sh", "02-proof.sh", "03.ipy"), "`arch` is for .sh steps"),
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


def test_a_python_step_file_is_refused_not_sourced_by_bash(tmp_path):
    (tmp_path / "scenario.toml").write_text('[[steps]]\nname = "01-x"\nrole = "fix"\n[[steps]]\nname = "02-y"\nrole = "proof"\n')
    (tmp_path / "01-x.py").write_text('print("hi")\n')
    (tmp_path / "02-y.sh").write_text("true\n")
    with pytest.raises(ScenarioError, match=r"step 01-x: a \.py step file is not run"):
        load(tmp_path)
