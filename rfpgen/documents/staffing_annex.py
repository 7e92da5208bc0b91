"""The staffing annex: the reference estimate as tables, a chart, and the model's notes."""
from __future__ import annotations

from ..text import EMPTY, clean, clock, day, moment, month, number, numbers, percent, percents, rate, unbroken
from ..words import capital, count, enum, say, sentence, tbd, tr, zone_name
from .parts import Chapter
from .staffing_range import (ASSUMPTION_VALUES as RANGE_ASSUMPTION_VALUES, MOST_FTE_MONTH, PEAK_MONTH, PEAK_MONTH_USE, PEAK_REQUIRED,
                             PEAK_SCHEDULED, add_range_tables, format_table, fte_basis, fte_header, scenario_name, warning_texts)

ASSUMPTION_VALUES = {  # how each planning assumption's value is written; its name is in the catalogue
    "interval_minutes": lambda v, L: L(f"{v}分", count(v, "en", "", "minute")),
    "shrinkage_pct": lambda v, L: rate(v),  # as the operations chapter prints it
    "occupancy_cap_pct": lambda v, L: rate(v),
    "intraday_profile": lambda v, L: L("時間帯別構成比に従う", "follows the intraday profile") if v == "project" else L("営業時間内で均等", "flat over opening hours"),
    "weekday_profile": lambda v, L: L("曜日別構成比に従う", "follows the weekday profile") if isinstance(v, dict) else L("均等", "equal"),
    "minimum_staffing": lambda v, L: _minimum_staffing(v, L),
    "service_level": lambda v, L: _service_levels(v, L),
    "asa_seconds": lambda v, L: _per_program(v, L, lambda a: L(f"{number(a)}秒", f"{number(a)} s") if a else L("なし", "none")),
    "erlang_a": lambda v, L: L("平均待機許容時間を設定したプログラムはアーランAで算定", "programs with a mean patience use Erlang A") if v else L("考慮しない（アーランC）", "not modelled (Erlang C)"),
    "chat_concurrency": lambda v, L: _per_program(v, L, lambda n: L(f"オペレーター1名あたり同時{number(n)}件", f"{number(n)} chats at once per agent")),
    "deferred_work": lambda v, L: L("件数×処理時間の作業量を返信期限内に処理する前提で算定", "workload (contacts × handle time) cleared within the response target"),
    "closed_dates": lambda v, L: L(f"{v}日間", count(v, "en", "", "day")),  # 3日 would read as the 3rd
    # the project's words on holidays are not read by the model: what it does instead, so no reader takes the
    # words for modelled (the dates are known; the wording is not a rule the model can apply)
    "holidays_text": lambda v, L: L("文章の記載は試算に反映していない。祝日も曜日どおりの受付時間で試算し、休業日は日付で指定したものを反映",
                                    "the wording is not modelled: a public holiday is estimated with its weekday's hours; "
                                    "closed days count when given as dates"),
    "paid_hours_per_fte_month": lambda v, L: L(f"{number(v)}時間", count(v, "en", "", "hour")),
    "span_of_control": lambda v, L: L(f"{number(v)}名", count(v, "en", "", "agent")),  # as the people chapter writes it
    "minimum_supervisors": lambda v, L: L(f"{number(v)}名", number(v)) if v else L("指定なし", "none"),
    "hiring_lead_time_months": lambda v, L: L(f"{number(v)}か月", count(v, "en", "", "month")),
    "opening_hours": lambda v, L: L("プログラムまたは運営の営業時間に従う", "as set for the program or the operation") if v in ("project", True) else str(v),
    "response_target_hours": lambda v, L: L(f"{number(v)}時間", count(v, "en", "", "hour")) if isinstance(v, (int, float)) else str(v),
    "training_days": lambda v, L: L(f"初期研修{v['initial']}営業日＋OJT（ネスティング）{v['nesting']}営業日", f"{count(v['initial'], 'en', '', 'day')} initial + {count(v['nesting'], 'en', '', 'day')} nesting (business days)") if isinstance(v, dict) else str(v),
    "time_zone": lambda v, L: L(f"各プログラムの営業時間・構成比は現地時間。{zone_name(v, 'ja')}に換算して合算",
                                f"each program's hours and profile in its local time, moved to {zone_name(v, 'en')} before they are added up"),
    **RANGE_ASSUMPTION_VALUES,
}

