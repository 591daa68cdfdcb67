# -*- coding: utf-8 -*-
"""Install Doctor's check script: why does pip keep installing the same (old) version?

Run it with the Python you are having trouble with:

    python doctor.py [PACKAGE|REQUIREMENT ...] [-r FILE] [--json] [--offline] [--index-url URL] [--timeout S]
                     [--no-survey] [--list-checks] [--check ID] [--report]

It reads this interpreter, its pip, pip's configuration, sys.path, Jupyter kernel
specs and (unless --offline) the package index pip would ask, then names each cause
it finds with the command that fixes it and the guide that explains it. For a named
package it also asks the other Pythons on this machine (one short isolated run each)
which of them would get the newest release.

Read-only: it never installs, uninstalls or writes anything. Standard library only
(it borrows the `packaging` copy inside pip when there is one).
Exit status: 0 nothing found wrong, 1 a warning or error found, 2 could not run.
"""
# This file must *parse* on Python 2.7 and 3.6 so that it can say, in one sentence,
# that it needs 3.8: no f-strings, annotations, keyword-only arguments or walrus.
from __future__ import print_function

import sys

sys.dont_write_bytecode = True  # importing must not leave __pycache__ behind: read-only means read-only

if sys.version_info < (3, 8):
    import platform as _platform

    sys.stderr.write(
        "doctor.py needs Python 3.8 or newer; you are running Python %s (%s).\n"
        % (_platform.python_version(), sys.executable or "unknown path")
    )
    sys.exit(2)

import argparse  # noqa: E402 (after the version check on purpose)
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import site  # noqa: E402
import struct  # noqa: E402
import sysconfig  # noqa: E402

VERSION = "1.0.0"
PYPI_SIMPLE = "https://pypi.org/simple"
GUIDES_URL = os.environ.get("INSTALL_DOCTOR_GUIDES_URL", "https://install-doctor.github.io/install-doctor/guides/")
WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"
SEVERITIES = ("error", "warning", "info")


class CannotRun(Exception):
    """Something that stops the whole check; its message is the one sentence the user sees."""


# --------------------------------------------------------------------------- findings


def finding(id, severity, slug, title, detail, fix="", words=""):  # noqa: A002 (the JSON field is called id)
    """fix: one command line that removes the finding, run as printed in a shell, in this folder; or "".
    words: what to do when no one command does it (it may quote commands, to be adapted); or ""."""
    return {"id": id, "severity": severity, "title": title, "detail": detail, "fix": fix, "fix_words": words,
            "guide": GUIDES_URL.rstrip("/") + "/" + slug}


def guarded(check, *args):
    """Run one check; a check that breaks on odd input becomes a note, never a traceback."""
    try:
        return check(*args)
    except Exception as error:  # noqa: BLE001 (the promise is: no traceback, ever)
        name = check.__name__.replace("check_", "").replace("_", " ")
        return [finding("check-failed", "info", "same-version-again", "Could not check %s" % name,
                        "%s: %s" % (type(error).__name__, error))]


# --------------------------------------------------------------------------- names, versions, specifiers


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _vendored_packaging():
    """pip's own copy of `packaging`, when this Python has pip; None otherwise."""
    try:
        from pip._vendor.packaging import markers, requirements, specifiers, tags, version

        return {"markers": markers, "requirements": requirements, "specifiers": specifiers,
                "tags": tags, "version": version}
    except Exception:  # noqa: BLE001 (old, broken or absent pip: use the small fallback below)
        return None


PACKAGING = _vendored_packaging()
_VERSION_RE = re.compile(r"^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?"
                         r"(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9.]+)?\s*$",
                         re.IGNORECASE)


class FallbackVersion(object):
    """PEP 440 ordering for the common forms, used only when pip's `packaging` is missing."""

    def __init__(self, text):
        match = _VERSION_RE.match(text)
        if not match:
            raise ValueError("not a version: %r" % text)
        epoch, release, pre_l, pre_n, post_a, post_b, dev = match.groups()
        parts = [int(p) for p in release.split(".")]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        pre = (0, pre_l[0].lower() if pre_l[0].lower() != "p" else "c", int(pre_n or 0)) if pre_l else (1,)
        post = int(post_a or post_b or 0) if (post_a or post_b is not None) else -1
        self.is_prerelease = bool(pre_l) or dev is not None
        self.key = (int(epoch or 0), tuple(parts), pre if (pre_l or dev is None) else (-1,), post,
                    int(dev) if dev else (1 << 60))
        self.text = text.strip()

    def __lt__(self, other):
        return self.key < other.key

    def __eq__(self, other):
        return self.key == other.key

    def __hash__(self):
        return hash(self.key)

    def __str__(self):
        return self.text


def parse_version(text):
    """A comparable version, or None for something that is not one (never raises)."""
    try:
        if PACKAGING:
            return PACKAGING["version"].Version(text)
        return FallbackVersion(text)
    except Exception:  # noqa: BLE001
        return None


_SPEC_RE = re.compile(r"\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*")


class FallbackSpecifierSet(object):
    def __init__(self, text):
        self.text = text.strip()
        self.items = []
        for part in filter(None, (p.strip() for p in self.text.split(","))):
            match = _SPEC_RE.fullmatch(part)
            if not match:
                raise ValueError("not a specifier: %r" % part)
            self.items.append(match.groups())

    def contains(self, version, prereleases=True):
        v = version if not isinstance(version, str) else parse_version(version)
        for op, target in self.items:
            if target.endswith(".*"):
                prefix = target[:-2].split(".")
                same = str(v).split(".")[: len(prefix)] == prefix
                if (op == "==") != same:
                    return False
                continue
            t = parse_version(target)
            if t is None:
                return False
            ok = {"==": v == t, "===": str(v) == target, "!=": not v == t, "<": v < t, "<=": not t < v,
                  ">": t < v, ">=": not v < t}.get(op)
            if op == "~=":
                upper = list(t.key[1][:-1]) if len(t.key[1]) > 1 else list(t.key[1])
                ok = not v < t and list(v.key[1][: len(upper)]) == upper
            if not ok:
                return False
        return True

    def __str__(self):
        return self.text

    def __iter__(self):
        return iter(self.items)


def parse_specifier(text):
    try:
        if PACKAGING:
            return PACKAGING["specifiers"].SpecifierSet(text)
        return FallbackSpecifierSet(text)
    except Exception:  # noqa: BLE001
        return None


def spec_allows(spec, version):
    """Does a specifier set allow this version (pre-releases judged as pip does for an explicit pin)?"""
    if spec is None or version is None:
        return True
    try:
        return spec.contains(version, prereleases=True)
    except Exception:  # noqa: BLE001
        return True


def spec_operators(spec):
    if spec is None:
        return []
    if PACKAGING and not isinstance(spec, FallbackSpecifierSet):
        return [(s.operator, s.version) for s in spec]
    return list(spec)


def has_upper_bound(spec):
    return any(op in ("<", "<=", "==", "===", "~=") for op, _ in spec_operators(spec))


_REQUIREMENT_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*\(?([^;()]*)\)?\s*(?:;(.*))?$")


def parse_requirement(line):
    """(canonical name, specifier, marker text) from a requirement line, or None if it is not one."""
    line = line.strip()
    if not line or line.startswith(("-", "#")) or "://" in line.split(";")[0] or " @ " in line:
        return None
    match = _REQUIREMENT_RE.match(line)
    if not match:
        return None
    name, _, spec_text, marker = match.groups()
    spec = parse_specifier(spec_text.strip())
    if spec is None:
        return None  # `tensor flow!!`: a name followed by something that is no specifier
    return canonical(name), spec, (marker or "").strip()


def is_pinned_exactly(spec):
    """`==2.3.0`: the one form for which pip installs a yanked release (PEP 592)."""
    ops = spec_operators(spec)
    return bool(ops) and all(op in ("==", "===") and not str(v).endswith(".*") for op, v in ops)


def marker_applies(marker):
    """Evaluate an environment marker for this Python, with no extras requested."""
    if not marker:
        return True
    if PACKAGING:
        try:
            return PACKAGING["markers"].Marker(marker).evaluate({"extra": ""})
        except Exception:  # noqa: BLE001
            return True
    return "extra" not in marker


# --------------------------------------------------------------------------- this interpreter


def in_venv():
    return sys.prefix != getattr(sys, "base_prefix", sys.prefix)


