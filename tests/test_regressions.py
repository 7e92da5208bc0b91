"""Failures found by the property tests and the bad-input corpus (issue 8), kept as plain tests.

Each test names the example that failed before the fix at its root.
"""
from __future__ import annotations

import copy

import pytest

from docx_reading import opens, strict_parse_all
from rfpgen.documents.build import render_documents
from rfpgen.validation import project_from_data, validate_bytes
from rfpgen.yamlio import MAX_DEPTH, dump, parse, parse_bytes

MINIMAL = {"schema_version": 1,
           "project": {"id": "A", "title": "T", "client": {"name": "C"}, "language": "ja", "version": "0"},
           "evaluation": {"criteria": [{"id": "B", "name": "N", "weight": 100}], "price": {"formula": "relative_to_lowest"}}}


@pytest.mark.parametrize("value", ["\x85", "a\x85b", "a\n\x85b", "\x85\n", "a\u2028b", "x\u2029", "a\u2028\nb"])
def test_dump_escapes_the_characters_yaml_reads_as_line_breaks(value):
    # before: dump({'basis': '\x85'}) wrote NEL raw inside quotes; it read back as ' ' (found by
    # test_project_files_survive_dump_and_load_unchanged with evaluation.price.basis = '\x85')
    data = {"k": value, value: "as a key"}
    doc, problems = parse(dump(data))
    assert problems == [] and doc.data == data


def test_a_project_saved_by_the_wizard_with_nel_validates_to_the_same_text():
    data = copy.deepcopy(MINIMAL)
    data["evaluation"]["price"]["basis"] = "total\x85price"
    assert project_from_data(data).data["evaluation"]["price"]["basis"] == "total\x85price"


@pytest.mark.parametrize("field", ["title", "client"])
def test_documents_build_when_a_title_or_client_name_exceeds_255_characters(tmp_path, field):
    # before: python-docx raised ValueError ("exceeded 255 char limit for property") while setting
    # the core properties, a traceback from `rfpgen build` (found with client.name = '0 ' * 128)
    data = copy.deepcopy(MINIMAL)
    long = "名" * 300 + " & <x>"
    if field == "title":
        data["project"]["title"] = long
    else:
        data["project"]["client"]["name"] = long
    rendered = render_documents(project_from_data(data), tmp_path)
    for blob in rendered.values():
        strict_parse_all(blob)
        document = opens(blob)
        prop = document.core_properties.title if field == "title" else document.core_properties.author
        assert prop == long[:255]


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000, "a: " + "{a: " * 3000 + "1" + "}" * 3000,
                                  "\n".join("  " * i + f"k{i}:" for i in range(400)) + " 1"])
def test_deep_nesting_is_refused_with_a_place_not_a_recursion_error(text):
    # before: RecursionError traceback from PyYAML's recursive composer
    doc, problems = parse(text, "deep.yaml")
    assert doc is None
    assert len(problems) == 1 and f"nested more than {MAX_DEPTH} levels deep" in problems[0].message
    assert problems[0].line == 1 or problems[0].line > 40


def test_nesting_up_to_the_limit_is_read():
    text = "a: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2)
    doc, problems = parse(text)
    assert problems == [] and doc.data["a"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_named(encoding):
    # before: "YAML syntax error: unacceptable character #x0000 ... position 1" at 1:1
    doc, problems = parse_bytes("schema_version: 1\nproject: {}\n".encode(encoding), "u16.yaml")
    assert doc is None and problems[0].message == "the file is UTF-16 text without a byte-order mark; save it as UTF-8"


@pytest.mark.parametrize("char,name", [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\ufffe", "U+FFFE")])
def test_a_control_character_is_placed_on_its_line_and_column(char, name):
    # before: placed at 1:1 with PyYAML's '<unicode string>, position N'
    doc, problems = parse_bytes(f"a: 1\nb: x{char}y\n".encode("utf-8"), "c.yaml")
    assert doc is None
    assert (problems[0].line, problems[0].column) == (2, 5)
    assert name in problems[0].message and "position" not in problems[0].message


def test_binary_with_nul_bytes_is_binary_even_if_it_decodes_as_shift_jis():
    raw = "コールセンター".encode("cp932") + b"\x00\x01\x02\xff"
    doc, problems = parse_bytes(raw, "b.yaml")
    assert "binary file" in problems[0].message and "Shift_JIS" not in problems[0].message


def test_an_unknown_encoding_still_advises_utf8():
    doc, problems = parse_bytes("name: Société\n".encode("latin-1"), "l.yaml")
    assert problems[0].message.endswith("Save it as UTF-8.")


def test_an_unclosed_quote_is_pointed_out():
    text = 'a: "open\nb: 1\nc: "x"\n'
    doc, problems = parse(text, "q.yaml")
    assert "the quoted text that begins on line 1 runs on to line 3: is a closing quote missing?" in problems[0].message


def test_a_multiline_quote_that_is_closed_gets_no_quote_hint():
    text = 'a: "one\n  two"\nb: [1\n'
    doc, problems = parse(text, "q.yaml")
    assert "closing quote" not in problems[0].message


def _validate(text: str):
    return validate_bytes(text.encode("utf-8"), "v.yaml")[1]


BASE = dump(MINIMAL)


def test_a_date_written_with_slashes_gets_one_message_not_two():
    # before: "'2027/04/01' is not a real calendar date" as well as the format message
    problems = _validate(BASE.replace("  version: '0'\n", "  version: '0'\n  date: 2027/04/01\n"))
    assert [p.message for p in problems] == ["must be a date written YYYY-MM-DD, e.g. 2027-04-01 (got the text '2027/04/01')"]


def test_an_invalid_opening_time_is_not_compared_as_text():
    # before: "closing time 18:00 is not after opening time 9:00" ('18:00' < '9:00' as text)
    text = BASE + "operations:\n  opening_hours:\n    weekly:\n      - days: [mon]\n        open: 9:00\n        close: '18:00'\n"
    problems = _validate(text)
    assert len(problems) == 1 and "must be a time written HH:MM" in problems[0].message


def test_docxtpl_escape_sequences_in_user_text_print_as_typed(tmp_path):
    # before: docxtpl turned `{_{` `}_}` `{_%` `%_}` in the rendered XML into `{{` `}}` `{%` `%}`,
    # so a title "x {_{ y" printed as "x {{ y" (found while reading docxtpl for the property tests)
    from docx_reading import full_text

    data = copy.deepcopy(MINIMAL)
    typed = "x {_{ y }_} {_% z %_} & <a> _ &#95;"
    data["project"]["title"] = typed
    data["evaluation"]["criteria"][0]["name"] = typed
    for blob in render_documents(project_from_data(data), tmp_path).values():
        text = full_text(blob)
        assert typed in text and "{{" not in text and "{%" not in text


def test_cached_templates_render_each_context_afresh(tmp_path):
    # the compiled-template cache (render.py) must never carry one document's text into the next
    from docx_reading import full_text

    outputs = []
    for title in ("First title", "Second title"):
        data = copy.deepcopy(MINIMAL)
        data["project"]["title"] = title
        outputs.append(full_text(next(iter(render_documents(project_from_data(data), tmp_path).values()))))
    assert "First title" in outputs[0] and "Second title" not in outputs[0]
    assert "Second title" in outputs[1] and "First title" not in outputs[1]
