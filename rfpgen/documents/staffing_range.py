"""The staffing estimate as a range, in the documents: events, pooling, rostered FTE, hiring plan,
scenarios and the service-level-versus-FTE curve, read from the plan's `as_dict()`.

Kept apart from the document builders so that the tables follow the plan, not the layout code:
`add_range_tables(chapter, plan, full)` appends them to a chapter that offers `table()` and `pairs()`.
"""
from __future__ import annotations

from ..text import EMPTY, clean, day, month, number, numbers, percents, period, signed, unbroken
from ..words import say
from ..words import tr as _L


# The two months and the two FTE measures the estimate reports, named once for every document, each
# by what makes it the month (a bare "peak month" beside "the most FTE" in another month reads as a
# contradiction): the month of the busiest interval (the scenarios and the curve rerun it) and the
# month needing the most staff (FTE), which can be another one. FTE is counted interval by interval before
# shifts (the model's lower bound, named without the word), or rostered in whole shifts.
PEAK_MONTH = ("最繁時間帯のある月", "busiest-interval month")
PEAK_MONTH_USE = ("シナリオ別・サービスレベル別の試算の対象月", "the month the scenarios and the service-level curve are worked out for")
MOST_FTE_MONTH = ("必要人員が最大の月", "month needing the most staff")
LOWER_BOUND = ("シフト編成前", "before fitting shifts")
ROSTERED = ("シフト編成後", "rostered in whole shifts")
# the agents of the busiest interval, as a column header: two words (ピーク時の / 必要人数) a narrow column breaks between
PEAK_REQUIRED = ("ピーク時の必要人数", "Peak required")
PEAK_SCHEDULED = ("ピーク時の配置人数", "Peak scheduled")


def fte_basis(lang: str, rostered: bool | None) -> str:
    """How an agent FTE was counted, in a manager's words."""
    return _L(lang, *(ROSTERED if rostered else LOWER_BOUND))


def fte_header(lang: str, rostered: bool | None = False) -> str:
    """A table's FTE column named by its measure: 「必要FTE（シフト編成前）」; in English the short
    "FTE before shifts" / "FTE in whole shifts", as a header narrower than its words wraps onto six lines."""
    return _L(lang, f"必要FTE（{fte_basis(lang, rostered)}）", "FTE in whole shifts" if rostered else "FTE before shifts")


def _n(value) -> str:
    return number(value, empty=EMPTY)


def _fte(values, empty: str = EMPTY) -> list[str]:
    """FTE and headcounts from the model: one decimal on every row of the column."""
    return [number(v, 1, empty) for v in values]


def _people(values, empty: str = EMPTY) -> list[str]:
    """Hires: whole people, without decimals (46, not 46.0)."""
    return [number(v, 0, empty) for v in values]


def _printed(text: str) -> float | None:
    """The number a reader reads in a printed cell (1,234.5 or 72.3%), None for a blank or a dash."""
    try:
        return float(text.replace(",", "").rstrip("%"))
    except (AttributeError, ValueError):
        return None


def format_table(rows: list[list], formats: dict, total: str | None = None, summed=None, averaged=()) -> list[list]:
    """Rows with each column in `formats` written by its formatter (one format per column); with
    `total`, a last row adding up the columns in `summed` (all formatted columns without it) and
    averaging those in `averaged`. A totals row adds the figures as printed above it, so a reader
    adding the column gets the total the table prints (14.2, not the 14.3 of the unrounded values)."""
    rows = [list(r) for r in rows]
    body = [[text if row[c] != "" else "" for row, text in zip(rows, f([row[c] if row[c] != "" else None for row in rows],
                                                                           empty=EMPTY))] for c, f in formats.items()]
    if total is not None and rows:
        added = set(formats if summed is None else summed) | set(averaged)
        last = [total] + [""] * (len(rows[0]) - 1)
        for (c, column_format), texts in zip(formats.items(), body):
            if c not in added:
                continue
            figures = [f for f in map(_printed, texts) if f is not None]
            if not figures:
                continue
            value = sum(figures) / len(figures) if c in averaged else sum(figures)
            places = max(len(t.rstrip("%").partition(".")[2]) for t in texts if _printed(t) is not None)
            last[c] = column_format(figures + [round(value, places)], empty=EMPTY)[-1]
        rows.append(last)
    for (c, _), texts in zip(formats.items(), body):
        for row, text in zip(rows, texts):
            row[c] = text
    return rows


