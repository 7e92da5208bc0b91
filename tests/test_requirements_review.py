"""What a reviewer reading the requirements definition's PDFs found, one test per class: the summary
compares the budget with the estimate and names the project's risks; the staffing annex gives one
figure per quantity or says which quantity it is; the charts print their labels and chart the day the
table shows; the glossary is in reading order, English only in English and defines the terms the
project uses; names, labels and values print whole and agree."""
from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import pytest

from rfpgen.documents.build import document_contexts
from rfpgen.documents.parts import _name_and_title
from rfpgen.text import MINUS, NBSP, period, rate
from rfpgen.validation import load_project
from rfpgen.words.glossary import READINGS, glossary, reading_key

ROOT = Path(__file__).resolve().parent.parent
JA, EN = ROOT / "examples" / "ja-ec-order-center.yaml", ROOT / "examples" / "en-electronics-retail.yaml"


@pytest.fixture(scope="module")
def built():
    out = {}
    for path in (JA, EN):
        project = load_project(path)
        context = document_contexts(project, only={"requirements"})["requirements"]
        out[project.lang] = (project, context["chapters"])
    return out


def _topic(chapters, title):
    return next(t for ch in chapters for t in ch["topics"] if t["title"] == title)


def _pairs(topic):
    return {label: value for label, value in topic["table"]["rows"]}


def _risks(chapters) -> list[str]:
    """Every key risk: the project chapter's full list when the summary shows the first ones only."""
    full = [t for ch in chapters for t in ch["topics"] if t["title"] in ("主なリスクと留意点（全件）", "Key risks (all)")]
    if full:
        return full[0]["bullets"]
    return [text for _, text in _topic(chapters, "主なリスクと留意点" if chapters[0]["title"] == "要約と承認" else "Key risks")["table"]["rows"]]


def _texts(chapters):
    for ch in chapters:
        for t in ch["topics"]:
            yield t["title"]
            yield from t.get("paragraphs") or []
            yield from t.get("bullets") or []
            for row in (t.get("table") or {}).get("rows") or []:
                yield from row


# ------------------------------------------------------------------ 1. the summary


def test_summary_compares_the_budget_and_names_the_projects_risks(built):
    project, chapters = built["ja"]
    overview = _pairs(_topic(chapters, "概要"))
    assert overview["予定価格"] == "600,000,000円（予算と同額）"
    assert overview["予算上の単価"].startswith(f"{_budget_per_billed_hour(project, built['ja'])}円／時間（算定は9.")
    rate = _pairs(_topic(chapters, "予算上の単価"))
    assert rate["算定方法"].startswith("予算 ÷ 36か月の請求対象の生産時間")
    estimate = overview["要員の参考試算（付録）"]
    assert "FTE" in estimate and "名配置" not in estimate  # one measure: FTE, named how it was counted
    risks = _risks(chapters)
    assert len(risks) >= 4 and not any("入札" in r for r in risks) and any("提案価格" in r for r in risks)
    assert any("日しかない" in r for r in risks)
    assert "6件を記載しない" in overview["RFPに記載しない要件"] and "追加費用" in overview["RFPに記載しない要件"]
    # named and dated as the selection schedule does, the deadline with its time
    assert overview["提案書提出期限"].endswith("17:00（日本時間）") and "選定結果通知" in overview

    project, chapters = built["en"]
    overview = _pairs(_topic(chapters, "Overview"))
    assert "Decision date" in overview and "Vendor chosen" not in overview and ":" in overview["Proposal deadline"]
    risks = _risks(chapters)
    assert len(risks) >= 3 and "No particular risks noted." not in risks
    why = overview["Left out of the RFP"]
    assert not why[0].isdigit() and "vendors" not in why and "bidders" in why
    assert not any(r[0].isdigit() for r in risks)
    summary = _topic(chapters, "Key risks")["table"]["rows"]
    assert not any(text[0].isdigit() for _, text in summary)


def _budget_per_billed_hour(project, _built) -> str:
    """The budget ÷ the hours the bids are billed on (FTE × paid hours × (1 − shrinkage)), for the
    estimate's rostered FTE over the term's months: worked out here from the staffing plan itself."""
    from rfpgen.responses import rates
    from rfpgen.staffing import plan as staffing_plan

    plan = staffing_plan(project).as_dict()
    fte = {m["month"]: m["rostered_fte"] for m in plan["monthly"]}
    paid = project.section("people").get("paid_hours_per_fte_month", 160)
    keep = 1 - plan["shrinkage"]["total_pct"] / 100
    term = project.section("pricing")["contract_term_months"]
    hours = sum(counts[m] * fte[m] * paid * keep for counts in rates.month_counts(project, term) for m in counts)
    return f"{round(project.section('pricing')['budget']['amount'] / hours):,}"


