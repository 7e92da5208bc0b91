"""Shared chapter builders: a project's sections turned into printable items, for every document.

Templates only loop and print; every decision about what a document shows is made in Python. Each
chapter is a list of items of a few kinds (text, bullets, table, key-value table); an item the project
leaves empty becomes kind "tbd" and prints as 未定 / To be decided, never disappears. An item that
belongs to a section the document leaves out (`section=`) is skipped by the chapter itself.
"""
from __future__ import annotations

import re

from ..clarifications import disclosures, editions_after
from ..erlang import total_shrinkage
from ..project import QUEUE_TARGETS, Project, approved_version
from ..text import (EMPTY, WEEKDAYS, blank_date, clean, clock, day, display_width, ja_ended_alike, ja_label, money, month, number, numbers, percent, percents, rate,
                    time_span, unbroken, weekdays)
from ..validation import SCHEDULE_ORDER
from ..words import LANGUAGE_NAMES, TIME_ZONE_NAMES, capital, count, currency_name, enum, name_of, plural, say, tbd, tr
from ..responses.rates import outcome_terms
from ..scoring.model import coverage_values
from ..scoring.price import gives_price_points, rule_heading
from ..words.scoring import document_total_key, final_key
from .finish import SIGNATURE_ROOM
from .properties import document_date, internal_edition, internal_mark
from .rfp_terms import DEADLINES, deadline, rfp_conditions_record

class Chapter:
    """Builds one chapter's items, numbering them as it goes (e.g. 4.1, 4.2 …)."""

    def __init__(self, number: int, title: str, lang: str, key: str = "", omit: frozenset = frozenset(),
                 annex: bool = False):
        self.number, self.title, self.lang, self.key = number, title, lang, key
        self.annex = annex  # an annex (or the one-page summary): in the contents by its title only, not its sections
        self.omit = omit  # structured sections this document leaves out (the RFP's withheld sections)
        self.items: list[dict] = []
        self.requirements: list[dict] = []

    def _add(self, title, kind, section=None, **content):
        if section in self.omit:  # a section this document leaves out: no heading, no "to be decided"
            return None
        item = {"heading": f"{self.number}.{len(self.items) + 1} {title}", "title": title, "kind": kind,
                "paragraphs": [], "bullets": [], "table": {"columns": [], "rows": [], "ncols": 0},
                "figure": None, "caption": ""}
        item.update(content)
        self.items.append(item)
        return item

    def text(self, title, value, section=None):
        value = clean(value).strip()
        if not value:
            return self._add(title, "tbd", section)
        return self._add(title, "text", section, paragraphs=[p for p in value.split("\n\n") if p.strip()])

    def bullets(self, title, values, section=None):
        values = [clean(v) for v in values or [] if clean(v).strip()]
        return self._add(title, "bullets", section, bullets=values) if values else self._add(title, "tbd", section)

    def table(self, title, columns, rows, section=None):
        rows = [[clean(cell) for cell in row] for row in rows]
        if not rows:
            return self._add(title, "tbd", section)
        columns = [clean(column) for column in columns]  # headers may be user text too (program names)
        return self._add(title, "table", section, table={"columns": columns, "rows": rows, "ncols": len(columns)})

    def pairs(self, title, pairs, section=None):
        """A label/value table; a missing value prints as to-be-decided, the label stays."""
        shown = [[label, clean(value) if value not in (None, "", []) else tbd(self.lang)] for label, value in pairs]
        if all(value == tbd(self.lang) for _, value in shown):
            return self._add(title, "tbd", section)
        return self._add(title, "pairs", section, table={"columns": [], "rows": shown, "ncols": 2})

    def image(self, title, caption, chart: str):
        """An item that is a figure alone: the chart `chart` (a key of the document's charts) and its caption."""
        item = self._add(title, "image", paragraphs=[clean(caption)])
        return self.figure(item, chart, caption)

    def figure(self, item, chart: str, caption: str):
        """Print the chart `chart` under `item` (a table it illustrates) with `caption`; numbered per document
        by `number_figures`."""
        if item is not None:
            item["figure"] = {"chart": chart, "number": None, "description": clean(caption)}  # the chart's alternative text
            item["caption"] = clean(caption)
        return item

    def as_dict(self):
        label = tr(self.lang, "要件一覧", "Requirements")
        return {"heading": f"{self.number}. {self.title}", "title": self.title, "key": self.key, "annex": self.annex,
                "topics": self.items, "requirements": self.requirements,
                "requirements_heading": f"{self.number}.{len(self.items) + 1} {label}"}


def number_figures(chapters: list[dict], lang: str) -> list[dict]:
    """Number the figures of one document in reading order: 図1, 図2 … / Figure 1, Figure 2 … (the
    rendered document turns each number into a Word field, documents.finish)."""
    count, label = 0, say("doc.figure", lang)
    for chapter in chapters:
        for item in chapter.get("topics", ()):
            if not item.get("figure"):
                continue
            count += 1
            item["figure"]["number"] = count
            caption = tr(lang, f"{label}{count}\u3000{item['caption']}", f"{label} {count}. {item['caption']}")
            item["caption"] = caption
            if item["kind"] == "image":
                item["paragraphs"] = [caption]
    return chapters


class Outline:
    """A document's chapters, numbered in the order they are added."""

    def __init__(self, lang: str):
        self.lang, self.chapters = lang, []

    def chapter(self, title: str, key: str = "", omit: frozenset = frozenset(), annex: bool = False) -> Chapter:
        self.chapters.append(Chapter(len(self.chapters) + 1, title, self.lang, key, omit, annex))
        return self.chapters[-1]

    def as_list(self) -> list[dict]:
        return [c.as_dict() for c in self.chapters]



def format_columns(rows: list[list], formats: dict) -> list[list]:
    """`rows` with the numbers of each column in `formats` written by its column formatter
    (text.numbers, text.percents): one column, one format (the same decimals on every row)."""
    rows = [list(row) for row in rows]
    for c, column_format in formats.items():
        for row, text in zip(rows, column_format([row[c] for row in rows], empty=EMPTY)):
            row[c] = text
    return rows


# ------------------------------------------------------------------ chapters

def project_chapter(ch: Chapter, project: Project) -> None:
    lang, p = ch.lang, project.data["project"]
    client = p["client"]
    contact = client.get("contact") or {}
    ch.pairs(tr(lang, "プロジェクト情報", "Project"), [
        (tr(lang, "案件ID", "Project ID"), p["id"]),
        (tr(lang, "件名", "Title"), p["title"]),
        (tr(lang, "委託元", "Client"), client["name"]),
        (tr(lang, "担当部署", "Department"), client.get("department")),
        (tr(lang, "業種", "Industry"), client.get("industry")),
    ])
    ch.pairs(tr(lang, "委託元の窓口", "Client contact"), [
        (tr(lang, "氏名", "Name"), full_name(contact, lang)),
        (tr(lang, "役職", "Title"), contact.get("title")),
        (say("person.email", lang), contact.get("email")),
        (tr(lang, "電話", "Phone"), contact.get("phone")),
    ])
    ch.table(tr(lang, "選定スケジュール", "Selection schedule"), [tr(lang, "工程", "Milestone"), tr(lang, "日付", "Date")],
             schedule_rows(project))


def schedule_rows(project: Project, keys: tuple[str, ...] = SCHEDULE_ORDER) -> list[list[str]]:
    """The selection schedule's milestones (`keys`, in the schedule's order): each named and dated the
    one way every document does, deadlines with their time. The question deadline is also the day to
    say one will bid, where the RFP's participation section says so."""
    lang = project.lang
    schedule = project.data["project"].get("schedule") or {}
    bids_stated = "participation" not in (project.section("rfp").get("leave_out") or [])
    named = {"question_deadline": "question_deadline_and_participation"} if bids_stated else {}
    label = lambda key: capital(say(f"schedule.{named.get(key, key)}", lang))  # noqa: E731
    staged = bool((project.data["evaluation"].get("rules") or {}).get("presentation"))
    return [[label(key), (deadline(project, key) if key in DEADLINES else day(schedule.get(key), project.date_style)) or tbd(lang)]
            for key in SCHEDULE_ORDER if key in keys
            and (key != "presentations" or staged or schedule.get(key))]  # no "to be decided" for a stage the rules do not have


