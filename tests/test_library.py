"""The requirement library: its data, the Python API and `rfpgen library ...` / `rfpgen init --with-library`."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from rfpgen import library as lib
from rfpgen.project import PART_BY_KEY, PARTS
from rfpgen.resources import load_schema
from rfpgen.validation import validate_file
from rfpgen.yamlio import parse

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted((ROOT / "rfpgen" / "library" / "data").glob("*.yaml"))
EXAMPLES = {p.name: p for p in (ROOT / "examples").glob("*.yaml")}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

TEN = ["OPS-CPL-03", "SYS-PCI-01", "SYS-BCP-01", "PRC-SLA-02", "APR-CHG-04", "SCP-SPT-01", "OVW-OBJ-02",
       "WRK-VOL-02", "PPL-WEL-01", "OPS-KNW-03"]

MINI = """\
# a small project with parts in every shape the inserter must handle
schema_version: 1
project:
  id: mini
  title: Mini
  client: {name: Client}   # flow style
  language: en
  version: "1"

scope:
  outsourced: [Phone orders]
  requirements:
  - id: SCP-001
    priority: must
    text: |
      Keep it simple.

  # SCP-0xx: more to come

overview:
  background: Something
# people: roles to be decided
people: {}  # later
systems:
  requirements: []   # to be filled
evaluation:
  criteria:
    - id: C1
      name: Quality
      weight: 100
  price:
    formula: relative_to_lowest
