"""Inline commands in prose: which code spans are commands, and how they match verified step lines."""

import pytest

from installdoctor.site.inline_commands import code_spans, find, is_command

STEP = [
    "python -m pip install --upgrade tensorflow example-lib",
    'python -c "import example_lib; print(example_lib.__version__, example_lib.__file__)"',
    "python -m pip uninstall --yes example-lib",
    "python -m pip debug --verbose | grep cp311-cp311-manylinux2014_x86_64",
    "source .venv/bin/activate",
]


@pytest.mark.parametrize("text", [
    "python -m pip cache dir", "pip install --upgrade", "pip3 list", "python3.12 -m venv .venv",
    "py -3.12 -m venv .venv", "conda list", "source .venv/bin/activate", ".venv/bin/python -m pip list",
    r".venv\Scripts\python.exe -m pip list", "sudo apt install python3-venv", "PIP_CONSTRAINT= pip install x",
    "arch -arm64 python3 -m venv .venv",
])
def test_commands(text):
    assert is_command(text)


@pytest.mark.parametrize("text", [
    "pip", "python -m pip", "python -m venv", "python -c", "python -m", ".venv/bin/python", "pip.conf",
    "python=3.9", "--user", "tensorflow==2.13.1", "import tensorflow", "pip-python-mismatch", "sys.path",
])
def test_not_commands(text):
    assert not is_command(text)


@pytest.mark.parametrize("text", [
    "python -m pip install --upgrade tensorflow",  # part of a line, whole words
    "pip install --upgrade",
    "python -m pip uninstall --yes NAME",  # a placeholder in capitals
    'python -c "import NAME; print(NAME.__version__, NAME.__file__)"',
    "python -m pip debug --verbose",
    "python -m pip install … example-lib",  # an ellipsis spans words
    "source  .venv/bin/activate",  # spacing is free
])
def test_found_in_step_lines(text):
    assert find(text, STEP)


@pytest.mark.parametrize("text", [
    "python -m pip uninstall --user NAME",  # pip has no such option: never ran
    "pip install --upgrade tensorflow-gpu",  # a prefix of a word is not a match
    "python -m pip cache dir",
    "pip install tensorflow",  # `tensorflow` must end at a word boundary of the line
])
def test_not_found(text):
    assert not find(text, STEP + ["python -m pip install tensorflow==2.13.1"])


def test_spans_skip_fenced_blocks_and_may_wrap_lines():
    page = ["Run `python -m pip cache", "remove NAME` to purge.", "", "```bash", "`pip install x`", "```", "and `pip list`."]
    spans = [(s.line, s.text) for s in code_spans(page)]
    assert spans == [(1, "python -m pip cache remove NAME"), (7, "pip list")]


def test_double_backtick_spans():
    assert [s.text for s in code_spans(["Use ``python -c \"print(`x`)\"`` here."])] == ['python -c "print(`x`)"']