ASSUMPTION_SOURCES = {  # where an assumption comes from: the client's data, a standard value, or how rfpgen models the data
    "project": ("委託元の指定", "Client's figure"),
    "default": ("標準的な想定", "Standard assumption"),
    "model": ("試算モデルの扱い", "How the staffing model treats it"),
}


def _minimum_staffing(value, L) -> str:
    """The fewest agents an open interval gets: 2名, or each program that sets its own (苦情・クレーム窓口（電話）：2名)
    and the other programs' (その他：指定なし); 0 is no minimum."""
    def agents(n) -> str:
        return L(f"{number(n)}名", number(n)) if n else L("指定なし", "none")

    if not isinstance(value, dict):
        return agents(value)
    lines = [L(f"{clean(name)}：{agents(n)}", f"{clean(name)}: {agents(n)}") for name, n in value["programs"].items()]
    if value["others"] is not None:
        lines.append(L(f"その他：{agents(value['others'])}", f"Others: {agents(value['others'])}"))
    return "\n".join(lines)


def _service_levels(value, L) -> str:
    """The service level target: 80%を20秒以内, or each program that sets its own and the others' target
    (受注・問い合わせ窓口（電話）：80%を20秒以内), as the queues are planned."""
    if not isinstance(value, dict):
        return str(value)
    return _per_program(value, L, lambda v: L(f"{number(v['percent'])}%を{number(v['threshold_seconds'])}秒以内",
                                              f"{number(v['percent'])}% within {number(v['threshold_seconds'])} s"))


def _per_program(value, L, one) -> str:
    """A target as `one` writes it, or, where programs differ ({"programs": {name: target}, "others": target}),
    each program's by name, one a line, and the other programs' (その他)."""
    if not (isinstance(value, dict) and "programs" in value):
        return one(value)
    lines = [L(f"{clean(name)}：{one(v)}", f"{clean(name)}: {one(v)}") for name, v in value["programs"].items()]
    if value["others"] is not None:
        lines.append(L(f"その他：{one(value['others'])}", f"Others: {one(value['others'])}"))
    return "\n".join(lines)


def assumption_value(key, value, lang) -> str:
    """An assumption's value as the table prints it: English in the project's spelling (tr), and
    starting with a capital like every other value of the table."""
    L = lambda ja, en: tr(lang, ja, en)  # noqa: E731
    text = str(value)
    if key in ASSUMPTION_VALUES:
        try:
            text = ASSUMPTION_VALUES[key](value, L)
        except (KeyError, TypeError):
            pass
    return text[:1].upper() + text[1:] if lang != "ja" else text


