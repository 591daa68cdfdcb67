"""Make captured output comparable: each rule is a small named function of (text, context).

The rendered text is what a reader would see on their own machine: the scenario's
temporary root disappears (so `$ROOT/home/you/project` reads `/home/you/project`),
interpreter install prefixes read `/usr/local`, the local index reads as PyPI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

PYPI_SIMPLE = "https://pypi.org/simple"


@dataclass(frozen=True)
class Context:
    root: str  # the scenario's temporary root directory
    index_url: str | None = None  # the local index, e.g. http://127.0.0.1:4711/simple
    interpreter_prefixes: tuple[str, ...] = ()  # real base prefixes of the interpreters used
    extra_roots: tuple[str, ...] = ()  # other spellings of root (e.g. macOS /private/var)
    windows: bool = False  # paths use backslashes and ignore case


def scenario_root(text: str, ctx: Context) -> str:
    """The temp root vanishes: $ROOT/home/you/project -> /home/you/project; on Windows
    $ROOT\\Users\\you\\project -> C:\\Users\\you\\project."""
    for root in sorted({ctx.root, *ctx.extra_roots}, key=len, reverse=True):
        if ctx.windows:
            # pip lower-cases the paths it shows (os.path.normcase): c:\\users\\you keeps its case
            text = re.sub(re.escape(root.rstrip("\\/")) + r"(?=[\\/])",
                          lambda m: "c:" if m[0].islower() else "C:", text, flags=re.IGNORECASE)
        else:
            text = text.replace(root.rstrip("/") + "/", "/")
    return text


def interpreter_prefixes(text: str, ctx: Context) -> str:
    """/home/ci/.pyenv/versions/3.8.18 -> /usr/local, wherever the machine keeps its Pythons;
    on Windows C:\\hostedtoolcache\\windows\\Python\\3.12.1\\x64 -> C:\\Python312, as python.org installs it."""
    for prefix in sorted(ctx.interpreter_prefixes, key=len, reverse=True):
        if ctx.windows:
            version = re.search(r"(\d+)\.(\d+)", prefix)
            home = "C:\\Python" + ("".join(version.groups()) if version else "")
            text = re.sub(re.escape(prefix.rstrip("\\/")) + r"(?=[\\/]|\b)",
                          lambda m: home.lower() if m[0].islower() else home, text, flags=re.IGNORECASE)
        else:
            text = re.sub(re.escape(prefix.rstrip("/")) + r"(?=/|\b)", "/usr/local", text)
    return text


MIRROR = "https://mirror.example.org/pypi/"


def local_mirror(text: str, ctx: Context) -> str:
    """The local index's lagging view (localindex.index.MIRROR_PREFIX) reads as a mirror on a reader's network."""
    if not ctx.index_url:
        return text
    return text.replace(ctx.index_url.rsplit("/simple", 1)[0] + "/mirror/", MIRROR)


def local_index(text: str, ctx: Context) -> str:
    """The offline index reads as PyPI: no 'Looking in indexes' line, file names as pip shows PyPI's."""
    if not ctx.index_url:
        return text
    base = ctx.index_url.rsplit("/simple", 1)[0]
    text = re.sub(rf"^Looking in indexes: {re.escape(ctx.index_url)}/?\n", "", text, flags=re.M)
    text = text.replace(base + "/packages/", "")
    return text.replace(ctx.index_url, PYPI_SIMPLE)


def local_index_variable(text: str, ctx: Context) -> str:
    """pip finds the local index through PIP_INDEX_URL, which a reader does not set: the variable
    leaves what pip and the check script print (`pip config list`/`debug` lines, the check script's
    "(PIP_INDEX_URL)" source), so the index reads as pip's default, as on the reader's machine."""
    if not ctx.index_url:
        return text
    text = re.sub(rf"^(?::env:\.index-url=| *PIP_INDEX_URL=)'{re.escape(PYPI_SIMPLE)}/?'\n", "", text, flags=re.M)
    return text.replace(f"{PYPI_SIMPLE} (PIP_INDEX_URL)", f"{PYPI_SIMPLE} (pip's default)")


