"""The document stage of a project with presentations, tallied on its own: complete document-stage sheets
and no presentation workbook give the shortlist result (the document-stage ranking and who goes
through), without --allow-incomplete, without a final ranking and without notices."""
from __future__ import annotations

import pytest

from rfpgen.errors import ScoreSheetInvalid
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.decision import missing_entries, notices_due
from rfpgen.scoring.results import summary_rows
from memo_support import read_memo
from scoring_support import fill_agreed, fill_all, fill_workbook, make_project, project_data

STAGE = {"top": 2, "points": 30, "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}


def _project(blind: bool = False, lang: str = "en", **stage):
    data = project_data()
    data["project"]["language"] = lang
    data["evaluation"]["rules"] = {"blind": blind, "presentation": {k: v for k, v in {**STAGE, **stage}.items() if v is not None}}
    return make_project(data)


def test_complete_document_sheets_without_presentations_give_the_shortlist_not_a_refusal(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))   # no --allow-incomplete
    assert result.document_stage and not result.incomplete and not missing_entries(result)
    assert [(v.id, v.rank, v.through) for v in result.vendors] == [("V-C", 1, True), ("V-A", 2, True), ("V-B", 3, False)]
    assert all(v.presentation_points is None and v.total == v.document_total for v in result.vendors)
    assert [v.id for v in result.shortlist] == ["V-C", "V-A"]
    assert not any(f.code in ("incomplete", "not_advanced") for f in result.flags)
    assert not notices_due(result)


def test_the_document_stage_result_is_titled_as_such_and_writes_no_notice(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))
    headers, rows = summary_rows(result, "en")
    assert "Final score" not in headers and "Presentation points" not in headers and "Document-stage total" in headers
    assert rows[0][-1].endswith("goes through to the presentations")
    assert rows[2][-1].endswith("does not go through to the presentations")
    written = write_results(project, result, tmp_path / "out")
    assert not (tmp_path / "out" / "notices").exists() and not any("notice" in p.name for p in written)


def test_a_missing_document_sheet_still_needs_allow_incomplete(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)[1:]   # E1's workbook is missing
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files)
    assert [p.evaluator for p in refused.value.problems] == ["E1"]
    result = tally(project, files, allow_incomplete=True)
    assert result.document_stage and result.incomplete


def test_presentation_scores_give_the_final_ranking(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    files += [fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx",
                            {"V-C": {"scores": {"P-DEMO": 3}}, "V-A": {"scores": {"P-DEMO": 5}}}) for ev in ("E1", "E2", "E3")]
    result = tally(project, files)
    assert not result.document_stage and all(v.through is None for v in result.vendors)
    assert [(v.id, v.rank) for v in result.vendors if v.rank] == [("V-A", 1), ("V-C", 2)]
    assert "Final score" in summary_rows(result, "en")[0]


def test_a_presenter_left_blank_is_still_refused(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    files += [fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx", {"V-C": {"scores": {"P-DEMO": 3}}})
              for ev in ("E1", "E2", "E3")]   # V-A presents too, and nobody scored it
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files)
    assert {p.vendor for p in refused.value.problems} == {"V-A"}


def test_open_consensus_items_keep_the_document_stage(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))   # the sample scores: spreads for the consensus meeting
    assert result.document_stage and any(f.code == "spread" for f in result.flags) and not notices_due(result)


def test_a_settled_document_stage_writes_the_presentation_workbooks_for_the_presenters_by_name(tmp_path):
    """Under blind evaluation the build writes none; the document stage's tally, once settled, writes them for
    the vendors who go through, by name, and filled they give the final ranking."""
    from openpyxl import load_workbook

    from rfpgen.scoring.model import Scheme
    from scoring_support import AGREED_CHECKLIST, AGREED_GATES, AGREED_SCORES, PRICES, fill_prices

    project = _project(blind=True)
    built = write_scoring_outputs(project, tmp_path)
    assert not [p for p in built if "presentation" in p.name]
    key = {v["id"]: Scheme(project).vendor_key(v) for v in Scheme(project).vendors()}
    documents = [fill_workbook(tmp_path / "scoring" / f"acme-cc-scores-{ev}.xlsx",
                               {key[v]: {"scores": AGREED_SCORES[ev][v], "checklist": AGREED_CHECKLIST[ev][v],
                                         "gates": AGREED_GATES[ev][v]} for v in AGREED_SCORES[ev]}) for ev in ("E1", "E2", "E3")]
    documents.append(fill_prices(tmp_path / "scoring" / "procurement" / "acme-cc-prices.xlsx", PRICES))
    shortlist = tally(project, documents)
    written = write_results(project, shortlist, tmp_path / "stage1")
    workbooks = sorted(p for p in written if p.parent.name == "presentations")
    assert [p.name for p in workbooks] == [f"acme-cc-presentation-{ev}.xlsx" for ev in ("E1", "E2", "E3")]
    assert load_workbook(workbooks[0]).sheetnames == ["Instructions", "Alpha Contact", "Gamma Services", "_meta"]
    presented = [fill_workbook(path, {"V-C": {"scores": {"P-DEMO": 2}}, "V-A": {"scores": {"P-DEMO": 5}}}) for path in workbooks]
    final = tally(project, documents + presented)
    assert not final.document_stage and [(v.id, v.rank) for v in final.vendors if v.rank] == [("V-A", 1), ("V-C", 2)]
    assert notices_due(final)