def staffing_chapter(ch: Chapter, plan: dict, full: bool, date_style: str | None = None) -> None:
    """The staffing estimate: the annex of the requirements definition (full) or a summary."""
    lang = ch.lang
    style = date_style or lang  # months and dates as the rest of the document writes them
    if plan.get("empty"):
        reason = {"no_programs": tr(lang, "業務プログラムが定義されていないため、要員は試算していない。", "No programs are defined, so staffing cannot be estimated."),
                  "no_volumes": tr(lang, "業務量の予測が入力されていないため、要員は試算していない。", "No volume forecast is given, so staffing cannot be estimated."),
                  "no_staffable_programs": tr(lang, "業務量のあるプログラムに処理時間（AHT）が設定されていないため、要員は試算していない。",
                                              "The programs with volumes have no handle time (AHT), so staffing cannot be estimated.")}
        ch.text(tr(lang, "試算の状況", "Status"), reason.get(plan.get("reason"), tbd(lang)))
        return
    peak, heads, sup = plan["peak"], plan.get("headcount") or {}, plan.get("supervisors") or {}
    ch.pairs(tr(lang, "試算の要約", "Summary"), [
        (tr(lang, PEAK_MONTH[0], PEAK_MONTH[1].capitalize()),
         plan.get("peak_month") and tr(lang, f"{month(plan['peak_month'], style)}（{PEAK_MONTH_USE[0]}）",
                                       f"{month(plan['peak_month'], style)} ({PEAK_MONTH_USE[1]})")),
        (tr(lang, "ピーク時の人数", "Peak agents"),  # all programs at one interval: the scenario tables' base row
         tr(lang, f"必要{peak['required']}名／配置{peak['scheduled']}名（全プログラムの合計が最大の時間帯："
                  f"{_at(peak, lang, style)}〜{_zone_note(plan, lang)}）",
            f"{peak['required']} required / {peak['scheduled']} scheduled (the interval with the most agents, all programs "
            f"together{_zone_note(plan, lang)}: {_at(peak, lang, style)})")),
        (tr(lang, "サービス開始時の要員", "Staff at go-live"),
         heads and tr(lang, f"オペレーター {_fte_basis(heads['agent_fte'], heads.get('rostered'), lang, '採用 ' + str(heads['agents']) + '名')}、"
                            f"SV {heads['supervisors']}名（{month(heads['month'], style)}）",
                      f"agents {_fte_basis(heads['agent_fte'], heads.get('rostered'), lang, str(heads['agents']) + ' hires')}, "
                      f"{heads['supervisors']} team leaders ({month(heads['month'], style)})")),
        *_supervisor_rows(sup, lang, style),
    ])
    ch.table(tr(lang, "試算の前提", "Assumptions"), [tr(lang, "項目", "Item"), tr(lang, "値", "Value"), tr(lang, "根拠", "Source")],
             [[say(f"staffing.assumption.{a['key']}", lang) if a["key"] in ASSUMPTION_VALUES else a["text"], assumption_value(a["key"], a["value"], lang),
               tr(lang, *ASSUMPTION_SOURCES.get(a["source"], ASSUMPTION_SOURCES["default"]))]
              for a in plan.get("assumptions") or []])
    programs = plan.get("programs") or []
    rows = [[clean(p["name"]), enum("channel", p["channel"], lang), say(f"staffing.model.{p['model']}", lang),
             p.get("aht_seconds"), p.get("contacts"), p.get("peak_required"), p.get("peak_scheduled")] for p in programs]
    # the year's volume and the programs' peaks added up (peaks of different hours: an upper bound)
    ch.table(tr(lang, "プログラム別の必要人数", "Agents by program"),
             [tr(lang, "プログラム", "Program"), tr(lang, "チャネル", "Channel"), tr(lang, "算定モデル", "Model"), tr(lang, "AHT（秒）", "AHT (s)"),
              tr(lang, "年間件数", "Contacts a year"), tr(lang, *PEAK_REQUIRED), tr(lang, *PEAK_SCHEDULED)],
             format_table(rows, {3: _one_decimal, 4: numbers, 5: numbers, 6: numbers}, summed=(4, 5, 6),
                          total=tr(lang, "合計（各プログラムのピークの和）", "Total (each program's own peak, added up)") if len(programs) > 1 else None))
    monthly = plan.get("monthly") or []
    hours = ("contacts", "workload_hours", "productive_hours", "scheduled_hours")
    # with shifts solved, the month's FTE in whole shifts beside the interval lower bound: the figure the hiring
    # plan, the go-live headcount and the summary use
    ftes = ("fte", "rostered_fte") if any(m.get("rostered_fte") is not None for m in monthly) else ("fte",)
    rows = [[unbroken(month(m["month"], style))] + [m[k] for k in hours] + [m.get(k) for k in ftes] + [m.get("occupancy_pct")]
            for m in monthly]
    fte_headers = [fte_header(lang)] + ([fte_header(lang, True)] if len(ftes) == 2 else [])
    last = 5 + len(ftes)
    # the year: contacts and hours add up; FTE is the year's average (occupancy is left blank)
    ch.table(tr(lang, "月別の要員数（FTE）", "Monthly workload and FTE"),
             [tr(lang, "月", "Month"), tr(lang, "件数", "Contacts"), tr(lang, "処理時間（時間）", "Workload (h)"),
              tr(lang, say('staffing.required_agent_hours', lang), f"{capital(say('staffing.required_agent_hours', lang))} (h)"),
              tr(lang, "配置時間（時間）", "Scheduled (h)")] + fte_headers
             + [tr(lang, "稼働率", "Occupancy")],
             format_table(rows, {1: numbers, 2: _one_decimal, 3: _one_decimal, 4: _one_decimal,
                                 **{c: _one_decimal for c in range(5, last)}, last: percents},
                          total=tr(lang, "合計（FTEは月平均）", "Total (FTE columns: monthly average)") if len(monthly) > 1 else None,
                          summed=range(1, 5), averaged=range(5, last)))
    if full and plan.get("weekday_table"):
        table = plan["weekday_table"]
        ch.table(tr(lang, f"時間帯別の必要／配置人数（{month(table['month'], style)}、曜日ごとの平均的な1日）",  # one line
                    f"Required / scheduled agents ({month(table['month'], style)}, average day per weekday)"),
                 [interval_heading(plan, lang)] + [enum("weekday", d, lang) for d in table["weekdays"]],
                 [[clock(row["start"], style)] + [EMPTY if r is None else f"{r} / {s}" for r, s in zip(row["required"], row["scheduled"])]
                  for row in table["rows"]])
    captions = figure_captions(plan, lang, style, elsewhere=not full)  # the guide has no weekday table
    if "day" in captions:
        ch.image(tr(lang, "予測業務量と配置人数", "Forecast volume and scheduled agents"), captions["day"], chart="day")
    ch.table(tr(lang, "採用・研修スケジュール", "Hiring and training timeline"), [tr(lang, "マイルストーン", "Milestone"), tr(lang, "日付", "Date")],
             [[say(f"staffing.milestone.{m['key']}", lang), unbroken(day(m["date"], style)) if date_style else m["date"]]
              for m in plan.get("hiring_timeline") or []])
    add_range_tables(ch, plan, full, date_style, captions)
    notes = warning_texts(plan, lang)
    notes += [note for note in (_binding_note(plan, lang), full and _hiring_rule(plan, lang)) if note]  # beside the classes
    if notes:
        ch.bullets(tr(lang, "試算上の注記", "Notes on the estimate"), notes)


