"""The package's two halves, read from its source: `verify` runs scenarios, `site` reads their records,
and they meet only at the shared modules at the top. A scenario's inputs hash covers the verifier half
(and those shared modules), so editing the site re-runs nothing."""

import ast
import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_repo, tooling_env

PACKAGE = REPO / "scripts" / "installdoctor"
SHARED = {"installdoctor", "installdoctor.results", "installdoctor.layout"}  # what both halves may import
HALVES = ("installdoctor.verify", "installdoctor.site")
RUNS_ELSEWHERE = {"installdoctor.verify.kernel_cell"}  # copied into a scenario, run by its own Python


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, package: Path, modules: set[str]) -> set[str]:
    """Every module of the package that `path` imports, at the top or inside a function, relative or not."""
    name = module_name(path, package)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here.rsplit(".", node.level - 1)[0] if node.level else ""
            source = ".".join(p for p in (base, node.module) if p)
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in modules)
    return {m for m in found if m in modules}


def import_graph(package: Path) -> dict[str, set[str]]:
    paths = sorted(package.rglob("*.py"))
    modules = {module_name(p, package) for p in paths}
    return {module_name(p, package): imported(p, package, modules) - {module_name(p, package)} for p in paths}


def half_of(module: str) -> str | None:
    return next((h for h in HALVES if module == h or module.startswith(h + ".")), None)


def direction_problems(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        half = half_of(module)
        if half is None and module not in SHARED:
            problems.append(f"{module}: a module at the top that is not one of the shared {sorted(SHARED)}")
        for target in sorted(targets):
            if module in RUNS_ELSEWHERE:
                problems.append(f"{module} imports {target}: it runs in a scenario's Python, without the package")
            elif half_of(target) not in (None, half):
                problems.append(f"{module} imports {target}: the halves meet only at {sorted(SHARED)}")
            elif half is None and half_of(target):
                problems.append(f"{module} imports {target}: a shared module imports neither half")
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, each as the path that closes it (a package imports its own modules only through them)."""
    found, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if target.startswith(module + "."):
                continue  # `from . import x` in a package's __init__ is not an import of itself
            if state.get(target) == "open":
                found.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_the_halves_meet_only_at_the_shared_modules():
    graph = import_graph(PACKAGE)
    assert {"installdoctor.verify.runner", "installdoctor.site.gate", "installdoctor.results"} <= set(graph)
    assert "installdoctor.results" in graph["installdoctor.site.pages"]  # the reader really is read
    assert direction_problems(graph) == []


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph(PACKAGE)) == []


def test_a_wrong_import_or_a_cycle_is_found(tmp_path):
    """The checks above on a package that breaks each rule once: they must say so."""
    package = tmp_path / "installdoctor"
    files = {
        "__init__.py": "",
        "results.py": "from .site import gate\n",  # shared imports a half
        "stray.py": "",  # a third shared module nobody agreed on
        "verify/__init__.py": "",
        "verify/runner.py": "def main():\n    from ..site import pages\n",  # verify imports site, inside a function
        "verify/kernel_cell.py": "import installdoctor.results\n",
        "site/__init__.py": "",
        "site/gate.py": "from . import pages\nfrom installdoctor.verify.runner import main\n",
        "site/pages.py": "from .gate import check_page\n",  # gate <-> pages
    }
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    graph = import_graph(package)
    problems = "\n".join(direction_problems(graph))
    assert "installdoctor.verify.runner imports installdoctor.site.pages" in problems
    assert "installdoctor.site.gate imports installdoctor.verify.runner" in problems
    assert "installdoctor.results imports installdoctor.site.gate" in problems
    assert "installdoctor.stray: a module at the top" in problems
    assert "installdoctor.verify.kernel_cell imports installdoctor.results" in problems
    assert ["installdoctor.site.gate", "installdoctor.site.pages", "installdoctor.site.gate"] in cycles(graph)


def inputs_of_every_scenario(root: Path) -> dict[str, str]:
    """Each scenario's inputs hash as the verifier in `root` computes it (it hashes its tooling at import)."""
    code = ("import json; from installdoctor.verify import planning, runner, scenario; "
            "print(json.dumps({s.slug: planning.inputs_digest(s, 'posix', {}, '') "
            "for s in map(scenario.load, scenario.discover(runner.SNIPPETS))}))")
    done = subprocess.run([sys.executable, "-c", code], env=tooling_env(root),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def append_comment(path: Path) -> None:
    path.write_text(path.read_text() + "# an edit that changes the file's hash\n")


def test_editing_the_site_half_reruns_no_scenario_and_editing_the_verifier_reruns_all(tmp_path):
    root = copy_repo(tmp_path / "repo")
    before = inputs_of_every_scenario(root)
    assert len(before) > 10

    for module in sorted((root / "scripts/installdoctor/site").rglob("*.py")):
        append_comment(module)
    assert inputs_of_every_scenario(root) == before  # every scenario stays "unchanged since it passed"

    append_comment(root / "scripts/installdoctor/verify/worker.py")
    after_verifier = inputs_of_every_scenario(root)
    assert all(after_verifier[slug] != digest for slug, digest in before.items())

    append_comment(root / "scripts/installdoctor/results.py")  # the records are written through it
    assert all(digest != after_verifier[slug] for slug, digest in inputs_of_every_scenario(root).items())
