"""No machine output in what management reads (issue 14), the class rather than the instance: the
tally's warnings, which `rfpgen score` prints on stderr as they are, reach results.xlsx's Method sheet,
the scoring page and the memo in the project's language, with each workbook by its file name (never
the folder it was read from) and the vendors, evaluators and criteria by name; the consensus
workbook's rows are as tall as their wrapped text; results.xlsx's Summary prints legibly on A4."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfpgen.documents.xlsx import row_height, wrapped_lines
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.consensus import WIDTHS, consensus_workbook
from rfpgen.scoring.decision import missing_entries, tally_notes
from rfpgen.scoring.readback import WARNING_CODES
from rfpgen.scoring.robustness import robustness
from rfpgen.web.score_jobs import page_view
from scoring_support import CHECKLIST, GATES, SCORES, fill_all, make_project, project_data, vendor_sheets

_PATH = re.compile(r"(?<![\w.])/(?:[\w.-]+/)+[\w.-]*|[A-Za-z]:\\|\\\\")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_VENDOR_ID = re.compile(r"(?<![\w-])V-[ABC](?![\w-])")


def _gaps(tmp_path: Path, lang: str, *, every_workbook: bool = True):
    """A tally with what real ones carry: a blank score, a blank pass/fail, a blank checklist entry, a price
    missing, a sheet whose protection was removed and an Excel lock file among the files; or (not
    `every_workbook`) without the third evaluator's workbook and the price workbook."""
    data = project_data()
    data["project"]["language"] = lang
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    scores = {e: {v: dict(s) for v, s in by.items()} for e, by in SCORES.items()}
    gates = {e: {v: dict(g) for v, g in by.items()} for e, by in GATES.items()}
    checklist = {e: {v: dict(c) for v, c in by.items()} for e, by in CHECKLIST.items()}
    del scores["E2"]["V-C"]["C-QM"]
    del gates["E1"]["V-A"]["G-START"]
    del checklist["E3"]["V-B"]["OPS-KB"]
    files = fill_all(tmp_path, project, scores=scores, gates=gates, checklist=checklist,
                     prices={"V-A": 120_000_000, "V-B": 90_000_000}, lang=lang)
    book = load_workbook(files[1])
    vendor_sheets(book)["V-A"].protection.sheet = False
    book.save(files[1])
    lock = files[0].parent / f"~${files[0].name}"
    lock.write_bytes(b"lock")
    given = files + [lock] if every_workbook else files[:2]
    result = tally(project, given, allow_incomplete=True)
    write_results(project, result, tmp_path / "results")
    return project, result, tmp_path / "results"


def _flat(text: str) -> str:
    """A note without its white space: the workbook breaks a Japanese cell's lines itself (kinsoku), at a
    space where one falls at the line's end."""
    return re.sub(r"\s+", "", text)