"""


def _example(name: str, tmp_path: Path) -> Path:
    """A copy of an example project, or of the small fixture when the example is not there."""
    source = EXAMPLES.get(name)
    target = tmp_path / name
    if source is None:
        target.write_text(MINI.replace("language: en", f"language: {name[:2]}"), encoding="utf-8")
    else:
        shutil.copy(source, target)
    return target


def _requirements(data) -> list[dict]:
    return [item for part in PARTS for item in ((data.get(part.key) or {}).get("requirements") or [])]


# ---------------------------------------------------------------- the data


def test_every_data_file_matches_the_library_schema():
    validator = Draft202012Validator(load_schema("library"))
    assert {p.stem for p in DATA_FILES} == set(PART_BY_KEY), "one data file per part"
    for path in DATA_FILES:
        doc, problems = parse(path.read_text(encoding="utf-8"), str(path))
        assert doc is not None, problems
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc.data)]
        assert not errors, f"{path.name}: {errors}"
        assert doc.data["part"] == path.stem


def test_library_size_ids_and_parts():
    entries = lib.entries()
    assert len(entries) >= 120
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)), "library ids must be unique"
    assert {e.part for e in entries} == set(PART_BY_KEY), "every part has entries"
    project_pattern = re.compile(load_schema("project")["$defs"]["requirement"]["properties"]["library_id"]["pattern"])
    for entry in entries:
        assert project_pattern.match(entry.id), f"{entry.id} does not fit the project schema's library_id"
        assert entry.id.startswith(PART_BY_KEY[entry.part].prefix + "-"), f"{entry.id} is filed under {entry.part}"


def test_both_languages_are_written_out():
    for entry in lib.entries():
        for field in [entry.text] + ([entry.look_for] if entry.withhold_candidate else []):
            assert field["ja"].strip() and field["en"].strip(), entry.id
            assert JAPANESE.search(field["ja"]), f"{entry.id}: the Japanese text has no Japanese"
            assert not JAPANESE.search(field["en"]), f"{entry.id}: the English text contains Japanese"
        assert entry.text["ja"].rstrip().endswith("。"), f"{entry.id}: a requirement sentence ends with 。"
        assert entry.text["en"].rstrip().endswith((".", ")")), entry.id
        assert "TODO" not in entry.text["en"] and "TBD" not in entry.text["en"], entry.id


def test_withhold_candidates_and_tags():
    candidates = [e for e in lib.entries() if e.withhold_candidate]
    assert len(candidates) >= 10
    assert all(e.look_for for e in candidates)
    topics = set(lib.tag_groups()["topic"])
    for entry in lib.entries():
        assert topics & set(entry.tags), f"{entry.id} needs at least one topic tag"
    # the domain's classic withholding candidates are offered as such
    for topic in ("bcp", "pci-dss", "knowledge", "attrition", "exit", "escalation"):
        assert any(topic in e.tags for e in candidates), topic


def test_essentials_set_is_a_sensible_start():
    essentials = lib.set_entries("essentials")
    assert 25 <= len(essentials) <= 35
    assert {e.part for e in essentials} == set(PART_BY_KEY)


@pytest.mark.parametrize("words, expected", [
    ("6W3H", "OPS-CPL-01"),
    ("48時間", "OPS-INC-03"),
    ("24 hours first reply", "WRK-CHN-01"),
    ("dtmf", "SYS-PCI-01"),
    ("ＤＴＭＦ　マスキング", "SYS-PCI-01"),  # full-width letters and an ideographic space
    ("RTO rpo", "SYS-BCP-01"),
    ("earns back", "PRC-SLA-02"),
    ("キャリブレーション", "OPS-QA-03"),
])
def test_search_covers_both_languages(words, expected):
    assert expected in [e.id for e in lib.find(search=words)]


def test_filters_combine():
    ops = lib.find(part="operations")
    assert ops and all(e.part == "operations" for e in ops)
    both = lib.find(tags=["complaints", "escalation"])
    assert both and all({"complaints", "escalation"} <= set(e.tags) for e in both)
    assert lib.find(search="pci zzzz-nothing") == []
    assert all(e.withhold_candidate for e in lib.find(withhold_candidate=True))
    with pytest.raises(lib.LibraryError, match="unknown tag"):
        lib.find(tags=["nope"])
    with pytest.raises(lib.LibraryError, match="unknown part"):
        lib.find(part="nope")


def test_the_english_is_spelt_the_american_way_throughout():
    """One spelling in the data (the library module says which); projects get theirs on insertion."""
    from rfpgen.words import other_spellings

    for entry in lib.entries():
        for field in [entry.text] + ([entry.look_for] if entry.look_for else []):
            assert other_spellings(field["en"], "en-US") == [], entry.id


def test_a_british_spelling_finds_the_american_text():
    assert "SYS-PCI-01" in [e.id for e in lib.find(search="centre")]


# ---------------------------------------------------------------- into a project (API)


def test_to_requirement_in_each_language():
    entry = lib.get("sys-bcp-01")  # ids are case-insensitive on the way in
    ja = lib.to_requirement(entry, "ja", "SYS-010")
    assert ja == {"id": "SYS-010", "text": entry.text["ja"], "priority": "must", "withhold": False,
                  "look_for": entry.look_for["ja"], "library_id": "SYS-BCP-01"}
    en = lib.to_requirement(lib.get("APR-CHG-01"), "en", "APR-002")
    assert en["text"].startswith("Changes to scope") and "look_for" not in en


def test_fresh_ids_never_reuse_an_id_anywhere_in_the_file():
    data = {"project": {"id": "p", "language": "en"},
            "operations": {"requirements": [{"id": "OPS-001"}, {"id": "OPS-012"}]},
            "evaluation": {"criteria": [{"id": "OPS-013"}]}}
    assert lib.next_requirement_id(data, "operations") == "OPS-014"
    assert lib.next_requirement_id(data, "systems") == "SYS-001"
    assert lib.next_requirement_id(data, "operations", taken={"OPS-014"}) == "OPS-015"


def test_add_to_data_for_the_wizard():
    data = {"project": {"id": "p", "language": "ja"},
            "operations": {"requirements": [{"id": "OPS-001", "text": "x", "priority": "must"}]}}
    new, added = lib.add_to_data(data, ["OPS-CPL-01", "OPS-KPI-01", "SYS-DAT-01"])
    assert [a.requirement_id for a in added] == ["OPS-002", "OPS-003", "SYS-001"]
    assert new["operations"]["requirements"][1]["library_id"] == "OPS-CPL-01"
    assert new["systems"]["requirements"][0]["text"] == lib.get("SYS-DAT-01").text["ja"]
    assert len(data["operations"]["requirements"]) == 1 and "systems" not in data, "the input is not modified"
    with pytest.raises(lib.DuplicateLibraryEntry) as dup:
        lib.add_to_data(new, ["OPS-KPI-01"])
    assert "OPS-KPI-01 is already in the project as OPS-003" in str(dup.value)
    assert "OPS-003" in dup.value.message("ja")
    with pytest.raises(lib.DuplicateLibraryEntry, match="more than once"):
        lib.add_to_data(data, ["OPS-KPI-02", "ops-kpi-02"])
    with pytest.raises(lib.UnknownLibraryEntry, match="did you mean OPS-KPI-01"):
        lib.add_to_data(data, ["OPS-KPI-1"])
    again, skipped = lib.add_to_data(new, ["OPS-KPI-01", "OPS-KPI-02"], skip_existing=True)
    assert [a.entry.id for a in skipped] == ["OPS-KPI-02"]


def test_add_to_text_handles_every_shape_of_part():
    new_text, added = lib.add_to_text(MINI, ["SCP-SCO-04", "OVW-OBJ-01", "WRK-CHN-02", "PPL-HIR-02",
                                             "OPS-QA-03", "SYS-DAT-01", "PRC-PAY-01", "APR-CHG-05"])
    doc, problems = parse(new_text)
    assert not problems
    assert [a.requirement_id for a in added] == ["SCP-002", "OVW-001", "WRK-001", "PPL-001", "OPS-001",
                                                 "SYS-001", "PRC-001", "APR-001"]
    comments = [line.split("#", 1)[1] for line in MINI.splitlines() if "#" in line]
    assert all(comment in new_text for comment in comments)
    # new sections come in document order, before the evaluation section
    order = [m.group(1) for m in re.finditer(r"^([a-z_]+):", new_text, re.M)]
    assert order == ["schema_version", "project", "scope", "overview", "work_definition", "people", "operations",
                     "systems", "pricing", "approval", "evaluation"]
    # the scope item follows the existing one, the comment after it stays
    assert new_text.index("id: SCP-002") < new_text.index("# SCP-0xx: more to come")
    assert "people:  # later" in new_text and "requirements:   # to be filled" in new_text
    from rfpgen.validation import check_document
    project, problems = check_document(doc)
    assert project is not None, problems


def test_add_to_text_keeps_crlf_and_a_missing_final_newline():
    text = MINI.replace("\n", "\r\n").rstrip("\r\n")
    new_text, _ = lib.add_to_text(text, ["OPS-QA-03", "APR-CHG-05"])
    assert "\n" not in new_text.replace("\r\n", "")
    assert not new_text.endswith("\r\n")
    assert parse(new_text)[0].data["approval"]["requirements"][0]["library_id"] == "APR-CHG-05"


def test_library_changes_shows_what_the_library_now_says():
    data = {"project": {"id": "p", "language": "en"}, "operations": {"requirements": [
        {"id": "OPS-001", "text": lib.get("OPS-KPI-01").text["en"], "priority": "must", "library_id": "OPS-KPI-01"},
        {"id": "OPS-002", "text": "Service level 90 % in 20 seconds.", "priority": "must", "library_id": "OPS-KPI-02"},
        {"id": "OPS-003", "text": "Old entry.", "priority": "may", "library_id": "OPS-OLD-99"},
        {"id": "OPS-004", "text": "Own text.", "priority": "may"}]}}
    changes = lib.library_changes(data)
    assert [(c.requirement_id, c.status) for c in changes] == [("OPS-002", "changed"), ("OPS-003", "removed")]
    ops = {op for op, _ in changes[0].segments()}
    assert {"delete", "insert"} <= ops
    assert "".join(t for op, t in changes[0].segments() if op != "delete") == lib.get("OPS-KPI-02").text["en"]


def test_withhold_suggestions_for_the_wizard():
    data, _ = lib.add_to_data({"project": {"id": "p", "language": "ja"}}, ["SYS-BCP-01", "OPS-KPI-01", "SYS-PCI-01"])
    data["systems"]["requirements"][1]["withhold"] = True  # SYS-PCI-01 is already withheld
    suggestions = lib.withhold_suggestions(data)
    assert [(s.requirement_id, s.entry.id) for s in suggestions] == [("SYS-001", "SYS-BCP-01")]
    assert suggestions[0].look_for == lib.get("SYS-BCP-01").look_for["ja"]


def _spelling_warnings(text: str) -> list[str]:
    from rfpgen.validation import check_document

    project, problems = check_document(parse(text)[0])
    assert project is not None, problems
    return [f"{p.path}: {p.message}" for p in problems if "spelling" in p.message]


@pytest.mark.parametrize("locale, british", [("en-GB", True), ("en-US", False)])
def test_every_entry_comes_into_a_project_spelt_as_its_locale_spells(locale, british):
    """Library text is not the client's typing: no entry, text or look_for, brings a spelling warning."""
    text = MINI.replace("  version: \"1\"\n", f"  version: \"1\"\n  locale: {locale}\n")
    assert f"locale: {locale}" in text
    new_text, added = lib.add_to_text(text, [e.id for e in lib.entries()])
    assert len(added) == len(lib.entries())
    assert _spelling_warnings(new_text) == []
    pci = next(a.requirement["text"] for a in added if a.entry.id == "SYS-PCI-01")
    assert ("centre" in pci) == british and ("center" in pci) != british
    look_for = next(a.requirement["look_for"] for a in added if a.entry.id == "OPS-CPL-03")
    assert ("recognised" in look_for) == british and ("recognized" in look_for) != british
    # the change check agrees: nothing has changed, in either spelling of the project's copy
    data = parse(new_text)[0].data
    assert lib.library_changes(data) == []
    other = "en-US" if british else "en-GB"
    data["project"]["locale"] = other  # the copies are now spelt as the other English spells them
    assert lib.library_changes(data) == []


