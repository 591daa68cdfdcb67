from installdoctor.verify.matching import diff, matches, reconcile


def test_literal_lines_must_match_exactly():
    assert matches("a\nb\n", "a\nb\n")
    assert not matches("a\nb\n", "a\nc\n")
    assert not matches("a\n", "a\nb\n")


def test_wildcard_matches_any_run_of_lines_including_none():
    assert matches("a\n...\nd\n", "a\nb\nc\nd\n")
    assert matches("a\n...\nd\n", "a\nd\n")
    assert matches("...\n", "")
    assert not matches("a\n...\nd\n", "a\nb\nc\n")


def test_reconcile_keeps_expected_text_when_it_matches():
    assert reconcile("a\n...\n", "a\nb\nc\n") == "a\n...\n"


def test_reconcile_keeps_a_wildcard_that_still_stands_between_matching_lines():
    assert reconcile("a\n...\nd\ne\n", "a\nb\nc\nd\nf\n") == "a\n...\nd\nf\n"


def test_reconcile_writes_actual_text_where_nothing_was_expected():
    assert reconcile("", "x\n") == "x\n"


def test_diff_shows_only_real_differences():
    text = diff("a\n...\nd\ne\n", "a\nb\nc\nd\nf\n", "x.out")
    assert "-e\n" in text and "+f\n" in text
    assert "+b" not in text  # absorbed by the wildcard
    assert text.startswith("--- x.out (expected)")


def test_reconcile_keeps_a_wildcard_next_to_a_changed_line():
    assert reconcile("Python 3.8.0\n...\nend\n", "Python 3.8.18\nWARNING: x\nend\n") == "Python 3.8.18\n...\nend\n"


def test_regex_lines_match_one_whole_line_and_survive_an_update():
    from installdoctor.verify import matching

    expected = "Collecting tensorflow\nWould install tensorflow-2\\.2\\d\\.\\d+ (re)\n"
    assert matching.matches(expected, "Collecting tensorflow\nWould install tensorflow-2.21.0\n")
    assert not matching.matches(expected, "Collecting tensorflow\nWould install tensorflow-2.13.1\n")
    assert not matching.matches(expected, "Collecting tensorflow\nWould install tensorflow-2.21.0 and more\n")
    updated = matching.reconcile(expected, "Collecting tensorflow (cached)\nWould install tensorflow-2.22.0\n")
    assert updated == "Collecting tensorflow (cached)\nWould install tensorflow-2\\.2\\d\\.\\d+ (re)\n"