def test_the_bids_hours_and_the_models_hours_have_a_name_each_wherever_they_print(built):
    """The budget is divided by the billable production hours (FTE × paid hours × (1 − shrinkage)); the
    annex's monthly table sums the required agents per interval: two quantities, never one name for both
    (a reviewer read 208,052 生産時間 over the term beside 64,981.5 生産時間 a year). The guide's normalised
    cost names the bids' quantity as the summary does."""
    names = {"ja": ("請求対象の生産時間", "必要人時"), "en": ("billable production hours", "Required agent hours (h)")}
    for lang, (billable, required) in names.items():
        project, chapters = built[lang]
        budget = _pairs(_topic(chapters, "予算上の単価" if lang == "ja" else "Budget rate"))["算定方法" if lang == "ja" else "How it is worked out"]
        assert billable in budget, budget
        monthly = _topic(chapters, "月別の要員数（FTE）" if lang == "ja" else "Monthly workload and FTE")["table"]["columns"]
        assert required in monthly and not any(c.startswith(("生産時間", "Production")) for c in monthly), monthly
        guide = document_contexts(project, only={"guide"})["guide"]["chapters"]
        assert any(billable in text or billable.capitalize() in text for text in _texts(guide))


def test_the_budget_per_hour_is_on_the_bids_quantity_and_says_what_it_divides_by(built):
    """The budget is turned into a rate over the quantity bids are priced on (the estimate's FTE × paid
    hours × (1 − shrinkage), term month by term month), not the Erlang production hours; the text says
    what it divides by and that the initial costs are not deducted; a hybrid model says the figure
    covers its management fee too."""
    project, chapters = built["ja"]
    value = _pairs(_topic(chapters, "予算上の単価"))["算定方法"]
    assert "提案の価格と同じ数え方：試算のFTE（シフト編成後） × 月間所定労働時間160時間 ×（1 − シュリンケージ" in value
    assert "初期費用は金額が未定のため差し引いていない" in value and "提案の単価と比べる" not in value
    project, chapters = built["en"]
    assert project.section("pricing")["model"] == "hybrid"
    rate = _pairs(_topic(chapters, "Budget rate"))
    value = rate["How it is worked out"]
    assert rate["Budget rate per production hour"].startswith("£") and "counted as the bids are" in value and "so it pays for the management fee as well" in value


def test_the_hires_after_go_live_are_every_class_split_into_growth_and_backfill(built):
    """The key risk counts every class after go-live (a backfill-only class too) and says how many of
    them grow the team and how many replace leavers, as the hiring plan has them."""
    from rfpgen.staffing import plan as staffing_plan

    for lang, start in (("en", "more agents join in"), ("ja", "回の研修クラスで計")):
        project, chapters = built[lang]
        risks = _risks(chapters)
        hires = next(r for r in risks if start in r)
        classes = [c for c in staffing_plan(project).as_dict()["hiring_plan"]["classes"] if c["kind"] != "launch"]
        total = sum(c["hires"] for c in classes)
        assert (f"{total} more agents join" if lang == "en" else f"計{total}名を採用する") in hires
        split = [int(n) for n in re.findall(r"(?:: | and |（増員|補充)(\d+)(?: to |名)", hires)]  # growth, backfill: whole people
        assert len(split) == 2 and sum(split) == total, hires
        taught = sum(c["classes"] for c in classes)  # a month's hires taught in two classes are two (issue 14)
        assert (f"開始後も{taught}回の研修クラスで" if lang == "ja" else f"join in {taught} training classes: ") in hires  # a sentence, not a note
        assert "backfill" in {c["kind"] for c in classes} or lang == "ja"  # the en example has a backfill-only class


