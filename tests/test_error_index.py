"""The error index is built from recorded outputs only: what a run printed is listed, nothing else."""

import dataclasses
import shutil

import pytest
from conftest import REPO, make_record

from installdoctor import results
from installdoctor.site import error_index


@pytest.mark.parametrize("printed, normalised", [
    ("ERROR: Could not find a version that satisfies the requirement tensorflow==2.16.1 (from versions: 2.12.0, 2.13.0rc0)",
     "ERROR: Could not find a version that satisfies the requirement PACKAGE (from versions: X.Y, …)"),
    ("ERROR: Could not find a version that satisfies the requirement pywin32 (from versions: none)",
     "ERROR: Could not find a version that satisfies the requirement PACKAGE (from versions: none)"),
    ("ERROR: No matching distribution found for tensorflow>=2.16", "ERROR: No matching distribution found for PACKAGE"),
    ("ERROR: Cannot install -r requirements.txt (line 2), tensorflow and tensorflow-text==2.13.0 because these package versions have conflicting dependencies.",
     "ERROR: Cannot install PACKAGES because these package versions have conflicting dependencies."),
    ("ModuleNotFoundError: No module named 'numpy'", "ModuleNotFoundError: No module named 'MODULE'"),
    ("ImportError: cannot import name 'get' from partially initialized module 'requests' (most likely due to a circular "
     "import) (/home/you/requests.py)", "ImportError: cannot import name 'NAME' from partially initialized module 'MODULE' "
     "(most likely due to a circular import) (PATH)"),
    ("ERROR: tensorflow_gpu-2.10.0-cp310-cp310-win_amd64.whl is not a supported wheel on this platform.",
     "ERROR: PACKAGE-X.Y-TAGS.whl is not a supported wheel on this platform."),
    ("ERROR: tensorboard 2.1.1 has requirement setuptools>=41.0.0, but you'll have setuptools 39.0.1 which is incompatible.",
     "ERROR: PACKAGE X.Y has requirement PACKAGE, but you'll have PACKAGE X.Y which is incompatible."),
    ("WARNING: You are using pip version 19.2.3, however version 23.0.1 is available.",
     "WARNING: You are using pip version X.Y, however version X.Y is available."),
    ("ERROR: Ignored the following versions that require a different python version: 2.0 Requires-Python >=3.10; 2.1 Requires-Python >=3.10",
     "ERROR: Ignored the following versions that require a different python version: X.Y Requires-Python >=X.Y"),
    ("WARNING: Target directory /home/you/lib/numpy already exists. Specify --upgrade to force replacement.",
     "WARNING: Target directory PATH already exists. Specify --upgrade to force replacement."),
    ("WARNING: Ignoring invalid distribution ~umpy (/home/you/.venv/lib/python3.12/site-packages)",
     "WARNING: Ignoring invalid distribution PACKAGE (PATH)"),
    ("WARNING: Package(s) not found: numpy, scipy", "WARNING: Package(s) not found: PACKAGE"),
    ("tensorflow 2.16.2 is not supported on this platform", "PACKAGE X.Y is not supported on this platform"),
    ("ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing",
     "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing"),
])
def test_normalise_turns_what_varies_into_placeholders(printed, normalised):
    assert error_index.normalise(printed) == normalised


def test_only_error_and_warning_lines_of_the_tools_are_messages():
    text = "\n".join([
        "Requirement already satisfied: tensorflow in ./.venv/lib/python3.8/site-packages (2.13.1)",
        "[warning] The newest tensorflow needs a newer Python",  # the check script's own finding
        "ERROR: Could not find a version that satisfies the requirement x \\(from versions: .*\\) (re)",  # a pattern
        "Proceed (Y/n)? ERROR: Exception:",
        "error: externally-managed-environment",
        "AttributeError: module 'requests' has no attribute 'get'",
        "tensorflow 2.16.2 is not supported on this platform",  # pip check
        "No broken requirements found.",
    ])
    assert error_index.messages_in(text) == [
        "ERROR: Exception:", "error: externally-managed-environment",
        "AttributeError: module 'requests' has no attribute 'get'", "tensorflow 2.16.2 is not supported on this platform"]