def events_title(events: list[dict], lang: str) -> str:
    """The calendar events' heading, named by what they are: busy days (a factor above 1), quiet or
    closed days (below 1), or both."""
    busy, quiet = any(e["factor"] > 1 for e in events), any(e["factor"] < 1 for e in events)
    if busy and quiet:
        return _L(lang, "繁忙日・閑散日（カレンダーイベント）", "Calendar events (busy and quiet days)")
    if quiet:
        return _L(lang, "閑散日・休業日（カレンダーイベント）", "Calendar events (quiet and closed days)")
    return _L(lang, "繁忙日（カレンダーイベント）", "Calendar events (busy days)")


def scenario_name(row: dict, lang: str, short: bool = False) -> str:
    """A scenario as the table names it; `short` (a chart's axis) leaves the band's ends unexplained."""
    named = {"base": ("基準（要件定義の前提）", "Base (as specified)"),
             "low": ("低位（件数0.8倍・AHT−10%・シュリンケージ−5pt）", "Low (volume × 0.8, AHT −10%, shrinkage −5 points)"),
             "high": ("高位（件数1.5倍・AHT+10%・シュリンケージ+5pt）", "High (volume × 1.5, AHT +10%, shrinkage +5 points)")}
    if row["key"] in named:
        name = _L(lang, *named[row["key"]])
        return name.split("（")[0].split(" (")[0] if short else name
    # written as the low and high bands write them: no space between a Japanese word and its figure
    if row["volume_factor"] != 1:
        return _L(lang, f"件数{_n(row['volume_factor'])}倍", f"Volume × {_n(row['volume_factor'])}")
    if row["aht_factor"] != 1:
        change = signed(round((row["aht_factor"] - 1) * 100), unit="%")
        return _L(lang, f"AHT{change}", f"AHT {change}")
    points = signed(row["shrinkage_points"])
    return _L(lang, f"シュリンケージ{points}pt", f"Shrinkage {points} points")


CLASS_STARTS = (("recruiting_start", "採用", "Recruiting"), ("training_start", "研修", "Training"),
                ("nesting_start", "OJT", "Nesting"))


CLASS_KINDS = {"launch": ("立ち上げ", "Launch"), "growth": ("増員", "Growth"), "backfill": ("補充", "Backfill")}


def class_kind(c: dict, lang: str) -> str:
    """A training class's kind; a class of growth and backfill hires says how many of each (it was named by
    the larger part only)."""
    growth, backfill = c.get("growth_hires"), c.get("backfill_hires")
    if c["kind"] != "launch" and growth and backfill:
        return _L(lang, f"{CLASS_KINDS['growth'][0]}{number(growth)}・{CLASS_KINDS['backfill'][0]}{number(backfill)}",
                  f"{CLASS_KINDS['growth'][1]} {number(growth)}, {CLASS_KINDS['backfill'][1].lower()} {number(backfill)}")
    return _L(lang, *CLASS_KINDS.get(c["kind"], (c["kind"], c["kind"])))


def _classes_rows(classes: list[dict], when, lang: str) -> list[list[str]]:
    """The training classes, hires and classes in one column ("46（4）"), and the class's three starts in one,
    a line each (採用：2027年6月1日（火）): four date columns left no room for a date with its weekday,
    which broke between the two (Mon / 10 January 2028, 2027年10月1日 / （金）)."""
    def hires(people, count):
        return _L(lang, f"{number(people)}（{number(count)}）", f"{number(people)} ({number(count)})")

    def starts(c):
        return "\n".join(_L(lang, f"{ja}：{when(c[key])}", f"{en}: {when(c[key])}") for key, ja, en in CLASS_STARTS)

    rows = [[when(c["ready"]), class_kind(c, lang), hires(c["hires"], c["classes"]), starts(c)] for c in classes]
    if len(classes) > 1:
        rows.append([_L(lang, "合計", "Total"), "", hires(sum(c["hires"] for c in classes), sum(c["classes"] for c in classes)), ""])
    return rows


def program_names(plan: dict) -> dict[str, str]:
    """The plan's programs (and pools of programs) by id: the names a reader knows them by."""
    return {p["id"]: clean(p["name"]) for p in (plan.get("programs") or []) + (plan.get("pooling") or [])}


def warning_texts(plan: dict, lang: str) -> list[str]:
    """The plan's warnings as sentences in `lang`, programs by name, the figures of one kind of warning
    with the same decimals (1.8%, 8.0%): one wording for the annex, the wizard and `rfpgen staffing`."""
    from ..words import ENUMS, enum, lookup, sentence

    programs, warnings = program_names(plan), plan.get("warnings") or []
    figures = {}
    for key in {w["key"] for w in warnings}:
        same = [w for w in warnings if w["key"] == key and isinstance(w.get("value"), (int, float)) and not isinstance(w["value"], bool)]
        figures.update(zip(map(id, same), numbers(w["value"] for w in same)))
    texts = []
    for w in warnings:
        if lookup(f"staffing.warning.{w['key']}"):
            value = figures.get(id(w), w.get("value"))
            if value in ENUMS["weekday"][lang]:
                value = enum("weekday", value, lang)
            program = programs.get(w.get("program"), w.get("program"))
            texts.append(sentence(say(f"staffing.warning.{w['key']}", lang, program=program, value=value), lang))
        else:
            texts.append(sentence(w["text"], lang))
    return texts