def test_the_summary_names_a_lasting_hiring_surplus_and_who_pays_for_it(built):
    """Months in a row where the hiring plan keeps 10% or more above the need (people hired for a peak stay
    when the need falls) are a cost: the summary's risks give the months and the range, as the hiring plan's
    surplus column prints them, and who carries the cost under the pricing model (both examples pay by the
    production hour: the contractor, in its rates)."""
    for lang, first, last in (("ja", "2028年1月", "2028年5月"), ("en", "February 2028", "May 2028")):
        project, chapters = built[lang]
        table = _topic(chapters, "月別の採用計画（想定年間離職率 30%）" if lang == "ja" else "Hiring plan by month (assumed yearly attrition 35%)")
        rows = {r[0].replace("\u00a0", " ").replace("\u2060", ""): r for r in table["table"]["rows"]}
        months = list(rows)[list(rows).index(first):list(rows).index(last) + 1]
        surplus = [float(rows[m][-1]) for m in months]
        low, high = f"{min(surplus):.1f}", f"{max(surplus):.1f}"
        summary = [text for _, text in _topic(chapters, "主なリスクと留意点" if lang == "ja" else "Key risks")["table"]["rows"]]
        risk = next(r for r in summary if ("FTE上回る" in r if lang == "ja" else "above need" in r))
        if lang == "ja":
            assert f"{first}〜{last}の人員が必要FTEを{low}〜{high} FTE上回る" in risk and "この人件費は受託者が負い単価に織り込む" in risk
        else:
            assert f"From {first} to {last} the team is {low} to {high} FTE above need" in risk
            assert "The contractor bears that cost in its rates" in risk


def test_the_summary_counts_the_team_leaders_as_the_annex_does(built):
    """The reference estimate beside the budget names the team leaders too, the annex's count (floor cover),
    not only the agents' FTE."""
    for lang, label, pattern in (("ja", "SV（必要人員が最大の月）", r"。ほかにSV 最大(\d+)名$"),
                                 ("en", "Team leaders (month needing the most staff)", r"; plus up to (\d+) team leaders$")):
        _, chapters = built[lang]
        estimate = _pairs(_topic(chapters, "概要" if lang == "ja" else "Overview"))["要員の参考試算（付録）" if lang == "ja" else "Reference estimate (annex)"]
        annex = _pairs(_topic(chapters, "試算の要約" if lang == "ja" else "Summary"))[label]
        assert re.search(pattern, estimate) and annex.startswith(re.search(pattern, estimate).group(1) + ("名" if lang == "ja" else " ")), estimate


def test_a_start_is_tight_under_thirty_days_and_two_months_are_told_apart(built):
    """18 days from the decision to the start of hiring (ja) is a risk; 59 days (en) is not, and is not called
    one. Where the month of the busiest interval (the scenarios') is not the month needing the most staff,
    the scenario risk says which is which."""
    assert any(r.startswith("受託者の決定から採用開始（2027年6月1日）まで18日しかない。") for r in _risks(built["ja"][1]))
    risks = _risks(built["en"][1])
    assert not any("between choosing the contractor and the start of hiring" in r for r in risks)
    scenario = next(r for r in risks if r.startswith("Volume, handle time and shrinkage could move"))
    assert "busiest-interval month (November 2028)" in scenario
    assert scenario.endswith("December 2028 needs the most staff over the whole month.")


def test_a_volume_priced_budget_is_divided_by_the_forecast_contacts():
    """Under a rate per contact the budget becomes a rate per contact, over the forecast contacts of the
    term, as the bids' quantities are counted (rates.month_quantity), not a rate per hour."""
    from rfpgen.responses import rates
    from rfpgen.validation import project_from_data
    from rfpgen.yamlio import read

    data = read(JA)[0].data
    data["pricing"]["model"] = "per_contact"
    data["pricing"]["response_form"]["alternative_models"] = []
    project = project_from_data(data)
    budget = _pairs(_topic(document_contexts(project, only={"requirements"})["requirements"]["chapters"], "予算上の単価"))
    contacts = sum(times * sum(v["contacts"] for p in rates.priced_programs(project) for v in p["volumes"] if v["month"] == month)
                   for counts in rates.month_counts(project, 36) for month, times in counts.items())
    rate = round(data["pricing"]["budget"]["amount"] / contacts)
    assert budget["予算上の応対件数単価"] == f"{rate:,}円／件"
    assert budget["算定方法"].startswith(f"予算 ÷ 36か月の{contacts:,}件（提案の価格と同じ数え方：委託元の予測の応対件数）")


def test_a_price_that_can_outweigh_quality_without_a_floor_is_a_key_risk():
    """Price per quality point without a minimum quality score: a cheap, weak proposal can win, and
    management is told so; the Japanese example's 60-point floor keeps the bullet out."""
    from rfpgen.validation import project_from_data
    from rfpgen.yamlio import read

    data = read(EN)[0].data
    data["evaluation"]["price"] = {"formula": "price_per_quality"}
    del data["evaluation"]["rules"]["presentation"]  # presentation points cannot be added to a price per point
    project = project_from_data(data)
    chapters = document_contexts(project, only={"requirements"})["requirements"]["chapters"]
    risks = _risks(chapters)
    assert any("price per quality point formula a low enough price beats any quality score" in r for r in risks)
    data["evaluation"]["rules"]["minimum"] = {"quality": 60}
    chapters = document_contexts(project_from_data(data), only={"requirements"})["requirements"]["chapters"]
    assert not any("beats any quality score" in r for r in _risks(chapters))