def same_path(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def environment_of(interpreter):
    """The prefix an interpreter path belongs to: its venv when it sits in one, else its real install."""
    directory = os.path.dirname(os.path.abspath(interpreter))
    parent = os.path.dirname(directory)
    if os.path.isfile(os.path.join(parent, "pyvenv.cfg")):
        return os.path.realpath(parent)
    real = os.path.realpath(interpreter)
    home = os.path.dirname(real)
    return os.path.realpath(home if WINDOWS else os.path.dirname(home))


def quote(path):
    if WINDOWS:
        return '"%s"' % path if " " in path else path
    return shlex.quote(path)


def pip_command(args, python=None):
    """The exact command to type: always `<this python> -m pip ...`, never a bare `pip`."""
    return "%s -m pip %s" % (quote(python or sys.executable or "python"), args)


def new_python_command(version):
    """How a reader starts a given Python: the py launcher on Windows, python3.X elsewhere."""
    if WINDOWS:
        return "py -%s" % version if version else "py -3"
    return "python%s" % (version or "3")


def venv_python(venv):
    return os.path.join(venv, "Scripts", "python.exe") if WINDOWS else os.path.join(venv, "bin", "python")


def steps(*commands):
    """{"fix": one line} for commands that run one after the other; on Windows {"words": ...}: Windows PowerShell
    5.1, the one Windows starts, has no `&&`, and cmd.exe has no `;`."""
    if WINDOWS:
        return {"words": "Run, one after the other: %s" % "; then ".join(commands)}
    return {"fix": " && ".join(commands)}


def activate_command(venv):
    return r"%s\Scripts\activate" % venv if WINDOWS else "source %s" % quote(os.path.join(venv, "bin", "activate"))


def venv_version(venv):
    """'3.8' for a venv made by Python 3.8 (its pyvenv.cfg), None when there is no venv."""
    try:
        with open(os.path.join(venv, "pyvenv.cfg"), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition("=")
                if key.strip() in ("version", "version_info"):
                    return ".".join(value.strip().split(".")[:2])
    except OSError:
        pass
    return None


def make_venv_command(python, version, venv=".venv"):
    """`PYTHON -m venv .venv`, with --clear when .venv here was made by another Python version: venv keeps the
    links an existing venv has, so its python would stay the old one."""
    existing = venv_version(venv)
    clear = "--clear " if existing and existing != ".".join(version.split(".")[:2]) else ""
    return "%s -m venv %s%s" % (python, clear, quote(venv))


def new_venv_steps(python, version, *then):
    """Make .venv with this Python, activate it (so `python` is the venv's from now on), then the commands."""
    return steps(make_venv_command(python, version), activate_command(".venv"), *then)


def this_python_venv_steps(*then):
    return new_venv_steps(quote(sys.executable or "python"), platform.python_version(), *then)


def distribution_version(name):
    try:
        from importlib import metadata

        return metadata.version(name)
    except Exception:  # noqa: BLE001 (not installed, or broken metadata)
        return None


def supported_tags():
    """Wheel tags this interpreter accepts, most specific first (pip's own logic when available)."""
    if PACKAGING and hasattr(PACKAGING["tags"], "sys_tags"):
        return ["%s-%s-%s" % (t.interpreter, t.abi, t.platform) for t in PACKAGING["tags"].sys_tags()]
    major, minor = sys.version_info[:2]
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    tags = ["cp%d%d-cp%d%d-%s" % (major, minor, major, minor, plat), "cp%d%d-abi3-%s" % (major, minor, plat)]
    tags += ["py%d%d-none-%s" % (major, m, plat) for m in range(minor, -1, -1)]
    tags += ["py%d-none-any" % major, "py%d%d-none-any" % (major, minor)]
    return tags


def python_facts(tags):
    interpreter = tags[0].split("-")[0] if tags else ""
    platforms = []
    for tag in tags:
        plat = tag.rsplit("-", 1)[-1]
        if plat not in platforms:
            platforms.append(plat)
    return {
        "executable": sys.executable,
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "bits": struct.calcsize("P") * 8,
        "platform": {"system": platform.system(), "machine": platform.machine(), "sysconfig": sysconfig.get_platform()},
        "tags": {"interpreter": interpreter, "count": len(tags), "platforms": platforms[:6],
                 "more_platforms": max(0, len(platforms) - 6)},
        "prefix": sys.prefix,
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "in_venv": in_venv(),
    }


# --------------------------------------------------------------------------- pip's configuration


class PipConfig(object):
    """The files and variables pip reads, and the settings they give `pip install`."""

    def __init__(self):
        self.files = []  # {"path", "kind", "exists", "loaded", "error"}
        self.settings = {}  # key -> {"value", "source", "line"}
        self.problems = []

    def set(self, key, value, source, line=None):
        self.settings[key] = {"value": value, "source": source, "line": line}

    def get(self, key):
        entry = self.settings.get(key)
        return entry["value"] if entry else None


def config_file_candidates():
    """(kind, path) in the order pip loads them; later files override earlier ones."""
    name = "pip.ini" if WINDOWS else "pip.conf"
    home = os.path.expanduser("~")
    if WINDOWS:
        global_dirs = [os.path.join(os.environ.get("PROGRAMDATA", r"C:\ProgramData"), "pip")]
        user = [os.path.join(home, "pip", name), os.path.join(os.environ.get("APPDATA", home), "pip", name)]
    elif MACOS:
        global_dirs = ["/Library/Application Support/pip"]
        user = [os.path.join(home, ".pip", name), os.path.join(home, "Library/Application Support/pip", name),
                os.path.join(home, ".config/pip", name)]
    else:
        xdg_dirs = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
        global_dirs = [os.path.join(d, "pip") for d in xdg_dirs.split(os.pathsep) if d] + ["/etc"]
        xdg_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        user = [os.path.join(home, ".pip", name), os.path.join(xdg_home, "pip", name)]
    candidates = [("global", os.path.join(d, name)) for d in global_dirs]
    env_file = os.environ.get("PIP_CONFIG_FILE")
    if not (env_file and os.path.exists(env_file)):
        candidates += [("user", path) for path in user]
    candidates.append(("site", os.path.join(sys.prefix, name)))
    if env_file:
        candidates.append(("PIP_CONFIG_FILE", env_file))
    return candidates


def _ini_lines(text):
    """(section, key, line number) for every `key = value` line; configparser keeps no line numbers."""
    section = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
        elif stripped and not stripped.startswith(("#", ";")) and not line[:1].isspace():
            key = re.split(r"[=:]", stripped, maxsplit=1)[0].strip()
            yield section, key.replace("_", "-").lower(), number


def read_pip_config():
    import configparser

    config = PipConfig()
    env_file = os.environ.get("PIP_CONFIG_FILE")
    skip_files = env_file == os.devnull
    for kind, path in config_file_candidates():
        entry = {"path": path, "kind": kind, "exists": os.path.isfile(path), "loaded": False}
        config.files.append(entry)
        if skip_files or not entry["exists"]:
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            parser = configparser.RawConfigParser()
            parser.read_string(text, source=path)
        except (OSError, UnicodeDecodeError, configparser.Error) as error:
            entry["error"] = str(error).splitlines()[0]
            config.problems.append(finding(
                "pip-config-unreadable", "error", "constraints-and-config", "pip cannot read its config file %s" % path,
                "pip stops with a configuration error on every command while this file is broken: %s" % entry["error"],
                words="Fix or remove %s (see which files pip reads: %s)" % (path, pip_command("config debug"))))
            continue
        entry["loaded"] = True
        lines = {(s, k): n for s, k, n in _ini_lines(text)}
        for section in ("global", "install"):  # `pip install` reads [global], then [install] overrides it
            if not parser.has_section(section):
                continue
            for key, value in parser.items(section):
                key = key.replace("_", "-").lower()
                config.set(key, value, path, lines.get((section, key)))
    if skip_files:
        config.files.insert(0, {"path": os.devnull, "kind": "PIP_CONFIG_FILE", "exists": True, "loaded": False,
                                "note": "PIP_CONFIG_FILE is %s: pip reads no config file at all" % os.devnull})
    for variable in sorted(os.environ):
        if variable.startswith("PIP_") and variable != "PIP_CONFIG_FILE":
            config.set(variable[4:].lower().replace("_", "-"), os.environ[variable], variable)
    return config


def truthy(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def index_urls(config, override=None):
    """The index pip asks first and the extra ones, as pip would choose them for `pip install`."""
    if override:
        return [override], [], "--index-url"
    entry = config.settings.get("index-url") or config.settings.get("i")
    primary = entry["value"].split()[0] if entry and entry["value"].split() else PYPI_SIMPLE
    extras_entry = config.settings.get("extra-index-url")
    extras = extras_entry["value"].split() if extras_entry else []
    return [primary], extras, (entry["source"] if entry else "pip's default")


def where(entry):
    return "%s:%s" % (entry["source"], entry["line"]) if entry.get("line") else entry["source"]


def pip_file_lines(path):
    """(line number, logical line) of a pip requirements/constraints file: comments gone, `\\` joined."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    pending, first = "", None
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            pending, first = pending + line[:-1] + " ", first or number
            continue
        line, start = (pending + line).strip(), first or number
        pending, first = "", None
        if line:
            yield start, line


def read_pip_file(path, constraint, seen=None, depth=0):
    """[(is constraint, path, line number, text, (name, specifier, marker) or None)] from a pip file and the
    files it names with -r/-c, as pip reads them. Lines doctor.py cannot judge (URLs, -e, options) have None."""
    seen = seen if seen is not None else set()
    if path in seen or depth > 5:
        return []
    seen.add(path)
    entries = []
    for number, line in pip_file_lines(path):
        nested = re.match(r"^(-c|-r|--constraint|--requirement)(?:[\s=]+|(?=[^\s-]))(\S+)", line)
        if nested:
            target = os.path.join(os.path.dirname(path), os.path.expanduser(nested.group(2)))
            entries += read_pip_file(target, constraint or nested.group(1) in ("-c", "--constraint"), seen, depth + 1)
            continue
        line = re.sub(r"\s--hash[=\s]\S+", "", line).strip()  # hash-checking mode: the hashes follow the requirement
        entries.append((constraint, path, number, line, parse_requirement(line)))
    return entries


def read_constraint_file(path):
    """[(path, line number, text, (name, specifier, marker))] from a constraints file and the files it names."""
    return [entry[1:] for entry in read_pip_file(path, True) if entry[4]]


def constraint_entries(config):
    """Every constraint pip applies to `pip install` here, and findings for files it cannot read."""
    entries, problems = [], []
    setting = config.settings.get("constraint")
    if not setting:
        return entries, problems
    for path in setting["value"].split():
        if "://" in path:
            problems.append(finding("pip-constraint-url", "info", "constraints-and-config",
                                    "A constraints file is fetched from %s" % redact(path),
                                    "Set by %s; doctor.py does not download it, so it cannot tell what it caps." % where(setting)))
            continue
        try:
            entries += read_constraint_file(os.path.expanduser(path))
        except OSError as error:
            problems.append(finding("pip-constraint-missing", "error", "constraints-and-config",
                                    "pip's constraints file %s cannot be read" % path,
                                    "Set by %s; pip fails every install while it is missing (%s)." % (where(setting), error.strerror),
                                    words="Remove the setting or create the file; %s shows where it comes from"
                                    % pip_command("config debug")))
    return entries, problems


# pip settings that change what `pip install` gets or where it goes: each is finding "pip-config-KEY"
PIP_CONFIG_NOTES = (
    ("extra-index-url", "pip also asks another index"), ("find-links", "pip also takes files from find-links"),
    ("no-index", "pip is told not to use any index"), ("pre", "pip is told to take pre-releases"),
    ("target", "pip installs into a different directory"), ("prefix", "pip installs into another prefix"),
    ("user", "pip installs into your user site"),
)


def check_pip_config(config, constraints, constraint_problems, named):
    findings = list(config.problems) + constraint_problems
    setting = config.settings.get("constraint")
    if setting and constraints:
        hits = [c for c in constraints if c[3][0] in named]
        names = sorted({c[3][0] for c in constraints})
        if not hits:
            findings.append(finding(
                "pip-constraints-in-effect", "info", "constraints-and-config",
                "A constraints file caps versions for every pip install",
                "Set by %s: %s (%d entries: %s%s)." % (where(setting), setting["value"], len(names),
                                                      ", ".join(names[:8]), ", ..." if len(names) > 8 else ""),
                words="To ignore it for one install: %s" % without_pip_config("install PACKAGE")))
    for key, title in PIP_CONFIG_NOTES:
        entry = config.settings.get(key)
        if not entry or (key in ("no-index", "pre", "user") and not truthy(entry["value"])):
            continue
        severity = "warning" if key in ("no-index", "target", "prefix") else "info"
        findings.append(finding(
            "pip-config-" + key, severity, "constraints-and-config", title,
            "%s = %s (set by %s)." % (key, redact(entry["value"]), where(entry)),
            words=remove_setting(key, entry)))
    return findings


def remove_setting(key, entry):
    if entry["source"].startswith("PIP_"):
        return "Unset %s (and take it out of your shell profile)" % entry["source"]
    return "Remove %s from %s; %s lists every setting and its file" % (key, where(entry), pip_command("config debug"))


def without_pip_config(args):
    """A pip command that reads no config file and no constraint from the environment, for one run."""
    unset = "PIP_CONSTRAINT" in os.environ
    if WINDOWS:
        return "%s$env:PIP_CONFIG_FILE=\"nul\"; %s" % ("Remove-Item Env:PIP_CONSTRAINT; " if unset else "", pip_command(args))
    return "%sPIP_CONFIG_FILE=/dev/null %s" % ("env -u PIP_CONSTRAINT " if unset else "", pip_command(args))


def redact(url):
    return re.sub(r"://([^/@:]+):[^/@]+@", r"://\1:****@", url)


# --------------------------------------------------------------------------- sys.path, metadata, shadowing


def scanned_path():
    """sys.path without the folder doctor.py was started from (that folder is not where imports come from)."""
    entries = list(sys.path)
    own = os.path.dirname(os.path.abspath(sys.argv[0])) if sys.argv and sys.argv[0] else None
    if entries and own and entries[0] and same_path(entries[0], own):
        entries = entries[1:]
    return [e for e in entries if e and os.path.isdir(e)]


def listdir(path):
    try:
        return os.listdir(path)
    except OSError:
        return []


def metadata_dirs(entry):
    """[(canonical name, version or None, directory)] of .dist-info/.egg-info in one sys.path entry."""
    found = []
    for name in listdir(entry):
        if name.endswith(".dist-info"):
            stem = name[: -len(".dist-info")]
        elif name.endswith(".egg-info"):
            stem = name[: -len(".egg-info")]
        else:
            continue
        parts = stem.split("-")
        found.append((canonical(parts[0]), parts[1] if len(parts) > 1 else None, os.path.join(entry, name)))
    return found


def metadata_file(directory):
    for name in ("METADATA", "PKG-INFO"):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return directory if os.path.isfile(directory) else None  # a single-file .egg-info


def module_names(entry):
    """Top-level names an import from this directory would find (packages need __init__.py to shadow)."""
    names = {}
    for name in listdir(entry):
        full = os.path.join(entry, name)
        if name.endswith(".py") and name[:-3].isidentifier():
            names.setdefault(name[:-3], full)
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*\..*(so|pyd)$", name):
            names.setdefault(name.split(".", 1)[0], full)
        elif name.isidentifier() and os.path.isfile(os.path.join(full, "__init__.py")):
            names[name] = full
    return names


def provides(entry, name):
    """The file or package in `entry` that `import name` would load, or None."""
    package = os.path.join(entry, name)
    if os.path.isfile(os.path.join(package, "__init__.py")):
        return package
    if os.path.isfile(package + ".py"):
        return package + ".py"
    for candidate in listdir(entry):
        if candidate.startswith(name + ".") and candidate.endswith((".so", ".pyd")):
            return os.path.join(entry, candidate)
    return None


def shadow_sources():
    """(label, directory) of places that come before site-packages on purpose or by accident."""
    sources = [("the current directory (first on sys.path for `python -c` and `python -m`)", os.getcwd())]
    for entry in filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)):
        if os.path.isdir(entry):
            sources.append(("PYTHONPATH entry", os.path.abspath(entry)))
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user_site and os.path.isdir(user_site) and any(same_path(user_site, e) for e in sys.path if e):
        sources.append(("your user site (pip install --user)", user_site))
    return sources


def user_site_uninstall(name):
    """{"fix": the uninstall that reaches the user site}: a venv's pip refuses anything outside the venv ("Not
    uninstalling … outside environment"), so it runs with the Python that owns the user site. Where that Python
    refuses pip (PEP 668, which covers its user site too) {"words": ...} instead."""
    base = sys.executable
    if in_venv():
        base = getattr(sys, "_base_executable", None)
        if not base or same_path(base, sys.executable) or not os.path.isfile(base):
            version = "python%d.%d" % sys.version_info[:2]
            base = os.path.join(sys.base_prefix, "python.exe" if WINDOWS else os.path.join("bin", version))
    if os.path.isfile(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")):
        return {"words": "%s refuses pip (PEP 668), in your user site too: delete %s's files and its .dist-info "
                         "from %s" % (base, name, site.getusersitepackages())}
    return {"fix": pip_command("uninstall --yes " + name, base)}


def check_shadowing(path_entries):
    findings, seen = [], set()
    sources = shadow_sources()
    for label, directory in sources:
        later = [e for e in path_entries if not same_path(e, directory)]
        if label.startswith("your user site"):
            user_index = next((i for i, e in enumerate(path_entries) if same_path(e, directory)), len(path_entries))
            later = path_entries[user_index + 1:]
        for name, shadow in sorted(module_names(directory).items()):
            if name in seen or name in ("__init__", "__main__", "setup", "conftest", "doctor"):
                continue
            hidden = next((p for p in (provides(e, name) for e in later) if p), None)
            if not hidden:
                continue
            seen.add(name)
            detail = "%s hides %s. Check with: python -c \"import %s; print(%s.__file__)\"" % (
                shadow, hidden, name, name)
            if label.startswith("your user site"):
                dist = next((d for d, _, _ in metadata_dirs(directory) if d == canonical(name)), canonical(name))
                detail += ". Uninstalling removes the first copy pip finds: the one in your user site."
                fix = user_site_uninstall(dist)
            elif label.startswith("PYTHONPATH"):
                fix = {"words": "Remove %s from PYTHONPATH (and from your shell profile), or rename %s"
                                % (directory, shadow)}
            else:
                fix = {"words": "Rename or remove %s, or run your code from another folder" % shadow}
            findings.append(finding(
                "shadowing", "warning", "user-site" if label.startswith("your user site") else "shadowing", "`import %s` loads a copy from %s" % (name, label), detail, **fix))
    return findings


_DPKG_OWNED = {}


def dpkg_owned():
    """{metadata directory: Debian package} from dpkg's file lists of Python packages, read once, when needed."""
    import glob

    if not _DPKG_OWNED:
        _DPKG_OWNED[None] = None  # read once even when there is nothing to read
        for listing in glob.glob("/var/lib/dpkg/info/*python*.list"):
            package = os.path.basename(listing)[: -len(".list")].split(":")[0]
            try:
                with open(listing, encoding="utf-8", errors="replace") as handle:
                    for line in handle:
                        if line.rstrip().endswith((".dist-info", ".egg-info")):
                            _DPKG_OWNED[line.rstrip()] = package
            except OSError:
                continue
    return _DPKG_OWNED


def os_owner(directory):
    """'dpkg package python3-yaml' when the system package manager installed this metadata directory, else None."""
    package = dpkg_owned().get(os.path.realpath(directory)) or dpkg_owned().get(directory)
    if package:
        return "dpkg package %s" % package
    installer = os.path.join(directory, "INSTALLER")
    if os.path.isfile(installer):
        with open(installer, encoding="utf-8", errors="replace") as handle:
            tool = handle.read().strip()
        if tool in ("rpm", "dnf", "debian", "dpkg", "apk", "pacman", "portage", "brew", "nix"):
            return "the system package manager (%s)" % tool
    return None


def system_managed():
    """The PEP 668 marker of this Python when it is the system's (not a venv), else None."""
    if in_venv():
        return None
    marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
    return marker if os.path.isfile(marker) else None


def os_managed_note(name, directories):
    """(who owns these metadata directories, in words; the fix: a venv) when pip may not repair them, else None."""
    owners = sorted({o for o in map(os_owner, directories) if o})
    marker = system_managed()
    if not owners and not (marker and all(d.startswith(sys.prefix) for d in directories)):
        return None
    who = ("%s installed this" % " and ".join(owners)) if owners else "%s marks this Python as the system's" % marker
    return ("%s; pip must not change what the system installed: leave it, and install %s into a venv" % (who, name),
            this_python_venv_steps(pip_command("install " + name, "python")))


def remove_then(paths, *then):
    """Delete these folders, then run the commands: one line where the shell allows it, else words."""
    if WINDOWS:
        return {"words": "Delete %s%s" % (", ".join(paths), "".join(", then run " + c for c in then))}
    return steps("rm -r " + " ".join(quote(p) for p in paths), *then)


def pinned(name, version):
    return "%s==%s" % (name, version) if version else name


def check_duplicate_metadata(path_entries):
    findings = []
    by_name, broken = {}, []
    for entry in path_entries:
        for name, version, directory in metadata_dirs(entry):
            by_name.setdefault(name, []).append((version, directory))
            if directory.endswith(".dist-info") and not os.path.isfile(os.path.join(directory, "METADATA")):
                broken.append((name, version, directory))
    for name, version, directory in broken:
        findings.append(broken_metadata(name, version, directory, by_name[name]))
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else ""
    for name, copies in sorted(by_name.items()):
        if len(copies) < 2:
            continue
        folders = {os.path.dirname(d) for _, d in copies}
        listing = "; ".join("%s (%s)" % (d, v or "no version") for v, d in copies)
        if len(folders) > 1 and user_site and any(same_path(f, user_site) for f in folders):
            if provides(user_site, name.replace("-", "_")) and same_path(os.path.dirname(copies[0][1]), user_site):
                continue  # the user site comes first: the shadowing finding for its module says this, with the fix
            findings.append(finding(
                "shadowing-user-site", "warning", "user-site", "%s is installed twice: in your user site and in the environment" % name,
                "The first on sys.path wins for imports and for pip: %s. Uninstalling removes the user site's."
                % listing,
                **user_site_uninstall(name)))
            continue
        if venv_over_system(copies):
            continue
        managed = os_managed_note(name, [d for _, d in copies])
        if managed:  # what the system installed, wherever it is: pip must not change it
            findings.append(finding(
                "duplicate-metadata-system", "info", "duplicate-metadata",
                "%s has %d metadata directories" % (name, len(copies)),
                "%s. %s%s." % (listing, managed[0][0].upper(), managed[0][1:]), **managed[1]))
            continue
        newest = max(copies, key=lambda c: (parse_version(c[0] or "0"), c[1].endswith(".dist-info")))
        stale = [d for _, d in copies if d != newest[1]]
        target = target_folder(folders) if len(folders) == 1 else None
        if target:
            findings.append(finding(
                "target-directory", "warning", "target-directory",
                "%s has %d metadata directories in %s" % (name, len(copies), target),
                "A folder filled by `pip install --target`: without --upgrade pip keeps what the folder has; %s. "
                "The fix deletes the old metadata and replaces the folder's copy." % listing,
                **remove_then(stale, pip_command("install --target %s --upgrade %s" % (quote(target), name)))))
            continue
        detail = "pip list, pip show and importlib.metadata may each report a different one: %s." % listing
        if len(folders) == 1:
            fix = remove_then(stale, pip_command("install --force-reinstall --no-deps " + pinned(name, newest[0])))
            detail += " The fix keeps %s %s: it deletes the other metadata and reinstalls it." % (name, newest[0])
        else:
            fix = {"words": "The first folder on sys.path wins. Uninstall the copy you do not want with the Python "
                            "that installed it (or take its folder off sys.path), then %s"
                            % pip_command("install --force-reinstall --no-deps " + name)}
        findings.append(finding(
            "duplicate-metadata", "error" if len(folders) == 1 else "warning", "duplicate-metadata",
            "%s has %d metadata directories" % (name, len(copies)), detail, **fix))
    return findings


def broken_metadata(name, version, directory, copies):
    """A .dist-info without METADATA: delete it, and reinstall that release unless a sound copy is beside it."""
    managed = os_managed_note(name, [directory])
    sound = [d for _, d in copies if d != directory and os.path.dirname(d) == os.path.dirname(directory)
             and metadata_file(d)]
    if managed:
        fix = managed[1]
    elif sound:
        fix = remove_then([directory])
    else:
        fix = remove_then([directory], pip_command("install --no-deps " + pinned(name, version)))
    return finding(
        "broken-metadata", "info" if managed else "warning", "duplicate-metadata", "A broken .dist-info for %s" % name,
        "%s has no METADATA file: a crashed or interrupted install left it behind.%s"
        % (directory, (" " + managed[0][0].upper() + managed[0][1:] + ".") if managed else ""), **fix)


def venv_over_system(copies):
    """A venv made with --system-site-packages: its copy comes first and the others are the base Python's."""
    if not in_venv() or len(copies) < 2:
        return False
    first, others = copies[0][1], [d for _, d in copies[1:]]
    inside = lambda d: os.path.realpath(d).startswith(os.path.realpath(sys.prefix) + os.sep)  # noqa: E731
    return inside(first) and not any(inside(d) for d in others)


def target_folder(folders):
    """The folder when it is on sys.path but no site-packages of this Python: a `pip install --target` folder."""
    (folder,) = folders
    known = set(getattr(site, "getsitepackages", lambda: [])()) | {sysconfig.get_path("purelib"),
                                                                   sysconfig.get_path("platlib")}
    if site.ENABLE_USER_SITE:
        known.add(site.getusersitepackages())
    if any(same_path(folder, k) for k in known if k) or folder.endswith(("site-packages", "dist-packages")):
        return None
    return folder


def requirements_of(directory):
    """Requires-Dist lines of one installed distribution (METADATA or egg-info requires.txt)."""
    path = metadata_file(directory)
    lines = []
    if path and path != directory:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("Requires-Dist:"):
                    lines.append(line[len("Requires-Dist:"):].strip())
                elif line in ("\n", "\r\n"):
                    break  # the description starts after the first blank line
    requires_txt = os.path.join(directory, "requires.txt")
    if not lines and os.path.isfile(requires_txt):
        with open(requires_txt, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("["):
                    break  # extras follow
                lines.append(line.strip())
    return lines


def dependency_pins(path_entries, named):
    """{named package: [(pinning dist, its version, requirement text, specifier)]} from installed metadata."""
    pins = {name: [] for name in named}
    needles = {name: re.compile(r"^\s*%s\b" % "[-_.]+".join(map(re.escape, name.split("-"))), re.I) for name in named}
    seen = set()
    for entry in path_entries:
        for dist, version, directory in metadata_dirs(entry):
            if dist in seen:
                continue  # only the first copy on sys.path counts, as for imports
            seen.add(dist)
            for line in requirements_of(directory):
                for name, needle in needles.items():
                    if not needle.match(line):
                        continue
                    parsed = parse_requirement(line)
                    if parsed and parsed[0] == name and parsed[1] is not None and marker_applies(parsed[2]):
                        pins[name].append((dist, version, line, parsed[1]))
    return pins


# --------------------------------------------------------------------------- environment checks


def first_on_path(command):
    import shutil

    return shutil.which(command)


def script_interpreter(path):
    """The Python a console script (pip, pip3) runs: its shebang, or the one inside a Windows launcher."""
    with open(path, "rb") as handle:
        head = handle.read(4096 if not path.lower().endswith(".exe") else 1 << 20)
    if path.lower().endswith(".exe"):
        match = re.search(br'#!\s*"?([^\r\n"]*?python[^\r\n"]*?\.exe)"?\s*\r?\n', head, re.I)
        return match.group(1).decode("utf-8", "replace") if match else None
    if not head.startswith(b"#!"):
        return None
    lines = head.splitlines()
    first = lines[0][2:].decode("utf-8", "replace").strip()
    if first.endswith("/sh") and len(lines) > 1:  # pip's long-path form: '''exec' /path/python "$0" "$@"
        match = re.search(r"exec'?\s+'?(\S+?)'?\s", lines[1].decode("utf-8", "replace"))
        return match.group(1) if match else None
    parts = first.split()
    if parts and parts[0].endswith("/env") and len(parts) > 1:
        return first_on_path(parts[-1])
    return parts[0] if parts else None


def check_pip_on_path():
    findings = []
    for command in ("pip", "pip3"):
        path = first_on_path(command)
        if not path:
            continue
        try:
            runs = script_interpreter(path)
        except OSError:
            runs = None
        if runs is None or "python" not in os.path.basename(runs).lower():
            if runs is not None or "shims" in path:
                findings.append(finding(
                    "pip-is-a-shim", "info", "pip-python-mismatch", "`%s` on PATH is a version-manager shim" % command,
                    "%s picks a Python by itself; it may not be %s." % (path, sys.executable),
                    words="Skip the guessing: run pip through this Python, %s" % pip_command("install PACKAGE")))
                break  # pip3 is the same shim
            continue
        if os.path.exists(runs) and environment_of(runs) == environment_of(sys.executable):
            continue
        findings.append(finding(
            "pip-python-mismatch", "warning", "pip-python-mismatch",
            "`%s` on PATH installs into another Python" % command,
            "%s runs %s, but this Python is %s. Packages it installs are invisible here." % (path, runs, sys.executable),
            words="Run pip through this Python, %s, not `%s install`" % (pip_command("install PACKAGE"), command)))
        break  # one is enough: pip3 usually follows pip
    return findings


def find_project_venv():
    directory = os.getcwd()
    for _ in range(4):
        for name in (".venv", "venv"):
            candidate = os.path.join(directory, name)
            if os.path.isfile(os.path.join(candidate, "pyvenv.cfg")):
                return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def check_venv():
    venv = find_project_venv()
    if not venv or same_path(venv, sys.prefix):
        return []
    return [finding(
        "venv-not-active", "warning", "venv-not-active", "The project's venv is not the Python running",
        "%s exists, but this is %s (sys.prefix %s). Installs here do not reach the venv, and the other way round: "
        "what is installed there is used once the venv is active (an editor must have its python selected)."
        % (venv, sys.executable, sys.prefix), activate_command(venv))]


def check_externally_managed():
    marker = system_managed()
    if not marker:
        return []
    return [finding(
        "externally-managed", "warning", "externally-managed", "This Python refuses pip installs (PEP 668)",
        "%s marks %s as managed by the system package manager; pip install stops with "
        "'externally-managed-environment'. In a venv made with it, and activated, `python -m pip install` works."
        % (marker, sys.executable), **this_python_venv_steps())]


def pip_refused_here():
    """Why pip cannot change this Python ('pep668' or the folder it cannot write), or None when it can."""
    if system_managed():
        return "pep668"
    target = sysconfig.get_paths().get("purelib")
    if not in_venv() and target and os.path.isdir(target) and not os.access(target, os.W_OK):
        return target
    return None


def workable(item, refused):
    """The finding with a fix this environment accepts. Under PEP 668 pip refuses to install, uninstall and
    bootstrap itself (ensurepip) here, but not into a --target folder: the fix becomes a venv. Where site-packages
    cannot be written, a fix that deletes or reinstalls there becomes words (plain installs still work: pip
    falls back to your user site)."""
    fix = item["fix"]
    if not refused or not fix:
        return item
    this = re.escape(quote(sys.executable or "python"))
    match = re.search(r"(?:^|&& )%s -m (pip install|pip uninstall|ensurepip)((?: (?!&&)[^ ]+)*)" % this, fix)
    if refused == "pep668":
        if not match or "--target" in match.group(2):
            return item
        if match.group(1) == "pip uninstall":
            return dict(item, fix="", fix_words="This Python refuses pip (PEP 668): remove it with the tool that "
                                                "installed it, and install into a venv")
        dropped = ("--force-reinstall", "--no-deps", "--user", "--upgrade")
        names = " ".join(a for a in match.group(2).split() if a not in dropped)
        then = [pip_command("install " + names, "python")] if match.group(1) == "pip install" and names else []
        return dict(item, **_as_fields(this_python_venv_steps(*then)))
    if "--force-reinstall" in fix or refused in fix:
        return dict(item, fix="", fix_words="You cannot write into %s, so this cannot be done here: ask its owner, "
                                            "or work in a venv you own" % refused)
    return item


def _as_fields(fix):
    """{"fix": …} or {"words": …} (the keyword arguments of finding()) as the finding's own fields."""
    return {"fix": fix.get("fix", ""), "fix_words": fix.get("words", "")}


def check_permissions():
    target = sysconfig.get_paths().get("purelib")
    if not target or not os.path.isdir(target) or os.access(target, os.W_OK):
        return []
    if in_venv():
        return [finding(
            "venv-not-writable", "error", "permissions", "You cannot write into this venv",
            "%s is not writable by you; pip install fails with a permission error. The fix makes a venv you own."
            % target, **own_venv_steps())]
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    return [finding(
        "site-packages-not-writable", "warning", "permissions", "pip cannot write into this Python's site-packages",
        "%s is not writable by you, so pip says 'Defaulting to user installation' and installs into %s, "
        "which then shadows the system copy for you only. The fix makes a venv you own, here."
        % (target, user_site or "nowhere (user site is off)"), **this_python_venv_steps())]


def own_venv_steps():
    """A venv in your home folder made with this Python, activated."""
    venv = os.path.join(os.path.expanduser("~"), ".venvs", "work")
    return steps(make_venv_command(quote(sys.executable), platform.python_version(), venv),
                 activate_command(venv))


def check_conda():
    findings = []
    conda_prefix = os.environ.get("CONDA_PREFIX")
    if conda_prefix and not same_path(conda_prefix, sys.prefix) and not in_venv():
        findings.append(finding(
            "conda-env-not-this-python", "warning", "conda-and-pip", "The active conda env is not this Python",
            "CONDA_PREFIX is %s but this Python lives in %s." % (conda_prefix, sys.prefix),
            words="Run that environment's Python (%s), or activate the environment you meant with conda activate"
            % pip_command("install PACKAGE", os.path.join(conda_prefix, "python.exe" if WINDOWS else "bin/python"))))
    meta = os.path.join(sys.prefix, "conda-meta")
    if not os.path.isdir(meta):
        return findings
    conda_names = {}
    for name in listdir(meta):
        if name.endswith(".json") and name.count("-") >= 2:
            dist, version, _ = name[:-5].rsplit("-", 2)
            conda_names[canonical(dist)] = version
    overlaps = []
    for entry in scanned_path():
        if not entry.startswith(sys.prefix):
            continue
        for name, version, directory in metadata_dirs(entry):
            installer = os.path.join(directory, "INSTALLER")
            if name in conda_names and os.path.isfile(installer):
                with open(installer, encoding="utf-8", errors="replace") as handle:
                    if handle.read().strip() == "pip":
                        overlaps.append("%s (conda %s, pip %s)" % (name, conda_names[name], version))
    if overlaps:
        findings.append(finding(
            "conda-pip-overlap", "warning", "conda-and-pip", "pip replaced packages that conda installed",
            "In %s: %s. conda list still shows conda's record; the files on disk are pip's." % (sys.prefix, ", ".join(overlaps)),
            words="Install these with conda (conda install NAME), or keep pip packages in a separate environment"))
    untracked = conda_untracked(meta, set(conda_names))
    if untracked:
        findings.append(finding(
            "conda-untracked", "info", "conda-and-pip", "%d package%s here %s not known to conda" % (
                len(untracked), "" if len(untracked) == 1 else "s", "is" if len(untracked) == 1 else "are"),
            "No conda-meta record lists them; pip (or another installer) put them in %s: %s. conda install, update "
            "and remove do not see them, and may overwrite what they depend on." % (sys.prefix, ", ".join(untracked)),
            words="Where conda has a package, install it with conda instead; keep the rest in a requirements file "
                  "and reinstall it with pip after every conda change"))
    return findings


def conda_untracked(meta, conda_names):
    """'name version (installer)' for metadata directories in this prefix that no conda-meta record lists."""
    tracked = set()
    for name in listdir(meta):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(meta, name), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        # a regex instead of json.load: records list thousands of files, only metadata folders matter here
        for path in re.findall(r'"([^"]*?site-packages[/\\]+[^"/\\]+\.(?:dist|egg)-info)[/\\"]', text):
            tracked.add(os.path.normcase(os.path.join(sys.prefix, path.replace("\\\\", os.sep))))
    found = []
    for entry in scanned_path():
        if not entry.startswith(sys.prefix) or "site-packages" not in entry:
            continue
        for name, version, directory in metadata_dirs(entry):
            if name in conda_names or os.path.normcase(directory) in tracked:
                continue
            installer = os.path.join(directory, "INSTALLER")
            tool = "unknown installer"
            if os.path.isfile(installer):
                with open(installer, encoding="utf-8", errors="replace") as handle:
                    tool = handle.read().strip() or tool
            if tool != "conda":
                found.append("%s %s (%s)" % (name, version or "", tool))
    return found


def check_pip_version():
    version = distribution_version("pip")
    if version is None:
        return [finding("pip-missing", "warning", "old-pip", "This Python has no pip",
                        "%s cannot run `-m pip`." % sys.executable, "%s -m ensurepip --upgrade" % quote(sys.executable))]
    parsed = parse_version(version)
    if parsed is not None and parsed < parse_version("20.3"):
        return [finding(
            "old-pip", "warning", "old-pip", "pip %s is too old for today's wheels" % version,
            "pip before 20.3 does not know manylinux_x_y (PEP 600) or macOS 11+ wheel tags and has no "
            "backtracking resolver, so it settles for older releases or builds from source.",
            pip_command("install --upgrade pip"))]
    return []


def check_word_size():
    machine = (os.environ.get("PROCESSOR_ARCHITEW6432") or platform.machine() or "").lower()
    if struct.calcsize("P") == 4 and machine in ("amd64", "x86_64", "aarch64", "arm64"):
        return [finding(
            "32-bit-python", "warning", "no-compatible-wheel", "This is a 32-bit Python on a 64-bit machine",
            "Most binary packages (TensorFlow, PyTorch, ...) publish 64-bit wheels only; pip finds nothing or old releases.",
            words="Install a 64-bit Python from python.org, then make a venv with it")]
    return []


def kernel_dirs():
    home = os.path.expanduser("~")
    dirs = [d for d in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if d]
    if os.environ.get("JUPYTER_DATA_DIR"):
        dirs.append(os.environ["JUPYTER_DATA_DIR"])
    elif WINDOWS:
        dirs.append(os.path.join(os.environ.get("APPDATA", home), "jupyter"))
    elif MACOS:
        dirs.append(os.path.join(home, "Library", "Jupyter"))
    else:
        dirs.append(os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share"), "jupyter"))
    dirs.append(os.path.join(sys.prefix, "share", "jupyter"))
    if WINDOWS:
        dirs.append(os.path.join(os.environ.get("PROGRAMDATA", r"C:\ProgramData"), "jupyter"))
    else:
        dirs += ["/usr/local/share/jupyter", "/usr/share/jupyter"]
    return [os.path.join(d, "kernels") for d in dirs]


def kernel_name_for_this_python():
    """`project` for /home/you/project/.venv, `work` for ~/.venvs/work: a name people recognise."""
    prefix = sys.prefix.rstrip("/\\")
    name = os.path.basename(prefix)
    if name.startswith(".") or name in ("venv", "env"):
        name = os.path.basename(os.path.dirname(prefix))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "this-python"


def check_jupyter_kernels():
    findings, kernels, mine = [], [], False
    jupyter_here = os.path.exists(os.path.join(os.path.dirname(sys.executable), "jupyter" + (".exe" if WINDOWS else "")))
    for directory in kernel_dirs():
        for name in sorted(listdir(directory)):
            spec = os.path.join(directory, name, "kernel.json")
            if not os.path.isfile(spec):
                continue
            try:
                with open(spec, encoding="utf-8") as handle:
                    argv = json.load(handle).get("argv") or [""]
            except (OSError, ValueError, AttributeError) as error:
                findings.append(finding("jupyter-kernel-unreadable", "warning", "jupyter-kernel",
                                        "Kernel spec %s cannot be read" % spec, str(error),
                                        words="Remove or fix %s" % spec))
                continue
            python = str(argv[0])
            if not os.path.isabs(python):
                mine = mine or jupyter_here  # a bare `python` runs the interpreter that runs Jupyter
                continue
            kernels.append((name, spec, python))
            if not os.path.exists(python):
                findings.append(finding(
                    "jupyter-kernel-missing-python", "warning", "jupyter-kernel",
                    "Jupyter kernel '%s' runs a Python that no longer exists" % name,
                    "%s starts %s, which is gone." % (spec, python), **kernel_for_this_python(name, directory)))
            elif environment_of(python) == environment_of(sys.executable):
                mine = True
    others = [k for k in kernels if os.path.exists(k[2]) and environment_of(k[2]) != environment_of(sys.executable)]
    if others and not mine:
        listing = "; ".join("'%s' runs %s" % (name, python) for name, _, python in others)
        findings.append(finding(
            "jupyter-kernel-other-python", "warning", "jupyter-kernel", "No Jupyter kernel runs this Python",
            "Notebooks cannot see what you install here: %s." % listing,
            **kernel_for_this_python(kernel_name_for_this_python())))
    return findings


def kernel_for_this_python(name, replaces_in=None):
    """Register this Python as kernel `name` in your user folder; that replaces a kernel of that name anywhere but
    in a JUPYTER_PATH folder, which Jupyter reads first."""
    install = (pip_command("install ipykernel"),
               "%s -m ipykernel install --user --name %s" % (quote(sys.executable), name))
    first = [d for d in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if d]
    if replaces_in and any(same_path(replaces_in, os.path.join(d, "kernels")) for d in first):
        return {"words": "Remove the old kernel first (jupyter kernelspec remove %s: it is in JUPYTER_PATH, which "
                         "Jupyter reads before your user folder), then %s" % (name, " && ".join(install))}
    return steps(*install)


# --------------------------------------------------------------------------- the package index


def proxy_for(url, pip_proxy):
    """The proxy pip uses for `url`: its HTTP library (requests) takes the environment's first
    (`https_proxy`, `http_proxy`, `all_proxy`, unless `no_proxy` names the host), then pip's `proxy` setting."""
    import urllib.request
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    environment = urllib.request.getproxies()
    chosen = environment.get(parts.scheme) or environment.get("all")
    if chosen and not urllib.request.proxy_bypass(parts.hostname or ""):
        return chosen
    return pip_proxy or None


def http_get(url, timeout, cafile, pip_proxy, accept="*/*"):
    """(body, content type) of one GET sent as pip sends it: its proxy, its certificate, credentials in the URL.
    Raises what urllib raises."""
    import gzip
    import ssl
    import urllib.request
    from base64 import b64encode

    headers = {"Accept": accept, "Accept-Encoding": "gzip", "User-Agent": "install-doctor/" + VERSION}
    credentials = re.match(r"^(\w+://)([^/@]+)@(.*)$", url)
    if credentials:
        url = credentials.group(1) + credentials.group(3)
        headers["Authorization"] = "Basic " + b64encode(credentials.group(2).encode()).decode()
    context = ssl.create_default_context(cafile=cafile) if cafile and url.startswith("https") else None
    proxy = proxy_for(url, pip_proxy)
    handlers = [urllib.request.ProxyHandler({url.split(":", 1)[0]: proxy} if proxy else {})]  # {}: no other proxy
    handlers += [urllib.request.HTTPSHandler(context=context)] if context else []
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body, response.headers.get("Content-Type", "")


def fetch_project(index_url, name, timeout, cafile, pip_proxy=None):
    """(files, error) for one project: files are dicts with filename, requires_python, yanked, url, and metadata
    (whether the index serves the file's METADATA beside it, PEP 658)."""
    import urllib.error

    url = index_url.rstrip("/") + "/" + canonical(name) + "/"
    try:
        body, content_type = http_get(url, timeout, cafile, pip_proxy, "application/vnd.pypi.simple.v1+json, "
                                      "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None, "not found on %s" % redact(index_url)
        return None, "%s answered HTTP %s" % (redact(index_url), error.code)
    except Exception as error:  # noqa: BLE001 (DNS, TLS, timeout, refused: all mean "could not ask")
        reason = getattr(error, "reason", None) or error
        return None, "could not reach %s: %s" % (redact(index_url), reason)
    text = body.decode("utf-8", "replace")
    if "json" in content_type:
        from urllib.parse import urljoin

        data = json.loads(text)
        return [{"filename": f.get("filename", ""), "requires_python": f.get("requires-python"),
                 "yanked": f.get("yanked") or False, "url": urljoin(url, f.get("url", "")),
                 "metadata": bool(f.get("core-metadata") or f.get("dist-info-metadata"))}
                for f in data.get("files", [])], None
    return parse_simple_html(text, url), None


def parse_simple_html(text, page_url=""):
    from html.parser import HTMLParser
    from urllib.parse import urljoin

    files = []

    class Anchors(HTMLParser):
        current = None

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                attributes = dict(attrs)
                yanked = attributes.get("data-yanked")
                metadata = attributes.get("data-core-metadata") or attributes.get("data-dist-info-metadata")
                self.current = {"filename": "", "requires_python": attributes.get("data-requires-python"),
                                "yanked": (yanked or True) if yanked is not None else False,
                                "url": urljoin(page_url, attributes.get("href", "")),
                                "metadata": bool(metadata) and metadata != "false"}

        def handle_data(self, data):
            if self.current is not None:
                self.current["filename"] += data

        def handle_endtag(self, tag):
            if tag == "a" and self.current is not None:
                current = self.current
                current["filename"] = current["filename"].strip() or current["url"].split("#")[0].rsplit("/", 1)[-1]
                files.append(current)
                self.current = None

    Anchors().feed(text)
    return files


def newest_requirements(name, files, tags, timeout, cafile, pip_proxy):
    """(the newest release of `name` that installs here, its Requires-Dist lines) from the METADATA the index
    serves beside a wheel of it (PEP 658); None when it serves none for that release."""
    _, _, best = analyse_files(name, files, tags)
    supported = set(tags)
    wheels = [f for f in files if f.get("metadata") and f["filename"].endswith(".whl") and not f.get("yanked")
              and (describe_file(name, f["filename"]) or (None,))[0] is not None
              and parse_version(describe_file(name, f["filename"])[0]) == best]
    wheels.sort(key=lambda f: not (describe_file(name, f["filename"])[2] & supported))  # a wheel for here first
    if best is None or not wheels:
        return None
    body, _ = http_get(wheels[0]["url"].split("#")[0] + ".metadata", timeout, cafile, pip_proxy)
    lines = body.decode("utf-8", "replace").split("\n\n", 1)[0].splitlines()  # the headers end at the first blank line
    return str(best), [line[len("Requires-Dist:"):].strip() for line in lines if line.startswith("Requires-Dist:")]


def pinner_releases(dists, fetched, timeout, cafile, pip_proxy, tags):
    """{dist: newest_requirements(...) or None} for the packages that pin a named one (their index pages fetched
    with the named ones), their metadata asked all at once."""
    from concurrent.futures import ThreadPoolExecutor

    asked = [d for d in dists if fetched.get(d, (None, None))[0]]
    if not asked:
        return {}

    def newest(dist):
        try:
            return newest_requirements(dist, fetched[dist][0], tags, timeout, cafile, pip_proxy)
        except Exception:  # noqa: BLE001 (no answer about the metadata: the fix says both ways)
            return None

    with ThreadPoolExecutor(max_workers=min(8, len(asked) or 1)) as pool:
        return dict(zip(asked, pool.map(newest, asked)))


SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tar")


def describe_file(project, filename):
    """(version text, kind, tags) for a wheel or sdist file name, or None for other files."""
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        if len(parts) not in (5, 6):
            return None
        pys, abis, plats = parts[-3].split("."), parts[-2].split("."), parts[-1].split(".")
        return parts[1], "wheel", {"%s-%s-%s" % (p, a, pl) for p in pys for a in abis for pl in plats}
    for suffix in SDIST_SUFFIXES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            head = stem[: len(project)]
            if canonical(head) == canonical(project) and stem[len(project): len(project) + 1] == "-":
                return stem[len(project) + 1:], "sdist", set()
            return (stem.rsplit("-", 1) + [""])[1], "sdist", set()
    return None


def python_needed(spec_text):
    """The oldest CPython 3.x minor that satisfies a Requires-Python, as text (e.g. '3.10')."""
    spec = parse_specifier(spec_text)
    for minor in range(6, 20):
        if spec_allows(spec, parse_version("3.%d.0" % minor)) or spec_allows(spec, parse_version("3.%d.99" % minor)):
            return "3.%d" % minor
    return None


def analyse_files(project, files, tags, take_yanked=False, python_version=None):
    """Newest on the index, newest this interpreter (or the one with these tags and version) can install, and why
    the newer ones are out. take_yanked: judge yanked files like the others, as pip does for a pin with ==."""
    here = parse_version(python_version or platform.python_version())
    supported = set(tags)
    versions = {}
    for entry in files:
        described = describe_file(project, entry["filename"])
        if not described:
            continue
        version = parse_version(described[0])
        if version is None:
            continue
        info = versions.setdefault(version, {"files": 0, "yanked": 0, "python": None, "wheel_tags": set(),
                                              "installable": False, "reasons": set()})
        info["files"] += 1
        if entry.get("yanked"):
            info["yanked"] += 1
            info["reasons"].add("yanked")
            if isinstance(entry["yanked"], str):
                info["yanked_reason"] = entry["yanked"]
            if not take_yanked:
                continue
        if entry.get("requires_python") and not spec_allows(parse_specifier(entry["requires_python"]), here):
            info["python"] = entry["requires_python"]
            info["reasons"].add("requires-python")
            continue
        if described[1] == "wheel":
            info["wheel_tags"] |= described[2]
            if described[2] & supported:
                info["installable"] = True
            else:
                info["reasons"].add("no-compatible-wheel")
        else:
            info["installable"] = True  # an sdist: pip would try to build it
    ordered = sorted(versions, reverse=True)
    finals = [v for v in ordered if not v.is_prerelease]
    not_yanked = [v for v in ordered if versions[v]["yanked"] < versions[v]["files"]]
    newest = next((v for v in finals if v in not_yanked), None) or next(iter(not_yanked), None)
    installable = [v for v in ordered if versions[v]["installable"]]
    best = next((v for v in installable if not v.is_prerelease), None) or next(iter(installable), None)
    return versions, newest, best


def package_report(name, installed, files, error, tags, constraints, pins, pinners=None):
    report = {"installed": installed, "newest_on_index": None, "newest_installable_here": None,
              "why_not_newest": [], "findings": []}
    findings = report["findings"]
    caps = [c for c in constraints if c[3][0] == name]
    for path, number, line, parsed in caps:
        findings.append(finding(
            "pip-constraint", "warning", "constraints-and-config", "A pip constraints file caps %s" % name,
            "%s:%d: %s  (pip applies it to every install)" % (path, number, line),
            words="Remove line %d of %s (or override the setting in your user config); to ignore it for one install: %s"
            % (number, path, without_pip_config("install --upgrade " + name))))
    if error is not None or files is None:  # files None and no error: not asked (--offline, no-index)
        if error and error.startswith("not found"):
            findings.append(finding("not-on-index", "warning", "constraints-and-config", "%s is not on the index" % name,
                                    "%s %s." % (name, error),
                                    words="Check the spelling, or which index pip uses: %s"
                                    % pip_command("config debug")))
        elif error:
            findings.append(finding("index-unreachable", "warning", "constraints-and-config",
                                    "Could not ask the index about %s" % name, error + ".",
                                    words="Check the network or proxy, or run with --offline"))
        return _add_pins(report, name, installed, None, pins, pinners)
    versions, newest, best = analyse_files(name, files, tags)
    if newest is None:
        findings.append(finding("no-files", "warning", "no-compatible-wheel", "The index lists no usable files for %s" % name,
                                "Every file is yanked or not a wheel/sdist."))
        return report
    allowed = [v for v in sorted(versions, reverse=True) if versions[v]["installable"]
               and all(spec_allows(c[3][1], v) for c in caps)]
    pick = next((v for v in allowed if not v.is_prerelease), None) or next(iter(allowed), None)
    report["newest_on_index"] = str(newest)
    report["newest_installable_here"] = str(pick) if pick is not None else None
    for version in sorted(versions, reverse=True):
        if pick is not None and not pick < version:
            break
        info = versions[version]
        if version.is_prerelease and not newest.is_prerelease:
            continue
        why = _why(name, version, info, caps)
        if why:
            report["why_not_newest"].append(why)
        if len(report["why_not_newest"]) >= 5:
            break
    have = parse_version(installed) if installed else None
    newer_pre = [v for v in sorted(versions, reverse=True) if v.is_prerelease and versions[v]["installable"]
                 and (pick is None or pick < v) and not pick.is_prerelease
                 and (have is None or have < v)] if pick is not None else []
    if newer_pre:
        findings.append(finding("prerelease-available", "info", "prereleases-and-yanked",
                                "A pre-release of %s is newer: %s" % (name, newer_pre[0]),
                                "pip skips pre-releases unless asked; the newest final release here is %s." % pick,
                                pip_command("install --upgrade --pre " + name)))
    for version in sorted(versions, reverse=True):
        info = versions[version]
        if pick is not None and pick < version and info["yanked"] and info["yanked"] == info["files"]:
            findings.append(finding("yanked-release", "info", "prereleases-and-yanked",
                                    "%s %s is yanked" % (name, version),
                                    "pip skips it unless pinned with ==%s. Reason given: %s"
                                    % (version, info.get("yanked_reason") or "none")))
    if best is not None and newest.is_prerelease is False and best.is_prerelease and (have is None or have < best):
        findings.append(finding("only-prerelease", "info", "prereleases-and-yanked",
                                "Only a pre-release of %s fits this Python" % name,
                                "pip takes pre-release %s here because no final release installs." % best,
                                pip_command("install %s==%s" % (name, best))))
    cause = _why(name, newest, versions[newest], caps) if pick is not None and pick < newest else None
    if cause and cause["reason"] != "constraint":  # a constraint already has its own finding, with file and line
        findings.append(_cause_finding(name, newest, versions[newest], pick, caps, tags))
    elif have is not None and pick is not None and have < pick:
        findings.append(finding("upgrade-available", "info", "same-version-again",
                                "%s %s can be upgraded to %s here" % (name, installed, pick),
                                "Nothing on this machine holds it back.", pip_command("install --upgrade " + name)))
    if pick is None:
        findings.append(_cause_finding(name, newest, versions[newest], None, caps, tags))
    return _add_pins(report, name, installed, pick, pins, pinners, allowed)


def _why(name, version, info, caps):
    if info["installable"]:
        blocking = [c for c in caps if not spec_allows(c[3][1], version)]
        if blocking:
            path, number, line, _ = blocking[0]
            return {"version": str(version), "reason": "constraint", "guide_slug": "constraints-and-config",
                    "detail": "excluded by %s:%d: %s" % (path, number, line)}
        return None
    if "requires-python" in info["reasons"] and info["python"]:
        return {"version": str(version), "reason": "requires-python", "guide_slug": "requires-python",
                "detail": "requires Python %s (this is %s)" % (info["python"], platform.python_version())}
    if "no-compatible-wheel" in info["reasons"]:
        platforms = sorted({t.split("-")[-1] for t in info["wheel_tags"]})
        pythons = sorted({t.split("-")[0] for t in info["wheel_tags"]})
        return {"version": str(version), "reason": "no-compatible-wheel", "guide_slug": "no-compatible-wheel",
                "detail": "no wheel for this Python/platform and no sdist (wheels for %s on %s)"
                % (", ".join(pythons[:6]), ", ".join(platforms[:6]))}
    if "yanked" in info["reasons"]:
        return {"version": str(version), "reason": "yanked", "guide_slug": "prereleases-and-yanked",
                "detail": "yanked (PEP 592): pip skips it unless pinned with =="}
    return None


def cpythons_with_wheels(wheel_tags, tags):
    """['3.8', '3.9'] : the CPython 3 versions with a wheel for this machine's platforms."""
    here = set(t.rsplit("-", 1)[-1] for t in tags)
    minors = sorted({int(t[3:].split("-")[0]) for t in wheel_tags
                     if re.match(r"^cp3\d+-", t) and t.rsplit("-", 1)[-1] in here})
    return ["3.%d" % m for m in minors]


def newer_cpython_with_wheels(wheel_tags, tags):
    """'3.11' when the only thing between this machine and a wheel is the CPython version, else None."""
    newer = [v for v in cpythons_with_wheels(wheel_tags, tags) if int(v[2:]) > sys.version_info[1]]
    return newer[0] if newer else None


def _cause_finding(name, newest, info, pick, caps, tags):
    here = "on this Python %s" % ".".join(platform.python_version_tuple()[:2])
    then = ("the newest is %s" % pick) if pick is not None else "nothing installs"
    why = _why(name, newest, info, caps) or {"reason": "unknown", "detail": ""}
    if why["reason"] == "requires-python":
        need = python_needed(info["python"])
        return finding(
            "requires-python", "warning", "requires-python", "The newest %s needs a newer Python" % name,
            "%s %s needs Python %s; %s %s." % (name, newest, info["python"], here, then),
            words="Install Python %s or newer, make a venv with it (%s -m venv .venv), then %s"
            % (need or "?", new_python_command(need), pip_command("install --upgrade " + name, venv_python(".venv"))))
    if why["reason"] == "no-compatible-wheel":
        need = newer_cpython_with_wheels(info["wheel_tags"], tags)
        fix = ("Install Python %s or newer (it has wheels for this platform), make a venv with it, then %s"
               % (need, pip_command("install --upgrade " + name, venv_python(".venv"))) if need else
               "Use a Python, OS and CPU it ships wheels for (listed above), or a release that has yours")
        return finding(
            "no-compatible-wheel", "warning", "no-compatible-wheel", "%s %s has no wheel for this machine" % (name, newest),
            "%s %s: %s; %s." % (name, newest, why["detail"], then), words=fix)
    if why["reason"] == "constraint":
        return finding("pip-constraint-caps", "warning", "constraints-and-config",
                       "A constraint holds %s below %s" % (name, newest), "%s; %s." % (why["detail"], then),
                       words="Remove that constraint; %s shows which file sets it" % pip_command("config debug"))
    if why["reason"] == "yanked":
        return finding("yanked", "info", "prereleases-and-yanked", "%s %s is yanked" % (name, newest), why["detail"])
    return finding("older-than-newest", "info", "same-version-again", "%s %s is not what pip picks here" % (name, newest),
                   then)


def _add_pins(report, name, installed, pick, pins, pinners=None, installable=()):
    """pinners: {pinning distribution: (its newest release that installs here, that release's Requires-Dist), or
    None when the index did not say}; installable: the releases of `name` pip can install here, newest first."""
    for dist, version, line, spec in pins.get(name, []):
        binding = (pick is not None and not spec_allows(spec, pick)) or (pick is None and has_upper_bound(spec))
        if not binding:
            continue
        report["findings"] = [f for f in report["findings"] if f["id"] != "upgrade-available"]  # it is held back
        report["why_not_newest"].append({"version": str(pick) if pick else None, "reason": "dependency-pin",
                                         "guide_slug": "dependency-pins",
                                         "detail": "%s %s requires %s" % (dist, version or "", line)})
        report["findings"].append(finding(
            "dependency-pin", "warning", "dependency-pins", "%s %s pins %s" % (dist, version or "", name),
            "%s %s requires %s; upgrading %s%s breaks it, and installing them together holds %s back."
            % (dist, version or "", line, name, (" to %s" % pick) if pick else "", name),
            **pin_fix(name, pick, dist, spec, (pinners or {}).get(dist), installable)))
    return report


def pin_fix(name, pick, dist, spec, newest, installable):
    """Upgrade both together only when the newest release of the pinning package allows `name` `pick`; when it
    does not, say so, and what works; when the index did not say (offline, or no PEP 658 metadata), both."""
    both = pip_command("install --upgrade %s %s" % (name, dist))
    others = "uninstall %s (%s) or replace it, or give it a venv of its own" % (dist, pip_command("uninstall " + dist))
    if newest is None or pick is None:
        return {"words": "If a newer %s allows %s%s, upgrade both together: %s. If none does yet, keep %s as it is, "
                         "or %s" % (dist, name, " %s" % pick if pick else "", both, name, others)}
    release, requires = newest
    wanted = [(text, parsed[1]) for text, parsed in ((t, parse_requirement(t)) for t in requires)
              if parsed and parsed[0] == name and marker_applies(parsed[2])]
    if not wanted or spec_allows(wanted[0][1], pick):
        return {"fix": both}
    text, newer_spec = wanted[0]
    words = "No release of %s allows %s %s yet (the newest, %s, requires %s): keep %s as it is, or %s" % (
        dist, name, pick, release, text, name, others)
    now = next((v for v in installable if spec_allows(spec, v)), None)
    then = next((v for v in installable if spec_allows(newer_spec, v)), None)
    if then is not None and (now is None or now < then):
        words += ". Upgrading both together gets %s %s: %s" % (name, then, both)
    return {"words": words}


def wanted_versions(spec, versions):
    """The releases a requirement asks for, newest first; pre-releases only when it names one or nothing else fits."""
    ordered = sorted(versions, reverse=True)
    finals = [v for v in ordered if not v.is_prerelease and spec_allows(spec, v)]
    names_pre = any(parse_version(str(v)) is not None and parse_version(str(v)).is_prerelease
                    for _, v in spec_operators(spec))
    return [v for v in ordered if spec_allows(spec, v)] if names_pre or not finals else finals


def nearest(target, candidates, ordered):
    """The candidate closest to target in release order (ties go to the newer one)."""
    if not candidates:
        return None
    rank = {v: i for i, v in enumerate(ordered)}
    return min(candidates, key=lambda v: (abs(rank[v] - rank[target]), rank[v]))


def requirement_report(name, text, spec, installed, files, error, tags, caps, pins, pinners=None):
    """Can pip satisfy `text` here; if not, why (for the newest release it asks for) and the nearest that fits."""
    have = parse_version(installed) if installed else None
    satisfied = have is not None and spec_allows(spec, have)
    offline = files is None and error is None
    report = package_report(name, installed, files, error, tags, caps, {} if offline and satisfied else pins, pinners)
    report.update({"requirement": text, "satisfiable": None, "would_install": None, "nearest_fit": None,
                   "why_not": [], "installed_satisfies": satisfied})
    if files is None or error is not None:
        return report
    versions, _, _ = analyse_files(name, files, tags, take_yanked=is_pinned_exactly(spec))
    ordered = sorted(versions, reverse=True)
    fits = [v for v in ordered if versions[v]["installable"] and all(spec_allows(c[3][1], v) for c in caps)]
    wanted = wanted_versions(spec, versions)
    ok = [v for v in wanted if v in fits]
    # what pip does for the name alone no longer matters: keep what bears on this requirement
    report["findings"] = [f for f in report["findings"] if f["id"] in ("no-files",)]
    report["why_not_newest"] = []
    if ok:
        report.update({"satisfiable": True, "would_install": str(ok[0])})
        return _add_pins(report, name, installed, ok[0], pins, pinners, fits)
    closest = nearest(wanted[0], fits, ordered) if wanted else next(iter(fits), None)
    report.update({"satisfiable": False, "nearest_fit": str(closest) if closest is not None else None})
    why = _why(name, wanted[0], versions[wanted[0]], caps) if wanted else None
    why = why or {"version": None, "reason": "no-matching-release", "guide_slug": "same-version-again",
                  "detail": "no release on the index matches %s (newest there: %s)"
                  % (str(spec), ordered[0] if ordered else "none")}
    report["why_not"].append(why)
    detail = "%s%s." % ("%s %s: " % (name, wanted[0]) if wanted else "", why["detail"])
    if why["reason"] == "no-compatible-wheel":
        pythons = cpythons_with_wheels(versions[wanted[0]]["wheel_tags"], tags)
        detail += " Pythons with a wheel for this platform: %s." % (", ".join(pythons) if pythons else "none")
    detail += (" The nearest release that installs here is %s." % closest) if closest is not None else \
        " No release installs here."
    if why["reason"] == "constraint":
        words = "Remove the constraint, or for one command: %s" % without_pip_config('install "%s"' % text)
    elif closest is not None:
        words = "Ask for a release that installs here, %s%s" % (
            pip_command('install "%s==%s"' % (name, closest)),
            ", or use a Python that has a wheel for it" if why["reason"] in ("no-compatible-wheel", "requires-python")
            else "")
    else:
        words = ""
    report["findings"].append(finding("requirement-not-installable", "warning", why["guide_slug"],
                                      "pip cannot install %s here" % text, detail, words=words))
    return report


# --------------------------------------------------------------------------- other Pythons on this machine

_PYTHON_NAME = re.compile(r"^python(3(\.\d+)?)?(\.exe)?$", re.IGNORECASE)
# Runs in every interpreter found, down to 2.7: prints facts, imports nothing outside the stdlib, writes nothing.
# Only `sys` and `os` (already loaded at startup): a probe costs what starting the interpreter costs.
_PROBE = ("import os, sys; print([sys.implementation.name if hasattr(sys, 'implementation') else 'cpython', "
          "'%d.%d.%d' % sys.version_info[:3], sys.platform, os.uname()[4] if hasattr(os, 'uname') else '', "
          "'t' in getattr(sys, 'abiflags', ''), sys.maxsize > 2 ** 32])")


def machine_key(facts):
    """(OS, CPU, word size): what decides the platform part of the wheel tags an interpreter accepts."""
    return facts[2], facts[3].lower(), facts[5]


def own_facts():
    return ["cpython", platform.python_version(), sys.platform, os.uname()[4] if hasattr(os, "uname") else "",
            "t" in getattr(sys, "abiflags", ""), sys.maxsize > 2 ** 32]


def _pythons_in(directory, names=None):
    return [os.path.join(directory, n) for n in sorted(listdir(directory), key=len, reverse=True)
            if _PYTHON_NAME.match(n) and (names is None or n in names)]


def interpreter_candidates():
    """Executables that may be Pythons: PATH, pyenv, conda envs, uv, Homebrew, python.org, /usr/bin, py -0p."""
    home = os.path.expanduser("~")
    found = []
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if directory and "shims" not in directory.replace("\\", "/").split("/"):  # a shim runs whichever is selected
            found += _pythons_in(directory)
    pyenv = os.environ.get("PYENV_ROOT") or os.path.join(home, ".pyenv")
    uv = os.environ.get("UV_PYTHON_INSTALL_DIR") or (
        os.path.join(os.environ.get("APPDATA", home), "uv", "python") if WINDOWS
        else os.path.join(home, ".local", "share", "uv", "python"))
    homes = [os.path.join(pyenv, "versions", v) for v in listdir(os.path.join(pyenv, "versions"))]
    homes += [os.path.join(uv, v) for v in listdir(uv)]
    conda_roots = [os.environ.get("CONDA_PREFIX", "")] + [os.path.join(home, d) for d in
                                                          ("miniconda3", "anaconda3", "miniforge3", "mambaforge")]
    try:
        with open(os.path.join(home, ".conda", "environments.txt"), encoding="utf-8") as handle:
            conda_roots += [line.strip() for line in handle]
    except OSError:
        pass
    for root in filter(None, conda_roots):
        homes += [root] + [os.path.join(root, "envs", e) for e in listdir(os.path.join(root, "envs"))]
    homes += ["/Library/Frameworks/Python.framework/Versions/" + v
              for v in listdir("/Library/Frameworks/Python.framework/Versions")]
    homes += ["/opt/homebrew/opt/" + v for v in listdir("/opt/homebrew/opt") if v.startswith("python@")]
    for prefix in homes:
        found += _pythons_in(prefix, ("python.exe",)) + _pythons_in(os.path.join(prefix, "bin"))
    for directory in ("/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"):
        found += _pythons_in(directory)
    if WINDOWS and first_on_path("py"):
        _LAUNCHER.update(os.path.normcase(p) for _, p in windows_launcher_pythons())
        found += sorted(_LAUNCHER)
    return found


_LAUNCHER = set()  # Pythons the Windows launcher knows: `py -3.12` starts them


def windows_launcher_pythons():
    """[(version, path)] from `py -0p` (the Windows launcher's list of installed Pythons)."""
    return [(version, path) for version, path, _ in py_launcher_list()]


def py_launcher_list():
    """[(version, path, default)] from `py -0p`, or [] without the launcher."""
    import subprocess

    if not first_on_path("py"):
        return []
    try:
        listing = subprocess.run(["py", "-0p"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_py_list(listing)


def probe_interpreter(executable, timeout):
    """[implementation, version, sys.platform, CPU, free-threaded, 64-bit] of one interpreter, or None.
    -I -S -B: no environment variables, no site-packages, no user site, no bytecode written."""
    import ast
    import subprocess

    try:
        done = subprocess.run([executable, "-I", "-S", "-B", "-c", _PROBE], capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        facts = ast.literal_eval(done.stdout.strip()) if done.returncode == 0 else None
        return facts if isinstance(facts, list) and len(facts) == 6 else None
    except (OSError, ValueError, SyntaxError, subprocess.SubprocessError):
        return None


def tags_for(facts, own_tags):
    """The wheel tags a probed CPython accepts: its version's interpreter/ABI tags on this machine's platform tags
    (taken from this interpreter when both run on the same platform, which is what decides them)."""
    implementation, version, os_name, cpu, free_threaded, _ = facts
    major, minor = (int(p) for p in version.split(".")[:2])
    platforms = []
    for tag in own_tags:
        tail = tag.rsplit("-", 1)[-1]
        if tail not in platforms and tail != "any":
            platforms.append(tail)
    if machine_key(facts) != machine_key(own_facts()):
        platforms = ["%s_%s" % (os_name.rstrip("0123456789"), cpu.lower())]  # rare: e.g. a 32-bit Python here
    cpython = implementation == "cpython"
    py = ("cp%d%d" if cpython else "py%d%d") % (major, minor)
    abis = [py + ("t" if free_threaded else "")] + (["abi3"] if cpython and not free_threaded else [])
    tags = ["%s-%s-%s" % (py, abi, p) for abi in abis + ["none"] for p in platforms]
    tags += ["cp3%d-abi3-%s" % (m, p) for m in range(minor - 1, 1, -1) for p in platforms
             if cpython and not free_threaded]
    tags += ["py%d%d-none-%s" % (major, m, p) for m in range(minor, -1, -1) for p in platforms]
    tags += ["py%d%d-none-any" % (major, m) for m in range(minor, -1, -1)] + ["py%d-none-any" % major]
    return tags


def survey_pythons(own_tags, timeout=5.0):
    """[{executable, version, tags}] for every distinct Python 3.8+ on this machine, this one included."""
    from concurrent.futures import ThreadPoolExecutor

    seen, unique = set(), []
    for path in interpreter_candidates():
        real = os.path.realpath(path)
        if real not in seen and os.path.isfile(real) and os.access(real, os.X_OK):
            seen.add(real)
            unique.append(path)
    if not unique:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(unique))) as pool:
        facts = list(pool.map(lambda path: probe_interpreter(path, timeout), unique))
    pythons = []
    for path, fact in zip(unique, facts):
        if not fact or parse_version(fact[1]) is None or parse_version(fact[1]) < parse_version("3.8"):
            continue
        pythons.append({"executable": path, "version": fact[1], "bits": 64 if fact[5] else 32,
                        "this": same_path(path, sys.executable), "tags": tags_for(fact, own_tags)})
    return pythons


def starts(python):
    """How to start a surveyed Python: `py -3.12` for what the Windows launcher knows, its path otherwise."""
    if WINDOWS and os.path.normcase(python["executable"]) in _LAUNCHER:
        return "py -%s" % ".".join(python["version"].split(".")[:2])
    return quote(python["executable"])


def venv_command(python):
    """The exact command that makes .venv with this Python."""
    return make_venv_command(starts(python), python["version"])


def best_python_for(name, files, pythons, caps):
    """[{executable, version, newest_installable}] and the Python that gets the newest release (newest Python wins
    a tie, this one when it is among the best), or None when no Python here gets anything."""
    rows = []
    for python in pythons:
        versions, _, _ = analyse_files(name, files, python["tags"], python_version=python["version"])
        fits = [v for v in sorted(versions, reverse=True) if versions[v]["installable"]
                and all(spec_allows(c[3][1], v) for c in caps)]
        pick = next((v for v in fits if not v.is_prerelease), None) or next(iter(fits), None)
        rows.append((pick, python))
    ranked = [r for r in rows if r[0] is not None]
    if not ranked:
        return [], None
    top = max((r[0] for r in ranked), key=lambda v: (not v.is_prerelease, v))  # a final release beats any pre-release
    winners = [p for v, p in ranked if v == top]
    best = next((p for p in winners if p["this"]), None) or max(winners, key=lambda p: parse_version(p["version"]))
    listing = [{"executable": p["executable"], "version": p["version"], "this": p["this"],
                "newest_installable": str(v) if v is not None else None}
               for v, p in sorted(rows, key=lambda r: parse_version(r[1]["version"]), reverse=True)]
    return listing, dict(best, newest_installable=str(top), venv_command=venv_command(best))


def add_survey(name, report, files, pythons, caps):
    """Name the Python on this machine that would get the newest release, with the command for a venv with it."""
    listing, best = best_python_for(name, files, pythons, caps)
    report["pythons_here"] = listing
    if best is None:
        return report
    report["best_python_here"] = {k: best[k] for k in ("executable", "version", "newest_installable", "venv_command")}
    here, there = parse_version(report.get("newest_installable_here") or ""), parse_version(best["newest_installable"])
    if best["this"] or (here is not None and (here.is_prerelease, here) >= (there.is_prerelease, there)):
        return report
    fix = new_venv_steps(starts(best), best["version"], pip_command("install --upgrade " + name, "python"))
    causes = [f for f in report["findings"] if f["id"] in ("requires-python", "no-compatible-wheel")]
    for cause in causes:  # the concrete fix: a Python that is already here
        cause.update(_as_fields(fix))
    if not causes:
        report["findings"].append(finding(
            "newer-on-another-python", "info", "requires-python",
            "Python %s on this machine gets %s %s" % (best["version"], name, best["newest_installable"]),
            "%s would install %s %s; this Python gets %s." % (
                best["executable"], name, best["newest_installable"], report.get("newest_installable_here") or "nothing"),
            **fix))
    return report


# --------------------------------------------------------------------------- installed distributions, read once


def installed_distributions(path_entries):
    """{canonical name: (version, metadata directory)} for the first copy of each on sys.path, as imports see them."""
    found = {}
    for entry in path_entries:
        for name, version, directory in metadata_dirs(entry):
            if name not in found:
                found[name] = (version or metadata_version(directory), directory)
    return found


def metadata_version(directory):
    """The Version: header of a metadata directory (an .egg-info name often has no version in it)."""
    path = metadata_file(directory)
    if not path:
        return None
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("Version:"):
                return line[len("Version:"):].strip()
            if not line.strip():
                break
    return None


def recorded_files(directory):
    """{path relative to site-packages: 'sha256=...'} from a .dist-info RECORD; {} without one."""
    import csv

    try:
        with open(os.path.join(directory, "RECORD"), encoding="utf-8", errors="replace", newline="") as handle:
            return {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}
    except OSError:
        return {}


def file_hash(path):
    """A file's hash as RECORD writes it."""
    import hashlib
    from base64 import urlsafe_b64encode

    with open(path, "rb") as handle:
        return "sha256=" + urlsafe_b64encode(hashlib.sha256(handle.read()).digest()).decode().rstrip("=")


def installed_requirements(directory):
    """[(canonical name, specifier)] of what an installed distribution requires here (markers evaluated)."""
    requirements = []
    for line in requirements_of(directory):
        parsed = parse_requirement(line)
        if parsed and marker_applies(parsed[2]):
            requirements.append(parsed[:2])
    return requirements


# --------------------------------------------------------------------------- renamed packages (TensorFlow's other names)

# The last release of each discontinued name, as the renamed-packages guide shows it from PyPI (its live steps);
# None: still released. Every one of these names installs the same tensorflow/ folder as `tensorflow`.
TENSORFLOW_OTHER_NAMES = {"tensorflow-gpu": "2.12.0", "tensorflow-intel": "2.18.0", "tensorflow-macos": "2.16.2",
                          "tensorflow-cpu": None}
_LAST_RELEASE_NOTE = {
    "tensorflow-gpu": "its last release, 2.12.0, is a source archive whose build stops with 'Please install "
                      "\"tensorflow\" instead' (the two have been the same package since TensorFlow 2.1)",
    "tensorflow-intel": "its last release for Windows is 2.18.0; later TensorFlow for Windows is `tensorflow` itself",
    "tensorflow-macos": "its last release is 2.16.2; TensorFlow for Macs is `tensorflow` itself",
}
_TENSORFLOW_INIT = "tensorflow/__init__.py"


def tensorflow_folder_writer(names, dists):
    """Which of these installed names wrote the tensorflow/__init__.py on disk (by its RECORD hash), or None."""
    site_dir = os.path.dirname(dists[names[0]][1])
    try:
        on_disk = file_hash(os.path.join(site_dir, _TENSORFLOW_INIT))
    except OSError:
        return None
    matching = [n for n in names if recorded_files(dists[n][1]).get(_TENSORFLOW_INIT) == on_disk]
    return matching[0] if len(matching) == 1 else None


def renamed_fix(names):
    """The guide's verified fix: uninstall every name that writes tensorflow/, then install tensorflow alone."""
    return steps(pip_command("uninstall --yes " + " ".join(names)), pip_command("install tensorflow"))


def check_renamed_packages(path_entries):
    dists = installed_distributions(path_entries)
    others = [n for n in TENSORFLOW_OTHER_NAMES if n in dists]
    if not others:
        return []
    tensorflow = dists.get("tensorflow")
    # tensorflow for Windows up to 2.18 is an empty package that requires tensorflow-intel: that pair is one install
    required = {n for n, _ in installed_requirements(tensorflow[1])} if tensorflow else set()
    installed = others + (["tensorflow"] if tensorflow else [])
    writers = [n for n in installed if _TENSORFLOW_INIT in recorded_files(dists[n][1])]
    listing = ", ".join("%s %s" % (n, dists[n][0]) for n in installed)
    findings = []
    if len(writers) >= 2:
        loaded = tensorflow_folder_writer(writers, dists)
        findings.append(finding(
            "renamed-package-beside-tensorflow", "warning", "renamed-packages",
            "%s write the same tensorflow/ folder" % " and ".join("%s %s" % (n, dists[n][0]) for n in writers),
            "pip treats them as different projects, so upgrading one leaves the other's files in place; "
            "the name installed last decides what `import tensorflow` loads%s." % (
                ": here %s's %s" % (loaded, dists[loaded][0]) if loaded else ""),
            **renamed_fix(installed)))
    for name in others:
        if name in writers and len(writers) >= 2 or not TENSORFLOW_OTHER_NAMES[name] or name in required:
            continue
        findings.append(finding(
            "renamed-package-discontinued", "warning", "renamed-packages",
            "%s %s is installed: that name is no longer released" % (name, dists[name][0]),
            "pip install --upgrade %s never gets past %s: %s. Installed here: %s."
            % (name, TENSORFLOW_OTHER_NAMES[name], _LAST_RELEASE_NOTE[name], listing),
            **renamed_fix(installed)))
    return findings


# --------------------------------------------------------------------------- stale eggs and editable installs


def site_directories():
    """The folders whose .pth files Python reads at startup: site-packages and, when on, the user site."""
    folders = list(getattr(site, "getsitepackages", lambda: [])())
    folders += [sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    unique = []
    for folder in folders:
        if folder and os.path.isdir(folder) and not any(same_path(folder, u) for u in unique):
            unique.append(folder)
    return unique


def _text_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def linked_folders(site_dir):
    """{folder: [files that put it on sys.path]} from the .pth and .egg-link files of one site directory."""
    linked = {}
    for name in sorted(listdir(site_dir)):
        path = os.path.join(site_dir, name)
        if name.endswith(".pth"):
            entries = [l.strip() for l in _text_lines(path)
                       if l.strip() and not l.startswith("#") and not re.match(r"^import[ \t]", l)]
        elif name.endswith(".egg-link"):
            entries = _text_lines(path)[:1]
        else:
            continue
        for entry in entries:
            folder = os.path.normpath(os.path.join(site_dir, entry))
            if os.path.isdir(folder):
                linked.setdefault(folder, []).append(path)
    return linked


def editable_finder_modules(site_dir):
    """[(module, the path it maps to, [finder and the .pth that installs it])] from setuptools' editable finders
    (`__editable___NAME_finder.py`: a MAPPING of top-level name to source path, on sys.meta_path after sys.path)."""
    import ast

    found = []
    for name in sorted(listdir(site_dir)):
        if not (name.startswith("__editable__") and name.endswith("_finder.py")):
            continue
        path = os.path.join(site_dir, name)
        match = re.search(r"^MAPPING\s*(?::[^=\n]*)?=\s*(\{.*?\})\s*$", "\n".join(_text_lines(path)), re.M | re.S)
        try:
            mapping = ast.literal_eval(match.group(1)) if match else {}
        except (ValueError, SyntaxError):
            continue
        module = name[: -len(".py")]
        files = [path] + [os.path.join(site_dir, p) for p in sorted(listdir(site_dir)) if p.endswith(".pth")
                          and any(module in l for l in _text_lines(os.path.join(site_dir, p)))]
        found += [(m, os.path.normpath(p), files) for m, p in sorted(mapping.items())
                  if isinstance(m, str) and isinstance(p, str) and os.path.exists(p)]
    return found


def linked_modules(site_dir):
    """[(module, its package or file, the folder on sys.path or None for a finder, [files that link it])]."""
    found = []
    for folder, files in sorted(linked_folders(site_dir).items()):
        found += [(m, location, folder, files) for m, location in sorted(module_names(folder).items())]
    found += [(m, location, None, files) for m, location, files in editable_finder_modules(site_dir)]
    return found


_VERSION_LINE = re.compile(r"""^__version__\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]""", re.M)


def code_version(location):
    """The `__version__ = "X"` a module or package states in its source (read, never imported), or None."""
    for candidate in (os.path.join(location, "__init__.py"), os.path.join(location, "_version.py"),
                      os.path.join(location, "version.py"), location):
        if os.path.isfile(candidate) and candidate.endswith(".py"):
            match = _VERSION_LINE.search("\n".join(_text_lines(candidate)))
            if match:
                return match.group(1)
    return None


def editable_by_pip(directory, folder):
    """Does pip itself know this install as editable (an .egg-info inside the folder, or direct_url.json)?"""
    if os.path.realpath(directory).startswith(os.path.realpath(folder) + os.sep):
        return True
    try:
        with open(os.path.join(directory, "direct_url.json"), encoding="utf-8") as handle:
            return bool(json.load(handle).get("dir_info", {}).get("editable"))
    except (OSError, ValueError, AttributeError):
        return False


def stale_folder_fix(folder, files, dist, editable):
    """Uninstall with pip when pip knows the install; otherwise remove what links the folder, as the guide does.
    A dict of finding() keywords: one command (fix), or words where a file must be edited by hand."""
    if editable:
        return steps(pip_command("uninstall --yes " + dist), pip_command("install " + dist))
    pths = [f for f in files if f.endswith(".pth")]
    shared = [f for f in pths if any(l.strip() and not l.startswith(("#", "import")) and
                                     not same_path(os.path.join(os.path.dirname(f), l.strip()), folder)
                                     for l in _text_lines(f))]
    if shared:
        return {"words": "Delete the line %s from %s (keep its other lines)%s" % (
            folder, " and ".join(shared), "".join(", and delete " + f for f in files if f not in shared))}
    if WINDOWS:
        return {"fix": "del " + " ".join(quote(f) for f in files)}
    return {"fix": "rm " + " ".join(quote(f) for f in files)}


def check_stale_egg_and_editable(path_entries):
    dists = installed_distributions(path_entries)
    findings = []
    for site_dir in site_directories():
        for module, location, folder, files in linked_modules(site_dir):
            dist = canonical(module)
            if dist not in dists:
                continue  # no installed metadata to compare with
            code, (recorded, directory) = code_version(location), dists[dist]
            if not code or not recorded or parse_version(code) == parse_version(recorded):
                continue
            winner = next((e for e in path_entries if provides(e, module)), None)
            if winner is not None and (folder is None or not same_path(winner, folder)):
                continue  # another folder's copy is what `import` loads
            source = folder or location
            editable = editable_by_pip(directory, source)
            how = ("%s put%s %s on sys.path, and no folder before it has %s"
                   % (" and ".join(files), "" if len(files) > 1 else "s", folder, module)) if folder else \
                ("setuptools' editable finder %s (started by %s) maps %s to %s"
                 % (files[0], " and ".join(files[1:]) or "nothing", module, location))
            findings.append(finding(
                "stale-egg-or-editable", "warning", "stale-egg-and-editable",
                "`import %s` loads %s from %s, not the installed %s" % (module, code, source, recorded),
                "%s; pip lists %s %s (%s)%s." % (how, dist, recorded, directory,
                                                 ", an editable install of that folder: its code has changed since"
                                                 if editable else ""),
                **stale_folder_fix(source, files, dist, editable)))
    return findings


# --------------------------------------------------------------------------- the project's folders and files


def project_folders():
    """The current folder and its parents, up to the first that has .git, or the home folder."""
    home, directory, folders = os.path.expanduser("~"), os.getcwd(), []
    while True:
        folders.append(directory)
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or same_path(directory, home) or parent == directory:
            return folders
        directory = parent


def shown_path(path):
    """A path as the reader types it from the current folder: relative below it, absolute elsewhere."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # Windows: another drive
        return path
    return path if relative.startswith(os.pardir) else relative


# --------------------------------------------------------------------------- the editor's interpreter (VS Code)

EDITOR_SETTINGS = ("python.defaultInterpreterPath", "python.pythonPath")


def jsonc_loads(text):
    """VS Code's settings.json: JSON with // and /* */ comments and trailing commas (JSONC)."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = i + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i:end + 1])
            i = end + 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError("a /* comment is never closed")
            out.append(" ")
            i = end + 2
        else:
            if char in "}]":  # a trailing comma before it is fine in JSONC
                back = len(out) - 1
                while back >= 0 and out[back].isspace():
                    back -= 1
                if back >= 0 and out[back] == ",":
                    del out[back]
            out.append(char)
            i += 1
    return json.loads("".join(out))


def editor_python_path(value, workspace):
    """The interpreter a setting names, resolved as VS Code does (${workspaceFolder}, ~, relative to the workspace);
    None for a bare command such as `python`, which the editor looks up on its own PATH."""
    def variable(match):
        name = match.group(1)
        if name in ("workspaceFolder", "workspaceRoot") or name.startswith("workspaceFolder:"):
            return workspace
        if name == "userHome":
            return os.path.expanduser("~")
        if name.startswith("env:"):
            return os.environ.get(name[4:], "")
        raise ValueError("${%s} is not a variable doctor.py can resolve" % name)

    path = os.path.expanduser(re.sub(r"\$\{([^}]+)\}", variable, value.strip()))
    if not os.path.isabs(path):
        if not re.search(r"[/\\]", path):
            return None
        path = os.path.join(workspace, path)
    path = os.path.normpath(path)
    return venv_python(path) if os.path.isdir(path) else path


def editor_settings():
    """(settings.json path, its text) of the VS Code workspaces that hold the current folder, nearest first."""
    found = []
    for folder in project_folders():
        path = os.path.join(folder, ".vscode", "settings.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8-sig", errors="replace") as handle:
                found.append((path, handle.read()))
    return found


def check_editor_interpreter():
    findings = []
    for path, text in editor_settings():
        workspace = os.path.dirname(os.path.dirname(path))
        try:
            settings = jsonc_loads(text)
        except ValueError as error:
            findings.append(finding("editor-settings-unreadable", "info", "editor-interpreter",
                                    "VS Code's settings file %s cannot be read" % path,
                                    "doctor.py could not tell which Python it names: %s." % error, ""))
            continue
        for key in EDITOR_SETTINGS:
            value = settings.get(key) if isinstance(settings, dict) else None
            if isinstance(value, str) and value.strip():
                line = text[: text.find('"%s"' % key)].count("\n") + 1
                findings += editor_python_findings("%s:%d" % (path, line), key, value, workspace)
                break  # the newer key wins when both are there
    return findings


def editor_python_findings(where_set, key, value, workspace):
    try:
        python = editor_python_path(value, workspace)
    except ValueError as error:
        return [finding("editor-interpreter-unresolved", "info", "editor-interpreter",
                        "VS Code's Python setting cannot be resolved", "%s: %s = %s: %s." % (where_set, key, value, error),
                        "")]
    if python is None or (os.path.exists(python) and environment_of(python) == environment_of(sys.executable)):
        return []
    said = "%s sets %s = %s" % (where_set, key, value)
    old = (" The Python extension no longer reads python.pythonPath (since 2021): there the interpreter picked "
           "with \"Python: Select Interpreter\" counts.") if key == "python.pythonPath" else ""
    select = ("In VS Code run \"Python: Select Interpreter\" (Ctrl+Shift+P / Cmd+Shift+P) and choose %s, or set "
              "\"python.defaultInterpreterPath\": \"%s\" in %s" % (sys.executable, sys.executable, where_set.rsplit(":", 1)[0]))
    if not os.path.exists(python):
        return [finding("editor-interpreter-missing", "warning", "editor-interpreter",
                        "VS Code is told to run a Python that does not exist",
                        "%s: %s is not there, so the editor falls back to another Python.%s" % (said, python, old), words=select)]
    project_venv = find_project_venv()
    if project_venv and environment_of(python) == os.path.realpath(project_venv):
        return [finding("editor-runs-project-venv", "warning", "editor-interpreter",
                        "VS Code runs the project's venv; this terminal runs another Python",
                        "%s: the editor runs %s, the project's venv %s, but this is %s. Install with the venv's "
                        "Python, and run this check with it." % (said, python, project_venv, sys.executable),
                        words="Install what the project needs with %s" % pip_command("install NAME", python))]
    return [finding("editor-interpreter", "warning", "editor-interpreter", "VS Code runs another Python than this one",
                    "%s: the editor runs %s, but this is %s; what you install here is not what the editor's "
                    "terminal, Run button and notebooks see.%s" % (said, python, sys.executable, old), words=select)]


# --------------------------------------------------------------------------- the machine: Rosetta 2, the Windows launcher


def sysctl_value(name):
    """`sysctl -n NAME` on macOS: '1', '0', or '' when the key does not exist (an Intel Mac has no hw.optional.arm64)."""
    import subprocess

    try:
        return subprocess.run(["sysctl", "-n", name], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def rosetta_finding(machine, arm64_cpu, translated):
    """An x86_64 Python on an Apple silicon Mac: `platform.machine()` says x86_64 while `sysctl -n hw.optional.arm64`
    or `sysctl -n sysctl.proc_translated` says 1. Returns the finding, or None."""
    if machine != "x86_64" or "1" not in (arm64_cpu, translated):
        return None
    return finding(
        "macos-x86_64-on-arm64", "warning", "macos-architecture", "This Python runs as x86_64 on an Apple silicon Mac",
        "It runs translated by Rosetta 2, so pip takes macOS x86_64 wheels: projects that stopped publishing them "
        "(TensorFlow after 2.16.2) stay at an old release, and some install nothing.",
        words="In a terminal that does not run under Rosetta (Terminal's Get Info: untick \"Open using Rosetta\"), make the venv "
        "again with an arm64 or universal2 Python (python.org's installer, or Homebrew in /opt/homebrew); python3 -c "
        "\"import platform; print(platform.machine())\" then prints arm64")


def check_macos_architecture():
    if not MACOS:
        return []
    found = rosetta_finding(platform.machine(), sysctl_value("hw.optional.arm64"), sysctl_value("sysctl.proc_translated"))
    return [found] if found else []


_STORE_ALIAS = re.compile(r"[/\\]Microsoft[/\\]WindowsApps[/\\][^/\\]*$", re.IGNORECASE)


def parse_py_list(listing):
    """[(version, path, default)] from `py -0p`: ` -V:3.12 *   C:\\...\\python.exe` (3.11+ launcher) or
    ` -3.9-64   C:\\...\\python.exe *` (older ones); the star marks what a bare `py` starts."""
    found = []
    for match in re.finditer(r"^\s*-(?:V:)?(\d+\.\d+)\S*\s+(\*?)\s*(.+?\.exe)(\s+\*)?\s*$", listing, re.MULTILINE):
        found.append((match.group(1), match.group(3), bool(match.group(2) or match.group(4))))
    return found


def windows_launcher_findings(python, python3, launcher, venv_active, running):
    """python, python3: what those commands start from PATH (or None); launcher: `py -0p`'s list (parse_py_list);
    venv_active: VIRTUAL_ENV is set (then `py` starts the venv's Python too); running: this interpreter."""
    findings = []
    for command, path in (("python", python), ("python3", python3)):
        if path and _STORE_ALIAS.search(path):
            findings.append(finding(
                "windows-store-alias", "warning" if command == "python" else "info", "windows-launcher",
                "`%s` on PATH is the Microsoft Store alias" % command,
                "%s comes first on PATH: it opens the Microsoft Store, or starts the Store's Python, not %s."
                % (path, running),
                words="Turn the alias off (Settings > Apps > Advanced app settings > App execution aliases: python.exe "
                "and python3.exe), or start Python with the launcher: py -3"))
    if venv_active:
        return findings
    default = next((path for _, path, star in launcher if star), None)
    starts = [(c, p) for c, p in (("python", python), ("python3", python3), ("py", default))
              if p and not _STORE_ALIAS.search(p)]
    if len({os.path.normcase(p) for _, p in starts}) > 1:
        findings.append(finding(
            "windows-launcher-differs", "warning", "windows-launcher", "python, python3 and py start different Pythons",
            "%s (this check runs %s). What one of them installs, the others do not see." % (
                "; ".join("`%s` starts %s" % (c, p) for c, p in starts), running),
            words="Use one command for everything, e.g. make a venv with py -3 -m venv .venv and activate it"))
    return findings


def check_windows_launcher():
    if not WINDOWS:
        return []
    return windows_launcher_findings(first_on_path("python"), first_on_path("python3"), py_launcher_list(),
                                     bool(os.environ.get("VIRTUAL_ENV")), sys.executable)


# --------------------------------------------------------------------------- the project's own pins (project-pins)

_PIP_FILE = re.compile(r"^(requirements|constraints)[^/\\]*\.txt$", re.IGNORECASE)
_LOCK_FILES = ("uv.lock", "poetry.lock", "Pipfile.lock", "pyproject.toml")


def pin_files():
    """The requirement, constraints and lock files of the project folders, nearest folder first."""
    found = []
    for folder in project_folders():  # requirements files first: a constraint they name is installed through them
        for name in sorted(listdir(folder), key=lambda n: (n.lower().startswith("constraints"), n)):
            if _PIP_FILE.match(name) or name in _LOCK_FILES:
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    found.append(path)
    return found


def pins_in_pip_file(path, name):
    """[(file, line, text, specifier, install command)] for `name` in a requirements or constraints file and the
    files it names with -r/-c: a constraint takes effect through the requirements file that names it, with --upgrade
    (the installed version satisfies the unpinned requirement)."""
    top_is_constraint = os.path.basename(path).lower().startswith("constraints")
    pins = []
    for constraint, where_, number, text, parsed in read_pip_file(path, top_is_constraint):
        if parsed and parsed[0] == name and str(parsed[1]) and marker_applies(parsed[2]):
            install = None if top_is_constraint else pip_command(
                "install %s-r %s" % ("--upgrade " if constraint else "", quote(shown_path(path))))
            pins.append((where_, number, text, parsed[1], install))
    return pins


def pins_in_lock(path, name):
    """[(file, line, text, ==version, None)] from uv.lock or poetry.lock: `[[package]]` tables with name and version,
    read line by line (tomllib exists only from Python 3.11)."""
    pins, current = [], None
    for number, line in enumerate(_text_lines(path), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = None
        match = re.match(r"""^(name|version)\s*=\s*["']([^"']+)["']""", stripped)
        if match and match.group(1) == "name":
            current = canonical(match.group(2))
        elif match and current == name:
            pins.append((path, number, stripped, parse_specifier("==" + match.group(2)), None))
            current = None
    return pins


def pins_in_pipfile_lock(path, name):
    """[(file, line, text, specifier, None)] from Pipfile.lock (JSON: default and develop, "version": "==X")."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return []
    lines = _text_lines(path)
    pins = []
    for section in ("default", "develop"):
        for key, entry in (data.get(section) or {}).items():
            version = entry.get("version") if isinstance(entry, dict) else None
            spec = parse_specifier(version) if isinstance(version, str) else None
            if canonical(key) == name and spec is not None:
                number = next((i for i, l in enumerate(lines, 1) if '"%s"' % key in l), 0)
                pins.append((path, number, '"%s": "%s" (%s)' % (key, version, section), spec, None))
    return pins


def poetry_specifier(text):
    """Poetry's ^1.2 / ~1.2 / 1.2 as a PEP 440 specifier set (^: same first non-zero part; ~: same minor)."""
    parts = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        version = part[1:].strip()
        numbers = [int(n) for n in re.findall(r"\d+", version)[:3]] if part[:1] in "^~" else []
        if part[:1] == "^" and numbers:
            first = next((i for i, n in enumerate(numbers) if n), len(numbers) - 1)
            upper = numbers[: first + 1]
            upper[-1] += 1
            parts.append(">=%s,<%s" % (version, ".".join(map(str, upper))))
        elif part[:1] == "~" and part[:2] != "~=" and numbers:
            upper = numbers[:2] if len(numbers) > 1 else numbers[:1]
            upper[-1] += 1
            parts.append(">=%s,<%s" % (version, ".".join(map(str, upper))))
        elif part == "*":
            continue
        elif re.match(r"^\d", part):
            parts.append("==" + part)
        else:
            parts.append(part)
    return parse_specifier(",".join(parts))


def pins_in_pyproject(path, name):
    """[(file, line, text, specifier, None)] from pyproject.toml, line by line: [project] dependencies,
    [project.optional-dependencies], [dependency-groups] (PEP 508 strings in arrays) and Poetry's dependency tables."""
    pins, table, in_array = [], "", False
    for number, line in enumerate(_text_lines(path), 1):
        stripped = re.sub(r"\s#.*$", "", line).strip()
        header = re.match(r"^\[\[?([^\]]+)\]\]?$", stripped)
        if header:
            table, in_array = header.group(1).strip(), False
            continue
        poetry = re.match(r"^tool\.poetry\.(?:group\.[^.]+\.)?(?:dev-)?dependencies$", table)
        if poetry:
            match = re.match(r"""^["']?([A-Za-z0-9._-]+)["']?\s*=\s*(?:["']([^"']*)["']|\{.*?\bversion\s*=\s*["']([^"']*)["'])""",
                             stripped)
            if match and canonical(match.group(1)) == name:
                spec = poetry_specifier(match.group(2) if match.group(2) is not None else match.group(3))
                if spec is not None and str(spec):
                    pins.append((path, number, stripped, spec, None))
            continue
        if table not in ("project", "project.optional-dependencies", "dependency-groups"):
            continue
        opens = re.match(r"^([A-Za-z0-9._-]+|\"[^\"]+\")\s*=\s*\[", stripped)
        if opens and (table != "project" or opens.group(1) == "dependencies"):
            in_array = True
        if in_array:
            for text in re.findall(r""""([^"]*)"|'([^']*)'""", stripped.split("=", 1)[1] if opens else stripped):
                parsed = parse_requirement(text[0] or text[1])
                if parsed and parsed[0] == name and str(parsed[1]) and marker_applies(parsed[2]):
                    pins.append((path, number, text[0] or text[1], parsed[1], None))
            if "]" in stripped.split("#")[0]:
                in_array = False
    return pins


def held_below(spec, target):
    """Does this pin keep `target` out by holding the version below it (==, <, <=, ~=, !=), not above it?"""
    if spec_allows(spec, target):
        return False
    for op, version in spec_operators(spec):
        bound = parse_version(str(version).replace(".*", ""))
        exact = op in ("==", "===") and not str(version).endswith(".*")
        if bound is not None and (op in (">", ">=", "~=") or exact) and target < bound:
            return False
    return True


def project_pin_fix(path, number, name, target, install_from):
    kind = os.path.basename(path)
    if kind == "uv.lock":
        return "uv lock --upgrade-package %s, then uv sync (or change the pin in pyproject.toml first)" % name
    if kind == "poetry.lock":
        return "poetry update %s (or change the pin in pyproject.toml first)" % name
    if kind == "Pipfile.lock":
        return "pipenv update %s (or change the pin in Pipfile first)" % name
    edit = "Change %s:%d to %s==%s (or loosen it)" % (shown_path(path), number, name, target)
    if kind == "pyproject.toml":
        return edit + ", then reinstall the project (install it as you did before, e.g. from its folder)"
    if install_from:
        return "%s, then %s" % (edit, install_from)
    return edit + ", then install again from the requirements file that names it with -c (with --upgrade)"


def project_pins(name, report, reader_spec):
    """Pins of a named package in the project's files that would put an older version back, with file and line."""
    target_text = report.get("would_install") or report.get("newest_installable_here")
    if not target_text and report.get("installed") and report.get("installed_satisfies") is not False:
        target_text = report["installed"]
    target = parse_version(target_text) if target_text else None
    readers = {"uv.lock": pins_in_lock, "poetry.lock": pins_in_lock, "Pipfile.lock": pins_in_pipfile_lock,
               "pyproject.toml": pins_in_pyproject}
    findings, seen = [], set()
    for path in pin_files():
        try:
            pins = readers.get(os.path.basename(path), pins_in_pip_file)(path, name)
        except OSError:
            continue  # a -r/-c file it names is missing: pip says so itself when it reads that file
        for where_, number, text, spec, install_from in pins:
            if (where_, number) in seen:
                continue
            seen.add((where_, number))
            if target is not None:
                if not held_below(spec, target):
                    continue
                why = "the newest pip can install here is %s" % target if target_text != report.get("installed") \
                    else "you have %s" % target
            else:
                exact = [v for op, v in spec_operators(spec) if op in ("==", "===")]
                if not (reader_spec is not None and str(reader_spec) and exact
                        and not spec_allows(reader_spec, parse_version(str(exact[0])))):
                    continue
                why = "you asked for %s%s" % (name, reader_spec)
            findings.append(finding(
                "project-pin", "warning", "project-pins", "%s pins %s below %s" % (shown_path(where_), name, target or why),
                "%s:%d: %s. Installing from this file puts the older version back (%s)." % (where_, number, text, why),
                words=project_pin_fix(where_, number, name, target_text or "X.Y", install_from)))
    return findings


# --------------------------------------------------------------------------- dependencies --upgrade leaves old


def dependencies_installed(name, dists):
    """[(dependency, its requirement here, installed version)] of an installed package, first 40."""
    if name not in dists:
        return []
    found = []
    for dependency, spec in installed_requirements(dists[name][1]):
        if dependency in dists and dependency != name:
            found.append((dependency, spec, dists[dependency][0]))
    return found[:40]


def upgrade_strategy(name, report, dependencies, fetched, tags, caps, pins):
    """Dependencies of `name` older than the newest release that every installed requirement allows: pip's default
    --upgrade-strategy only-if-needed keeps a dependency whenever the installed version still satisfies."""
    left = []
    for dependency, spec, installed in dependencies:
        have, files = parse_version(installed or ""), (fetched.get(dependency) or (None, None))[0]
        if have is None or not files:
            continue
        versions = analyse_files(dependency, files, tags)[0]
        limits = [spec] + [c[3][1] for c in caps if c[3][0] == dependency] + [p[3] for p in pins.get(dependency, [])]
        fits = [v for v in sorted(versions, reverse=True) if versions[v]["installable"] and not v.is_prerelease
                and all(spec_allows(s, v) for s in limits)]
        if fits and have < fits[0]:
            left.append((dependency, installed, str(fits[0]), str(spec)))
    if not left:
        return []
    for dependency, installed, newest, spec in left:
        report.setdefault("why_not_newest", []).append({
            "version": newest, "reason": "upgrade-strategy", "guide_slug": "upgrade-strategy",
            "dependency": dependency, "installed": installed,
            "detail": "dependency %s %s stays: %s requires %s%s, which %s satisfies, and pip's default "
                      "--upgrade-strategy only-if-needed upgrades only the packages you name; %s installs here"
                      % (dependency, installed, name, dependency, spec, installed, newest)})
    return [finding(
        "upgrade-strategy", "info", "upgrade-strategy",
        "pip install --upgrade %s leaves %s old" % (name, ", ".join(d for d, _, _, _ in left)),
        "%s: %s still accepts what is installed, so pip's default --upgrade-strategy (only-if-needed) keeps it."
        % ("; ".join("%s %s (%s installs here)" % (d, i, n) for d, i, n, _ in left), name),
        pip_command("install --upgrade --upgrade-strategy eager " + name))]


# --------------------------------------------------------------------------- putting it together


def pip_facts(config, primary, extras, source, cafile):
    return {
        "version": distribution_version("pip"),
        "on_path": first_on_path("pip"),
        "index_url": redact(primary[0]),
        "index_url_from": source,
        "extra_index_urls": [redact(u) for u in extras],
        "config_files": config.files,
        "settings": {k: {"value": redact(v["value"]), "from": where(v)} for k, v in sorted(config.settings.items())},
        "cert": cafile,
    }


def requested(args):
    """({name: (requirement text, specifier or None)}, constraints from -c lines, notes) from the command line
    and -r files, in the order given; a name given twice keeps both specifiers."""
    wanted, constraints, notes = {}, [], []
    entries = [(False, None, None, raw, parse_requirement(raw) if not raw.startswith("-") else None)
               for raw in args.packages]
    for path in args.requirement:
        try:
            entries += read_pip_file(os.path.abspath(os.path.expanduser(path)), False)
        except OSError as error:
            raise CannotRun("cannot read the requirements file %s (%s)" % (path, error.strerror))
    for is_constraint, path, number, text, parsed in entries:
        if parsed is None and path is None:
            raise CannotRun("%r is not a package name or requirement (try e.g. `tensorflow` or `\"numpy<2\"`)" % text)
        if parsed is None:
            notes.append(finding("requirement-not-checked", "info", "project-pins", "Not checked: %s" % text,
                                 "%s:%d is a URL, an editable install or an option doctor.py does not judge."
                                 % (path, number)))
        elif is_constraint:
            constraints.append((path, number, text, parsed))
        elif not marker_applies(parsed[2]):
            notes.append(finding("requirement-not-for-here", "info", "project-pins", "Not for this Python: %s" % text,
                                 "Its environment marker is false here, so pip skips it." ))
        elif parsed[0] in wanted:
            before = wanted[parsed[0]]
            both = ",".join(filter(None, (str(before[1] or ""), str(parsed[1] or ""))))
            wanted[parsed[0]] = (before[0] + ", " + text, parse_specifier(both))
        else:
            wanted[parsed[0]] = (text, parsed[1])
    return wanted, constraints, notes


CHECKS = (  # (id for --check, what it looks at, guide slug), in the order they run
    ("pip-version", "the pip of this Python: missing, or older than 20.3", "old-pip"),
    ("pip-on-path", "which Python the `pip` and `pip3` first on PATH install into", "pip-python-mismatch"),
    ("venv", "a .venv or venv in this project that is not the Python running", "venv-not-active"),
    ("externally-managed", "the EXTERNALLY-MANAGED marker of this Python (PEP 668)", "externally-managed"),
    ("permissions", "whether you can write into this Python's site-packages", "permissions"),
    ("conda", "the active conda env, conda's records, and packages conda does not track", "conda-and-pip"),
    ("word-size", "a 32-bit Python on a 64-bit machine", "no-compatible-wheel"),
    ("jupyter-kernels", "Jupyter kernel specs and the Pythons they start", "jupyter-kernel"),
    ("shadowing", "the current folder, PYTHONPATH and the user site ahead of site-packages", "shadowing"),
    ("duplicate-metadata", "two or broken .dist-info/.egg-info for one package on sys.path", "duplicate-metadata"),
    ("pip-config", "pip's config files, PIP_* variables and constraints files", "constraints-and-config"),
    ("renamed-packages", "TensorFlow's other names (tensorflow-gpu, -intel, -macos, -cpu) installed, alone or beside "
     "tensorflow", "renamed-packages"),
    ("stale-egg-and-editable", ".pth, .egg-link and editable-install folders whose code has another version than "
     "pip lists", "stale-egg-and-editable"),
    ("editor-interpreter", "the Python a VS Code workspace names (.vscode/settings.json up to the project's root)",
     "editor-interpreter"),
    ("macos-architecture", "an x86_64 Python on an Apple silicon Mac (Rosetta 2)", "macos-architecture"),
    ("windows-launcher", "the Microsoft Store alias on PATH; python, python3 and py starting different Pythons",
     "windows-launcher"),
    ("packages", "each named package or requirement: the index (and whether it lags behind PyPI), pins, and the Pythons "
     "on this machine",
     "same-version-again"),
    ("project-pins", "each named package's pins in the project's requirements, constraints and lock files and "
     "pyproject.toml", "project-pins"),
    ("upgrade-strategy", "each named package's installed dependencies that --upgrade leaves older than their newest",
     "upgrade-strategy"),
)
PACKAGE_CHECKS = ("packages", "project-pins", "upgrade-strategy")  # about the named packages, with the index


def render_checks(as_json):
    rows = [{"id": i, "looks_at": what, "guide": GUIDES_URL.rstrip("/") + "/" + slug} for i, what, slug in CHECKS]
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    width = max(len(r["id"]) for r in rows)
    return "".join("%-*s  %s\n%-*s  %s\n" % (width, r["id"], r["looks_at"], width, "", r["guide"]) for r in rows)


def diagnose(args, reference_index=PYPI_SIMPLE):
    """reference_index: the index a configured mirror is compared with (PyPI; tests pass a local one)."""
    wanted, file_constraints, notes = requested(args)
    named = list(wanted)
    tags = guarded(supported_tags) or []
    tags = [t for t in tags if isinstance(t, str)]
    config = read_pip_config()
    constraints, constraint_problems = guarded(constraint_entries, config) if config.settings.get("constraint") else ([], [])
    if not isinstance(constraints, list):
        constraints, constraint_problems = [], constraints
    primary, extras, source = index_urls(config, args.index_url)
    cert = config.settings.get("cert")
    cafile = cert["value"] if cert and os.path.isfile(cert["value"]) else None
    proxy = config.settings.get("proxy")  # pip's `proxy` in a config file or PIP_PROXY
    pip_proxy = proxy["value"].strip() if proxy else None
    path_entries = scanned_path()

    runs = {"pip-version": (check_pip_version,), "pip-on-path": (check_pip_on_path,), "venv": (check_venv,),
            "externally-managed": (check_externally_managed,), "permissions": (check_permissions,),
            "conda": (check_conda,), "word-size": (check_word_size,), "jupyter-kernels": (check_jupyter_kernels,),
            "shadowing": (check_shadowing, path_entries),
            "duplicate-metadata": (check_duplicate_metadata, path_entries),
            "pip-config": (check_pip_config, config, constraints, constraint_problems, set(named)),
            "renamed-packages": (check_renamed_packages, path_entries),
            "stale-egg-and-editable": (check_stale_egg_and_editable, path_entries),
            "editor-interpreter": (check_editor_interpreter,), "macos-architecture": (check_macos_architecture,),
            "windows-launcher": (check_windows_launcher,)}
    findings = []
    for check_id, _, _ in CHECKS:
        if check_id in runs and args.check in (None, check_id):
            findings += guarded(*runs[check_id])
    if args.check in (None,) + PACKAGE_CHECKS:
        findings += notes
    else:
        named = []

    pins = guarded(dependency_pins, path_entries, named) if named else {}
    if not isinstance(pins, dict):
        findings += pins
        pins = {}
    pinners = sorted({d for n in named for d, _, _, spec in pins.get(n, []) if has_upper_bound(spec)})
    fetched, newest_pinners = {}, {}
    if named and not args.offline:
        if truthy(config.get("no-index") or ""):
            fetched = {n: (None, None) for n in named}
        else:
            also = [d for d in pinners if d not in named]
            fetched = fetch_all(named + also, primary + extras, args.timeout, cafile, pip_proxy)
            newest_pinners = guarded(pinner_releases, pinners, fetched, args.timeout, cafile, pip_proxy, tags)
            newest_pinners = newest_pinners if isinstance(newest_pinners, dict) else {}
    reference = {}
    if any(files for files, _ in fetched.values()) and not is_pypi(primary[0]) \
            and primary[0].rstrip("/") != reference_index.rstrip("/"):
        reference = fetch_all(named, [reference_index], args.timeout, cafile, pip_proxy)
    packages = {}
    for name in named:
        installed = distribution_version(name)
        files, error = fetched.get(name, (None, None))  # (None, None): the index was not asked
        text, spec = wanted[name]
        if spec is not None and str(spec):
            caps = [c for c in constraints + file_constraints if c[3][0] == name]
            report = guarded(requirement_report, name, text, spec, installed, files, error, tags, caps, pins,
                             newest_pinners)
        else:
            report = guarded(package_report, name, installed, files, error, tags, constraints + file_constraints, pins,
                             newest_pinners)
        if isinstance(report, list):  # the analysis itself broke: keep its note
            report = {"installed": installed, "findings": report}
        report.setdefault("requirement", text)
        if reference.get(name, (None, None))[0]:
            lags = guarded(mirror_lags, name, files, reference[name][0], primary[0], source, reference_index, tags)
            report.setdefault("findings", []).extend(lags)
        if files is None and error is None:
            report["index"] = "not asked (--offline)" if args.offline else "not asked (no-index is set)"
        packages[name] = report
    with_files = [n for n in named if fetched.get(n, (None, None))[0] and not str(wanted[n][1] or "")]  # names only
    if args.check in (None, "project-pins", "upgrade-strategy"):
        add_project_findings(args, packages, wanted, path_entries, primary + extras, (tags, cafile, pip_proxy),
                             constraints + file_constraints)
    if with_files and not args.no_survey and args.check in (None, "packages"):
        surveyed = guarded(survey_pythons, tags)
        findings += [p for p in surveyed if "severity" in p]  # the survey itself broke: keep its note
        pythons = [p for p in surveyed if "tags" in p]
        for name in with_files:
            caps = [c for c in constraints + file_constraints if c[3][0] == name]
            surveyed = guarded(add_survey, name, packages[name], fetched[name][0], pythons, caps)
            if isinstance(surveyed, list):
                packages[name]["findings"] += surveyed
    refused = pip_refused_here()
    findings = [workable(f, refused) for f in findings]
    for report in packages.values():
        report["findings"] = [workable(f, refused) for f in report.get("findings", [])]
    return {
        "doctor": VERSION,
        "python": python_facts(tags),
        "pip": pip_facts(config, primary, extras, source, cafile),
        "findings": sort_findings(findings),
        "packages": packages,
    }


def add_project_findings(args, packages, wanted, path_entries, urls, asking, caps):
    """project-pins and upgrade-strategy for the packages named on the command line (not those from -r files);
    with --check for one of them, the other findings about the packages are left out."""
    tags, cafile, pip_proxy = asking
    on_command_line = {p[0] for p in map(parse_requirement, args.packages) if p}
    dists = guarded(installed_distributions, path_entries)
    dists = dists if isinstance(dists, dict) else {}
    if args.check == "upgrade-strategy" or args.check == "project-pins":
        for report in packages.values():
            report["findings"], report["why_not_newest"] = [], []
    for name in [n for n in packages if n in on_command_line]:
        report = packages[name]
        if args.check in (None, "project-pins"):
            report["findings"] += guarded(project_pins, name, report, wanted[name][1])
        dependencies = dependencies_installed(name, dists) if args.check in (None, "upgrade-strategy") else []
        if dependencies and not args.offline and report.get("newest_on_index"):
            fetched = fetch_all([d for d, _, _ in dependencies], urls, args.timeout, cafile, pip_proxy)
            pins = guarded(dependency_pins, path_entries, [d for d, _, _ in dependencies])
            report["findings"] += guarded(upgrade_strategy, name, report, dependencies, fetched, tags, caps,
                                          pins if isinstance(pins, dict) else {})


def is_pypi(url):
    return url.rstrip("/") in (PYPI_SIMPLE, "https://pypi.python.org/simple")


def mirror_lags(name, files, reference_files, index_url, source, reference_url, tags):
    """The index pip uses (a mirror or proxy) whose newest release of `name` is older than PyPI's."""
    here = analyse_files(name, files or [], tags)[1]
    there = analyse_files(name, reference_files, tags)[1]
    if here is None or there is None or not here < there:
        return []
    return [finding("mirror-lags", "warning", "mirror-lags", "The index pip uses lags behind PyPI for %s" % name,
                    "pip asks %s (index-url from %s): its newest %s is %s; PyPI has %s."
                    % (redact(index_url), source, name, here, there),
                    words="Remove that index-url setting (pip then asks PyPI); for one command: %s"
                    % pip_command("install --upgrade --index-url %s %s" % (reference_url, name)))]


def fetch_all(named, urls, timeout, cafile, pip_proxy):
    """Ask every index about every package at once; merge files, keep the first error if none answered."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(n, u) for n in named for u in urls]
    with ThreadPoolExecutor(max_workers=min(8, len(jobs))) as pool:
        answers = list(pool.map(lambda job: fetch_project(job[1], job[0], timeout, cafile, pip_proxy), jobs))
    merged = {}
    for (name, _), (files, error) in zip(jobs, answers):
        have_files, have_error = merged.get(name, (None, None))
        if files is not None:
            merged[name] = ((have_files or []) + files, None)
        elif have_files is None:
            merged[name] = (None, have_error or error)
    return merged


def sort_findings(findings):
    return sorted(findings, key=lambda f: SEVERITIES.index(f["severity"]))


def all_findings(report):
    found = list(report["findings"])
    for package in report["packages"].values():
        found += package.get("findings", [])
    return found


def exit_status(report):
    return 1 if any(f["severity"] in ("error", "warning") for f in all_findings(report)) else 0


def render_text(report):
    python, pip = report["python"], report["pip"]
    lines = ["Install Doctor %s: Python %s (%d-bit) at %s" % (report["doctor"], python["version"], python["bits"],
                                                              python["executable"]),
             "pip %s; index %s (%s)%s" % (pip["version"] or "missing", pip["index_url"], pip["index_url_from"],
                                          "".join("; extra index " + u for u in pip["extra_index_urls"])), ""]
    for name, package in report["packages"].items():
        if package.get("satisfiable") is not None:
            lines.append("%s: installed %s; %s" % (
                package["requirement"], package.get("installed") or "no",
                "pip would install %s here" % package["would_install"] if package["satisfiable"] else
                "pip cannot install it here; nearest release that installs: %s" % (package["nearest_fit"] or "none")))
        elif package.get("newest_on_index"):
            lines.append("%s: installed %s; newest on the index %s; newest pip can install here %s" % (
                package.get("requirement", name), package.get("installed") or "no", package["newest_on_index"],
                package.get("newest_installable_here") or "none"))
        else:
            lines.append("%s: installed %s; index %s" % (package.get("requirement", name),
                                                          package.get("installed") or "no",
                                                          package.get("index", "did not answer")))
    found = sort_findings(all_findings(report))
    problems = [f for f in found if f["severity"] != "info"]
    notes = [f for f in found if f["severity"] == "info"]
    if report["packages"]:
        lines.append("")
    if problems:
        lines.append("Found %d problem%s%s." % (len(problems), "" if len(problems) == 1 else "s",
                                                 " and %d note%s" % (len(notes), "" if len(notes) == 1 else "s") if notes else ""))
    else:
        lines.append("Nothing wrong found%s." % (" (%d note%s below)" % (len(notes), "" if len(notes) == 1 else "s")
                                                 if notes else ""))
    for item in found:
        lines += ["", "[%s] %s" % (item["severity"], item["title"]), "  " + item["detail"]]
        if item["fix"] or item.get("fix_words"):
            lines.append("  Fix:   " + (item["fix"] or item["fix_words"]))
        lines.append("  Guide: " + item["guide"])
    return "\n".join(lines) + "\n"


def render_markdown(report):
    """The facts a maintainer asks for first, as Markdown to paste into an issue."""
    python, pip, tags = report["python"], report["pip"], report["python"]["tags"]
    lines = ["<details><summary>Install Doctor %s: %s</summary>" % (
        report["doctor"], "nothing wrong found" if exit_status(report) == 0 else "problems found"), "",
        "| | |", "|---|---|",
        "| Python | %s %s (%d-bit) at `%s`%s |" % (python["implementation"], python["version"], python["bits"],
                                                python["executable"], ", in a venv" if python["in_venv"] else ""),
        "| pip | %s; index `%s` (%s) |" % (pip["version"] or "missing", pip["index_url"], pip["index_url_from"]),
        "| platform | %s %s; %d wheel tags for %s on %s%s |" % (
            python["platform"]["system"], python["platform"]["machine"], tags["count"], tags["interpreter"],
            ", ".join(tags["platforms"]), " and %d more" % tags["more_platforms"] if tags["more_platforms"] else "")]
    for name, package in report["packages"].items():
        lines.append("| %s | installed %s; newest on the index %s; newest installable here %s |" % (
            package.get("requirement", name), package.get("installed") or "no", package.get("newest_on_index") or "?",
            package.get("newest_installable_here") or "?"))
    lines += ["", "Findings:" if all_findings(report) else "No findings.", ""]
    for item in sort_findings(all_findings(report)):
        lines.append("- **%s** %s (`%s`): %s" % (item["severity"], item["title"], item["id"], item["detail"]))
    return "\n".join(lines + ["", "</details>"]) + "\n"


def anonymised(text):
    """The report without the home folder path and the user name (whole words of 3+ characters only)."""
    import getpass

    home = os.path.expanduser("~")
    if len(home) > 1:
        text = text.replace(home, "~")
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 (no user name to hide)
        user = ""
    if len(user) >= 3:
        text = re.sub(r"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % re.escape(user), "<user>", text)
    return text


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="doctor.py", description="Find why pip installs an old version, with the fix and the guide for each cause.",
        epilog="Exit status: 0 nothing wrong, 1 a warning or error found, 2 could not run. Read-only.")
    parser.add_argument("packages", nargs="*", metavar="PACKAGE",
                        help='packages or requirements to explain (e.g. tensorflow, "numpy<2")')
    parser.add_argument("-r", "--requirement", action="append", default=[], metavar="FILE",
                        help="check every requirement in a pip requirements file (with its -r and -c files)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--offline", action="store_true", help="do not ask the package index")
    parser.add_argument("--index-url", help="ask this index instead of the one pip is configured with")
    parser.add_argument("--no-survey", action="store_true",
                        help="do not look for other Pythons on this machine that would get a newer release")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds to wait for the index (default 10)")
    parser.add_argument("--list-checks", action="store_true", help="list the checks (id, what each looks at, guide)")
    parser.add_argument("--check", metavar="ID", choices=[c[0] for c in CHECKS], help="run only this check")
    parser.add_argument("--report", action="store_true",
                        help="print a Markdown block for a bug report (your home folder and user name replaced)")
    parser.add_argument("--version", action="version", version="doctor.py " + VERSION)
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error("--timeout must be a positive number of seconds")
    return args


def main(argv=None, reference_index=PYPI_SIMPLE):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # odd bytes in paths must not crash printing
        except Exception:  # noqa: BLE001 (a replaced stream without reconfigure)
            pass
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list_checks:
        sys.stdout.write(render_checks(args.json))
        return 0
    try:
        report = diagnose(args, reference_index)
    except CannotRun as error:
        sys.stderr.write("doctor.py: %s\n" % error)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("doctor.py: interrupted\n")
        return 2
    except Exception as error:  # noqa: BLE001 (never a traceback: one sentence and a way to report it)
        sys.stderr.write("doctor.py could not finish: %s: %s. Please report this line at "
                         "https://github.com/install-doctor/install-doctor/issues\n" % (type(error).__name__, error))
        return 2
    if args.report:
        sys.stdout.write(anonymised(render_markdown(report)))
    else:
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n" if args.json else render_text(report))
    return exit_status(report)


if __name__ == "__main__":
    sys.exit(main())
