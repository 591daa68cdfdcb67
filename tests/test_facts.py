"""Facts from the index in page prose: rendered from the recorded data with its date, or the build fails."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_repo, tooling_env, make_record

from installdoctor import results
from installdoctor.site import facts

SAMPLE = json.loads((REPO / "tests/fixtures/tables-sample.json").read_text())
OUT = "snippets/no-compatible-wheel/live/02-macos-intel.out"
PRINTED = "tensorflow (2.16.2)\nAvailable versions: 2.16.2, 2.16.1\n"


def sample_facts(printed: str = PRINTED, tables: dict = SAMPLE) -> facts.Facts:
    return facts.Facts(tables, lambda output: (printed, "2026-11-20") if output == OUT else None)


PAGE = """# A page

The newest TensorFlow is {{ fact.newest.tensorflow }}; on Python 3.8 pip installs
{{ table("tensorflow", "3.8", "linux-x86_64") }}. tensorflow-text {{ fact.newest.tensorflow-text }}
requires {{ fact.requires.tensorflow-text }}. Intel Macs stop at {{ live("%s", "tensorflow \\((.+)\\)") }}.
""" % OUT


def test_each_fact_renders_its_value_with_where_and_when_it_was_recorded():
    text = facts.render("guides/x.md", PAGE, sample_facts())
    assert ('The newest TensorFlow is <span class="idoc-fact" title="recorded from pypi.org on 2026-11-25">2.21.0</span>'
            ' <small class="idoc-fact-date">(pypi.org, 2026-11-25)</small>;') in text
    assert ">2.13.1</span>" in text
    assert ">tensorflow&lt;2.22,&gt;=2.21.0</span>" in text and ">2.21.1</span>" in text
    assert ">2.16.2</span> <small class=\"idoc-fact-date\">(pypi.org, 2026-11-20)</small>" in text
    assert "{{" not in text


def test_a_changed_recording_changes_the_page():
    changed = json.loads(json.dumps(SAMPLE))
    changed["packages"]["tensorflow"]["newest"] = "2.22.0"
    changed["generated"] = "2026-12-01"
    text = facts.render("guides/x.md", PAGE, sample_facts("tensorflow (2.17.0)\n", changed))
    assert ">2.22.0</span> <small class=\"idoc-fact-date\">(pypi.org, 2026-12-01)</small>" in text
    assert ">2.17.0</span>" in text and "2.16.2" not in text


@pytest.mark.parametrize("placeholder, message", [
    ("{{ fact.newest.tensorflw }}", "docs/guides/x.md:3: unknown fact `newest.tensorflw`"),
    ("{{ fact.latest.tensorflow }}", "docs/guides/x.md:3: unknown fact `latest.tensorflow`"),
    ('{{ table("tensorflow", "3.7", "linux-x86_64") }}', 'docs/guides/x.md:3: unknown table cell ("tensorflow", "3.7"'),
    ('{{ table("tensorflow", "3.14", "linux-x86_64") }}', "is pre: only a pre-release: 2.22.0rc0"),
    ('{{ table("tensorflow", "3.8", "macos-x86_64") }}', "is unknown: timed out"),
    ('{{ cell("tensorflow", "3.8", "macos-x86_64") }}', "was not measured: timed out"),
    ('{{ cell("tensorflow", "3.7", "linux-x86_64") }}', 'unknown table cell ("tensorflow", "3.7"'),
    ('{{ live("%s", "torch \\\\((.+)\\\\)") }}' % OUT, "does not match what `%s` printed on 2026-11-20" % OUT),
    ('{{ live("snippets/x/live/01.out", "x") }}', "`snippets/x/live/01.out` has no current passing run"),
    ("{{ fact.newest.tensorflow", "docs/guides/x.md:3: `{{ fact.newest.tensorflow.` is not a fact placeholder"),
])
def test_an_unknown_or_contradicted_fact_is_an_error_naming_page_and_line(placeholder, message):
    with pytest.raises(facts.FactError) as raised:
        facts.render("guides/x.md", f"# A page\n\nIt is {placeholder}.\n", sample_facts())
    assert message in str(raised.value)


def test_a_cell_says_every_measured_status_in_words():
    said = facts.render("guides/x.md", '{{ cell("tensorflow", "3.14", "linux-x86_64") }} and '
                                       '{{ cell("tensorflow", "3.8", "linux-x86_64") }}', sample_facts())
    assert ">2.22.0rc0, a pre-release</span>" in said
    assert ">2.13.1</span>" in said


def test_a_page_without_placeholders_is_untouched_and_reads_nothing():
    text = "# A page\n\n{{ compatibility_tables }} and {{ doctor.sha256 }}\n"
    assert facts.render_page("x.md", text, records=None, sha256_of=None) == text


def _live_record(root: Path, output: str, date: str) -> results.Record:
    step, scenario = output.removesuffix(".out") + ".sh", str(Path(output).parent / "scenario.toml")
    sha = results.file_hasher(root)
    return make_record(snippet=step, expected=output, scenario=scenario, sha256=sha(step),
                       expected_sha256=sha(output), scenario_sha256=sha(scenario), date=date, platform="linux")


CONFIG = """\
site_name: facts test
strict: true
hooks: [scripts/installdoctor/site/mkdocs_hook.py]
"""


def build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=tooling_env(root),
                          capture_output=True, text=True)


@pytest.mark.slow
def test_in_a_real_build_the_page_follows_the_recording_and_an_unknown_fact_fails(tmp_path):
    root = copy_repo(tmp_path / "repo")
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "docs/tables").mkdir(parents=True)
    (root / "docs/tables/data.json").write_text(json.dumps(SAMPLE))
    saved = root / ".verified/outputs" / OUT
    saved.parent.mkdir(parents=True)
    saved.write_text(PRINTED)
    results.save(root / ".verified/results.json", [_live_record(root, OUT, "2026-11-20")])
    (root / ".verified/logs").mkdir()  # the hook copies logs and results into the site
    page = root / "docs/index.md"
    page.write_text(PAGE)
    assert build(root).returncode == 0
    html = (root / "site/index.html").read_text()
    assert ">2.16.2</span>" in html and ">2.21.0</span>" in html

    saved.write_text("tensorflow (2.17.0)\n")  # the next live run recorded another answer
    assert build(root).returncode == 0
    html = (root / "site/index.html").read_text()
    assert ">2.17.0</span>" in html and "2.16.2" not in html

    page.write_text(PAGE + "\nAnd {{ fact.newest.tensorflw }}.\n")
    done = build(root)
    assert done.returncode != 0
    assert "docs/index.md:7: unknown fact `newest.tensorflw`" in done.stderr