def test_an_unsettled_document_stage_writes_no_presentation_workbook(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))   # spreads await the consensus meeting
    written = write_results(project, result, tmp_path / "out")
    assert not (tmp_path / "out" / "presentations").exists() and not [p for p in written if "presentation" in p.name]
    # nobody is invited on a provisional shortlist: the next step waits for the settled one
    text, _ = read_memo(tmp_path / "out" / "results.docx")
    assert "Invite " not in text and "Once who goes through is settled, invite them to present" in text


def test_a_settled_document_stage_invites_the_presenters(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))
    write_results(project, result, tmp_path / "out")
    text, _ = read_memo(tmp_path / "out" / "results.docx")
    assert "Once who goes through is settled" not in text
    assert "to present" in text and "(which name the bidders), prepared with this memo." in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_memo_and_the_results_workbook_say_the_document_stage(tmp_path, lang):
    from openpyxl import load_workbook

    from rfpgen.scoring.memo import memo_context
    from scoring_support import AGREED_CHECKLIST, AGREED_GATES, AGREED_SCORES

    project = _project(lang=lang)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project, AGREED_SCORES, AGREED_CHECKLIST, AGREED_GATES, lang=lang))
    context = memo_context(result)
    assert context["doc"]["kind"] == ("書類審査結果報告書" if lang == "ja" else "Document-Stage Evaluation Results")
    assert not context["staged"] and context["labels"]["total"] == ("書類審査の総合評価点" if lang == "ja" else "Document-stage total")
    lead = context["decision"]["lead"]
    assert ("Gamma Services、Alpha Contact <Ltd>をプレゼンテーションに招く" if lang == "ja"
            else "inviting Gamma Services and Alpha Contact <Ltd> to the presentations") in lead
    assert ("プレゼンテーションに進む者" if lang == "ja" else "who goes through to the presentations") in context["robustness_lead"]
    assert "第1位" not in context["robustness_lead"] and "winner" not in context["robustness_lead"]
    assert context["labels"]["changes"] == ("進む者の交代" if lang == "ja" else "Shortlist changes")
    write_results(project, result, tmp_path / "out")
    summary = load_workbook(tmp_path / "out" / "results.xlsx").worksheets[0]
    headers = [c.value for c in summary[1]]
    presents = headers.index("プレゼンテーションへ" if lang == "ja" else "Presents")
    assert [summary.cell(r, presents + 1).value for r in (2, 3, 4)] == (["はい", "はい", "いいえ"] if lang == "ja" else ["Yes", "Yes", "No"])
    assert not any("最終評価点" in str(h) or "Final score" in str(h) for h in headers)