def test_management_is_told_when_the_presentation_alone_decides_the_award(built):
    """Under combine: presentation_only, price and the written proposal only choose who presents: the key
    risks say so (and that the single presentation criterion picks the vendor); with the presentation
    points added to the total, they say nothing of it."""
    from rfpgen.validation import project_from_data

    project, chapters = built["en"]
    assert project.data["evaluation"]["rules"]["presentation"]["combine"] == "sum"
    assert not any("presentation score alone" in r for r in _risks(chapters))
    data = copy.deepcopy(project.data)
    data["evaluation"]["rules"]["presentation"]["combine"] = "presentation_only"
    risks = _risks(document_contexts(project_from_data(data), only={"requirements"})["requirements"]["chapters"])
    decides = [r for r in risks if "presentation score alone" in r]
    assert len(decides) == 1 and "document-stage total of 60 or more" in decides[0]
    assert 'single criterion, “Presentation and live demonstration”' in decides[0]
    project, chapters = built["ja"]
    assert project.data["evaluation"]["rules"]["presentation"].get("combine", "sum") == "sum"
    assert not any("プレゼンテーション点だけ" in r for r in _risks(chapters))


# ------------------------------------------------------------------ 2. the staffing annex


def test_the_annex_gives_one_figure_per_quantity(built):
    project, chapters = built["ja"]
    summary = _pairs(_topic(chapters, "試算の要約"))
    hiring = _topic(chapters, "月別の採用計画（想定年間離職率 30%）")["table"]
    classes = _topic(chapters, "研修クラス（OJT中の生産性 50%）")["table"]
    need = hiring["rows"][0][1]
    launch = classes["rows"][0][2].split("（")[0]
    # go-live: the summary, the hiring plan and the launch class give one figure, labelled as rostered
    assert f"オペレーター {need} FTE（シフト編成後、採用 {launch}名）" in summary["サービス開始時の要員"]
    assert hiring["columns"][1] == "必要FTE（シフト編成後）"
    monthly = _topic(chapters, "月別の要員数（FTE）")["table"]
    assert monthly["columns"][5:7] == ["必要FTE（シフト編成前）", "必要FTE（シフト編成後）"] and monthly["rows"][0][6] == need
    programs = _topic(chapters, "プログラム別の必要人数")["table"]["rows"]
    assert programs[-1][0] == "合計（各プログラムのピークの和）"  # not the peak of 13.1, and says so
    assert summary["ピーク時の人数"].startswith("必要34名／配置45名（全プログラムの合計が最大の時間帯")

    en, chapters_en = built["en"]
    summary = _pairs(_topic(chapters_en, "Summary"))
    need = _topic(chapters_en, "Hiring plan by month (assumed yearly attrition 35%)")["table"]["rows"][0][1]
    launch = _topic(chapters_en, "Training classes (nesting at 60% productivity)")["table"]["rows"][0][2].split(" ")[0]
    assert f"agents {need} FTE (rostered in whole shifts, {launch} hires)" in summary["Staff at go-live"]


def test_the_hiring_plan_counts_hires_in_whole_people(built):
    """Backfill and growth hires are people: 46, never 46.0, on every month and in the total; the FTE
    columns beside them keep one decimal."""
    for lang, title in (("ja", "月別の採用計画（想定年間離職率 30%）"), ("en", "Hiring plan by month (assumed yearly attrition 35%)")):
        _, chapters = built[lang]
        rows = _topic(chapters, title)["table"]["rows"]
        hires = [row[c] for row in rows for c in (4, 5)]
        assert hires and all(re.fullmatch(r"\d{1,3}(,\d{3})*|–", h) for h in hires), hires
        assert all("." in row[2] for row in rows[:-1])