def test_a_change_is_still_a_change_in_a_british_project():
    data = {"project": {"id": "p", "language": "en", "locale": "en-GB"}, "systems": {"requirements": [
        {"id": "SYS-001", "text": lib.get("SYS-PCI-01").text["en"] + " Also audited.", "priority": "must",
         "library_id": "SYS-PCI-01"}]}}
    changes = lib.library_changes(data)
    assert [c.requirement_id for c in changes] == ["SYS-001"]
    assert "centre" in changes[0].library_text and "center" not in changes[0].library_text


@pytest.mark.parametrize("locale, word", [("en-GB", "recognised"), ("en-US", "recognized")])
def test_withhold_suggestions_spell_the_look_for_as_the_project_does(locale, word):
    data, _ = lib.add_to_data({"project": {"id": "p", "language": "en", "locale": locale}}, ["OPS-CPL-03"])
    del data["operations"]["requirements"][0]["look_for"]
    [suggestion] = lib.withhold_suggestions(data)
    assert word in suggestion.look_for


# ---------------------------------------------------------------- the CLI


def test_cli_list_json_has_the_documented_keys(cli):
    result = cli("library", "list", "--part", "systems", "--tag", "pci-dss", "--lang", "en", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert items and {item["id"] for item in items} >= {"SYS-PCI-01", "SYS-PCI-02"}
    for item in items:
        assert set(item) == {"id", "part", "text", "priority", "tags", "withhold_candidate"}
        assert item["part"] == "systems" and "pci-dss" in item["tags"]
        assert not JAPANESE.search(item["text"])


def test_cli_list_table_in_japanese(cli):
    result = cli("library", "list", "--part", "operations", "--lang", "ja")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("運営管理方法 (operations)")
    assert "OPS-CPL-01" in out and "6W3H" in out and "必須" in out
    width = max(lib_width(line) for line in out.splitlines())
    assert width <= 160, "lines are wrapped to the terminal"


def lib_width(line: str) -> int:
    from rfpgen.commands.library import display_width

    return display_width(line)


def test_cli_list_search_and_errors(cli):
    result = cli("library", "list", "--search", "販売停止 48時間", "--format", "json")
    assert [item["id"] for item in json.loads(result.stdout)] == ["OPS-INC-03"]
    bad = cli("library", "list", "--tag", "nonsense")
    assert bad.exit_code == 1 and "unknown tag" in bad.stderr and "Traceback" not in bad.output
    empty = cli("library", "list", "--search", "qqqqq")
    assert empty.exit_code == 0


def test_cli_show_and_tags(cli):
    result = cli("library", "show", "OPS-CPL-03")
    assert result.exit_code == 0 and "look_for (ja)" in result.stdout and "モンスター" in result.stdout
    assert cli("library", "tags").stdout.startswith("channel: phone")
    missing = cli("library", "show", "NOPE-1")
    assert missing.exit_code == 1 and "not in the requirement library" in missing.stderr


@pytest.mark.parametrize("name", ["ja-ec-order-center.yaml", "en-electronics-retail.yaml"])
def test_cli_add_ten_entries_to_an_example(cli, tmp_path, name):
    path = _example(name, tmp_path)
    before_text = path.read_text(encoding="utf-8")
    before, _ = validate_file(path)
    assert before is not None
    old_ids = {r["id"] for r in _requirements(before.data)}
    # an example may already hold some of these entries; add the first ten it does not have
    have = {r.get("library_id") for r in _requirements(before.data)}
    pool = TEN + [e.id for e in lib.entries() if e.id not in TEN]
    wanted = [i for i in pool if i not in have][:10]

    result = cli("library", "add", path, *wanted)
    assert result.exit_code == 0, result.output
    after_text = path.read_text(encoding="utf-8")
    after, problems = validate_file(path)
    assert after is not None, problems
    assert not [p for p in problems if p.severity == "error"]
    added = [r for r in _requirements(after.data) if r["id"] not in old_ids]
    assert sorted(r["library_id"] for r in added) == sorted(wanted)
    lang = after.lang
    for requirement in added:
        entry = lib.get(requirement["library_id"])
        assert requirement["text"] == entry.text_in(lang, after.date_style)  # spelt as the project spells
        assert requirement["id"].startswith(PART_BY_KEY[entry.part].prefix + "-")
        assert requirement["id"] in after_text
    assert len({r["id"] for r in _requirements(after.data)}) == len(_requirements(after.data))
    # every comment line of the original is still there, in the same order
    old_comments = [line for line in before_text.splitlines() if line.lstrip().startswith("#")]
    new_comments = [line for line in after_text.splitlines() if line.lstrip().startswith("#")]
    assert new_comments == old_comments
    # the original lines are all kept, in order (the additions are pure insertions)
    new_lines = iter(after_text.splitlines())
    assert all(any(line == candidate for candidate in new_lines) for line in before_text.splitlines())

    # adding one of them again is refused and leaves the file as it is
    again = cli("library", "add", path, wanted[0])
    assert again.exit_code == 1 and "already in the project as" in again.stderr
    assert path.read_text(encoding="utf-8") == after_text


def test_cli_add_refuses_unknown_ids_and_leaves_the_file_untouched(cli, tmp_path):
    path = _example("en-electronics-retail.yaml", tmp_path)
    before = path.read_bytes()
    result = cli("library", "add", path, "OPS-KPI-01", "OPS-XYZ-42")
    assert result.exit_code == 1
    assert "OPS-XYZ-42" in result.stderr and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_cli_add_refuses_an_invalid_project(cli, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(MINI.replace("weight: 100", "weight: 90"), encoding="utf-8")
    before = path.read_bytes()
    result = cli("library", "add", path, "OPS-KPI-01")
    assert result.exit_code == 1 and "add up to 90" in result.stderr
    assert path.read_bytes() == before
    missing = cli("library", "add", tmp_path / "nope.yaml", "OPS-KPI-01")
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_cli_add_dry_run_changes_nothing(cli, tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    result = cli("library", "add", "--dry-run", path, "OPS-KPI-01")
    assert result.exit_code == 0 and "would add OPS-001 <- OPS-KPI-01" in result.stdout
    assert path.read_text(encoding="utf-8") == MINI


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_init_with_the_essentials(cli, tmp_path, lang):
    path = tmp_path / f"{lang}.yaml"
    result = cli("init", "--lang", lang, "--with-library", "essentials", path)
    assert result.exit_code == 0, result.output
    project, problems = validate_file(path)
    assert project is not None, problems
    library_ids = {r.get("library_id") for r in _requirements(project.data)}
    assert {e.id for e in lib.set_entries("essentials")} <= library_ids
    from rfpgen.starter import starter_text

    starter_comments = [line for line in starter_text(lang).splitlines() if line.lstrip().startswith("#")]
    assert [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.lstrip().startswith("#")] == starter_comments


def test_init_with_an_unknown_set(cli, tmp_path):
    path = tmp_path / "x.yaml"
    result = cli("init", "--with-library", "everything", path)
    assert result.exit_code == 1 and "unknown library set 'everything'" in result.stderr
    assert not path.exists()


def test_cli_diff(cli, tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    assert cli("library", "add", path, "OPS-KPI-01", "OPS-KPI-02").exit_code == 0
    clean = cli("library", "diff", path)
    assert clean.exit_code == 0 and "matches its current text" in clean.stdout
    path.write_text(path.read_text(encoding="utf-8").replace("at least 80%", "at least 85%"), encoding="utf-8")
    changed = cli("library", "diff", path, "--format", "json")
    items = json.loads(changed.stdout)
    assert [(i["requirement_id"], i["library_id"], i["status"]) for i in items] == [("OPS-001", "OPS-KPI-01", "changed")]
    text = cli("library", "diff", path)
    assert "- The phone service level shall be at least 85%" in text.stdout


def test_pyproject_ships_the_library_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"rfpgen.library"' in pyproject and '"rfpgen.library" = ["data/*.yaml"]' in pyproject



def test_japanese_statements_bracket_with_full_width_parentheses():
    """Japanese text brackets its asides in （）, as every document does: a half-width ( ) around Japanese
    words (処理時間÷(処理時間＋待機時間)) reads as typed in a hurry. Numbered points (1) stay as written."""
    aside = re.compile(r"\((?!\d\))[^()]*[\u3040-\u30ff\u4e00-\u9fff][^()]*\)")
    typed = [(e.id, text) for e in lib.entries() for text in (e.text["ja"], (e.look_for or {}).get("ja") or "")
             if aside.search(text)]
    assert not typed, typed


def test_a_damaged_library_file_names_its_line_and_field(tmp_path):
    """The compiled schema tells a valid file fast; a file it refuses is reported by jsonschema, with the
    file, line and field (a damaged install, or a consultant's own edit of a data file)."""
    from rfpgen.library.catalogue import load_file

    text = (ROOT / "rfpgen" / "library" / "data" / "scope.yaml").read_text(encoding="utf-8")
    assert len(load_file(ROOT / "rfpgen" / "library" / "data" / "scope.yaml")) > 3
    damaged = tmp_path / "scope.yaml"
    damaged.write_text(text.replace("priority: should", "priority: urgent", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(damaged.read_text(encoding="utf-8").splitlines(), 1) if "urgent" in row)
    with pytest.raises(lib.LibraryError) as raised:
        load_file(damaged)
    assert f"{damaged}:{line}:" in str(raised.value)
    assert "entries[2].priority" in str(raised.value) and "urgent" in str(raised.value)
