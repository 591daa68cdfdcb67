"""Read `snippets/<slug>/scenario.toml`: the hidden setup, the steps a reader sees, the proof.

    title = "pip keeps installing the same version"
    index = "local"                  # local: the offline index · live: the real index · none
    platforms = ["linux", "macos"]   # where the POSIX steps are verified; "conda" and "docker" are CI jobs of their own
    pythons = ["3.8", "3.12"]        # on PATH as python3.8, python3.12; where one is missing, the steps are
                                     # recorded as not run (never passed) and the CI job that has it runs them

    [setup]                          # hidden from the reader; every command must succeed
    sh = ["python3.8 -m venv .venv", ".venv/bin/python -m pip install tensorflow==2.13.1"]
    ps1 = ["python3.12.cmd -m venv .venv"]  # Windows: the setup in PowerShell (python3.12.cmd runs that
                                     # interpreter), before .ps1 steps and before .bat/.cmd steps
                                     # (cmd.exe starts from it, so its environment carries over)
    activate = ".venv"               # the steps start inside this venv (bin/activate, Scripts\\Activate.ps1, activate.bat)
    files = ["scripts/doctor.py"]    # repository files copied into the project folder first (the reader downloaded them)
    user = "unprivileged"            # the steps run as a throwaway uid (65534) after a root setup (Linux only)
    pip_config = "scenario"          # pip reads config files the setup writes (default "none": PIP_CONFIG_FILE=/dev/null);
                                     # /etc/xdg is <root>/etc/xdg and the machine's /etc/pip.conf is hidden (Linux only)
    jupyter = "~/old-env"            # the environment whose Jupyter runs the notebook cells below: its Python
                                     # starts their kernels, its bin/ leads PATH (default: the `python` on PATH)

    [[steps]]
    name = "01-symptom"              # files 01-symptom.sh (+ .ps1/.bat), output 01-symptom.out
    role = "symptom"                 # symptom · fix · proof · (none: a plain step)
    exit = 0                         # expected exit status (the last command's)

    [[steps]]
    name = "06-in-the-notebook"      # a notebook cell, 06-in-the-notebook.ipy (IPython: `%pip` works),
    kernel = "project"               # run in the kernel of that name, started from its kernel.json as
                                     # Jupyter starts it; its output is what the notebook shows under the cell
    notebook = "analysis"            # cells of one notebook share its running kernel, as in an open notebook
                                     # (without it, each cell gets a kernel of its own that ends after it)
    restart = true                   # Kernel > Restart Kernel first: the notebook's kernel starts again

    [[steps]]
    name = "01-in-rosetta"           # macOS only (platforms = ["macos"]): the step runs in a shell of its own
    arch = "x86_64"                  # under `arch -x86_64`, as in a Terminal opened using Rosetta: a universal
                                     # Python runs as x86_64 there. It starts in the session's folder with its
                                     # exported variables (an active venv); what it changes of its shell stays there

On Windows a scenario is played once per shell whose files it has: PowerShell
(`.ps1`) and cmd (`.bat`/`.cmd`); their outputs are `<name>.ps1.out` and `<name>.bat.out`.
A POSIX step whose output differs on macOS or in conda keeps that platform's output
beside the shared one, as `<name>.macos.out` (`--update` there writes it).

A `proof` step runs twice: just before the first `fix` step it must fail
(red; its output is kept in `<name>.before.out`), and in its place after the fix it
must pass (green).

A guide's live facts (what the real index decides today) live in a second scenario
beside it, `snippets/<slug>/live/scenario.toml` (slug `<slug>/live`), with
`index = "live"`. Live scenarios state facts, so they need no fix or proof; their
`.out` files assert by pattern: `...` lines, and lines ending in ` (re)` that are
regular expressions (prysk's convention).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .. import layout

ROLES = ("symptom", "fix", "proof", None)
ARCHES = ("x86_64", "arm64")  # macOS's `arch -x86_64` (Rosetta 2) and `arch -arm64`
STEP_KEYS = {"name", "role", "exit", "kernel", "notebook", "restart", "arch"}
INDEXES = ("local", "live", "none")
# conda: Linux inside a conda env (the conda CI job); docker: Linux with a Docker daemon (the docker CI job)
PLATFORMS = ("linux", "macos", "windows", "conda", "docker")

# Which interpreter runs a step file, and on which platforms that interpreter exists.
SHELLS = layout.STEP_SHELLS
WINDOWS_SHELLS = ("powershell", "cmd")  # played on Windows only, after a PowerShell setup
SHELL_PLATFORMS = {
    "posix": ("linux", "macos", "conda", "docker"),
    "notebook": ("linux", "macos", "conda"),  # played by the POSIX driver, in a Jupyter kernel
    "powershell": ("windows",),
    "cmd": ("windows",),
}


class ScenarioError(Exception):
    """A scenario file that cannot be run as written; the message names the file."""


@dataclass(frozen=True)
class StepFile:
    path: Path

    @property
    def shell(self) -> str:
        return SHELLS[self.path.suffix]

    def expected_path(self, phase: str = "", platform: str = "") -> Path:
        """01-fix.sh -> 01-fix.out; 01-fix.ps1 -> 01-fix.ps1.out; phase 'before' -> 01-fix.before.out;
        with `platform`, that platform's own output (01-fix.macos.out) where there is one."""
        own = self.platform_expected_path(phase, platform) if platform else None
        if own and own.is_file():
            return own
        stem = self.path.stem + (f".{phase}" if phase else "")
        suffix = "" if self.shell in ("posix", "notebook") else self.path.suffix
        return self.path.with_name(f"{stem}{suffix}.out")

    def output_paths(self) -> list[Path]:
        """Every expected output of this file that exists: shared, before the fix, each platform's own."""
        candidates = [self.expected_path(phase) for phase in ("", "before")]
        candidates += [self.platform_expected_path(phase, p) for phase in ("", "before") for p in PLATFORMS]
        return [path for path in candidates if path.is_file()]

    def platform_expected_path(self, phase: str, platform: str) -> Path:
        """Where a platform keeps the output that differs from the shared one: 01-fix.macos.out."""
        shared = self.expected_path(phase)
        return shared.with_name(shared.name.removesuffix(".out") + f".{platform}.out")