def test_the_command_line_and_the_scoring_page_say_the_document_stage(tmp_path):
    from click.testing import CliRunner

    from rfpgen.cli import main
    from rfpgen.scoring.robustness import robustness
    from rfpgen.web.score_jobs import page_view
    from rfpgen.yamlio import dump

    data = project_data()
    data["evaluation"]["rules"] = {"presentation": STAGE}
    project = make_project(data)
    (tmp_path / "project.yaml").write_text(dump(data), encoding="utf-8")
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    run = CliRunner().invoke(main, ["score", str(tmp_path / "project.yaml"), *map(str, files), "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert "Document-Stage Evaluation Results\n\nRank" in run.output
    assert "once the presentations are scored" in run.output and "presentations/acme-cc-presentation-E1.xlsx" in run.output
    result = tally(project, files)
    view = page_view(result, robustness(result))
    assert view["document_stage"] and not view["notices"] and view["en"]["changes"] == "Shortlist changes"


def test_a_minimum_no_vendor_reaches_sends_nobody_to_the_presentations(tmp_path):
    from rfpgen.scoring.memo import memo_context

    project = _project(top=None, min_total=99)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))
    assert result.document_stage and not result.shortlist and all(v.rank for v in result.vendors)
    lead = memo_context(result)["decision"]["lead"]
    assert lead == ("No vendor goes through to the presentations: the published rule admits those whose document-stage "
                    "total is 99 or more, and there is none.")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_memo_heads_its_ranking_as_the_document_stage_and_the_final_one_as_the_ranking(tmp_path, lang):
    from docx_reading import paragraphs

    project = _project(lang=lang)
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    write_results(project, tally(project, files), tmp_path / "stage")
    files += [fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx",
                            {"V-C": {"scores": {"P-DEMO": 3}}, "V-A": {"scores": {"P-DEMO": 5}}}) for ev in ("E1", "E2", "E3")]
    write_results(project, tally(project, files), tmp_path / "final")
    headings = {folder: [p for p in paragraphs((tmp_path / folder / "results.docx").read_bytes()) if p.startswith("2. ")]
                for folder in ("stage", "final")}
    assert headings == ({"stage": ["2. 書類審査の順位"], "final": ["2. 総合順位"]} if lang == "ja"
                        else {"stage": ["2. Document-stage ranking"], "final": ["2. Ranking"]})


def _cli(tmp_path, data, files, *options):
    from click.testing import CliRunner

    from rfpgen.cli import main
    from rfpgen.yamlio import dump

    (tmp_path / "project.yaml").write_text(dump(data), encoding="utf-8")
    run = CliRunner().invoke(main, ["score", str(tmp_path / "project.yaml"), *map(str, files), *options])
    assert run.exit_code == 0, run.output
    return run.output


def test_presentation_workbooks_left_out_of_the_final_tally_are_named_not_silently_skipped(tmp_path):
    """The document stage's tally writes out/presentations/; the panel fills them there, and a tally run again
    without them gives the document stage's result once more: the command line says so and names them."""
    data = project_data()
    data["evaluation"]["rules"] = {"presentation": STAGE}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    out = tmp_path / "out"
    first = _cli(tmp_path, data, files, "-o", str(out))
    assert "warning: This is the document stage's result" not in first
    for ev in ("E1", "E2", "E3"):
        fill_workbook(out / "presentations" / f"acme-cc-presentation-{ev}.xlsx",
                      {"V-C": {"scores": {"P-DEMO": 3}}, "V-A": {"scores": {"P-DEMO": 5}}})
    again = _cli(tmp_path, data, files, "-o", str(out))
    folder = out / "presentations"
    assert (f"warning: This is the document stage's result, not the final ranking, although 3 presentation workbooks in "
            f"{folder} were not given: for the final ranking, add the filled presentation workbooks ("
            + ", ".join(str(folder / f"acme-cc-presentation-{ev}.xlsx") for ev in ("E1", "E2", "E3")) + ")") in again
    final = _cli(tmp_path, data, files + sorted(folder.glob("*.xlsx")), "-o", str(out))
    assert "Final score" in final and "This is the document stage's result" not in final