def _scope_chapter(ch: Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("scope")
    ch.bullets(tr(lang, "委託する業務", "Work to be outsourced"), s.get("outsourced"))
    ch.bullets(tr(lang, "委託元に残す業務", "Work that stays in-house"), s.get("in_house"))
    ch.text(tr(lang, "委託形態", "Sourcing pattern"), s.get("sourcing_pattern") and enum("sourcing_pattern", s["sourcing_pattern"], lang))
    ch.bullets(tr(lang, "委託の目的", "Objectives of outsourcing"), s.get("objectives"))
    ch.text(tr(lang, "補足", "Notes"), s.get("notes"))


def _overview_chapter(ch: Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("overview")
    ch.text(tr(lang, "背景", "Background"), s.get("background"))
    ch.text(tr(lang, "委託元の方針", "Client policy"), s.get("client_policy"))
    ch.table(tr(lang, "成功判断基準", "Success criteria"), [tr(lang, "基準", "Criterion"), tr(lang, "測定方法・目標", "Measure")],
             [[c["criterion"], c.get("measure") or tbd(lang)] for c in s.get("success_criteria") or []])
    ch.text(tr(lang, "成功の判定方法", "How success is judged"), s.get("success_review"))


def hours_rows(hours: dict, style: str) -> list[list[str]]:
    """Opening hours by days, the times in the clock of `style` (the project's date style)."""
    rows = []
    for rule in hours.get("weekly") or []:
        rows.append([weekdays(rule["days"], "ja" if style.startswith("ja") else "en"),
                     time_span(rule["open"], rule["close"], style)])
    return rows


def _work_chapter(ch: Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("work_definition")
    programs = s.get("programs") or []
    ch.text(tr(lang, "業務の概要", "Description of the work"), s.get("description"))
    ch.table(tr(lang, "業務プログラム", "Programs"),
             ["ID", tr(lang, "名称", "Name"), tr(lang, "種別", "Type"), tr(lang, "チャネル", "Channel"),
              tr(lang, "対応言語", "Languages"), tr(lang, "内容", "Description")],
             [[p["id"], p["name"], enum("program_type", p["type"], lang), enum("channel", p["channel"], lang),
               tr(lang, "、", ", ").join(name_of(c, LANGUAGE_NAMES, lang) for c in p.get("languages") or []) or tbd(lang), p.get("description") or tbd(lang)] for p in programs])
    ch.table(tr(lang, "コールリーズンと平均処理時間（AHT）", "Call reasons and average handle time (AHT)"),
             [tr(lang, "プログラム", "Program"), tr(lang, "コールリーズン", "Call reason"), tr(lang, "構成比", "Share"),
              tr(lang, "AHT（秒）", "AHT (s)")],
             format_columns([[p["name"], r["name"], r["share_pct"], r["aht_seconds"]]
                       for p in programs for r in p.get("call_reasons") or []], {2: percents, 3: numbers}))
    _volume_item(ch, programs, project.date_style)
    forecast = s.get("forecast") or {}
    ch.pairs(tr(lang, "業務量の予測方法", "How volume is forecast"), [
        (tr(lang, "予測方法", "Method"), forecast.get("method")),
        (tr(lang, "インターバル", "Interval"), forecast.get("interval_minutes") and count(forecast["interval_minutes"], lang, "分", "minute")),
        (tr(lang, "補足", "Notes"), forecast.get("notes")),
    ])
    weekday = forecast.get("weekday_profile") or {}
    ch.table(tr(lang, "曜日別の構成比", "Weekday profile"), [tr(lang, "曜日", "Day"), tr(lang, "構成比", "Share of the week")],
             format_columns([[enum("weekday", d, lang), weekday[d]] for d in WEEKDAYS if d in weekday],
                      {1: percents}))
    ch.table(tr(lang, "時間帯別の構成比", "Intraday profile"), [tr(lang, "開始時刻", "Interval start"), tr(lang, "構成比", "Share of the day")],
             format_columns([[clock(slot["start"], project.date_style), slot["pct"]] for slot in forecast.get("intraday_profile") or []], {1: percents}))
    overrides = []
    kpi_basis = ((project.section("operations").get("kpis") or {}).get("response_hours_basis")) or "calendar"
    for p in programs:
        for key, label in (("service_level", tr(lang, "サービスレベル目標", "Service level target")),
                           ("asa_seconds", tr(lang, "平均応答速度（ASA）目標", "ASA target")),
                           ("patience_seconds", tr(lang, "顧客の平均待機許容時間", "Mean caller patience")),
                           ("concurrency", tr(lang, "同時対応数", "Concurrent sessions per agent")),
                           ("response_target_hours", tr(lang, "返信期限", "Response target")),
                           ("minimum_agents", tr(lang, "最少配置人数（各インターバル）", "Minimum agents (every interval)"))):
            if key not in p:
                continue
            value = p[key]
            if key == "service_level":
                value = tr(lang, f"{number(value['percent'])}%を{number(value['threshold_seconds'])}秒以内",
                           f"{number(value['percent'])}% within {number(value['threshold_seconds'])} s")
            elif key == "response_target_hours":
                value = say(f"doc.hours_within.{p.get('response_hours_basis') or kpi_basis}", lang, n=number(value), hours=plural(value, "hour"))
            elif key == "minimum_agents":
                value = tr(lang, f"{number(value)}名", number(value))
            elif key in ("asa_seconds", "patience_seconds"):  # each condition with its unit, as 2名 and 80%を20秒以内
                value = tr(lang, f"{number(value)}秒", f"{number(value)} s")
            overrides.append([p["name"], label, number(value) if not isinstance(value, str) else value])
        hours = p.get("opening_hours")
        if hours:
            for days, span in hours_rows(hours, project.date_style):
                overrides.append([p["name"], tr(lang, f"受付時間（{days}）", f"Opening hours ({days})"), span])
            for key, label in (("time_zone", tr(lang, "タイムゾーン", "Time zone")), ("holidays", say("hours.holidays", lang))):
                if hours.get(key):
                    overrides.append([p["name"], label, name_of(hours[key], TIME_ZONE_NAMES, lang)])
            if hours.get("closed_dates"):
                overrides.append([p["name"], say("doc.closed_dates", lang),
                                  "\n".join(day(d, project.date_style) for d in hours["closed_dates"])])
    ch.table(tr(lang, "プログラム別の条件", "Program-specific conditions"),
             [tr(lang, "プログラム", "Program"), tr(lang, "項目", "Item"), tr(lang, "条件", "Condition")], overrides)
    schedule = project.data["project"].get("schedule") or {}
    ch.text(tr(lang, "サービス開始日", "Go-live"), day(schedule.get("service_start"), project.date_style))
    ch.bullets(tr(lang, "その他の制約条件", "Other constraints"), s.get("constraints"))


def _volume_item(ch: Chapter, programs: list[dict], style: str) -> None:
    """Monthly volumes, one column per program (by name) and a total row and column."""
    lang = ch.lang
    title = tr(lang, "月別の業務量予測（件）", "Monthly volume forecast (contacts)")
    with_volumes = [p for p in programs if p.get("volumes")]
    months = sorted({v["month"] for p in with_volumes for v in p["volumes"]})
    if with_volumes and len(with_volumes) <= 5:
        columns = [tr(lang, "月", "Month")] + [p["name"] for p in with_volumes] + [tr(lang, "合計", "Total")]
        rows, totals = [], [0] * (len(with_volumes) + 1)
        for mon in months:
            counts = [next((v["contacts"] for v in p["volumes"] if v["month"] == mon), None) for p in with_volumes]
            counts.append(sum(c or 0 for c in counts))
            totals = [t + (c or 0) for t, c in zip(totals, counts)]
            rows.append([month(mon, style)] + [number(c) if c is not None else EMPTY for c in counts])
        if len(months) > 1:
            rows.append([tr(lang, "合計", "Total")] + [number(t) for t in totals])
        ch.table(title, columns, rows)
    else:
        ch.table(title, [tr(lang, "月", "Month"), tr(lang, "プログラム", "Program"), tr(lang, "件数", "Contacts")],
                 [[month(v["month"], style), p["name"], number(v["contacts"])] for p in with_volumes for v in p["volumes"]])


def _people_chapter(ch: Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("people")
    ch.table(tr(lang, "職種別の採用条件と必要スキル", "Hiring conditions and skills by role"),
             [tr(lang, "職種", "Role"), tr(lang, "採用条件", "Hiring conditions"), tr(lang, "必要スキル", "Required skills"),
              tr(lang, "雇用形態", "Employment")],
             [[r["name"], "\n".join(r.get("hiring_conditions") or []) or tbd(lang), "\n".join(r.get("skills") or []) or tbd(lang),
               enum("employment", r["employment"], lang) if r.get("employment") else tbd(lang)] for r in s.get("roles") or []])
    training = s.get("training") or {}
    ch.pairs(tr(lang, "研修の要件", "Training"), [
        (tr(lang, "初期研修", "Initial training"), training.get("initial_days") is not None and count(training["initial_days"], lang, "営業日", "business day") or None),
        (tr(lang, "OJT（ネスティング）", "Nesting (supervised live work)"), training.get("nesting_days") is not None and count(training["nesting_days"], lang, "営業日", "business day") or None),
        (tr(lang, "研修の担当", "Delivered by"), training.get("trainer") and enum("trainer", training["trainer"], lang)),
        (tr(lang, "カリキュラム", "Curriculum"), "\n".join(training.get("curriculum") or [])),
    ])
    ch.bullets(tr(lang, "知識・スキルの検証方法", "How knowledge and skills are verified"), s.get("skill_verification"))
    ch.pairs(tr(lang, "要員計画の前提", "Workforce planning assumptions"), [
        (tr(lang, "採用から戦力化までの期間", "Hiring lead time"), s.get("hiring_lead_time_months") is not None and count(s["hiring_lead_time_months"], lang, "か月", "month") or None),
        (tr(lang, "SV一人あたりのオペレーター数", "Agents per team leader"),  # a unit with each value, as the rows around it
         s.get("span_of_control") is not None and count(s["span_of_control"], lang, "名", "agent") or None),
        (say("staffing.assumption.minimum_supervisors", lang), s.get("minimum_supervisors") is not None and count(s["minimum_supervisors"], lang, "名", "team leader") or None),
        (say("staffing.assumption.paid_hours_per_fte_month", lang), s.get("paid_hours_per_fte_month") is not None and count(s["paid_hours_per_fte_month"], lang, "時間", "hour") or None),
        (say("staffing.assumption.attrition_pct_per_year", lang), percent(s.get("attrition_pct_per_year")) or None),
    ])


def queue_target(values: dict[str, object], target, lang: str, shared=None, sep: str = "\n", stacked: bool = False) -> str | None:
    """A target queues may set apart, as `target` writes it: the one value where every queue agrees
    (or `shared` where there is no queue), else each queue's own by name, one a line (受注窓口：80%を20秒以内),
    so that no sentence states one queue's target for all of them. `stacked` (a table cell) puts a Japanese
    queue's name on a line above its target: LibreOffice breaks a figure from its counter after 「：」
    (「：30 / 秒以内」) whatever word joiner holds them, a line break of our own never does."""
    distinct = []
    for v in values.values():
        if v not in distinct:
            distinct.append(v)
    if len(distinct) <= 1:
        agreed = distinct[0] if distinct else shared
        return target(agreed) if agreed is not None else None
    return sep.join(tr(lang, f"{clean(name)}：{chr(10) if stacked else ''}{target(v) if v is not None else '指定なし'}",
                         f"{clean(name)}: {target(v) if v is not None else 'none'}") for name, v in values.items())


def _kpi_rows(kpis: dict, lang: str, queues: dict[str, dict] | None = None) -> list[list[str]]:
    """The KPIs with their targets and definitions: the project's own definition of a KPI where it gives
    one (放棄呼 counted from 5 seconds of waiting), else rfpgen's general one; never both. `queues` holds
    each queue's service level and ASA target (Project.queue_targets): where queues differ, each is named."""
    own = kpis.get("definitions") or {}
    spec = [
        ("service_level", lambda sl: tr(lang, f"{number(sl['percent'])}%を{number(sl['threshold_seconds'])}秒以内に応答",
                                        f"{number(sl['percent'])}% answered within {number(sl['threshold_seconds'])} s"),
         tr(lang, "目標の秒数以内に応答した呼数 ÷ 着信呼数", "Contacts answered within the target time ÷ offered contacts")),
        ("asa_seconds", lambda v: tr(lang, f"{number(v)}秒以内", f"≤ {number(v)} s"),
         tr(lang, "応答した呼の平均待ち時間", "Mean wait of answered contacts")),
        ("abandonment_pct", lambda v: tr(lang, f"{number(v)}%以下", f"≤ {number(v)}%"),
         tr(lang, "放棄呼数 ÷ 着信呼数", "Abandoned ÷ offered contacts")),
        ("aht_seconds", lambda v: tr(lang, f"{number(v)}秒", f"{number(v)} s"),
         tr(lang, "通話＋保留＋後処理の平均時間", "Talk + hold + after-call work, averaged")),
        ("fcr_pct", lambda v: tr(lang, f"{number(v)}%以上", f"≥ {number(v)}%"),
         tr(lang, "初回の応対で解決した件数 ÷ 応対件数", "Resolved at the first contact ÷ handled contacts")),
        ("csat_pct", lambda v: tr(lang, f"{number(v)}%以上", f"≥ {number(v)}%"),
         tr(lang, "満足・やや満足の回答 ÷ 全回答", "Satisfied answers ÷ all answers")),
        ("qa_score_pct", lambda v: tr(lang, f"{number(v)}%以上", f"≥ {number(v)}%"),
         tr(lang, "応対品質評価シートで採点した応対の平均得点 ÷ 満点", "Mean score of monitored contacts on the quality form ÷ the form's maximum")),
        ("adherence_pct", lambda v: tr(lang, f"{number(v)}%以上", f"≥ {number(v)}%"),
         tr(lang, "スケジュール通りに稼働した時間 ÷ 予定時間", "Time working to schedule ÷ scheduled time")),
        ("email_response_hours",
         lambda v: say(f"doc.hours_within.{kpis.get('response_hours_basis') or 'calendar'}", lang, n=number(v), hours=plural(v, "hour")),
         tr(lang, "受信から初回返信までの時間", "From receipt to first reply")),
    ]
    rows = []
    for key, target, definition in spec:
        value = kpis.get(key)
        if key in QUEUE_TARGETS and queues:
            value = queue_target(queues[key], target, lang, value, stacked=True)
        elif value is not None:
            value = target(value)
        if value is not None or own.get(key):
            rows.append([say(f"doc.kpi.{key}", lang), value if value is not None else tbd(lang), own.get(key) or definition])
    for other in kpis.get("other") or []:
        rows.append([other["name"], other["target"], other.get("definition") or tbd(lang)])
    return rows


def _operations_chapter(ch: Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("operations")
    ch.table(tr(lang, "拠点", "Sites"), [tr(lang, "拠点名", "Site"), tr(lang, "所在地", "Location"), tr(lang, "席数", "Seats"), tr(lang, "備考", "Notes")],
             [[x["name"], x.get("location") or tbd(lang), number(x.get("seats"), empty=tbd(lang)), x.get("notes") or ""] for x in s.get("sites") or []])
    hours = s.get("opening_hours") or {}
    ch.pairs(tr(lang, "営業時間", "Opening hours"),
             [(days, span) for days, span in hours_rows(hours, project.date_style)] + [
                 (tr(lang, "タイムゾーン", "Time zone"), hours.get("time_zone") and name_of(hours["time_zone"], TIME_ZONE_NAMES, lang)),
                 (say("hours.holidays", lang), hours.get("holidays")),
                 (say("doc.closed_dates", lang), "\n".join(day(d, project.date_style) for d in hours.get("closed_dates") or [])),
             ])
    ch.table(tr(lang, "KPIと目標値", "KPI targets"), [tr(lang, "KPI", "KPI"), tr(lang, "目標値", "Target"), tr(lang, "定義", "Definition")],
             _kpi_rows(s.get("kpis") or {}, lang, {key: project.queue_targets(key) for key in QUEUE_TARGETS}))
    shrinkage = s.get("shrinkage") or []
    rows = [[c["name"], c["pct"]] for c in shrinkage]
    if shrinkage:
        rows.append([tr(lang, "シュリンケージ合計（複合）", "Total shrinkage (compounded)"), round(total_shrinkage(c['pct'] for c in shrinkage) * 100, 1)])
    # the cap is one figure: a sentence, not a one-row table (printed as the staffing annex prints it: 85%, not 85.0%);
    # the RFP carries it too, where no reference estimate is shown, so the sentence names none
    cap = rate(s.get("occupancy_cap_pct"))
    ch.text(tr(lang, "稼働率の上限", "Occupancy cap"),
            cap and tr(lang, f"オペレーターの稼働率（オキュパンシー）は{cap}を上限とする。", f"Agent occupancy is capped at {cap}."))
    ch.table(tr(lang, "シュリンケージ", "Shrinkage"), [tr(lang, "項目", "Item"), tr(lang, "率", "Rate")], format_columns(rows, {1: percents}))
    if shrinkage:
        ch.text(tr(lang, "休憩の扱い", "Breaks"), _breaks_sentence(s, lang))
    ch.text(tr(lang, "顧客満足度の測定方法", "How customer satisfaction is measured"), s.get("csat_measurement"))
    monitoring = s.get("monitoring") or {}
    ch.pairs(tr(lang, "モニタリングの仕様", "Monitoring"), [
        (tr(lang, "方法", "Method"), monitoring.get("method")),
        (tr(lang, "オペレーター1名あたり月間評価件数", "Evaluations per agent per month"),
         count(monitoring["samples_per_agent_month"], lang, "件", "evaluation") if monitoring.get("samples_per_agent_month") else None),
        (tr(lang, "キャリブレーション", "Calibration"), monitoring.get("calibration")),
    ])
    ch.text(tr(lang, "予測・スタッフィング・スケジューリング", "Forecasting, staffing and scheduling"), s.get("forecasting_and_scheduling"),
            section="forecasting_and_scheduling")
    ch.text(tr(lang, "商品・サービス情報の提供方法", "How product and service information reaches agents"), s.get("knowledge_provision"),
            section="knowledge_provision")
    ch.table(tr(lang, "エスカレーションの種類と経路", "Escalation types and routes"),
             [tr(lang, "種類", "Type"), tr(lang, "経路", "Route"), tr(lang, "期限", "Time limit")],
             [[e["type"], e["route"], e.get("time_limit") or tbd(lang)] for e in s.get("escalations") or []], section="escalations")
    ch.table(tr(lang, "レポーティング", "Reporting"),
             [tr(lang, "レポート", "Report"), tr(lang, "頻度", "Frequency"), tr(lang, "内容", "Contents"), tr(lang, "提出先", "Recipient")],
             [[r["name"], enum("frequency", r["frequency"], lang), r.get("contents") or tbd(lang), r.get("recipient") or tbd(lang)]
              for r in s.get("reporting") or []])
    ch.table(tr(lang, "関係者と会議体", "Stakeholders and governance meetings"),
             [tr(lang, "会議体", "Meeting"), tr(lang, "頻度", "Frequency"), tr(lang, "参加者", "Participants"), tr(lang, "議題", "Agenda")],
             [[m["name"], enum("frequency", m["frequency"], lang), m.get("participants") or tbd(lang), m.get("agenda") or tbd(lang)]
              for m in s.get("governance_meetings") or []])
    if any(clean(item).strip() for item in s.get("other") or []):  # an optional list: nothing else is nothing to decide
        ch.bullets(tr(lang, "その他の運営要件", "Other operational requirements"), s.get("other"))


def _breaks_sentence(operations: dict, lang: str) -> str:
    """Where breaks are counted, beside the shrinkage that lists one: a shift's unpaid break is outside the
    paid hours shrinkage is a share of, so a break in shrinkage is a short paid rest (not counted twice);
    without an unpaid break, breaks are paid time in shrinkage (not shifts without rest)."""
    unpaid = (operations.get("shifts") or {}).get("break_minutes")
    if unpaid:
        return tr(lang, f"シフトの休憩（{number(unpaid)}分）は無給で、所定労働時間に含まないため、シュリンケージにも含まない。"
                        "シュリンケージに挙げた休憩は、所定労働時間内に取る有給の小休憩である。",
                  f"Each shift's {number(unpaid)}-minute break is unpaid and outside the paid hours, so it is not in shrinkage; "
                  "a break listed in shrinkage is a short paid rest within the paid hours.")
    return tr(lang, "休憩は所定労働時間（有給）の中で取り、シュリンケージに含めて計上する。",
              "Breaks are taken within the paid hours and counted in shrinkage.")


def _systems_chapter(ch: Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("systems")
    ch.table(tr(lang, "システム構成と帰属・費用負担", "System components, ownership and cost"),
             [tr(lang, "構成要素", "Component"), tr(lang, "所有", "Owner"), tr(lang, "費用負担", "Cost borne by"), tr(lang, "備考", "Notes")],
             [[c["name"], enum("party", c["owner"], lang), enum("party", c["cost_bearer"], lang), c.get("notes") or ""]
              for c in s.get("components") or []])
    ch.table(tr(lang, "関係者間の役割分担", "Division of responsibilities"),
             [tr(lang, "領域", "Area"), enum("party", "client", lang), enum("party", "vendor", lang)],
             [[r["area"], r.get("client") or EMPTY, r.get("vendor") or EMPTY] for r in s.get("responsibilities") or []])
    ch.table(tr(lang, "ファシリティ費用の負担", "Facility costs"), [tr(lang, "項目", "Item"), tr(lang, "負担", "Borne by")],
             [[f["item"], enum("party", f["cost_bearer"], lang)] for f in s.get("facility_costs") or []])
    data = s.get("data_handling") or {}
    ch.pairs(tr(lang, "データの取り扱い", "Data handling"), [
        (tr(lang, "保管場所", "Storage"), data.get("storage")),
        (tr(lang, "アクセス管理", "Access control"), data.get("access_control")),
        (tr(lang, "保存期間", "Retention"), data.get("retention")),
        (tr(lang, "削除・返却", "Deletion and return"), data.get("deletion")),
        (tr(lang, "通話録音", "Call recording"), data.get("call_recording")),
    ])
    ch.bullets(tr(lang, "求める認証", "Certifications required"), s.get("certifications"))
    ch.bullets(tr(lang, "準拠すべき法令・基準", "Laws and standards to comply with"), s.get("laws"))
    bcp = s.get("bcp") or {}
    ch.pairs(tr(lang, "事業継続（BCP）", "Business continuity (BCP)"), [
        (tr(lang, "目標復旧時間（RTO）", "Recovery time objective (RTO)"), bcp.get("rto_hours") is not None and count(bcp["rto_hours"], lang, "時間", "hour") or None),
        (tr(lang, "目標復旧時点（RPO）", "Recovery point objective (RPO)"), bcp.get("rpo_hours") is not None and count(bcp["rpo_hours"], lang, "時間", "hour") or None),
        (tr(lang, "代替拠点", "Alternate site"), bcp.get("alternate_site")),
        (tr(lang, "内容", "Description"), bcp.get("description")),
    ], section="bcp")



def pricing_chapter(ch: Chapter, project: Project, include_budget: bool) -> None:
    lang, s = ch.lang, project.section("pricing")
    currency = s.get("currency", "JPY")
    ch.pairs(tr(lang, "価格モデル", "Pricing model"), [
        (tr(lang, "方式", "Model"), s.get("model") and enum("pricing_model", s["model"], lang)),
        (tr(lang, "通貨", "Currency"), currency_name(currency, lang, alone=True)),
        (tr(lang, "契約期間", "Contract term"), s.get("contract_term_months") and count(s["contract_term_months"], lang, "か月", "month")),
    ])
    ch.table(tr(lang, "初期費用の内容と負担", "Initial costs"), [tr(lang, "項目", "Item"), tr(lang, "負担", "Borne by"), tr(lang, "備考", "Notes")],
             [[c["item"], enum("party", c["borne_by"], lang), c.get("notes") or ""] for c in s.get("initial_costs") or []])
    ch.text(tr(lang, "運営費用の計算方法", "How operating costs are calculated"), s.get("operating_cost_basis"))
    outcome = outcome_terms(project)
    if outcome:  # only where vendors may price per outcome; elsewhere there is nothing to define
        ch.text(tr(lang, "成果の定義", "What counts as an outcome"), outcome)
    credits = s.get("sla_credits") or {}
    rows = format_columns([[a["kpi"], a["allocation_pct"]] for a in credits.get("allocations") or []], {1: percents})
    ch.pairs(tr(lang, "SLAクレジット（ペナルティ）", "SLA credits"), [
        (say("doc.sla.amount_at_risk", lang), percent(credits.get("amount_at_risk_pct"))),
        (say("doc.sla.pool_cap", lang), _pool_cap(credits, lang)),
        (tr(lang, "KPI別の配分", "Allocation by KPI"), "\n".join(tr(lang, f"{k}：{v}", f"{k}: {v}") for k, v in rows)),
        # vendors read only the terms the client has: no earn-back or incentive scheme is no "to be decided" for them
        *([(tr(lang, "アーンバック", "Earn-back"), credits.get("earn_back"))]
          if clean(credits.get("earn_back")).strip() or not project.is_redacted else []),
    ])
    if clean(s.get("incentives")).strip() or not project.is_redacted:
        ch.text(tr(lang, "インセンティブ（成果報酬）", "Incentives"), s.get("incentives"))
    ch.text(tr(lang, "支払条件", "Payment terms"), s.get("payment_terms"))
    if include_budget:
        budget = s.get("budget") or {}
        reference = (project.data["evaluation"].get("price") or {}).get("reference_price")
        ch.pairs(tr(lang, "予算", "Budget"), [
            (tr(lang, "金額", "Amount"), money(budget.get("amount"), currency, lang)),
            (tr(lang, "対象期間", "Period"), budget.get("period")),
            # the price rule names the reference price (予定価格): said once here, so no reader takes it for a second figure
            *([(tr(lang, "予定価格", "Reference price"), money(reference, currency, lang) + versus_budget(reference, budget.get("amount"), lang))]
              if reference is not None else []),
            (tr(lang, "備考", "Notes"), budget.get("notes")),
        ])


def versus_budget(reference: float, amount: float | None, lang: str) -> str:
    """The reference price said against the budget: （予算と同額） or （予算の93.3%）, nothing without a budget."""
    if not amount:
        return ""
    if reference == amount:
        return tr(lang, "（予算と同額）", " (the same as the budget)")
    share = number(round(100 * reference / amount, 1))
    return tr(lang, f"（予算の{share}%）", f" ({share}% of the budget)")


def approval_block(project: Project, dated: bool = True) -> tuple[list[str], list[list[str]]]:
    """The sign-off block (承認欄, the decision memo's 決裁欄): headers and one row per approver the
    project lists (role, name and title, the date, and the signature cell left to fill in by hand);
    one row to fill in when the project lists none, so the document can still be signed. An
    approver's date is the one the project records (approvers[].date) when `dated` (the
    requirements definition they approved), with the version it approved beneath it (the document's
    edition moves on with answers and addenda: a bare date read as approving the edition printed), else
    blank room to write in (「令和　　年　　月　　日」, no-break spaces, which column fitting leaves space
    for): the memo's decision is still to come."""
    lang, style = project.lang, project.date_style
    headers = [tr(lang, "役割", "Role"), tr(lang, "氏名・役職", "Name and title"), tr(lang, "承認日", "Date"),
               tr(lang, "印・署名", "Signature")]
    blank = blank_date(style)
    sign = tr(lang, *SIGNATURE_ROOM)  # its row is made tall enough to sign in (documents.finish)
    approvers = project.section("approval").get("approvers") or []
    bracketed = not any(ch in clean(a.get("title")) for a in approvers for ch in "()（）")
    rows = [[clean(a.get("role")), _name_and_title(clean(a["name"]), clean(a.get("title")), lang, bracketed),
             _approved(project, a) if dated and a.get("date") else blank, sign]
            for a in approvers]
    return headers, rows or [["", "", blank, sign]]


def _approved(project: Project, approver: dict) -> str:
    """An approval's date and, on a line of its own, the version it approved: 2027年2月15日⏎（第1.0版）."""
    when = unbroken(day(approver["date"], project.date_style, weekday=False))
    version = approved_version(project.data, approver)
    if version is None:
        return when
    return when + "\n" + tr(project.lang, f"（第{version}版）", unbroken(f"(version {version})"))


_NAME_LINE = 24  # display cells: a name with its title longer than this puts the title on a line of its own


def _name_and_title(name: str, title: str, lang: str, bracketed: bool = True) -> str:
    """An approver as the block prints them: 中村 由紀子（カスタマーサービス部長）, the title on a line of
    its own when the two are long, so the cell breaks at the bracket and never inside the title (…部 / 長）).
    A title with brackets of its own (Director of Finance (Section 151 Officer)) follows after a comma
    (、) instead: brackets inside brackets read as a typing slip; and when another title in the same
    block has brackets of its own (not `bracketed`), every title does the same, so the rows read alike."""
    if not title:
        return name
    if not bracketed or any(ch in title for ch in "()（）"):
        bracketed = tr(lang, f"、{title}", f", {title}")
        return f"{name}\n{title}" if display_width(name + bracketed) > _NAME_LINE else name + bracketed
    bracketed = tr(lang, f"（{title}）", f"({title})")
    joined = name + tr(lang, "", " ") + bracketed
    return f"{name}\n{bracketed}" if display_width(joined) > _NAME_LINE else joined


def _pool_cap(credits: dict, lang: str) -> str | None:
    """The monthly ceiling on SLA credits, said as what it is: a share of the amount at risk and, when
    that is known, of the monthly fee (a bare "100%" reads as a cap on something else)."""
    cap, at_risk = credits.get("pool_cap_pct"), credits.get("amount_at_risk_pct")
    if cap is None:
        return None
    if at_risk is None:
        return say("doc.sla.pool_cap_only", lang, cap=percent(cap))
    return say("doc.sla.pool_cap_value", lang, cap=percent(cap), fee=percent(round(cap * at_risk / 100, 4)))


def approval_chapter(ch: Chapter, project: Project, internal: bool) -> None:
    lang, s = ch.lang, project.section("approval")
    if internal:
        ch.table(tr(lang, "承認者", "Approvers"), [tr(lang, "氏名", "Name"), tr(lang, "役職", "Title"), tr(lang, "役割", "Role")],
                 [[a["name"], a.get("title") or tbd(lang), a.get("role") or tbd(lang)] for a in s.get("approvers") or []])
        ch.text(tr(lang, "承認の手順", "Approval procedure"), s.get("approval_procedure"))
    ch.text(tr(lang, "変更管理の手順", "Change-control procedure"), s.get("change_procedure"))


CHAPTER_BUILDERS = {
    "scope": _scope_chapter, "overview": _overview_chapter, "work_definition": _work_chapter,
    "people": _people_chapter, "operations": _operations_chapter, "systems": _systems_chapter,
}


# ------------------------------------------------------------------ requirements

def requirement_rows(project: Project, part_key: str, lang: str) -> list[dict]:
    """The requirements definition's rows: every statement, withheld ones visibly marked, and one an answer
    disclosed marked as such: no longer a test of the vendors' own insight, its look-for is kept as history only."""
    rows, disclosed = [], disclosures(project)
    for r in project.requirements():
        if r.part.key != part_key:
            continue
        lines = [clean(r.text)]
        if r.data.get("rationale"):
            lines.append(tr(lang, "【理由】", "Rationale: ") + clean(r.data["rationale"]))
        if r.withhold:
            lines.append(tr(lang, "【RFPに記載しない要件・評価の観点】", "Left out of the RFP. What a strong proposal says unprompted: ") + clean(r.look_for))
        elif r.id in disclosed:
            lines.append(tr(lang, "【RFPに記載せず回答で開示】", "Left out of the RFP, then ") + disclosed[r.id].said(lang, project.date_style)
                         + tr(lang, "。提案力の評価（RFPに記載しない要件のチェックリスト）の対象外とする。", ". No longer scored as an unstated need (off the checklist)."))
            if r.look_for:
                lines.append(tr(lang, "【当初の評価の観点（適用しない）】", "What a strong proposal was to say unprompted (no longer applied): ") + clean(r.look_for))
        elif r.look_for:
            lines.append(tr(lang, "【評価の観点】", "What to look for: ") + clean(r.look_for))
        if r.data.get("library_id"):  # where the wording came from, in words: the library's code is the tool's, not the client's
            lines.append(tr(lang, "【出典】標準要件ライブラリ", "Source: standard requirement library"))
        rows.append({"id": r.id, "text": "\n".join(lines), "priority": enum("priority", r.priority, lang),
                     "rfp": say("doc.rfp.withheld" if r.withhold else "doc.rfp.disclosed" if r.id in disclosed else "doc.rfp.stated", lang),
                     "withheld": r.withhold})
    return rows


def rfp_chapter(part, lang: str) -> str:
    """The title of the RFP chapter that holds `part`'s requirements, as the RFP prints it, so a table
    that points into the RFP (the compliance matrix) names the chapter the bidder finds there: the
    scope chapter is 委託範囲 / Scope, and the last part is change control alone (the RFP holds no
    approval content: approvers and procedure are internal)."""
    if part.key == "scope":
        return tr(lang, "委託範囲", "Scope")
    if part.key == "approval":
        return tr(lang, "変更管理", "Change control")
    return part.name(lang)


def rfp_numbering(project: Project) -> list[tuple[str, object]]:
    """The RFP's own continuous numbers for the disclosed requirements, in document order: [(R-001, Requirement) …].

    Withheld requirements get no number, so the RFP shows no gap that would betray them. One an answer
    disclosed later takes a branch of the number before it (R-024-2, or R-024A in English), as an amendment
    inserts an article without renumbering (枝番; "clause 9A"): the numbers stay in section order, and the
    numbers vendors' compliance matrices hold never move."""
    later = project.stated_later()
    found, base, branch = [], "R-000", 1
    issued = iter(range(1, len(project.disclosed()) + 1))
    for r in project.disclosed():
        if r.id in later:
            branch += 1
            found.append((inserted_number(base, branch, project.lang), r))
        else:
            base, branch = f"R-{next(issued):03d}", 1
            found.append((base, r))
    return found


def inserted_number(base: str, branch: int, lang: str) -> str:
    """The number of a requirement inserted after `base`, the `branch`-th there counting `base` itself as
    the first: R-024-2, R-024-3 (Japanese 枝番) or R-024A, R-024B (English insertion)."""
    if lang == "ja":
        return f"{base}-{branch}"
    letters, n = "", branch - 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return base + letters


# ------------------------------------------------------------------ evaluation

def _criterion_kind(c: dict, lang: str) -> str:
    """Gate or scored; the unstated-needs criterion is scored like its peers (a kind of its own would single
    it out for bidders)."""
    return tr(lang, "必須（合否判定）", "Mandatory (pass/fail)") if c.get("mandatory") else tr(lang, "加点", "Scored")


def scale_labels(project: Project, labels: dict[int, str] | None = None) -> dict[int, str]:
    """The scale's labels from 0 up, as every table and list prints them (RFP, guide, requirements
    definition, scoring workbooks, paper form, memo): short labels, never ended with 「。」. `labels`:
    another wording of the scale (the presentation stage's)."""
    labels = project.scale_labels() if labels is None else labels
    return {s: ja_label(clean(label)) if project.lang == "ja" else clean(label) for s, label in sorted(labels.items())}


def _scale(project: Project) -> tuple[int, list[dict]]:
    """The scale from 0 up, with the same labels the scoring workbooks show ('–' where none is set)."""
    return project.scale_max(), [{"score": str(s), "label": label or EMPTY} for s, label in scale_labels(project).items()]


def criteria_rows(project: Project) -> list[dict]:
    lang = project.lang
    return [{"id": c["id"], "name": clean(c["name"]), "weight": "—" if c.get("mandatory") else number(c["weight"]),
             "kind": _criterion_kind(c, lang), "description": clean(c.get("description")) or tbd(lang)}
            for c in project.criteria()]


def anchor_lines(project: Project, criterion: dict, labels: dict[int, str] | None = None) -> list[str]:
    """What earns each score of one criterion, from 0 up (so "in addition to the above" reads right):
    its own anchors, else the common scale's words. A mandatory criterion is pass/fail; the
    unstated-needs criterion is computed, so its method is given instead of anchors nobody applies."""
    lang = project.lang
    if criterion.get("mandatory"):
        return [tr(lang, "合否で判定（不適合の場合は失格）", "Pass or fail (a fail disqualifies)")]
    if criterion.get("unstated_needs"):
        return [tr(lang, f"RFPに記載しない要件のチェックリストから算出（{coverage_values(lang)}を優先度で加重）",
                   f"Computed from the checklist of requirements left out of the RFP ({coverage_values(lang)}, "
                   "weighted by priority)")]
    common = ({s: clean(label) or EMPTY for s, label in labels.items()} if labels is not None
              else {int(row["score"]): row["label"] for row in _scale(project)[1]})
    own = {a["score"]: a["description"] for a in criterion.get("anchors") or [] if clean(a.get("description"))}

    def between(s: int) -> str:
        """A level the criterion leaves to the scale, placed between its own neighbours where it has them
        (so an own anchor's "in addition to the above" is not read against the scale's word)."""
        below, above = [k for k in own if k < s], [k for k in own if k > s]
        if not below or not above:
            return common[s]
        a, b = max(below), min(above)
        return common[s] + tr(lang, f"（{a}と{b}の間）", f" (between {a} and {b})")

    texts = [clean(own.get(s)) or between(s) for s in range(project.scale_max() + 1)]
    if lang == "ja":  # one list ends alike: the criterion's own sentences make every line a sentence
        texts = ja_ended_alike(texts) if own else [ja_label(t) for t in texts]
    return [f"{s}{tr(lang, '：', ': ')}{text}" for s, text in enumerate(texts)]


def scoring_rule(project: Project, disclose_reference: bool) -> list[list[str]]:
    """How scores, weights, quality points, price and presentation points combine into the score vendors
    are ranked by, as label/value rows: the one published rule. The RFP, the evaluator guide, the
    results workbook, the decision memo and the notices print these rows (with the figures' names from
    the catalogue), so a vendor recomputes its score exactly as `rfpgen score` computes it. The
    reference price is shown only where it is published; otherwise the row says it is not disclosed."""
    lang = project.lang
    evaluation = project.data["evaluation"]
    price, rules = evaluation["price"], evaluation.get("rules") or {}
    rows = [[tr(lang, "価格評価方式", "Price formula"), enum("price_formula", price["formula"], lang)]] + scoring_formulas(project)
    reference = price.get("reference_price")
    if price["formula"] == "jp_additive" or (reference and (rules.get("above_reference") or rules.get("low_bid"))):
        rows.append([tr(lang, "予定価格", "Reference price"),
                     money(reference, project.section("pricing").get("currency", "JPY"), lang) if disclose_reference
                     else say("score.not_disclosed", lang)])
    rows.append([tr(lang, "比較する価格", "Price compared"), clean(price.get("basis")) or tbd(lang)])
    return rows


def scoring_formulas(project: Project) -> list[list[str]]:
    """The formulas of the published rule, from a criterion's score to the figure vendors are ranked by."""
    lang = project.lang
    evaluation = project.data["evaluation"]
    price = evaluation["price"]
    formula = price["formula"]
    smax = number(project.scale_max())
    qp = number(evaluation.get("quality_points", 70))
    mp = number(price.get("max_points", 30))
    full = float(evaluation.get("quality_points", 70)) + float(price.get("max_points", 30))
    rules = evaluation.get("rules") or {}
    stage = rules.get("presentation")
    name = {key: say(f"score.{key}", lang) for key in ("quality_score", "quality_points", "price_score", "presentation_points")}
    document, final = say(document_total_key(formula, bool(stage)), lang), say(final_key(formula, bool(stage)), lang)
    rows = []
    if rules.get("aggregation", "mean") == "mean":
        rows.append([say("score.score", lang), tr(
            lang, f"評価項目ごとに0〜{smax}点で評価する。評価項目の評点は、評価者の評点の平均（合議で評点を合意した項目はその評点）とする。",
            f"Each criterion is scored 0–{smax}. A criterion's score is the mean of the evaluators' scores (or the score agreed "
            "in the consensus meeting).")])
    rows.append([name["quality_score"], say("score.quality_formula", lang, max=smax) + tr(
        lang, "（配点の合計は100のため、100点満点）", "; the weights add up to 100, so the quality score is out of 100.")])
    scaled = f" × {qp} ÷ 100" if float(evaluation.get("quality_points", 70)) != 100 else ""
    quality_points = [name["quality_points"], tr(
        lang, f"品質点 ＝ 品質スコア{scaled}（{qp}点満点）", f"Quality points = quality score{scaled} (out of {qp}).")]
    total = [document, tr(lang, f"{document} ＝ 品質点 ＋ 価格点（{number(full)}点満点）",
                          f"{document} = quality points + price points (out of {number(full)}).")]
    if formula == "relative_to_lowest":
        rows += [quality_points, [name["price_score"], tr(
            lang, f"価格点 ＝ {mp} × 最低提案価格 ÷ 当該提案価格（{mp}点満点。最低提案価格は失格でない提案者の中で判定する）",
            f"Price points = {mp} × lowest price ÷ this price (out of {mp}; the lowest price among bidders not disqualified).")],
            total]
    elif formula == "jp_additive":
        rows += [quality_points, [name["price_score"], tr(
            lang, f"価格点 ＝ {mp} ×（1 − 提案価格 ÷ 予定価格）（{mp}点満点。0点未満は0点）",
            f"Price points = {mp} × (1 − price ÷ reference price) (out of {mp}; never below 0).")], total]
    elif formula == "jp_division":
        rows += [quality_points, [document, tr(
            lang, f"{document} ＝（基礎点 {number(price.get('base_points', 100))} ＋ 品質点）÷ 提案価格 × 1,000,000",
            f"{document} = (base points {number(price.get('base_points', 100))} + quality points) ÷ price × 1,000,000.")]]
    else:
        rows.append([document, tr(
            lang, f"{document} ＝ 提案価格 ÷ 品質スコア。最も低い提案者を最上位とする。",
            f"{document} = price ÷ quality score; the lowest ranks first.")])
    if stage:
        points = number(stage["points"])
        scaled = tr(lang, f"× {points} ÷ 100", f" × {points} ÷ 100") if float(stage["points"]) != 100 else ""
        rows.append([name["presentation_points"], tr(
            lang, f"{name['presentation_points']} ＝ Σ（配点 × 評点 ÷ {smax}）{scaled}（{points}点満点。"
                  "評点は評価者の平均、配点はプレゼンテーションの評価項目のもの）",
            f"{name['presentation_points']} = Σ (weight × score ÷ {smax}){scaled} (out of {points}; scores are the "
            "evaluators' means, weights those of the presentation criteria).")])
        combine = stage.get("combine", "sum")
        presented = name["presentation_points"]
        if combine == "technical" and formula == "jp_division":
            base = number(price.get("base_points", 100))
            rows.append([final, tr(lang, f"{final} ＝（基礎点 {base} ＋ 品質点 ＋ {presented}）÷ 提案価格 × 1,000,000。"
                                         f"{document}は、プレゼンテーションに進む者を決めるためだけに用いる。",
                                   f"{final} = (base points {base} + quality points + {presented.lower()}) ÷ price × 1,000,000; "
                                   f"the {document.lower()} only decides who goes through to the presentations.")])
        elif combine == "technical":   # where the price gives points, the same sum in the order the rule names it
            out_of = number(full + float(stage["points"]))
            rows.append([final, tr(lang, f"{final} ＝ 品質点 ＋ {presented} ＋ 価格点（{out_of}点満点）",
                                   f"{final} = quality points + {presented.lower()} + price points (out of {out_of}).")])
        elif combine == "sum":
            out_of = f"（{number(full + float(stage['points']))}点満点）" if gives_price_points(formula) else ""
            rows.append([final, tr(lang, f"{final} ＝ {document} ＋ {name['presentation_points']}{out_of}",
                                   f"{final} = {document[0].lower() + document[1:]} + {name['presentation_points'].lower()}"
                                   + (f" (out of {number(full + float(stage['points']))})." if out_of else "."))])
        else:
            rows.append([final, tr(lang, f"{final} ＝ {name['presentation_points']}。{document}は、プレゼンテーションに進む者を決めるためだけに用いる。",
                                   f"{final} = {name['presentation_points'].lower()}; the {document.lower()} only decides who "
                                   "goes through to the presentations.")])
    return rows


def internal_figures(project: Project) -> list[list[str]]:
    """The figures the scoring uses that the RFP does not publish (the reference price when the budget
    is withheld), as label/value rows: the memo lists them apart from the published rule."""
    reference = project.data["evaluation"]["price"].get("reference_price")
    if not reference or not project.withholds_budget():
        return []
    return [[tr(project.lang, "予定価格", "Reference price"),
             money(reference, project.section("pricing").get("currency", "JPY"), project.lang)]]


def scale_table(ch: Chapter, project: Project) -> None:
    lang = ch.lang
    ch.table(tr(lang, "評価尺度", "Scoring scale"), [tr(lang, "評点", "Score"), tr(lang, "意味", "Meaning")],
             [[row["score"], row["label"]] for row in _scale(project)[1]])


def criteria_table(ch: Chapter, project: Project) -> None:
    lang = ch.lang
    ch.table(tr(lang, "評価項目と配点", "Criteria and weights"),
             ["ID", tr(lang, "評価項目", "Criterion"), tr(lang, "配点", "Weight"), tr(lang, "区分", "Kind"),
              tr(lang, "評価の内容", "What is assessed")],
             [[c["id"], c["name"], c["weight"], c["kind"], c["description"]] for c in criteria_rows(project)])


def anchor_table(ch: Chapter, project: Project, title: str) -> None:
    """What earns each score, by criterion: the proposal's, then the presentation's, which the panel scores too."""
    from ..scoring.model import PresentationScheme  # imported late: the scoring modules import this one

    lang = ch.lang
    stage = (project.data["evaluation"].get("rules") or {}).get("presentation") or {}
    live = PresentationScheme(project).scale_labels() if stage.get("criteria") else None  # 示されない, not 記載なし
    ch.table(title, ["ID", tr(lang, "評価項目", "Criterion"), tr(lang, "評点の基準（0から順に）", "What earns each score (from 0 up)")],
             [[c["id"], clean(c["name"]), "\n".join(anchor_lines(project, c))] for c in project.criteria()]
             + [[c["id"], clean(c["name"]), "\n".join(anchor_lines(project, c, live))] for c in stage.get("criteria") or []])


def price_pairs(project: Project, disclose_reference: bool) -> list:
    """The published scoring rule (`scoring_rule`) as the label/value pairs of the RFP and the guide."""
    return scoring_rule(project, disclose_reference)


def evaluation_chapter(ch: Chapter, project: Project, internal: bool) -> None:
    lang = ch.lang
    scale_table(ch, project)
    criteria_table(ch, project)
    ch.pairs(rule_heading(project.data["evaluation"], lang),
             price_pairs(project, internal or not project.withholds_budget()))
    ch.bullets(tr(lang, "評価と選定の規則", "Evaluation and award rules"), evaluation_rule_statements(project, internal))
    stage = (project.data["evaluation"].get("rules") or {}).get("presentation")
    if stage:
        ch.table(tr(lang, "プレゼンテーションの評価項目と配点", "Presentation criteria and weights"),
                 ["ID", tr(lang, "評価項目", "Criterion"), tr(lang, "配点", "Weight"),
                  tr(lang, "評価の内容", "What is assessed")],
                 [[c["id"], clean(c["name"]), number(c["weight"]), clean(c.get("description")) or tbd(lang)]
                  for c in stage["criteria"]])
    if internal:
        anchor_table(ch, project, tr(lang, "評点の基準（評価項目別）", "What earns each score, by criterion"))
        evaluation = project.data["evaluation"]
        ch.table(tr(lang, "提案者", "Bidders"), ["ID", tr(lang, "社名", "Company"), tr(lang, "担当者・連絡先", "Contact")],
                 [[v["id"], v["name"], _contact_lines(v.get("contact") or {}, lang)] for v in evaluation.get("vendors") or []])
        ch.table(tr(lang, "評価者", "Evaluators"),
                 ["ID", tr(lang, "氏名", "Name"), tr(lang, "役割", "Role"), tr(lang, "価格の閲覧", "Sees prices")],
                 [[e["id"], e["name"], e.get("role") or tbd(lang), enum("yes_no", bool(e.get("sees_prices")), lang)]
                  for e in evaluation.get("evaluators") or []])


def evaluation_rule_statements(project: Project, internal: bool = False) -> list[str]:
    """The project's evaluation rules (tie-break, minimums, rounding, tax basis, …) in sentences a
    vendor can apply; the same object drives `rfpgen score` (rfpgen.scoring.rules). `internal`: the
    client's own documents describe what the RFP asks of vendors in the third person."""
    from ..scoring.rules import statements

    names = {c["id"]: clean(c["name"]) for c in project.criteria()}
    return statements(project.data["evaluation"], project.lang, names, internal=internal)


def rfp_settings_chapter(ch: Chapter, project: Project) -> None:
    """How the RFP is issued (internal record in the requirements definition)."""
    lang, s = ch.lang, project.section("rfp")
    ch.text(tr(lang, "RFPに記載する背景", "Background stated in the RFP"), s.get("background"))
    ch.bullets(tr(lang, "提案書に求める追加の記載事項", "Additional proposal contents"), s.get("proposal_contents"))
    ch.pairs(tr(lang, "提出要領", "Submission"), submission_pairs(project))
    ch.pairs(tr(lang, "質疑応答", "Questions and answers"), qa_pairs(project))
    withhold = s.get("withhold") or {}
    by_id = {r.id: r for r in project.requirements()}
    shown = lambda withheld: tr(lang, "記載しない", "Left out") if withheld else tr(lang, "記載する", "Stated")  # noqa: E731
    ch.pairs(tr(lang, "RFPでの扱い", "What the RFP states"), [
        (tr(lang, "予算", "Budget"), shown(withhold.get("budget", True))),
        (tr(lang, "委託元の要員試算", "Client's staffing estimate"), shown(withhold.get("staffing_estimate", True))),
        (tr(lang, "事業継続（BCP）", "Business continuity (BCP)"), shown(withhold.get("bcp"))),
        (tr(lang, "エスカレーションの種類と経路", "Escalation types and routes"), shown(withhold.get("escalations"))),
        (tr(lang, "商品・サービス情報の提供方法", "How product information reaches agents"), shown(withhold.get("knowledge_provision"))),
        (tr(lang, "予測・スケジューリングの分担", "Forecasting and scheduling duties"), shown(withhold.get("forecasting_and_scheduling"))),
        (tr(lang, "RFPに記載しない要件", "Requirements left out"), "\n".join(r.labelled(lang) for r in project.withheld())
         or tr(lang, "なし", "None")),
        (tr(lang, "質問回答で開示した要件", "Disclosed by answers"),
         "\n".join(tr(lang, f"{by_id[d.requirement].labelled(lang)}：質問 No.{d.question}",
                      f"{by_id[d.requirement].labelled(lang)}: question {d.question}")
                   for d in disclosures(project).values()) or tr(lang, "なし", "None")),
    ])
    ch.text(tr(lang, "機密保持", "Confidentiality"), s.get("confidentiality"))
    rfp_conditions_record(ch, project)


def submission_pairs(project: Project) -> list[tuple[str, object]]:
    lang = project.lang
    sub = project.section("rfp").get("submission") or {}
    return [
        (tr(lang, "提出期限", "Proposal deadline"), deadline(project)),
        (tr(lang, "形式", "Format"), sub.get("format")),
        (tr(lang, "ページ数の上限", "Page limit"), sub.get("page_limit") and tr(lang, f"{sub['page_limit']}ページ", f"{sub['page_limit']} pages")),
        (tr(lang, "言語", "Language"), sub.get("language")),
        (tr(lang, "提出方法", "Method"), sub.get("method")),
        (tr(lang, "提出先", "Address"), sub.get("address")),
        (say("doc.paper_copies", lang), None if sub.get("copies") is None else
         say("doc.paper_copies_none", lang) if sub["copies"] == 0 else say("doc.paper_copies_n", lang, n=number(sub["copies"]))),
    ]


def full_name(person: dict, lang: str) -> str:
    """A person's name as the documents print it: with the honorific in English (Ms Fiona McLeod); Japanese
    documents address a person with 様 and print the name alone."""
    name = clean(person.get("name"))
    honorific = clean(person.get("honorific")) if lang != "ja" and name else ""
    return f"{honorific} {name}" if honorific else name


def person_named(person: dict, lang: str) -> str:
    """A person as a letter or a sentence names them: 役職 氏名 in Japanese, Name, Title in English."""
    name, title = full_name(person, lang), clean(person.get("title"))
    return " ".join(x for x in (title, name) if x) if lang == "ja" else ", ".join(x for x in (name, title) if x)


def addressed(person: dict) -> str:
    """A named person as an English letter's salutation addresses them: the honorific and the family name,
    the last word of the name (Dear Ms McLeod), else the whole name (Dear Fiona McLeod)."""
    name, honorific = clean(person["name"]), clean(person.get("honorific"))
    return f"{honorific} {name.split()[-1]}" if honorific and name.split() else name


def reach(person: dict, lang: str) -> str:
    """How to reach a person, as a sentence says it: 電子メール：…、電話：… / jane@x.example or +44 …."""
    ways = [(label, clean(person.get(key))) for key, label in (("email", "電子メール"), ("phone", "電話"))]
    if lang == "ja":
        return "、".join(f"{label}：{value}" for label, value in ways if value)
    return " or ".join(value for _, value in ways if value)


def contact_prose(person: dict, lang: str) -> str:
    """A contact written as a sentence gives one, not as a list of fields: 調達部長 山田太郎（電子メール：…、
    電話：…）, Jane Smith, Head of Procurement (jane@x.example or +44 20 7946 0000)."""
    who, how = person_named(person, lang), reach(person, lang)
    if not (who and how):
        return who or how
    return f"{who}（{how}）" if lang == "ja" else f"{who} ({how})"


def qa_pairs(project: Project) -> list[tuple[str, object]]:
    lang = project.lang
    qa = project.section("rfp").get("qa") or {}
    contact = qa.get("contact") or {}
    schedule = project.data["project"].get("schedule") or {}
    return [
        (tr(lang, "質問期限", "Question deadline"), deadline(project, "question_deadline")),
        (tr(lang, "回答日", "Answer date"), day(schedule.get("answer_date"), project.date_style)),
        (tr(lang, "方法", "Method"), qa.get("method")),
        (tr(lang, "窓口", "Contact"), contact_prose(contact, lang)),
        (tr(lang, "回答の共有", "Answers shared"), tr(lang, "質問と回答は全ての提案者に共有する", "Questions and answers are shared with all bidders")
         if qa.get("answers_shared", True) else tr(lang, "回答は質問者にのみ通知する", "Answers go to the asking bidder only")),
    ]

# ------------------------------------------------------------------ document assembly

VENDOR_FACING = ("rfp", "qa", "rfp_addendum")  # documents for vendors: the RFP's label, the leak check
# A label that keeps a document inside the client: never printed on what goes to bidders, who get
# 取扱注意 / Confidential instead. Japanese: "outside … secret" (社外秘, 部外秘, 庁外秘, 対外秘, 関係者外秘,
# 外部秘) and "inside the office" (庁内限り, 省内, 府内, 局内, 部内, 課内, 院内, 所内, 社内, 組織内, 内部用),
# or limited to the client's own people (委員会限り, 職員限り); 入札参加者限り is for bidders and passes.
# English: internal, in-house, staff / employees / panel / committee / board only, not for (external)
# distribution, do not distribute, eyes only. UK OFFICIAL / OFFICIAL-SENSITIVE and US CUI / FOUO are
# classifications a supplier may hold under its contract, so they pass.
_INTERNAL_ONLY = re.compile(
    r"外秘|外部秘|[庁省府局部課院所社]内|組織内|内部(?:用|限り|資料|専用)|(?:委員会|職員|役員|審査員|評価者)限り"
    r"|(?i:internal|in-house|\b(?:staff|employees?|panel|committee|board)\s+only\b|\bnot\s+for\s+(?:external\s+)?distribution"
    r"|\bdo\s+not\s+(?:distribute|circulate)|\beyes\s+only\b)")


def _contact_lines(contact: dict, lang: str) -> str:
    """A vendor's contact as a block of lines (name and title, e-mail address, telephone): one column as wide
    as an address, which then prints on one line beside the company's whole name."""
    title = contact.get("title")
    person = (full_name(contact, lang) or tbd(lang)) + (tr(lang, f"（{title}）", f" ({title})") if title else "")
    return "\n".join([person] + [x for x in (contact.get("email"), contact.get("phone")) if x])


def confidentiality_mark(project: Project, document: str) -> str:
    """The one confidentiality label of the project's documents: its own (`project.confidentiality`),
    on every document, internal or for bidders; a label that says "internal" only on the internal ones."""
    own = clean(project.data["project"].get("confidentiality")).strip()
    if document not in VENDOR_FACING:
        return internal_mark(project)
    return own if own and not _INTERNAL_ONLY.search(own) else say("doc.mark.rfp", project.lang)


# The suffix of each document's number: the documents of one project are told apart by number too
DOCUMENT_CODES = {"requirements": "REQ", "rfp": "RFP", "guide": "EG", "qa": "QA",
                  "requirements_changes": "REQ-CMP", "rfp_addendum": "RFP-ADD"}


# internal documents that record the Q&A and the RFP's addenda (the comparison of versions is dated on the
# new edition it compares: on its cover that edition and its date, not the project's)
RECORDING_QUESTION_PERIOD = ("requirements", "guide", "requirements_changes")


def internal_editions(project: Project) -> list:
    """The editions the requirements definition and the evaluator guide reach after the project's date by
    recording answers and addenda (rfpgen.clarifications.editions_after): their cover names the last
    (properties.internal_edition), so neither is dated before what it records."""
    return editions_after(project, str(document_date(project)))


def doc_info(project: Project, document: str) -> dict:
    p, lang = project.data["project"], project.lang
    internal = document not in VENDOR_FACING
    # an addendum re-issues the RFP, and the answers that come with it refer to that edition
    version, dated = project.rfp_edition() if document in ("rfp", "qa", "rfp_addendum") else (p["version"], None)
    if document in RECORDING_QUESTION_PERIOD:
        version, dated = internal_edition(project)
    # a document issued again in a later edition (the RFP after an addendum, the requirements definition and guide
    # recording answers); the answers, an addendum and a comparison are each issued once
    revised = document in ("rfp", "requirements", "guide") and version != str(p["version"])
    return {
        "project_id": p["id"], "document_id": f"{p['id']}-{DOCUMENT_CODES[document]}", "title": clean(p["title"]), "client_name": clean(p["client"]["name"]),
        "client_department": clean(p["client"].get("department")) or tbd(lang),
        "kind": say(f"doc.kind.{document}", lang), "version": version,
        "date": day(dated or document_date(project, issued=not internal), project.date_style, weekday=False),
        # a Japanese cover dates a later edition as its revision (改訂日), the first as its making (作成日)
        "date_label": tr(lang, "改訂日" if revised else "作成日", "Date"),
        "confidentiality": confidentiality_mark(project, document), "language": lang,
    }

def revision_rows(project: Project) -> list[dict]:
    """The requirements definition's revision history: the project's own, then the editions it reached by
    recording the question period and the RFP's addenda."""
    rows = [{"version": r["version"], "date": day(r["date"], project.date_style, weekday=False), "author": clean(r.get("author")) or EMPTY, "summary": clean(r["summary"])}
            for r in project.section("approval").get("revision_history") or []]
    return rows + edition_rows(project)


def guide_revision_rows(project: Project) -> list[dict]:
    """The evaluator guide's revision history: its first issue with the project's version, then the same
    editions as the requirements definition, so a reader sees why the guide's edition moved (answers
    recorded, a requirement disclosed and off the checklist, an addendum)."""
    p, lang = project.data["project"], project.lang
    first = {"version": str(p["version"]), "date": day(document_date(project), project.date_style, weekday=False),
             "author": _keeper(project), "summary": tr(lang, f"初版（業務要件定義書 第{p['version']}版に基づく）",
                                                       f"First issue (with the {say('doc.kind.requirements', lang)} version {p['version']})")}
    return [first] + edition_rows(project)


def _keeper(project: Project) -> str:
    """Who keeps the editions: whoever answers the questions (rfp.qa.contact, else the client's contact, else the client)."""
    client = project.data["project"]["client"]
    return next((clean(person.get("name")) for person in ((project.section("rfp").get("qa") or {}).get("contact") or {},
                                                          client.get("contact") or {}, client) if clean(person.get("name")).strip()), EMPTY)


def edition_rows(project: Project) -> list[dict]:
    """The internal documents' editions after the project's date, as revision-history rows."""
    keeper = _keeper(project)
    return [{"version": e.version, "date": day(e.date, project.date_style, weekday=False), "author": keeper, "summary": e.summary}
            for e in internal_editions(project)]