def test_the_training_classes_write_their_dates_as_the_document_does(built):
    """Each date of the training classes is the document's date with its weekday (Mon 10 January 2028,
    2027年10月1日（金）), whole on its line (the starts a line each after their names), and every class is
    ready on a working day."""
    from rfpgen.text import day

    for lang, title in (("ja", "研修クラス（OJT中の生産性 50%）"), ("en", "Training classes (nesting at 60% productivity)")):
        project, chapters = built[lang]
        rows = [r for r in _topic(chapters, title)["table"]["rows"] if r[1]]
        for row in rows:
            starts = [line.split("：" if lang == "ja" else ": ", 1)[1] for line in row[3].split("\n")]
            for written in (row[0], *starts):
                written = written.replace(NBSP, " ")
                assert written == day(_iso(written, project.date_style), project.date_style), row
        from rfpgen.staffing import plan as staffing_plan

        for c in staffing_plan(project).as_dict()["hiring_plan"]["classes"][1:]:
            assert date.fromisoformat(c["ready"]).weekday() < 5 and c["ready"] <= f"{c['month']}-01", c


def _iso(written: str, style: str) -> str:
    """The ISO date a table cell writes (by reading its figures back)."""
    from rfpgen.text import EN_MONTHS

    if style.startswith("ja"):
        y, m, d = map(int, re.match(r"(\d+)年(\d+)月(\d+)日", written).groups())
    else:
        name = next(n for n in EN_MONTHS if n in written)
        d, y = (int(n) for n in re.findall(r"\d+", written))
        m = EN_MONTHS.index(name) + 1
    return f"{y:04d}-{m:02d}-{d:02d}"


def test_the_peak_month_and_the_month_of_the_most_fte_are_named_apart(built):
    """The month of the busiest interval and the month needing the most staff can differ (November and
    December): each is named by what makes it that month, the same way in the summary and the annex (a
    bare "peak month November" beside "the most FTE in December" read as a contradiction); the summary's
    hires after go-live are the hiring classes', and every FTE says whether it is the lower bound before shifts
    or rostered."""
    for lang, most, peak in (("ja", "必要人員が最大の月", "最繁時間帯のある月（"), ("en", "month needing the most staff", "busiest-interval month (")):
        project, chapters = built[lang]
        risks = " ".join(_risks(chapters))
        assert most in risks and peak in risks and "interval lower bound" not in risks and "、下限）" not in risks
        classes = _topic(chapters, "研修クラス（OJT中の生産性 50%）" if lang == "ja" else
                         "Training classes (nesting at 60% productivity)")["table"]["rows"]
        launch = "立ち上げ" if lang == "ja" else "Launch"
        after = sum(int(re.match(r"\d+", r[2]).group()) for r in classes if r[1] not in (launch, ""))  # growth and backfill classes, not the total
        assert (f"計{after}名を採用する" if lang == "ja" else f"{after} more agents join") in risks
        summary = _pairs(_topic(chapters, "試算の要約" if lang == "ja" else "Summary"))
        assert any(most in label for label in summary)
        scenario = next(t for ch in chapters for t in ch["topics"] if t["title"].startswith(("シナリオ別", "Scenarios")))
        assert scenario["table"]["columns"][-1] in ("必要FTE（シフト編成前）", "FTE before shifts")
        assert not re.search(r"ピーク月|(?i:peak month)", repr(chapters))  # no month named by a bare "peak"


def test_annex_values_are_written_one_way(built):
    assert rate(22.71) == "22.7%" and rate(85) == "85%" and rate(85.0) == "85%"
    assert period("2027-10-02", "2027-10-04", "ja") == "2027年10月2日（土）〜2027年10月4日（月）"
    assert period("2028-11-20", "2028-11-26", "en-GB") == f"Mon{NBSP}20{NBSP}November{NBSP}2028 – Sun{NBSP}26{NBSP}November{NBSP}2028"
    project, chapters = built["ja"]
    assumptions = {row[0]: row[1] for row in _topic(chapters, "試算の前提")["table"]["rows"]}
    operations = {row[0]: row[1] for row in _topic(chapters, "シュリンケージ")["table"]["rows"]}
    assert assumptions["シュリンケージ（複合）"] == operations["シュリンケージ合計（複合）"] == "22.7%"
    cap = _topic(chapters, "稼働率の上限")  # one figure: a sentence, not a one-row table
    assert assumptions["稼働率の上限"] == "85%" and "稼働率（オキュパンシー）は85%を上限とする" in cap["paragraphs"][0]
    assert assumptions["最少配置人数"] == "苦情・クレーム窓口（電話）：2名\nその他：指定なし"  # the program sets its own
    events = _topic(chapters, "繁忙日（カレンダーイベント）")["table"]["rows"]  # only busy days: named so
    assert events[0][1] == "2027年10月2日（土）〜2027年10月4日（月）"
    timeline = _topic(chapters, "採用・研修スケジュール")["table"]["rows"]
    assert all(re.search(r"（[月火水木金土日]）$", row[1]) for row in timeline)
    notes = _topic(chapters, "試算上の注記")["bullets"]
    assert notes and all(n.endswith("。") for n in notes)

    project, chapters = built["en"]
    rows = _topic(chapters, "Assumptions")["table"]["rows"]
    assert all(not row[1][:1].islower() for row in rows)
    assert not any(re.search(r"\bprograms?\b", row[1]) for row in rows)  # en-GB: programme
    classes = _topic(chapters, "Training classes (nesting at 60% productivity)")["table"]["rows"]
    # each date whole with its weekday, the three starts a line each after their names
    assert all(" " not in row[0] for row in classes[:-1])
    assert all([line.split(": ")[0] for line in row[3].split("\n")] == ["Recruiting", "Training", "Nesting"]
               and all(" " not in line.split(": ")[1] for line in row[3].split("\n")) for row in classes[:-1])