def _supervisor_rows(sup: dict, lang: str, style: str) -> list[tuple[str, str]]:
    """The team leaders of the month needing the most, and how they were counted, in a manager's words:
    the floor in every interval (one per span of scheduled agents, at least the floor minimum while any
    desk is open), its hours turned into people as the agents' are."""
    if not sup:
        return []
    when = month(sup["month"], style)
    which = MOST_FTE_MONTH if sup.get("most_staff_month") else ("SVが最も多く必要な月", "month needing the most team leaders")
    floor = tr(lang, f"、受付中は最低{sup['minimum']}名", f", and at least {count(sup['minimum'], 'en', '', 'team leader')} on the floor "
               "whenever any desk is open") \
        if sup.get("minimum") else ""
    return [
        (tr(lang, f"SV（{which[0]}）", f"Team leaders ({which[1]})"),  # not always the busiest-interval month
         tr(lang, f"{sup['count']}名（{when}、{number(sup['fte'], 1)} FTE）", f"{sup['count']} ({when}, {number(sup['fte'], 1)} FTE)")),
        (tr(lang, "SVの算定方法", "How team leaders are counted"),
         tr(lang, f"時間帯ごとに、配置するオペレーター{sup['span_of_control']}名につきSVを1名（端数は切り上げ）{floor}をフロアに置く。"
                  f"{when}は、フロアのSVの時間が延べ{number(round(sup['floor_hours']))}時間（同時に最大{sup['peak_on_floor']}名）。"
                  f"オペレーターと同じく休憩・休暇など（シュリンケージ{rate(sup['shrinkage_pct'])}）を見込み、1名あたり月{number(sup['paid_hours'])}時間で割ると"
                  f"{number(sup['fte'], 1)}人分、切り上げて{sup['count']}名となる。",
            f"In every interval, one team leader on the floor per {sup['span_of_control']} scheduled agents (rounded up){floor}. "
            f"In {when} that is {number(round(sup['floor_hours']))} team-leader hours (up to {sup['peak_on_floor']} at once); "
            f"with the agents' shrinkage ({rate(sup['shrinkage_pct'])}) and {number(sup['paid_hours'])} paid hours a month, "
            f"{number(sup['fte'], 1)} FTE: {count(sup['count'], 'en', '', 'team leader')}.")),
    ]


def _binding_note(plan: dict, lang: str) -> str | None:
    """Which target sets the base FTE: the base scenario meets every target (service level, ASA,
    abandonment), the service-level table the service level alone, so the two differ when the ASA or
    abandonment target asks for more agents than the service level does."""
    target = _target_pct(plan)
    base = next((s["fte"] for s in plan.get("scenarios") or [] if s["key"] == "base"), None)
    alone = next((c["fte"] for c in plan.get("service_level_curve") or [] if c["service_level_pct"] == target), None)
    if target is None or base is None or alone is None:
        return None
    if base > alone:
        return sentence(tr(lang, f"必要人数を決めているのはASA・放棄率の目標である：基準シナリオの{number(base, 1)} FTEはこれらの目標も満たす人数で、"
                                 f"サービスレベル{percent(target)}だけなら{number(alone, 1)} FTE（差{number(base - alone, 1)} FTE）",
                           f"The ASA and abandonment targets set the team size: the base scenario's {number(base, 1)} FTE meets them too, "
                           f"while the {percent(target)} service level alone needs {number(alone, 1)} FTE ({number(base - alone, 1)} FTE less)"), lang)
    return sentence(tr(lang, f"必要人数を決めているのはサービスレベル目標である：基準シナリオの{number(base, 1)} FTEはサービスレベル{percent(target)}だけの人数と同じ",
                       f"The service level target sets the team size: the base scenario's {number(base, 1)} FTE equals what the {percent(target)} service level alone needs"), lang)