def test_each_message_names_its_guides_and_the_pip_that_printed_it():
    records = [
        make_record(snippet="a.sh", platform="linux", slug="requires-python", expected="a.out", pip="26.3",
                    before_expected="a.before.out", before_pip="23.0.1"),
        make_record(snippet="b.sh", platform="linux", slug="pip-cache/live", expected="b.out", pip="26.3"),
        make_record(snippet="c.sh", platform="linux", status="failed", slug="old-pip", expected="c.out", pip="19.2.3"),
    ]
    outputs = {"a.out": "ok", "a.before.out": "ERROR: No matching distribution found for tensorflow>=2.16",
               "b.out": "ERROR: No matching distribution found for numpy==2.0", "c.out": "ERROR: No matching distribution found for x"}
    [entry] = error_index.collect(outputs, records)
    assert entry.message == "ERROR: No matching distribution found for PACKAGE"
    assert {p.slug: p.pips for p in entry.guides()} == {"requires-python": {"23.0.1"}, "pip-cache": {"26.3"}}
    page = error_index.render([entry], {"requires-python": ("Needs a newer Python", "guides/requires-python.md"),
                                        "pip-cache": ("The cache", "guides/pip-cache.md")})
    assert "[Needs a newer Python](guides/requires-python.md)" in page and "printed by pip 23.0.1" in page
    assert "`ERROR: No matching distribution found for numpy==2.0`" in page


def test_messages_that_share_a_long_prefix_get_their_own_anchors():
    stem = "ERROR: Could not find a version that satisfies the requirement PACKAGE (from versions: "
    entries = [error_index.Entry(stem + tail, {"old-pip": error_index.Printed("old-pip", {"19.2.3"}, ["x"], 1)})
               for tail in ("none)", "X.Y, …)")]
    page = error_index.render(entries, {"old-pip": ("Old pip", "guides/old-pip.md")})
    anchors = [line.split("{ #")[1].split()[0] for line in page.splitlines() if line.startswith("### ")]
    assert len(set(anchors)) == 2, anchors


def rendered(root):
    records = results.load(root / ".verified" / "results.json")
    return error_index.fill((REPO / "docs/errors.md").read_text(), root, records)


def test_a_message_removed_from_a_recorded_output_leaves_the_page(tmp_path):
    """A run that no longer prints a message (its record re-made for the new output) takes it off the page."""
    root = tmp_path / "repo"
    for part in ("snippets", "docs", ".verified"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("logs"))
    records = results.load(root / ".verified" / "results.json")
    before = rendered(root)
    entries = error_index.collect(error_index.read_outputs(root, records, results.file_hasher(root)), records)
    # a message printed by one line of one output: removing that line must remove the message
    printed_once = [e for e in entries if sum(p.count for p in e.by.values()) == 1 and len(next(iter(e.by.values())).lines) == 1]
    assert printed_once, "no message printed exactly once to test with"
    entry = printed_once[0]
    line = next(iter(entry.by.values())).lines[0]
    assert f"`{line}`" in before and entry.anchor in before
    outputs = error_index.read_outputs(root, records, results.file_hasher(root))
    record, run = next((r, run) for r in records for run in r.runs()
                       if line in error_index.messages_in(outputs.get(run.expected, "")))
    saved = root / ".verified" / "outputs" / run.expected  # a live step's last run, shown instead of its patterns
    out = saved if saved.is_file() else root / run.expected
    out.write_text("".join(kept for kept in out.read_text().splitlines(keepends=True) if line not in kept))
    if out != saved:  # as a new passing run would record it
        rerun = dataclasses.replace(run, expected_sha256=results.sha256_file(out))
        if run is record.run:
            record.run = rerun
        else:
            record.before = rerun
    results.save(root / ".verified" / "results.json", records)
    after = rendered(root)
    assert entry.anchor not in after and f"`{line}`" not in after
    assert len(after) > len(before) / 2, "the rest of the index stays"