# ------------------------------------------------------------------ 3. the charts


def test_chart_labels_keep_the_minus_sign_and_the_pdf_has_a_font_for_it(tmp_path):
    """The scenario chart's labels carry the minus sign (U+2212) the tables print, in Japanese too: a
    hyphen-minus once stood in for it because LibreOffice, without Yu Gothic, garbled 「シュリンケージ−5pt」;
    the PDF conversion now maps Yu Gothic to Noto Sans CJK JP, which has the minus sign."""
    import shutil
    import subprocess

    from rfpgen.documents.build import staffing_for
    from rfpgen.documents.charts import draw
    from rfpgen.documents.pdf import font_stand_ins
    from rfpgen.documents.staffing_annex import staffing_figures

    project = load_project(JA)
    scenarios = staffing_figures(staffing_for(project).plan, "ja", project.date_style)["scenarios"]
    assert f"シュリンケージ{MINUS}5pt" in scenarios.categories  # written as the low and high bands write it
    assert f"シュリンケージ{MINUS}5pt" in draw(scenarios).xml and "シュリンケージ-5pt" not in draw(scenarios).xml
    if shutil.which("fc-match") is None or b"Noto Sans CJK JP" not in subprocess.run(["fc-list"], capture_output=True).stdout:
        pytest.skip("fontconfig or Noto Sans CJK JP is not installed; CI installs them")
    environment = font_stand_ins(tmp_path)
    for font in ("Yu Gothic", "游ゴシック"):
        matched = subprocess.run(["fc-match", "-f", "%{family}", font], capture_output=True, text=True, env=environment).stdout
        assert "Noto Sans CJK JP" in matched, (font, matched)


def test_the_day_chart_is_the_tables_day(built):
    for lang, weekday in (("ja", "月曜日"), ("en", "Monday")):
        project, chapters = built[lang]
        figure = next(t for ch in chapters for t in ch["topics"] if (t.get("figure") or {}).get("chart") == "day")
        assert weekday in figure["caption"] and not re.search(r"最繁忙日|busiest day of", figure["caption"])
    from rfpgen.documents.build import staffing_for

    plan = staffing_for(load_project(EN)).plan
    table = plan["weekday_table"]
    column = table["weekdays"].index(plan["chart"]["weekday"])
    assert plan["chart"]["date"] is None
    assert plan["chart"]["scheduled"] == [row["scheduled"][column] for row in table["rows"] if row["scheduled"][column] is not None]


# ------------------------------------------------------------------ 4. headings


def test_annex_headings_fit_one_line(built):
    for lang, most in (("ja", 34), ("en", 70)):
        _, chapters = built[lang]
        annex = next(ch for ch in chapters if ch["title"] in ("付録 要員試算", "Annex: staffing estimate"))
        for topic in annex["topics"]:
            width = sum(2 if ord(c) > 0x2e80 else 1 for c in topic["title"]) / (2 if lang == "ja" else 1)
            assert width <= most, topic["title"]


# ------------------------------------------------------------------ 5. the glossary