@dataclass(frozen=True)
class Step:
    name: str
    role: str | None
    exit: int
    files: tuple[StepFile, ...]
    kernel: str | None = None  # a notebook cell's kernel
    notebook: str | None = None  # cells of one notebook share its running kernel
    restart: bool = False  # the notebook's kernel restarts before this cell
    arch: str | None = None  # macOS: the step's shell runs under `arch -<arch>` (x86_64: Rosetta 2)

    def file_for(self, shell: str) -> StepFile | None:
        for candidate in self.files:
            if candidate.shell == shell or (candidate.shell == "notebook" and shell == "posix"):
                return candidate
        return None


@dataclass(frozen=True)
class Scenario:
    slug: str
    directory: Path
    title: str
    index: str
    platforms: tuple[str, ...]
    pythons: tuple[str, ...]
    setup: tuple[str, ...]
    windows_setup: tuple[str, ...]
    activate: str | None
    files: tuple[Path, ...]
    pip_config: str
    user: str
    steps: tuple[Step, ...]
    timeout: float
    sha256: str
    jupyter: str | None = None  # the environment whose Jupyter starts the notebook cells' kernels

    def setup_for(self, shell: str) -> tuple[str, ...]:
        """The hidden setup in the language of the driver: bash for POSIX, PowerShell on Windows."""
        return self.windows_setup if shell in WINDOWS_SHELLS else self.setup

    @property
    def source(self) -> Path:
        return self.directory / "scenario.toml"

    @property
    def file_stem(self) -> str:
        """The slug as one file-name component: `requires-python/live` -> `requires-python.live`."""
        return self.slug.replace("/", ".")

    def __str__(self) -> str:
        return self.slug


def _fail(path: Path, message: str) -> ScenarioError:
    return ScenarioError(f"{path}: {message}")