def _presentations_held(lang: str) -> dict:
    """The project with a presentation stage whose scheduled presentations are over at any tally from now on."""
    data = project_data()
    data["project"]["language"] = lang
    data["project"]["schedule"] = {"proposal_due": "2026-01-09", "presentations": "2026-01-21"}
    data["evaluation"]["rules"] = {"presentation": STAGE}
    return data


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_document_stage_tallied_after_the_scheduled_presentations_says_the_presentation_scores_are_missing(tmp_path, lang):
    from rfpgen.scoring.robustness import robustness
    from rfpgen.web.score_jobs import page_view

    data = _presentations_held(lang)
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    said = _cli(tmp_path, data, files)
    names = ("、" if lang == "ja" else ", ").join(f"presentations/acme-cc-presentation-{ev}.xlsx" for ev in ("E1", "E2", "E3"))
    expected = (f"この結果は書類審査の結果であり、最終順位ではない。スケジュールではプレゼンテーションを2026年1月21日（水）に実施している。"
                f"最終順位を出すには、記入したプレゼンテーション評価シート（{names}）を書類審査の評価シートとともに集計に加えること。"
                if lang == "ja" else
                "This is the document stage's result, not the final ranking, although the presentations were scheduled for "
                f"Wed 21 January 2026: for the final ranking, add the filled presentation workbooks ({names}) to the tally "
                "with the document-stage workbooks.")
    assert ("警告：" if lang == "ja" else "warning: ") + expected in said
    result = tally(project, files)
    assert page_view(result, robustness(result))[lang]["presentations_due"] == expected
    data["project"]["schedule"]["presentations"] = "2099-01-21"   # still ahead: the document stage is what is due
    assert expected[:20] not in _cli(tmp_path, data, files)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_memo_never_invites_the_presenters_on_a_day_already_past(tmp_path, lang):
    data = _presentations_held(lang)   # presentations scheduled for 2026-01-21, before any tally from now on
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))
    write_results(project, result, tmp_path / "out")
    text = " ".join(read_memo(tmp_path / "out" / "results.docx")[0].split())
    past = "2026年1月21日（水）" if lang == "ja" else "Wed 21 January 2026"
    invite = (f"に{past}のプレゼンテーションを依頼" if lang == "ja" else f"to present on {past}")
    assert invite not in text
    assert ("スケジュールのプレゼンテーション日2026年1月21日（水）は本書の日付の時点で過ぎている。プレゼンテーションの日程を改めて決める。"
            if lang == "ja" else "The presentations were scheduled for Wed 21 January 2026, already past at this memo's date: "
            "set a new date for them.") in text
    assert ("Gamma Services、Alpha Contact <Ltd>に新たに決める日程でのプレゼンテーションを依頼し" if lang == "ja"
            else "Invite Gamma Services and Alpha Contact <Ltd> to present on a new date.") in text
    data["project"]["schedule"]["presentations"] = "2099-01-21"   # still ahead: the invitation names the day
    project = make_project(data)
    write_results(project, tally(project, fill_agreed(tmp_path, project)), tmp_path / "ahead")
    text = " ".join(read_memo(tmp_path / "ahead" / "results.docx")[0].split())
    assert ("2099年1月21日（水）のプレゼンテーションを依頼" if lang == "ja" else "to present on Wed 21 January 2099.") in text
    assert "本書の日付の時点で過ぎている" not in text and "already past" not in text


# Document-stage figures (relative to the lowest price, 70 quality points): V-C 0.7×92 + 30 = 94.4; V-A quality 70,
# 300 against the lowest 80: 49 + 8 = 57; V-B quality 60, 160: 42 + 15 = 57. V-A and V-B tie for the second and last
# place of the top two, V-A with the higher quality score (which the published tie-break orders final scores by).
CUT_TIE_SCORES = {e: {"V-A": {"C-EXP": 3, "C-QM": 4, "C-WFM": 4}, "V-B": {"C-EXP": 3, "C-QM": 3, "C-WFM": 3},
                      "V-C": {"C-EXP": 5, "C-QM": 5, "C-WFM": 5}} for e in ("E1", "E2", "E3")}
CUT_TIE_PRICES = {"V-A": 300_000_000, "V-B": 160_000_000, "V-C": 80_000_000}


def _section(memo, number: int) -> str:
    """The memo's section `number` in reading order, from its heading to the next one, its spaces made one."""
    from docx_reading import paragraphs

    text = "\n".join(paragraphs(memo.read_bytes(), ("word/document.xml",)))
    start = text.index(f"\n{number}. ")
    return " ".join(text[start:text.index(f"\n{number + 1}. ", start)].split())