def test_glossary_is_in_reading_order_english_only_and_the_projects_terms(built):
    project, chapters = built["ja"]
    table = _topic(chapters, "本書で使う用語")["table"]
    terms = [row[0] for row in table["rows"]]
    keys = {e[1][0]: e[0] for e in glossary(project)}
    assert terms == sorted(terms, key=lambda t: reading_key(READINGS[keys[t]]))
    assert terms.index("アーラン C／アーラン A".replace(" ", "")) < terms.index("後処理（ACW）")
    assert {"書類審査の総合評価点", "プレゼンテーション点", "最終評価点", "加算方式", "予定価格"} <= set(terms)
    assert "総合評価点" not in terms  # with a presentation stage the ranking follows the final score
    meaning = dict((row[0], row[2]) for row in table["rows"])["サービスレベル（SL）"]
    assert "80%を20秒以内" in meaning

    project, chapters = built["en"]
    table = _topic(chapters, "Terms used in these documents")["table"]
    assert table["columns"] == ["Term", "Meaning"]
    assert not any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", cell) for row in table["rows"] for cell in row)
    terms = [row[0] for row in table["rows"]]
    assert terms == sorted(terms, key=str.lower)
    assert not {"Additive formula", "Reference price", "Total score"} & set(terms)
    assert "Final score" in terms
    meaning = dict(table["rows"])["Service level (SL)"]
    assert "80% within 30 s" in meaning and "20 s" not in meaning


# ------------------------------------------------------------------ 6-8. names, labels and values


def test_names_labels_and_values_print_whole_and_agree(built):
    assert _name_and_title("中村 由紀子", "カスタマーサービス部長", "ja") == "中村 由紀子\n（カスタマーサービス部長）"
    assert _name_and_title("Dana Roe", "COO", "en") == "Dana Roe (COO)"
    from rfpgen.documents.render import _HEADER_PARTS, _unbreakable_mm

    assert [p for p in _HEADER_PARTS.split("1FTEあたりの月間所定労働時間") if p] == ["1FTEあたりの", "月間所定労働時間"]
    assert _unbreakable_mm("（カスタマーサービス部長）", header=False) > 40  # a bracketed title is kept whole
    for lang, label, value in (("ja", "紙の提出", "不要"), ("en", "Paper copies", "Not required")):
        _, chapters = built[lang]
        assert _pairs(_topic(chapters, "提出要領" if lang == "ja" else "Submission"))[label] == value


def test_label_column_of_a_label_value_table_widens_to_its_longest_label(tmp_path):
    from docx import Document
    from docx.shared import Mm

    from rfpgen.documents.render import fit_columns

    document = Document()
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(table.rows, (("SV一人あたりのオペレーター数", "12"), ("1FTEあたりの月間所定労働時間", "160時間"))):
        row.cells[0].text, row.cells[1].text = label, value
    for column, width in zip(table.columns, (Mm(30), Mm(136))):
        column.width = width
        for cell in column.cells:
            cell.width = width
    fit_columns(document)
    grid = table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
    label_mm = int(grid[0].get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) / 1440 * 25.4
    assert label_mm > 45


def test_no_machine_codes_or_wrong_sources_in_prose(built):
    """A requirement from the library says so in words, without the library's code; an assumption that
    is the tool's modelling choice is not labelled the client's figure."""
    for lang in ("ja", "en"):
        project, chapters = built[lang]
        texts = [r["text"] for ch in chapters for r in ch.get("requirements") or []]
        assert not any(re.search(r"[A-Z]{3}-[A-Z]{3}-\d\d", t) for t in texts)
        assumptions = _topic(chapters, "試算の前提" if lang == "ja" else "Assumptions")["table"]["rows"]
        holidays = [r for r in assumptions if r[0].startswith(("祝日の扱い", "Public holidays"))]
        assert holidays or lang == "ja"
        assert all(r[2] in ("試算モデルの扱い", "How the staffing model treats it") for r in holidays)
        closed = [r[1] for r in assumptions if r[0].startswith(("休業日", "Closed dates"))]
        assert closed and all(re.fullmatch(r"\d+日間|\d+ days?", v) for v in closed), closed  # 3日 read as the 3rd


def test_the_qa_register_names_the_rfp_its_section_numbers_belong_to(built):
    project, chapters = built["ja"]
    register = _topic(chapters, "質問と回答の記録")["table"]["rows"]
    assert all("【該当箇所】RFP " in row[3] for row in register)
    names = {v["id"]: v["name"] for v in project.data["evaluation"]["vendors"]}
    assert [row[2] for row in register] == [names[q["vendor"]] for q in sorted(project.data["questions"], key=lambda q: q["number"])]
    # the asker by name alone: a cell of the name and its id (ひかりコンタクトサービス株式会社 / V-HC) broke the name mid-word


def test_the_offer_validity_is_said_as_the_rfp_says_it(built):
    """The requirements definition records the RFP's conditions: the offer validity is a span, said in the
    RFP's words (提案書提出期限の翌日から180日間), not a bare 「180日」."""
    for lang, (project, chapters) in built.items():
        conditions = _pairs(_topic(chapters, "RFPの条件" if lang == "ja" else "Conditions in the RFP"))
        validity = conditions["見積の有効期限" if lang == "ja" else "Offer validity"]
        n = project.offer_validity_days()
        assert validity == (f"提案書提出期限の翌日から{n}日間" if lang == "ja" else f"{n} days from the day after the proposal deadline")


