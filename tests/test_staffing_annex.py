"""The staffing annex as a reader checks it: totals that add up as printed, training classes that
hold their month's hires by one stated rule, the target that sets the team size, one format per quantity in the notes."""
from __future__ import annotations

import re

import pytest

from rfpgen.documents.parts import CHAPTER_BUILDERS, Chapter
from rfpgen.documents.staffing_annex import staffing_chapter
from rfpgen.documents.staffing_range import format_table
from rfpgen.staffing import plan
from rfpgen.text import numbers


@pytest.fixture(scope="module")
def plans(ja, en):
    return {project.lang: plan(project).as_dict() for project in (ja, en)}


def _annex(plan_data: dict, lang: str) -> list[dict]:
    chapter = Chapter(13, "annex", lang)
    staffing_chapter(chapter, plan_data, full=True, date_style=lang)
    return chapter.items


def _figure(text: str) -> float | None:
    try:
        return float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def test_a_total_adds_the_rounded_figures_a_reader_sees():
    rows = format_table([["a", 1.14], ["b", 1.14], ["c", 1.14]], {1: numbers}, total="Total")
    assert [r[1] for r in rows] == ["1.14", "1.14", "1.14", "3.42"]
    rows = format_table([["a", 1.14], ["b", 1.14], ["c", 1.14]], {1: lambda v, empty: [f"{x:.1f}" for x in v]}, total="Total")
    assert rows[-1] == ["Total", "3.3"]  # 1.1 three times, not the 3.4 of the unrounded 3.42
    rows = format_table([["a", 1.14, 2.06], ["b", 1.14, 2.06]], {1: numbers, 2: numbers}, total="Total", summed=(1,), averaged=(2,))
    assert rows[-1] == ["Total", "2.28", "2.06"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_totals_row_of_the_annex_is_the_sum_or_mean_of_the_printed_rows(plans, lang):
    checked = 0
    for item in _annex(plans[lang], lang):
        rows = item["table"]["rows"] if item["kind"] == "table" else []
        if len(rows) < 3 or not rows[-1][0].startswith(("合計", "Total")):
            continue
        for c, total in enumerate(rows[-1][1:], start=1):
            figures = [_figure(r[c].split("（")[0].split(" (")[0]) for r in rows[:-1]]
            if _figure(total.split("（")[0].split(" (")[0]) is None or None in figures:
                continue
            places = max(len(r[c].split("（")[0].partition(".")[2]) for r in rows[:-1])
            printed = _figure(total.split("（")[0].split(" (")[0])
            assert printed in (round(sum(figures), places), round(sum(figures) / len(figures), places)), (item["title"], c)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_class_holds_its_months_hires_rounded_up_and_the_notes_say_so(plans, lang):
    """One rule from the launch on: a class is its month's hires, the shortfall rounded up to whole
    people (never the running total, which hired 3 people for 3.8 FTE after a launch rounded up), and
    the annex's notes state it beside the classes."""
    hiring = plans[lang]["hiring_plan"]
    months = {m["month"]: m for m in hiring["months"]}
    assert len(hiring["classes"]) > 1
    for c in hiring["classes"]:
        row = months[c["month"]]
        assert c["hires"] == row["backfill_hires"] + row["growth_hires"]
        short = row["need_fte"] - (row["headcount_start"] - row["leavers"])
        assert c["hires"] >= short - 0.1 and c["hires"] - 1 < short + 0.1, (c, row)
    notes = _annex(plans[lang], lang)[-1]["bullets"]
    assert any(("切り上げ" in n and "4名" in n) if lang == "ja" else ("rounded up" in n and "4 hires" in n) for n in notes)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_notes_say_which_target_sets_the_base_fte(plans, lang):
    data = plans[lang]
    base = next(s["fte"] for s in data["scenarios"] if s["key"] == "base")
    value = next(a["value"] for a in data["assumptions"] if a["key"] == "service_level")
    (target,) = {v["percent"] for v in value["programs"].values()}  # each queue its own threshold, one percentage
    alone = next(c["fte"] for c in data["service_level_curve"] if c["service_level_pct"] == target)
    notes = " ".join(_annex(data, lang)[-1]["bullets"])
    assert f"{base:.1f} FTE" in notes and f"{alone:.1f} FTE" in notes and f"{base - alone:.1f} FTE" in notes
    assert "ASA" in notes and base > alone  # the examples set an ASA target stricter than their service level
    equal = dict(data, scenarios=[dict(s, fte=alone) if s["key"] == "base" else s for s in data["scenarios"]])
    notes = " ".join(_annex(equal, lang)[-1]["bullets"])
    assert ("決めているのはサービスレベル目標" if lang == "ja" else "The service level target sets the team size") in notes


def test_notes_of_one_kind_print_their_figures_with_the_same_decimals(plans):
    data = dict(plans["ja"], warnings=[{"key": "profile_outside_hours", "program": p, "value": v, "text": ""}
                                       for p, v in (("A", 1.8), ("B", 8))])
    notes = [n for n in _annex(data, "ja")[-1]["bullets"] if "営業時間外" in n]
    assert [re.search(r"([\d.]+)%", n).group(1) for n in notes] == ["1.8", "8.0"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_peak_headers_are_whole_words(plans, lang):
    headers = {h for item in _annex(plans[lang], lang) for h in item["table"]["columns"]}
    if lang == "ja":
        assert {"ピーク時の必要人数", "ピーク時の配置人数", "ピーク時の必要人数（共有）"} <= headers
        assert not any(h in ("ピーク必要", "ピーク配置") or h.startswith("ピーク必要（") for h in headers)
    else:
        assert {"Peak required", "Peak scheduled"} <= headers


def test_a_programs_own_minimum_staffing_is_named_where_the_assumptions_are(plans, ja):
    """The complaints line keeps two agents in every open interval (its minimum_agents): the annex's
    assumptions say so, not 「指定なし」 because the operations set no minimum for every program;
    the program's conditions in the requirements state it too."""
    rows = next(item["table"]["rows"] for item in _annex(plans["ja"], "ja") if item["title"] == "試算の前提")
    assert dict((r[0], r[1]) for r in rows)["最少配置人数"] == "苦情・クレーム窓口（電話）：2名\nその他：指定なし"
    chapter = Chapter(5, "work_definition", "ja")
    CHAPTER_BUILDERS["work_definition"](chapter, ja)
    conditions = next(item["table"]["rows"] for item in chapter.items if item["title"] == "プログラム別の条件")
    assert ["苦情・クレーム窓口（電話）", "最少配置人数（各インターバル）", "2名"] in conditions


def test_training_is_a_span_of_business_days(plans, ja):
    """Initial training and nesting are counted in business days (the hiring plan counts them so): the
    requirements say 「10営業日」, as PPL-001 does, and the annex the same, never a bare 「10日」."""
    chapter = Chapter(6, "people", "ja")
    CHAPTER_BUILDERS["people"](chapter, ja)
    training = dict(next(item["table"]["rows"] for item in chapter.items if item["title"] == "研修の要件"))
    assert (training["初期研修"], training["OJT（ネスティング）"]) == ("10営業日", "15営業日")
    rows = [r for item in _annex(plans["ja"], "ja") for r in (item.get("table") or {}).get("rows") or []]
    assert ["研修日数", "初期研修10営業日＋OJT（ネスティング）15営業日"] == next(r for r in rows if r[0] == "研修日数")[:2]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_team_leaders_cover_the_floor_and_the_annex_says_how(plans, lang):
    """Team leaders are counted from the floor (scheduled agents per interval ÷ span, at least one while any
    desk is open, the hours turned into people as the agents' are), not the month's agent FTE ÷ span: the
    ja example's December needs more than the 5 that 57.7 FTE ÷ 12 gave, and the annex says how, in words."""
    sup = plans[lang]["supervisors"]
    rows = dict(next(item["table"]["rows"] for item in _annex(plans[lang], lang) if item["title"] in ("試算の要約", "Summary")))
    hours = f"{round(sup['floor_hours']):,}"
    assert sup["count"] > -(-sup["agent_fte"] // sup["span_of_control"])  # more than the FTE ÷ span of before
    if lang == "ja":
        assert rows["SV（必要人員が最大の月）"] == f"{sup['count']}名（2027年12月、{sup['fte']:.1f} FTE）" and sup["count"] >= 7
        assert rows["SVの算定方法"].startswith("時間帯ごとに、配置するオペレーター12名につきSVを1名（端数は切り上げ）、受付中は最低1名をフロアに置く。")
        assert f"延べ{hours}時間" in rows["SVの算定方法"] and f"{sup['fte']:.1f}人分、切り上げて{sup['count']}名となる。" in rows["SVの算定方法"]
        assert f"SV {plans[lang]['headcount']['supervisors']}名（2027年10月）" in rows["サービス開始時の要員"]
    else:
        assert rows["Team leaders (month needing the most staff)"] == f"{sup['count']} (December 2028, {sup['fte']:.1f} FTE)"
        text = rows["How team leaders are counted"]
        assert text.startswith("In every interval, one team leader on the floor per 14 scheduled agents (rounded up), "
                               "and at least 1 team leader on the floor whenever any desk is open.")
        assert f"{hours} team-leader hours" in text and f"{sup['count']} team leaders." in text