def _items_to_check(path) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book[book.sheetnames[3]]
    assert sheet.title in ("要確認事項", "Items to check")
    return [row[:4] for row in sheet.iter_rows(min_row=2, values_only=True)]  # the text whole, as the memo says it


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_tie_for_the_last_place_of_the_shortlist_is_resolved_as_published_and_said(tmp_path, lang):
    """Equal document-stage totals share a rank (the published tie-break orders final scores only), the tie for the
    last place takes both through, and the RFP's rules, the memo and results.xlsx say so, naming the bidders."""
    from rfpgen.scoring.rules import statements
    from scoring_support import AGREED_CHECKLIST, AGREED_GATES

    data = project_data()
    data["project"]["language"] = lang
    data["evaluation"]["rules"] = {"tie_break": [{"by": "quality"}], "presentation": STAGE}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, CUT_TIE_SCORES, AGREED_CHECKLIST, AGREED_GATES, CUT_TIE_PRICES, lang=lang)
    result = tally(project, files)
    assert [(v.id, v.quality, v.document_total, v.rank, v.through) for v in result.vendors] == [
        ("V-C", 92.0, pytest.approx(94.4), 1, True), ("V-A", 70.0, pytest.approx(57.0), 2, True),
        ("V-B", 60.0, pytest.approx(57.0), 2, True)]
    rule = ("書類審査の総合評価点が同点の者は、書類審査では同順位とする。上位2者の最後の順位に同点の者が並ぶ場合は、"
            "その全員がプレゼンテーションに進む。" if lang == "ja" else
            "Bidders with the same document-stage total share a rank at the document stage; where bidders tie for the "
            "last of the 2 places, all of them present.")
    assert rule in statements(project.data["evaluation"], lang)   # what the RFP and the guide print
    said = ("書類審査の総合評価点が同点である（57.00：Alpha Contact <Ltd>、Beta & Co）。公表した規則により同順位（第2位）とし、"
            "上位2者の最後の順位での同点のため、2者ともプレゼンテーションに進む" if lang == "ja" else
            "Equal document-stage total (57.00: Alpha Contact <Ltd>, Beta & Co): under the published rule they share rank 2, "
            "and the tie is for the last of the 2 places, so both go through to the presentations")
    assert [(f.vendor_id, f.code, f.text(lang)) for f in result.flags] == [("V-A", "tie", said), ("V-B", "tie", said)]
    write_results(project, result, tmp_path / "out")
    memo = tmp_path / "out" / "results.docx"
    assert _section(memo, 7).count(said) == 2 and rule in _section(memo, 10)
    text, _ = read_memo(memo)
    assert ("Alpha Contact <Ltd>、Beta & Coは書類審査の総合評価点が同点のため、公表した規則により同順位とした（7. 参照）。"
            if lang == "ja" else "Alpha Contact <Ltd> and Beta & Co have the same document-stage total and share a rank "
            "under the published rule (section 7).") in text
    assert [row[3] for row in _items_to_check(tmp_path / "out" / "results.xlsx")] == [said, said]
    assert "Gamma Services > Alpha Contact <Ltd> = Beta & Co" in _section(memo, 9)   # left without an evaluator, still tied


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_document_stage_result_when_presentation_scores_look_due_says_so_in_the_memo_and_results_workbook(tmp_path, lang):
    """The warning the command line and the scoring page give, in the memo's items to check and in results.xlsx, in a
    reader's words: no file, no folder, no option of the command line."""
    data = _presentations_held(lang)
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))
    write_results(project, result, tmp_path / "out")   # the first tally writes the presentation workbooks there
    held = ("この結果は書類審査の結果であり、最終順位ではない。プレゼンテーションは2026年1月21日（水）の予定であり、集計の時点でその日を"
            "過ぎている。" if lang == "ja" else "This is the document stage's result, not the final ranking, although the "
            "presentations were scheduled for Wed 21 January 2026")
    unread = ("この結果とともに保存されたプレゼンテーションの評価シート3冊が集計に含まれていない。" if lang == "ja"
              else "3 presentation workbooks kept with these results were not tallied")
    todo = ("プレゼンテーションの評点を書類審査の評点とともに集計し、最終順位による報告書を改めて作成すること。" if lang == "ja" else
            ": tally the presentation scores with the document-stage scores and issue the results again with the final ranking.")
    checks = _section(tmp_path / "out" / "results.docx", 7)
    assert held in checks and todo in checks and unread not in checks
    assert not any(word in checks for word in (".xlsx", "presentations/", "--", "allow-incomplete", "rfpgen"))
    [row] = _items_to_check(tmp_path / "out" / "results.xlsx")
    assert row[:3] == (None, None, None) and held in row[3] and todo in row[3]

    data["project"]["schedule"]["presentations"] = "2099-01-21"   # still ahead: only the workbooks left untallied say it
    project = make_project(data)
    result = tally(project, fill_agreed(tmp_path, project))
    write_results(project, result, tmp_path / "out")
    checks = _section(tmp_path / "out" / "results.docx", 7)
    assert unread in checks and "2099" not in checks and todo in checks
    [row] = _items_to_check(tmp_path / "out" / "results.xlsx")
    assert unread in row[3] and "2099" not in row[3]

    write_results(project, result, tmp_path / "fresh")   # nothing due: nothing said
    assert ("要確認事項はない。" if lang == "ja" else "There are no items to check.") in read_memo(tmp_path / "fresh" / "results.docx")[0]
    assert _items_to_check(tmp_path / "fresh" / "results.xlsx") == []