def _method(out: Path) -> list[str]:
    """The Method sheet's notes, flattened (_flat)."""
    book = load_workbook(out / "results.xlsx")
    return [_flat(c.value) for (c,) in book.worksheets[-1].iter_rows(min_col=1, max_col=1) if isinstance(c.value, str)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_method_sheet_says_the_warnings_in_the_projects_words(tmp_path, lang):
    project, result, out = _gaps(tmp_path, lang)
    assert {p.code for p in result.sheet_warnings} == {"skipped", "unprotected", "blank_gate", "blank_score",
                                                       "blank_checklist", "no_price"}
    # the command line keeps its own message: English, with the path it was given
    assert any(w.startswith(str(tmp_path)) and "no score for criterion 'C-QM'" in w for w in result.warnings)
    lines = _method(out)
    notes = tally_notes(result)
    assert notes and all(_flat(note) in lines for note in notes)
    for line in lines:
        assert str(tmp_path) not in line and not _PATH.search(line), line
        assert "warning" not in line.lower(), line
        if lang == "ja":  # not one English sentence in a Japanese project
            assert _JAPANESE.search(line), line
    for note in notes:  # a vendor by its name, never its id
        assert not _VENDOR_ID.search(note), note
    if lang == "ja":
        expected = ["Gamma Services：評価者「Bob Ito」が未入力の項目（C-QM Quality management）。"
                    "箇所：acme-cc-scores-E2.xlsx、シート「Gamma Services」、セル E",
                    "Alpha Contact <Ltd>：評価者「Ann Lee」が未入力の項目（G-START Committed start date）。",
                    "Beta & Co：評価者「Cy Park」が未入力の項目（RFPに記載しない要件のチェックリスト「OPS-KB Keep the "
                    "knowledge base current.」）。",
                    "Alpha Contact <Ltd>：評価者「Bob Ito」の評価シートで、シートの保護が解除されていた。",
                    "~$acme-cc-scores-E1.xlsx は評価シートではないため読み飛ばした",
                    "Gamma Services：提案価格が入力されていない。箇所：acme-cc-prices.xlsx"]
    else:
        expected = ["Gamma Services: left blank by evaluator Bob Ito: C-QM Quality management. "
                    "Where: acme-cc-scores-E2.xlsx, sheet 'Gamma Services', cell E",
                    "Alpha Contact <Ltd>: left blank by evaluator Ann Lee: G-START Committed start date.",
                    "Beta & Co: left blank by evaluator Cy Park: the checklist entry for OPS-KB Keep the knowledge base "
                    "current., a requirement left out of the RFP.",
                    "Alpha Contact <Ltd>: the protection of evaluator Bob Ito's sheet was removed",
                    "~$acme-cc-scores-E1.xlsx was skipped",
                    "Gamma Services: no proposed price was entered. Where: acme-cc-prices.xlsx"]
    for words in expected:
        assert any(line.startswith(_flat(words)) for line in lines), words


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_warnings_about_the_whole_set_of_files_name_no_place(tmp_path, lang):
    project, result, out = _gaps(tmp_path, lang, every_workbook=False)
    assert {"no_workbook", "no_price_workbook"} <= {p.code for p in result.sheet_warnings}
    lines = _method(out)
    wanted = (["評価者「Cy Park」の評価シートが集計に含まれていない。", "価格評価シートが集計に含まれていないため、"] if lang == "ja"
              else ["The scoring workbook of evaluator Cy Park was not part of the tally.", "The price workbook was not part of"])
    for words in wanted:
        line = next(line for line in lines if line.startswith(_flat(words)))
        assert "commandline" not in line and "指定したファイル" not in line and "scoring/" not in line, line


def test_the_scoring_page_and_the_memo_say_them_as_the_workbook_does(tmp_path):
    project, result, out = _gaps(tmp_path, "ja")
    view = page_view(result, robustness(result))
    assert view["ja"]["warnings"] == tally_notes(result, "ja") and {_flat(w) for w in view["ja"]["warnings"]} <= set(_method(out))
    assert view["en"]["warnings"] == tally_notes(result, "en")
    # the memo groups the blanks of one evaluator and vendor; its words are the notes' own
    memo = missing_entries(result)
    assert "Gamma Services：評価者「Bob Ito」が未入力の項目（C-QM Quality management）。" in memo
    assert any(note.startswith("Gamma Services：評価者「Bob Ito」が未入力の項目（C-QM Quality management）。") for note in
               view["ja"]["warnings"])
    assert "Gamma Services：提案価格が入力されていない。" in memo


def test_every_warning_the_read_back_gives_has_the_documents_wording(tmp_path):
    """A warning without a code would fall back to the command line's message in the documents."""
    _, result, _ = _gaps(tmp_path, "en")
    _, partial, _ = _gaps(tmp_path / "partial", "en", every_workbook=False)
    for problem in result.sheet_warnings + partial.sheet_warnings:
        assert problem.code in WARNING_CODES, problem


def test_consensus_rows_are_as_tall_as_their_wrapped_text(tmp_path):
    data = project_data()
    data["evaluation"]["vendors"][2]["name"] = "Gamma Customer Contact Services International Holdings Ltd"
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))
    flagged = next(v for v in result.vendors if any(f.code == "spread" for f in v.flags))
    cid = next(f.criterion_id for f in flagged.flags if f.code == "spread")
    flagged.agreed[cid] = 4.0
    flagged.agreed_reason[cid] = "The meeting read the proposal's quality plan again, page by page; " * 4
    path = tmp_path / "consensus.xlsx"
    path.write_bytes(consensus_workbook(result))
    ws = load_workbook(path).worksheets[0]
    checked = 0
    across = {r.min_row for r in ws.merged_cells.ranges if (r.min_col, r.max_col) == (2, 9)}
    # the columns as written: the bidder's as wide as the longest name, the others as WIDTHS
    widths = [WIDTHS[0]] + [int(width) for width in _widths(ws)]   # the keys' column is hidden
    assert widths[1] > WIDTHS[1] and widths[2:] == list(WIDTHS[2:])
    for row in ws.iter_rows(min_row=2):
        texts = [(c.value, widths[c.column - 1]) for c in row if c.column > 1 and isinstance(c.value, str)]
        if not texts:
            continue
        if row[0].row in across:  # the note, the project with the date and a block's heading, merged across B:I
            texts = [(texts[0][0], sum(widths[1:]))]
        needed = row_height(max(wrapped_lines(text, width) for text, width in texts))
        assert (ws.row_dimensions[row[0].row].height or 15) >= needed, (row[0].row, texts)
        checked += 1
    assert checked >= 4
    reason_row = next(r for r in ws.iter_rows(min_row=5) if r[8].value and r[8].value.startswith("The meeting"))
    assert ws.row_dimensions[reason_row[0].row].height >= row_height(4)