def pip_version_notice(text: str, ctx: Context) -> str:
    """pip's '[notice] A new release of pip is available' banner depends on the day, not the case."""
    return re.sub(r"^\n?(\[notice\] .*\n)+", "", text, flags=re.M)  # with the blank line pip prints before it


def download_sizes(text: str, ctx: Context) -> str:
    """Stand-in wheels are tiny; real ones are not. Sizes and rates are not part of any claim."""
    text = re.sub(r"\(\d+(?:\.\d+)? (?:bytes|[kMG]B)\)", "(…)", text)
    return re.sub(r"\d+(?:\.\d+)?/\d+(?:\.\d+)? [kMG]B \d+(?:\.\d+)? [kMG]B/s eta \S+", "…", text)


def install_progress_bar(text: str, ctx: Context) -> str:
    """pip 26 draws a bar while it installs several packages (25.0.1 did not); a terminal erases it before
    'Successfully installed', a pipe keeps it as an empty line."""
    return re.sub(r"^\n(?=Successfully installed )", "", text, flags=re.M)


def timings(text: str, ctx: Context) -> str:
    """Durations such as 'in 1.23s' or 'took 0.4 seconds', and uv's 'in 12ms' and 'in 1m 02s'."""
    text = re.sub(r"\b\d+m \d{2}s\b", "<time>", text)
    return re.sub(r"\b(?:\d+\.\d+\s?(?:s|ms|seconds)|\d+ms)\b", "<time>", text)


def image_ids(text: str, ctx: Context) -> str:
    """`docker build --quiet` prints the new image's ID alone on a line; each build makes another."""
    return re.sub(r"^sha256:[0-9a-f]{64}$", "sha256:…", text, flags=re.M)


def pip_temporary_paths(text: str, ctx: Context) -> str:
    """pip's random temp folders and the URL-hash folders of its wheel cache change at every run."""
    text = re.sub(r"(/pip-(?:ephem-wheel-cache|req-build|install|build-env|unpack|wheel|modern-metadata|metadata|"
                  r"target|download)-)[a-z0-9_]{8}\b", r"\1…", text)
    # the folder pip unpacks an sdist into: <name>_<uuid4 hex> (a build's traceback names it)
    text = re.sub(r"(/pip-install-…/[A-Za-z0-9._-]+?_)[0-9a-f]{32}\b", r"\1…", text)
    return re.sub(r"(/wheels)(/[0-9a-f]{2}){3}/[0-9a-f]{50,}", r"\1/…", text)


def root_user_warning(text: str, ctx: Context) -> str:
    """pip warns when it runs as root; the verifier may run as root, the reader does not."""
    return re.sub(r"^WARNING: Running pip as the 'root' user can result in .*\n", "", text, flags=re.M)


def step_script_errors(text: str, ctx: Context) -> str:
    """bash names the step file it sources ('/idoc/steps/01-x.sh: line 2: ...'); a terminal says 'bash: ...'."""
    return re.sub(r"^/idoc/steps/[^:\n]+: line \d+: ", "bash: ", text, flags=re.M)


def trailing_whitespace(text: str, ctx: Context) -> str:
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return text + "\n" if text else ""


RULES: tuple[Callable[[str, Context], str], ...] = (
    scenario_root,
    interpreter_prefixes,
    local_mirror,
    local_index,
    local_index_variable,
    pip_version_notice,
    download_sizes,
    install_progress_bar,
    timings,
    image_ids,
    pip_temporary_paths,
    root_user_warning,
    step_script_errors,
    trailing_whitespace,
)


def normalise(text: str, ctx: Context) -> str:
    text = text.replace("\r\n", "\n")
    for rule in RULES:
        text = rule(text, ctx)
    return text