def add_range_tables(ch, plan: dict, full: bool, date_style: str | None = None, captions: dict | None = None) -> None:
    """Append the range tables; `full` (the requirements definition's annex) adds events, pooling and hiring.
    `date_style` writes the events' dates as the rest of the document does (ISO without it). `captions`
    (staffing_annex.figure_captions) attach the scenario and service-level charts to their tables."""
    lang = ch.lang
    style = date_style or lang
    captions = captions or {}
    programs = program_names(plan)

    def named(ids: list[str]) -> str:
        return _L(lang, "、", ", ").join(programs.get(i, i) for i in ids)

    def when(value: str) -> str:  # a date of a table: with its weekday, kept on one line
        return unbroken(day(value, date_style)) if date_style else value

    if full and plan.get("events"):
        ch.table(events_title(plan["events"], lang),
                 [_L(lang, "イベント", "Event"), _L(lang, "期間", "Dates"), _L(lang, "倍率（通常日比）", "Factor (vs an ordinary day)"),
                  _L(lang, "対象", "Programs")],
                 [[e["name"], period(e["start"], e["end"], date_style) if date_style else
                   (e["start"] if e["end"] == e["start"] else f"{e['start']} – {e['end']}"), _n(e["factor"]),
                   named(e["programs"]) if e["programs"] else _L(lang, "全プログラム", "All programs")]
                  for e in plan["events"]])
    if full and plan.get("pooling"):
        ch.table(_L(lang, f"チーム共有（プーリング）と専任体制の比較（{PEAK_MONTH[0]}）", f"Pooled team against dedicated teams ({PEAK_MONTH[1]})"),
                 ["ID", _L(lang, "チーム", "Team"), _L(lang, "対象プログラム", "Programs"), _L(lang, "ピーク時の必要人数（共有）", "Peak required, pooled"),
                  _L(lang, "ピーク時の必要人数（専任）", "Peak required, dedicated"), _L(lang, "FTE（共有）", "FTE, pooled"),
                  _L(lang, "FTE（専任）", "FTE, dedicated")],
                 format_table([[p["id"], p["name"], named(p["programs"]), p["pooled_peak_required"], p["dedicated_peak_required"],
                           p["pooled_fte"], p["dedicated_fte"]] for p in plan["pooling"]], {3: numbers, 4: numbers, 5: _fte, 6: _fte},
                         total=_L(lang, "合計", "Total") if len(plan["pooling"]) > 1 else None))
    rostering = plan.get("rostering")
    if rostering:
        reason = {"scipy_missing": _L(lang, "最適化ソルバー（SciPy）が利用できないため", "the optimiser (SciPy) is not installed"),
                  "solver_time_limit": _L(lang, "シフト計算が制限時間内に終わらなかったため", "the shift solve ran out of time"),
                  "solver_failed": _L(lang, "シフト計算に失敗したため", "the shift solve failed")}
        ch.pairs(_L(lang, f"シフト編成後の要員数（{PEAK_MONTH[0]}）", f"FTE rostered with whole shifts ({PEAK_MONTH[1]})"), [
            (fte_header(lang), _n(rostering["lower_bound_fte"])),
            (fte_header(lang, True),
             _n(rostering["rostered_fte"]) if rostering["rostered"] else
             _L(lang, f"算出せず（{reason.get(rostering['reason'], '')}、シフト編成前のFTEを用いる）",
                f"not computed ({reason.get(rostering['reason'], '')}; the FTE before shifts is used)")),
            (_L(lang, "シフト編成による増加", "Added by whole shifts"),
             f"{_n(rostering['uplift_pct'])}%" if rostering["rostered"] else EMPTY),
        ])
    hiring = plan.get("hiring_plan")
    if full and hiring:  # people counted in FTE, as the need is: a month's leavers are a share of a person
        assumed = say("staffing.assumption.attrition_pct_per_year", lang)
        rostered = bool(rostering and rostering["rostered"])  # the need is the month's FTE in whole shifts
        ch.table(_L(lang, f"月別の採用計画（{assumed} {_n(hiring['attrition_pct_per_year'])}%）",
                    f"Hiring plan by month ({assumed.lower()} {_n(hiring['attrition_pct_per_year'])}%)"),
                 [_L(lang, "月", "Month"), fte_header(lang, rostered), _L(lang, "月初人員（FTE）", "Start (FTE)"),
                  _L(lang, "想定離職", "Leavers"), _L(lang, "補充採用", "Backfill"), _L(lang, "増員採用", "Growth"),
                  _L(lang, "月末人員（FTE）", "End (FTE)"), _L(lang, "余剰", "Surplus")],
                 format_table([[unbroken(month(m["month"], style)), m["need_fte"], m["headcount_start"], m["leavers"], m["backfill_hires"],
                           m["growth_hires"], m["headcount_end"], m["surplus"]] for m in hiring["months"]],
                         {**{c: _fte for c in range(1, 8)}, 4: _people, 5: _people}, total=_L(lang, "合計", "Total") if len(hiring["months"]) > 1 else None,
                         summed=(3, 4, 5)))
        ch.table(_L(lang, f"研修クラス（OJT中の生産性 {_n(hiring['nesting_productivity_pct'])}%）",
                    f"Training classes (nesting at {_n(hiring['nesting_productivity_pct'])}% productivity)"),
                 [_L(lang, "戦力化日", "Ready"), _L(lang, "区分", "Kind"), _L(lang, "採用人数（クラス）", "Hires (classes)"),
                  _L(lang, "開始日", "Starts")],
                 _classes_rows(hiring["classes"], when, lang))
    peak = month(plan.get("peak_month") or "", style)
    if plan.get("scenarios"):
        item = ch.table(_L(lang, f"シナリオ別の要員数（{peak}、{PEAK_MONTH[0]}）", f"Scenarios ({peak}, the {PEAK_MONTH[1]})"),
                        [_L(lang, "シナリオ", "Scenario"), _L(lang, *PEAK_REQUIRED), _L(lang, *PEAK_SCHEDULED),
                         fte_header(lang)],
                        format_table([[scenario_name(s, lang), s["peak_required"], s["peak_scheduled"], s["fte"]]
                                 for s in plan["scenarios"]], {1: numbers, 2: numbers, 3: _fte}))
        if "scenarios" in captions:
            ch.figure(item, "scenarios", captions["scenarios"])
    if plan.get("service_level_curve"):
        # the heading kept short enough for one line; the ASA and abandonment targets set aside are said in the header
        item = ch.table(_L(lang, f"サービスレベル目標と必要FTE（{peak}）", f"Service level against FTE ({peak})"),
                        [_L(lang, "サービスレベル目標（ASA・放棄率の目標は除く）", "Service level target (ASA and abandonment targets set aside)"),
                         _L(lang, *PEAK_REQUIRED),
                         _L(lang, *PEAK_SCHEDULED), fte_header(lang)],
                        format_table([[c["service_level_pct"], c["peak_required"], c["peak_scheduled"], c["fte"]]
                                 for c in plan["service_level_curve"]], {0: percents, 1: numbers, 2: numbers, 3: _fte}))
        if "service_level" in captions:
            ch.figure(item, "service_level", captions["service_level"])