def test_an_approvers_title_with_brackets_of_its_own_is_not_bracketed_again():
    """Director of Finance (Section 151 Officer) printed as (Director of Finance (Section 151 Officer))
    read as a typing slip: such a title follows the name after a comma, or on a line of its own."""
    assert _name_and_title("Marcus Fenwick", "Director of Finance (Section 151 Officer)", "en") == \
        "Marcus Fenwick\nDirector of Finance (Section 151 Officer)"
    assert _name_and_title("Al Roe", "CFO (S151)", "en") == "Al Roe, CFO (S151)"
    assert _name_and_title("山田 太郎", "部長（IT）", "ja") == "山田 太郎、部長（IT）"


def test_a_crowded_category_axis_labels_every_nth_interval_tilted():
    """Seventeen half-hour labels under a 160 mm chart ran together in LibreOffice (08:3009:0009:30…):
    the axis labels every second one (Word) and tilts them (LibreOffice ignores the skip); a few
    labels stay level, each labelled."""
    from rfpgen.documents.charts import ChartSpec, Series, draw, label_interval

    times = tuple(f"{8 + (i + 1) // 2:02d}:{30 if i % 2 == 0 else 0:02d}" for i in range(17))
    crowded = ChartSpec(categories=times, series=(Series("Contacts", tuple(range(17)), "column"),), lang="en")
    assert label_interval(crowded) == 2
    xml = draw(crowded).xml
    assert '<c:tickLblSkip val="2"/>' in xml and 'rot="-2700000"' in xml
    few = ChartSpec(categories=times[:6], series=(Series("Contacts", tuple(range(6)), "column"),), lang="en")
    assert label_interval(few) == 1 and "tickLblSkip" not in draw(few).xml and 'rot="-2700000"' not in draw(few).xml


@pytest.mark.parametrize("document", ["requirements", "rfp"])
def test_a_table_naming_a_party_names_the_client_as_the_document_does(document):
    """Who owns, bears a cost or trains: the name the RFP gives each party once it has defined it
    (Halden Electronics Ltd ("the client")): Client and Contractor, as Japanese says 委託元 and 受託者,
    never the company's name in one cell and "Client" in the next."""
    for path in (JA, EN):
        project = load_project(path)
        chapters = document_contexts(project, only={document})[document]["chapters"]
        tables = [t["table"] for ch in chapters for t in ch["topics"] if t.get("table") and t["title"] in (
            "システム構成と帰属・費用負担", "System components, ownership and cost", "関係者間の役割分担", "Division of responsibilities",
            "ファシリティ費用の負担", "Facility costs", "初期費用の内容と負担", "Initial costs", "研修の要件", "Training")]
        cells = {cell for table in tables for row in table["rows"] for cell in row} | {c for table in tables for c in table["columns"]}
        if project.lang == "en":
            assert {"Client", "Contractor"} <= cells and project.client_name not in cells, cells
        else:
            assert {"委託元", "受託者"} <= cells and project.client_name not in cells


def test_a_kpi_the_project_defines_itself_prints_the_projects_definition_alone(built):
    """The ja example counts abandonment from 5 seconds of waiting: the KPI table prints that definition,
    not rfpgen's general 放棄呼数 ÷ 着信呼数 beside it; a KPI the project does not define keeps the general one,
    and a definition given without a target still prints (to be decided)."""
    from rfpgen.documents.parts import _kpi_rows

    project, chapters = built["ja"]
    rows = {row[0]: row[1:] for row in _topic(chapters, "KPIと目標値")["table"]["rows"]}
    own = project.section("operations")["kpis"]["definitions"]["abandonment_pct"]
    assert rows["放棄率"] == ["5%以下", own] and not any("放棄呼数 ÷ 着信呼数" in cell for row in rows.values() for cell in row)
    assert rows["平均応答速度（ASA）"][1] == "応答した呼の平均待ち時間"
    rows = _kpi_rows({"asa_seconds": 30, "definitions": {"asa_seconds": "Mean wait after the IVR", "fcr_pct": "Resolved within 7 days"}}, "en")
    assert rows == [["Average speed of answer (ASA)", "≤ 30 s", "Mean wait after the IVR"],
                    ["First contact resolution (FCR)", "To be decided", "Resolved within 7 days"]]