def _hiring_rule(plan: dict, lang: str) -> str | None:
    """How many people a class holds, one rule for the launch and every later class: a fraction of an FTE
    still needs a person, so the month's shortfall is rounded up and what that adds counts towards later months."""
    if not (plan.get("hiring_plan") or {}).get("classes"):
        return None
    return tr(lang, "採用は1名単位とし、立ち上げ時も開始後も、各月の採用人数は必要FTEに対する不足分を整数に切り上げた人数とする"
                    "（不足3.8 FTEなら4名）。切り上げで生じた余剰は翌月以降の不足分から差し引く。",
              "People are hired whole, at the launch and after it alike: each month's hires are its shortfall against the "
              "FTE needed, rounded up (3.8 FTE short: 4 hires); what the rounding adds is set against the following months' shortfall.")


def interval_heading(plan: dict, lang: str) -> str:
    """The heading of a column (or chart axis) of interval start times, with the clock they are read by:
    the project's time zone, to which programs open in other zones are moved (staffing._zone_shifts)."""
    return tr(lang, "時間帯", "Interval") + _zone_note(plan, lang, bracketed=True)


def _zone_note(plan: dict, lang: str, bracketed: bool = False) -> str:
    """"、日本時間" after a time of the plan (", in UK time" before it: an English date with a time keeps its
    one layout), "（日本時間）" after a heading; "" when the project names no time zone."""
    if not plan.get("time_zone"):
        return ""
    name = zone_name(plan["time_zone"], lang)
    return tr(lang, f"（{name}）", f" ({name})") if bracketed else tr(lang, f"、{name}", f", in {name}")


def _at(peak: dict, lang: str, style: str) -> str:
    """The peak interval as a reader names it: its date and time as every date with a time is written, the
    zone left to the staffing figures' own (2028年11月20日（月）10:00, Mon, November 20, 2028, 10:00 a.m.), or
    without a date its month, weekday and time (2027年12月 月曜 10:30)."""
    if peak.get("date"):
        return moment(peak["date"], peak["start"], style)
    start = clock(peak["start"], style)
    weekday = enum("weekday", peak["weekday"], lang)
    return tr(lang, f"{month(peak['month'], style)} {weekday}曜 {start}", f"{month(peak['month'], style)}, {weekday} {start}")


def _fte_basis(fte, rostered: bool | None, lang: str, more: str = "") -> str:
    """Agent FTE named by how it was counted: in whole shifts (the hiring plan's need) or the interval
    lower bound; `more` joins that bracket."""
    basis = fte_basis(lang, rostered)
    return tr(lang, f"{number(fte)} FTE（{basis}{'、' + more if more else ''}）", f"{number(fte)} FTE ({basis}{', ' + more if more else ''})")


def _one_decimal(values, empty: str = EMPTY) -> list[str]:
    """Hours, FTE and handle times: one decimal on every row of the column."""
    return [number(v, 1, empty) for v in values]


def _day_chart_subject(chart: dict, lang: str, style: str, elsewhere: bool = False) -> str:
    """Which day the interval chart shows, worded as the weekday table words its days: the average
    day of the peak month's busiest weekday, that table's column. With `elsewhere` (the guide, which
    prints the figure without the table) the table is named with the document that holds it."""
    weekday = enum("weekday_name", chart["weekday"], lang)
    column = enum("weekday", chart["weekday"], lang)
    # the weekday table by its kind, not "the table above": in the guide another table stands above the figure
    table = (tr(lang, f"{say('doc.kind.requirements', lang)}の付録の表「時間帯別の必要／配置人数」",
                f"the table “Required / scheduled agents” in the annex of the {say('doc.kind.requirements', lang)}")
             if elsewhere else tr(lang, "時間帯別の必要／配置人数の表", "the required / scheduled agents table"))
    return tr(lang, f"{month(chart['month'], style)}の平均的な{weekday}（最も繁忙な曜日。{table}の「{column}」の列）",
              f"an average {weekday} of {month(chart['month'], style)} (the busiest weekday: the {column} column of {table})")