def load(directory: Path) -> Scenario:
    source = directory / "scenario.toml"
    try:
        raw_bytes = source.read_bytes()
        data = tomllib.loads(raw_bytes.decode("utf-8"))
    except FileNotFoundError:
        raise _fail(source, "missing: every snippets/<slug>/ folder needs a scenario.toml") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _fail(source, f"not valid TOML: {error}") from None

    known = {"title", "index", "platforms", "pythons", "setup", "steps", "timeout"}
    if unknown := set(data) - known:
        raise _fail(source, f"unknown keys {sorted(unknown)}; known: {sorted(known)}")
    index = data.get("index", "local")
    if index not in INDEXES:
        raise _fail(source, f"index = {index!r}; use one of {INDEXES}")
    platforms = tuple(data.get("platforms", ["linux", "macos"]))
    if bad := [p for p in platforms if p not in PLATFORMS]:
        raise _fail(source, f"unknown platforms {bad}; use {PLATFORMS}")
    setup = data.get("setup", {})
    resolved = directory.resolve()
    # snippets/<slug>/ or snippets/<slug>/<nested>/: the repository holds the snippets folder
    repository = next((p.parent for p in resolved.parents if p.name == "snippets"), resolved.parent.parent)
    files = tuple(repository / name for name in setup.get("files", []))
    if setup.get("user", "you") not in ("you", "unprivileged"):
        raise _fail(source, "setup.user: use 'you' (default, the verifier's own user) or 'unprivileged'")
    if setup.get("pip_config", "none") not in ("none", "scenario"):
        raise _fail(source, "setup.pip_config: use 'none' (default) or 'scenario'")
    if missing := [str(f) for f in files if not f.is_file()]:
        raise _fail(source, f"setup.files: no such file {missing} (paths are relative to the repository)")
    steps = tuple(_step(directory, source, raw) for raw in data.get("steps", []))
    if not steps:
        raise _fail(source, "no [[steps]]: a scenario shows at least one command")
    if index != "live" or any(step.role for step in steps):
        _check_roles(source, steps)
    windows_files = [f.path.name for step in steps for f in step.files if f.shell in WINDOWS_SHELLS]
    if windows_files and "windows" not in platforms:
        raise _fail(source, f"{windows_files} run only on Windows, but platforms = {list(platforms)}: "
                            "add 'windows' (with a setup.ps1) or drop them; a step no machine runs is never verified")
    if bad := set(setup) - {"sh", "ps1", "activate", "files", "user", "pip_config", "jupyter"}:
        raise _fail(source, f"setup: unknown keys {sorted(bad)}")
    if (arched := [step.name for step in steps if step.arch]) and set(platforms) != {"macos"}:
        raise _fail(source, f"steps {arched} set `arch`, which only macOS has, but platforms = {list(platforms)}: "
                            "use platforms = [\"macos\"]")
    nested = directory.parent.parent.name == "snippets" and (directory.parent / "scenario.toml").is_file()

    return Scenario(
        slug=f"{directory.parent.name}/{directory.name}" if nested else directory.name,
        directory=directory,
        title=str(data.get("title", directory.name)),
        index=index,
        platforms=platforms,
        pythons=tuple(str(v) for v in data.get("pythons", [])),
        setup=tuple(setup.get("sh", [])),
        windows_setup=tuple(setup.get("ps1", [])),
        activate=setup.get("activate"),
        files=files,
        pip_config=setup.get("pip_config", "none"),
        user=setup.get("user", "you"),
        steps=steps,
        timeout=float(data.get("timeout", 600)),
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        jupyter=setup.get("jupyter"),
    )


def _step(directory: Path, source: Path, raw: dict) -> Step:
    name = raw.get("name")
    if not name:
        raise _fail(source, "a [[steps]] entry has no name")
    if unknown := set(raw) - STEP_KEYS:
        raise _fail(source, f"step {name}: unknown keys {sorted(unknown)}; known: {sorted(STEP_KEYS)}")
    role = raw.get("role")
    if role not in ROLES:
        raise _fail(source, f"step {name}: role = {role!r}; use symptom, fix or proof")
    if (directory / f"{name}.py").is_file():  # no shell runs it as a reader would: bash would source it
        raise _fail(source, f"step {name}: a .py step file is not run; write the command a reader types "
                            f"in {name}.sh (python -c ..., or python {name}.py with the script in setup.files)")
    files = tuple(StepFile(directory / f"{name}{ext}") for ext in SHELLS if (directory / f"{name}{ext}").is_file())
    if not files:
        raise _fail(source, f"step {name}: no file {name}.sh, .ipy, .ps1, .bat or .cmd in {directory}")
    cell = any(f.shell == "notebook" for f in files)
    kernel = raw.get("kernel")
    if cell != bool(kernel):
        raise _fail(source, f"step {name}: a notebook cell ({name}.ipy) and `kernel = \"NAME\"` go together")
    notebook, restart = raw.get("notebook"), bool(raw.get("restart", False))
    if notebook and not cell:
        raise _fail(source, f"step {name}: `notebook = ...` is for notebook cells ({name}.ipy)")
    if restart and not notebook:
        raise _fail(source, f"step {name}: `restart = true` restarts a notebook's kernel: name it with `notebook = ...`")
    arch = raw.get("arch")
    if arch is not None and arch not in ARCHES:
        raise _fail(source, f"step {name}: arch = {arch!r}; use one of {ARCHES}")
    if arch and cell:
        raise _fail(source, f"step {name}: a notebook cell runs in its kernel, not in a shell: `arch` is for .sh steps")
    return Step(name=name, role=role, exit=int(raw.get("exit", 0)), files=files, kernel=kernel,
                notebook=notebook, restart=restart, arch=arch)


def _check_roles(source: Path, steps: tuple[Step, ...]) -> None:
    roles = [step.role for step in steps]
    if "proof" not in roles or "fix" not in roles:
        raise _fail(source, "needs a step with role = 'fix' and a later one with role = 'proof'")
    if roles.index("proof") < roles.index("fix"):
        raise _fail(source, "the proof step must come after the fix step")
    for step in steps:
        if step.role == "proof" and step.exit != 0:
            raise _fail(source, f"step {step.name}: a proof passes with exit 0 after the fix")


def discover(snippets: Path) -> list[Path]:
    """Every guide's scenario, and the live scenario beside it where there is one."""
    return sorted(p.parent for p in [*snippets.glob("*/scenario.toml"), *snippets.glob("*/*/scenario.toml")])