# How the plan's new assumptions print their value; their names are in the catalogue (words/staffing.py).
ASSUMPTION_VALUES = {
    "events": lambda v, L: L(f"{v}件（通常日に対する倍率で配分、月の件数は予測のまま）", f"{v} (a factor on an ordinary day; the month's total is kept)"),
    "program_profiles": lambda v, L: L("独自の構成比を持つプログラムはそれに従う", "programs with their own profiles follow them"),
    "pooling": lambda v, L: L(f"{'、'.join(v)}：共有チームとして一括で算定", f"{', '.join(v)}: staffed as one shared team"),
    "shifts": lambda v, L: L(f"勤務{'/'.join(_n(x) for x in v['lengths_hours'])}時間、"
                             + (f"無給の休憩{v['break_minutes']}分" if v["break_minutes"] else "休憩は勤務時間内（シュリンケージで計上）")
                             + f"、開始{v['start_step_minutes']}分刻み",
                             f"{'/'.join(_n(x) for x in v['lengths_hours'])}-hour shifts, "
                             # (a bare "no break" reads as shifts without rest: the breaks are paid, in shrinkage)
                             + (f"{v['break_minutes']}-minute unpaid break" if v["break_minutes"] else "breaks within paid time (in shrinkage)")
                             + f", starts every {v['start_step_minutes']} min"),
    "attrition_pct_per_year": lambda v, L: L(f"{_n(v)}%（上限ではない）", f"{_n(v)}% (not a limit)"),
    "nesting_productivity_pct": lambda v, L: f"{_n(v)}%",
}