def _widths(ws) -> list[float]:
    widths = []
    for dim in ws.column_dimensions.values():
        if dim.width and not dim.hidden:
            widths += [dim.width] * (dim.max - dim.min + 1)
    return widths


@pytest.mark.parametrize("staged", [False, True])
def test_the_summary_prints_legibly_on_one_a4_page_width(tmp_path, staged):
    """The Summary fits A4 landscape's width (about 140 of the column units stored in the file at 100%) at 82% or more:
    the flags' sentences, which made it print at some 60%, are on the Flags sheet, counted here."""
    data = project_data()
    data["evaluation"]["vendors"][2]["name"] = "ひかりコンタクトサービス株式会社"
    if staged:
        data["evaluation"]["rules"] = {"presentation": {"top": 3, "points": 30, "criteria": [
            {"id": "P-DEMO", "name": "Demonstration", "weight": 60}, {"id": "P-QA", "name": "Answers", "weight": 40}]}}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project), allow_incomplete=staged)
    write_results(project, result, tmp_path / "results")
    book = load_workbook(tmp_path / "results" / "results.xlsx")
    summary = book["Summary"]
    total = sum(_widths(summary))
    # 82%: the quality points have a column of their own, so quality points + price points = the total can be followed
    assert total <= 140 / 0.82, f"{total} {_widths(summary)}"
    assert summary.sheet_properties.pageSetUpPr.fitToPage and summary.page_setup.orientation == "landscape"
    shown = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    flags = [f.text("en") for f in result.flags]
    assert flags and not [f for f in flags if f in shown]
    # a cell holds a standard's name with a no-break space (ISO/IEC 27001 never wraps): xlsx.cell_text
    flag_sheet = [row[3].replace("\u00a0", " ") for row in book["Items to check"].iter_rows(min_row=2, values_only=True)]
    assert flag_sheet == flags
    counts = {row[1]: row[-1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert counts == {v.id: len(v.flags) for v in result.vendors}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_tally_before_the_proposal_deadline_is_warned(tmp_path, lang):
    """Scores tallied before proposals are due are wrong data (another project's workbooks, a wrong date): the
    command line warns, the notes on the tally and the memo's conditions say so; after the deadline, nothing."""
    from rfpgen.scoring.memo import memo_context

    def tallied(due: str, folder: Path):
        data = project_data()
        data["project"]["language"] = lang
        data["project"]["schedule"] = {"proposal_due": due}
        project = make_project(data)
        write_scoring_outputs(project, folder)
        return tally(project, fill_all(folder, project, lang=lang))

    early = tallied("2090-04-09", tmp_path / "early")
    due = "Sun 9 April 2090, 17:00" + (" (Japan time)" if lang == "ja" else "")   # the command line's English
    assert any(w.startswith("The tally, ") and f"earlier than the proposal deadline, {due}:" in w for w in early.warnings), \
        early.warnings
    note = tally_notes(early)[0]
    assert note.startswith("集計日時" if lang == "ja" else "The tally, ")
    assert ("提案書提出期限の2090年4月9日（日）17:00（日本時間）より前である" if lang == "ja"
            else "earlier than the proposal deadline, Sun 9 April 2090, 17:00:") in note, note  # no bracket inside a bracket
    conditions = memo_context(early)["decision"]["conditions"]
    assert conditions[0].startswith("集計日時" if lang == "ja" else "The tally, "), conditions
    assert ("再集計すること" if lang == "ja" else "tally again") in conditions[0]   # the remedy, not a fact to confirm

    late = tallied("2020-04-09", tmp_path / "late")
    assert not any("deadline" in w for w in late.warnings) and not tally_notes(late)
    assert not any(c.startswith(("集計日時", "The tally")) for c in memo_context(late)["decision"]["conditions"])


def test_the_proposal_deadline_is_its_day_and_time_in_the_projects_zone():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    data = project_data()
    data["project"]["language"] = "ja"
    data["project"]["schedule"] = {"proposal_due": "2027-04-09"}
    assert make_project(data).proposal_deadline() == datetime(2027, 4, 9, 17, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    data["rfp"] = {"submission": {"deadline_time": "24:00", "time_zone": "Europe/London"}}
    assert make_project(data).proposal_deadline() == datetime(2027, 4, 10, 0, 0, tzinfo=ZoneInfo("Europe/London"))
    del data["project"]["schedule"]
    assert make_project(data).proposal_deadline() is None
