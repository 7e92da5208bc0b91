"""The safe loader: what it refuses, what it keeps as text, and where it says the problem is."""
from __future__ import annotations

import time

import pytest

from conftest import EXAMPLES, MINIMAL_HEAD, MINIMAL_TAIL
from rfpgen.validation import validate_bytes, validate_file
from rfpgen.yamlio import MAX_FILE_BYTES, dump, parse, parse_bytes, read

VALID_HEAD, VALID_TAIL = MINIMAL_HEAD, MINIMAL_TAIL


def only_error(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].severity == "error"
    return problems[0]


# ------------------------------------------------------------------ aliases, anchors, size

def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once():
    text = billion_laughs()  # 10**10 strings if expanded
    assert len(text) < 1000
    started = time.perf_counter()
    doc, problems = parse(text, "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert doc is None
    problem = only_error(problems)
    assert (problem.line, problem.column) == (1, 7)
    assert "anchors (&name) are not allowed" in problem.message
    assert elapsed < 0.1


def test_alias_bomb_file_is_refused_by_the_cli_quickly(cli, write_yaml):
    path = write_yaml(billion_laughs(12))
    started = time.perf_counter()
    result = cli("validate", path)
    assert time.perf_counter() - started < 1.0
    assert result.exit_code == 1
    assert f"{path}:1:7:" in result.stderr and "anchors" in result.stderr


def test_alias_without_anchor_is_refused_as_an_alias():
    doc, problems = parse("a: 1\nb: *a\n")
    assert doc is None
    problem = only_error(problems)
    assert problem.line == 2 and "aliases (*name) are not allowed" in problem.message


def test_anchor_on_an_ordinary_value_is_refused_too():
    doc, problems = parse(VALID_HEAD.replace("title: Demo", "title: &t Demo"))
    assert doc is None
    assert only_error(problems).line == 4


def test_oversized_file_is_refused_before_it_is_read(write_yaml):
    path = write_yaml(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert path.stat().st_size > MAX_FILE_BYTES
    started = time.perf_counter()
    doc, problems = read(path)
    assert time.perf_counter() - started < 0.5
    assert doc is None
    problem = only_error(problems)
    assert "project files are limited to 10 MB" in problem.message
    # uploads go through parse_bytes and meet the same limit
    assert parse_bytes(path.read_bytes(), "upload.yaml")[0] is None


def test_the_limit_is_inclusive(write_yaml, monkeypatch):
    # parsing 10 MB of YAML takes seconds, so the boundary is checked against a smaller limit
    import rfpgen.yamlio as yamlio

    body = (VALID_HEAD + VALID_TAIL).encode()
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", len(body))
    project, problems = validate_file(write_yaml(body, "at-limit.yaml"))
    assert problems == [] and project is not None
    project, problems = validate_file(write_yaml(body + b"\n", "over-limit.yaml"))
    assert project is None and "limited to" in only_error(problems).message
    assert parse_bytes(body + b"\n", "upload.yaml")[0] is None


# ------------------------------------------------------------------ YAML 1.1 traps keep their type

def test_yaml_1_1_values_stay_text():
    doc, problems = parse(
        "a: no\nb: yes\nc: on\nd: 012\ne: 12:30\nf: 2027-04-01\ng: 0x1F\nh: 1_000\ni: 0o17\n"
        "j: true\nk: 12\nl: 1.5\nm: ~\nn: -3\no: 1e3\n")
    assert problems == []
    assert doc.data == {"a": "no", "b": "yes", "c": "on", "d": "012", "e": "12:30", "f": "2027-04-01",
                        "g": "0x1F", "h": "1_000", "i": "0o17", "j": True, "k": 12, "l": 1.5, "m": None,
                        "n": -3, "o": 1000.0}
    assert isinstance(doc.data["k"], int) and not isinstance(doc.data["k"], bool)


def test_no_where_a_boolean_is_expected_gets_a_clear_error():
    text = VALID_HEAD + VALID_TAIL.replace("      weight: 100\n", "      weight: 100\n      mandatory: no\n")
    project, problems = validate_bytes(text.encode(), "p.yaml")
    problem = only_error(problems)
    assert (problem.line, problem.path) == (14, "evaluation.criteria[0].mandatory")
    assert problem.message == "expected true or false, got the text 'no'; write true or false"


def test_leading_zero_number_gets_a_clear_error():
    text = VALID_HEAD + VALID_TAIL.replace("weight: 100", "weight: 0100")
    problem = only_error(validate_bytes(text.encode(), "p.yaml")[1])
    assert (problem.line, problem.column) == (13, 15)
    assert "expected a number, got the text '0100'; numbers must not start with 0" == problem.message


def test_unquoted_time_stays_a_valid_time_but_is_not_a_number():
    text = VALID_HEAD + """\
operations:
  opening_hours:
    weekly:
      - days: [mon]
        open: 09:00
        close: 12:30
  kpis:
    aht_seconds: 5:30
""" + VALID_TAIL
    problem = only_error(validate_bytes(text.encode(), "p.yaml")[1])
    assert (problem.line, problem.path) == (16, "operations.kpis.aht_seconds")
    assert "expected a number, got the text '5:30'" in problem.message


def test_unquoted_dates_stay_text_and_unquoted_versions_are_caught():
    text = VALID_HEAD.replace('version: "1.0"', "version: 1.0\n  date: 2027-04-01") + VALID_TAIL
    doc, _ = parse(text)
    assert doc.data["project"]["date"] == "2027-04-01"
    problem = only_error(validate_bytes(text.encode(), "p.yaml")[1])
    assert (problem.line, problem.path) == (8, "project.version")
    assert problem.message == "expected text, got the number 1.0; put it in quotes: '1.0'"


def test_explicit_python_tag_is_refused_even_on_a_list():
    doc, problems = parse("a: !!python/object/apply:os.system ['echo hi']\n")
    problem = only_error(problems)
    assert (problem.line, problem.column, problem.path) == (1, 4, "a")
    assert problem.message == "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write a plain value"


@pytest.mark.parametrize("text", ["a: !!set {x, y}\n", "a: !!omap [b: 1]\n", "a: !custom x\n"])
def test_other_tags_are_refused(text):
    assert "is not allowed" in only_error(parse(text)[1]).message


@pytest.mark.parametrize("text, value", [("a: !!str 12\n", "12"), ("a: !!int '12'\n", 12), ("a: !!float 12\n", 12.0)])
def test_standard_tags_that_fit_their_value_are_read(text, value):
    doc, problems = parse(text)
    assert problems == [] and doc.data["a"] == value and type(doc.data["a"]) is type(value)


@pytest.mark.parametrize("text", ["a: !!int 0x1F\n", "a: !!bool yes\n", "a: !!float abc\n"])
def test_standard_tags_that_do_not_fit_their_value_are_errors_not_crashes(text):
    assert "does not fit the tag" in only_error(parse(text)[1]).message


def test_a_tag_error_makes_the_file_invalid():
    text = VALID_HEAD.replace("title: Demo", "title: !!binary RGVtbw==") + VALID_TAIL
    project, problems = validate_bytes(text.encode(), "p.yaml")
    assert project is None and any("binary" in p.message for p in problems)


def test_explicit_timestamp_tag_is_refused():
    doc, problems = parse("a: !!timestamp 2027-04-01\n")
    problem = only_error(problems)
    assert "the tag 'tag:yaml.org,2002:timestamp' is not allowed" in problem.message


# ------------------------------------------------------------------ structure problems

def test_duplicate_key_names_both_lines():
    text = VALID_HEAD.replace("  title: Demo\n", "  title: Demo\n  title: Demo again\n") + VALID_TAIL
    project, problems = validate_bytes(text.encode(), "p.yaml")
    problem = only_error(problems)
    assert project is None
    assert (problem.line, problem.column, problem.path) == (5, 3, "project.title")
    assert "'title' appears twice in the same place (first on line 4)" in problem.message


def test_complex_key_is_refused():
    doc, problems = parse("? [a, b]\n: c\n")
    assert only_error(problems).message == "a key must be a plain word, not a list or mapping"


@pytest.mark.parametrize("text, line, words", [
    ('project:\n  title: "unterminated\n  id: x\n', 4, "YAML syntax error"),
    ("a:\n  b: 1\n c: 2\n", 3, "YAML syntax error"),
    ("a: 1\n  b: 2\n", 2, "YAML syntax error"),
    ("a: 1\n\tb: 2\n", 2, "YAML syntax error"),
    ("a: [1, 2\nb: 3\n", 2, "YAML syntax error"),
    ("a: 1\n---\nb: 2\n", 2, "YAML syntax error"),
])
def test_syntax_errors_point_at_their_line(text, line, words):
    doc, problems = parse(text, "bad.yaml")
    assert doc is None
    problem = only_error(problems)
    assert problem.line == line and words in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text):
    doc, problems = parse(text)
    assert doc is None
    assert only_error(problems).message == "the file is empty"


@pytest.mark.parametrize("text", ["---\n", "~\n", "null\n"])
def test_a_document_holding_nothing_is_invalid(text):
    project, problems = validate_bytes(text.encode(), "p.yaml")
    assert project is None
    assert only_error(problems).message == "expected a group of fields, got nothing"


def test_top_level_list_is_a_schema_error_not_a_crash():
    project, problems = validate_bytes(b"- a\n- b\n", "list.yaml")
    assert project is None
    assert only_error(problems).message == "expected a group of fields, got a list"


# ------------------------------------------------------------------ encodings and binary files

def test_shift_jis_file_is_named_as_such(write_yaml):
    text = VALID_HEAD.replace("title: Demo", "title: 受注センター運営業務委託") + VALID_TAIL
    path = write_yaml(text.encode("cp932"))
    doc, problems = read(path)
    assert doc is None
    problem = only_error(problems)
    assert problem.line == 4
    assert "not UTF-8" in problem.message and "Shift_JIS" in problem.message and "save it as UTF-8" in problem.message


def test_binary_garbage_is_named_as_such(write_yaml):
    path = write_yaml(bytes(range(256)) * 8)
    doc, problems = read(path)
    assert doc is None
    assert "binary file" in only_error(problems).message


def test_utf8_with_bom_and_utf16_are_read(write_yaml):
    text = VALID_HEAD.replace("title: Demo", "title: 受注センター") + VALID_TAIL
    for name, raw in (("bom.yaml", b"\xef\xbb\xbf" + text.encode("utf-8")), ("u16.yaml", text.encode("utf-16"))):
        project, problems = validate_file(write_yaml(raw, name))
        assert problems == [] and project.data["project"]["title"] == "受注センター"


def test_missing_file_and_folder(tmp_path):
    assert only_error(read(tmp_path / "nope.yaml")[1]).message == "no such file"
    assert "folder" in only_error(read(tmp_path)[1]).message


# ------------------------------------------------------------------ locations and writing

def test_every_value_knows_its_line_and_column():
    doc, _ = parse(VALID_HEAD + VALID_TAIL)
    assert doc.where(("project", "client", "name")) == (6, 11)
    assert doc.where(("project", "client", "name"), key=True) == (6, 5)
    assert doc.where(("evaluation", "criteria", 0)) == (11, 7)
    assert doc.where(("evaluation", "criteria", 0, "weight")) == (13, 15)
    # a path that does not exist falls back to its nearest ancestor
    assert doc.where(("evaluation", "criteria", 0, "anchors", 3)) == (11, 7)


def test_dump_quotes_text_that_would_read_back_as_something_else():
    data = {"a": "no", "b": "012", "c": "true", "d": "1.0", "e": "", "f": "null", "g": "line 1\nline 2",
            "h": "受注センター", "i": 3, "j": False, "k": None, "l": "2027-04-01"}
    text = dump(data)
    assert "受注センター" in text  # readable, not escaped
    doc, problems = parse(text)
    assert problems == [] and doc.data == data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_read_back_identically_after_dump(path):
    doc, _ = read(path)
    again, problems = parse(dump(doc.data))
    assert problems == [] and again.data == doc.data