def figure_captions(plan: dict | None, lang: str, style: str, elsewhere: bool = False) -> dict[str, str]:
    """The caption of each figure the plan has (numbered later, per document): `day` (contacts and
    agents per interval), `scenarios` (FTE per scenario), `service_level` (FTE per service-level target).
    Each caption opens with the words of the table it illustrates; with `elsewhere`, the interval
    chart's names the requirements definition's table (the document printing it has none)."""
    if not plan or plan.get("empty"):
        return {}
    captions = {}
    if plan.get("chart"):
        subject = _day_chart_subject(plan["chart"], lang, style, elsewhere)
        captions["day"] = tr(lang, f"{subject}の時間帯別の予測件数と配置人数",
                             f"Forecast contacts and scheduled agents per interval on {subject}")
    peak = month(plan.get("peak_month") or "", style)
    if plan.get("scenarios"):
        captions["scenarios"] = tr(lang, f"シナリオ別の要員数（FTE、{peak}、{PEAK_MONTH[0]}）", f"Scenarios: FTE in {peak}, the {PEAK_MONTH[1]}")
    if plan.get("service_level_curve"):
        captions["service_level"] = tr(lang, f"サービスレベル目標と必要FTE（{peak}、{PEAK_MONTH[0]}）",
                                       f"Service level against FTE in {peak}, the {PEAK_MONTH[1]}")
    return captions


def _target_pct(plan: dict) -> float | None:
    """The project's service-level target when the curve has a point for it."""
    value = next((a["value"] for a in plan.get("assumptions") or []
                  if a["key"] == "service_level" and isinstance(a.get("value"), dict)), None) or {}
    # queues with their own targets: the percentage they share (the curve varies it, each keeping its threshold)
    levels = [*value["programs"].values(), *([value["others"]] if value["others"] else [])] if "programs" in value else [value]
    percents = {level.get("percent") for level in levels}
    target = percents.pop() if len(percents) == 1 else None
    return target if any(r["service_level_pct"] == target for r in plan.get("service_level_curve") or []) else None


def staffing_figures(plan: dict | None, lang: str, style: str) -> dict:
    """The chart specs (documents.charts.ChartSpec) of the figures `figure_captions` names."""
    from .charts import LIGHT, MID, ACCENT, ChartSpec, Series

    captions = figure_captions(plan, lang, style)
    specs = {}
    if "day" in captions:
        chart = plan["chart"]
        specs["day"] = ChartSpec(
            categories=tuple(clock(start, style) for start in chart["interval_starts"]),
            series=(Series(tr(lang, "予測件数", "Forecast contacts"), tuple(chart["contacts"]), "column", LIGHT),
                    Series(tr(lang, "配置人数", "Scheduled agents"), tuple(chart["scheduled"]), "line", ACCENT, secondary=True)),
            category_title=interval_heading(plan, lang), value_title=tr(lang, "予測件数", "Forecast contacts"),
            secondary_title=tr(lang, "配置人数", "Scheduled agents"), lang=lang, description=captions["day"])
    if "scenarios" in captions:
        rows = plan["scenarios"]
        ends = {"base": ACCENT, "low": MID, "high": MID}
        specs["scenarios"] = ChartSpec(
            categories=tuple(scenario_name(r, lang, short=True) for r in rows),
            series=(Series("FTE", tuple(r["fte"] for r in rows), "bar", LIGHT, labels=True,
                           point_colors=tuple(ends.get(r["key"]) for r in rows)),),
            value_title="FTE", legend=False, value_format="#,##0", height_mm=18 + 7 * len(rows), lang=lang,
            description=captions["scenarios"])
    if "service_level" in captions:
        rows = plan["service_level_curve"]
        target = _target_pct(plan)
        series = [Series("FTE", tuple(r["fte"] for r in rows), "line", ACCENT, labels=True)]
        if target is not None:
            series.append(Series(tr(lang, f"目標 {number(target)}%", f"Target ({number(target)}%)"),  # no brackets: a chart legend spaces full-width ones
                                 tuple(r["fte"] if r["service_level_pct"] == target else None for r in rows), "marker", "#C00000"))
        specs["service_level"] = ChartSpec(
            categories=tuple(percent(r["service_level_pct"]) for r in rows), series=tuple(series),
            category_title=tr(lang, "サービスレベル目標", "Service level target"), value_title="FTE", legend=target is not None,
            height_mm=70, lang=lang,
            description=captions["service_level"])
    return specs
