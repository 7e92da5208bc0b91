"""The template context: a project turned into plain, printable data for each document.

Templates only loop and print; every decision about what a document shows is made here. Above
all, the RFP's context is built from disclosed data only, so a restyled RFP template cannot leak
a withheld requirement, the budget or the client's staffing estimate even by mistake.

Each chapter is a list of items of a few kinds (text, bullets, table, key-value table); an item
the project leaves empty becomes kind "tbd" and prints as 未定 / To be decided, never disappears.
"""
from __future__ import annotations

import re
from datetime import date

from . import staffing_annex
from .erlang import total_shrinkage
from .labels import ENUMS, enum, tbd
from .project import PARTS, Project
from .validation import SCHEDULE_LABELS, SCHEDULE_ORDER

KIND = {
    "requirements": {"ja": "業務要件定義書", "en": "Business Requirements Definition"},
    "rfp": {"ja": "提案依頼書（RFP）", "en": "Request for Proposal"},
    "guide": {"ja": "評価者ガイド", "en": "Evaluator Guide"},
}
INTERNAL_MARK = {"ja": "社外秘", "en": "Confidential – internal"}
RFP_MARK = {"ja": "取扱注意", "en": "Confidential"}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def clean(text) -> str:
    """The documented normalisation of user text: line endings become \\n and control characters
    (other than line breaks and tabs) are removed, because Word cannot hold them."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _num(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else f"{value:g}"


def _month(month: str, lang: str) -> str:
    """'2027-12' as a Japanese reader writes it (2027年12月); English keeps ISO."""
    return f"{int(month[:4])}年{int(month[5:7])}月" if lang == "ja" and len(month) == 7 else month


def _pct(value) -> str:
    return "" if value is None else f"{_num(value)}%"


class _Chapter:
    """Builds one chapter's items, numbering them as it goes (e.g. 4.1, 4.2 …)."""

    def __init__(self, number: int, title: str, lang: str, key: str = "", omit: frozenset = frozenset()):
        self.number, self.title, self.lang, self.key = number, title, lang, key
        self.omit = omit  # structured sections this document leaves out (the RFP's withheld sections)
        self.items: list[dict] = []
        self.requirements: list[dict] = []

    def _add(self, title, kind, **content):
        item = {"heading": f"{self.number}.{len(self.items) + 1} {title}", "title": title, "kind": kind,
                "paragraphs": [], "bullets": [], "table": {"columns": [], "rows": [], "ncols": 0}}
        item.update(content)
        self.items.append(item)
        return item

    def text(self, title, value):
        value = clean(value).strip()
        if not value:
            return self._add(title, "tbd")
        return self._add(title, "text", paragraphs=[p for p in value.split("\n\n") if p.strip()])

    def bullets(self, title, values):
        values = [clean(v) for v in values or [] if clean(v).strip()]
        return self._add(title, "bullets", bullets=values) if values else self._add(title, "tbd")

    def table(self, title, columns, rows):
        rows = [[clean(cell) for cell in row] for row in rows]
        if not rows:
            return self._add(title, "tbd")
        return self._add(title, "table", table={"columns": columns, "rows": rows, "ncols": len(columns)})

    def pairs(self, title, pairs):
        """A label/value table; a missing value prints as to-be-decided, the label stays."""
        shown = [[label, clean(value) if value not in (None, "", []) else tbd(self.lang)] for label, value in pairs]
        if all(value == tbd(self.lang) for _, value in shown):
            return self._add(title, "tbd")
        return self._add(title, "pairs", table={"columns": [], "rows": shown, "ncols": 2})

    def image(self, title, caption):
        return self._add(title, "image", paragraphs=[clean(caption)])

    def as_dict(self):
        label = _L(self.lang, "要件一覧", "Requirements")
        return {"heading": f"{self.number}. {self.title}", "title": self.title, "key": self.key,
                "topics": self.items, "requirements": self.requirements,
                "requirements_heading": f"{self.number}.{len(self.items) + 1} {label}"}


class _Outline:
    """A document's chapters, numbered in the order they are added."""

    def __init__(self, lang: str):
        self.lang, self.chapters = lang, []

    def chapter(self, title: str, key: str = "", omit: frozenset = frozenset()) -> _Chapter:
        self.chapters.append(_Chapter(len(self.chapters) + 1, title, self.lang, key, omit))
        return self.chapters[-1]

    def as_list(self) -> list[dict]:
        return [c.as_dict() for c in self.chapters]


def _L(lang, ja, en):
    return ja if lang == "ja" else en


# ------------------------------------------------------------------ chapters

def _project_chapter(ch: _Chapter, project: Project) -> None:
    lang, p = ch.lang, project.data["project"]
    client = p["client"]
    contact = client.get("contact") or {}
    ch.pairs(_L(lang, "プロジェクト情報", "Project"), [
        (_L(lang, "プロジェクトID", "Project id"), p["id"]),
        (_L(lang, "件名", "Title"), p["title"]),
        (_L(lang, "委託元", "Client"), client["name"]),
        (_L(lang, "担当部署", "Department"), client.get("department")),
        (_L(lang, "業種", "Industry"), client.get("industry")),
    ])
    ch.pairs(_L(lang, "委託元の窓口", "Client contact"), [
        (_L(lang, "氏名", "Name"), contact.get("name")),
        (_L(lang, "役職", "Title"), contact.get("title")),
        (_L(lang, "メール", "Email"), contact.get("email")),
        (_L(lang, "電話", "Phone"), contact.get("phone")),
    ])
    ch.table(_L(lang, "選定スケジュール", "Selection schedule"), [_L(lang, "工程", "Milestone"), _L(lang, "日付", "Date")],
             _schedule_rows(project))


def _schedule_rows(project: Project) -> list[list[str]]:
    lang = project.lang
    schedule = project.data["project"].get("schedule") or {}
    label = lambda key: SCHEDULE_LABELS[lang][key][:1].upper() + SCHEDULE_LABELS[lang][key][1:]  # noqa: E731
    return [[label(key), schedule.get(key) or tbd(lang)] for key in SCHEDULE_ORDER]


def _scope_chapter(ch: _Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("scope")
    ch.bullets(_L(lang, "委託する業務", "Work to be outsourced"), s.get("outsourced"))
    ch.bullets(_L(lang, "委託元に残す業務", "Work that stays in-house"), s.get("in_house"))
    ch.text(_L(lang, "委託形態", "Sourcing pattern"), s.get("sourcing_pattern") and enum("sourcing_pattern", s["sourcing_pattern"], lang))
    ch.bullets(_L(lang, "委託の目的", "Objectives of outsourcing"), s.get("objectives"))
    ch.text(_L(lang, "補足", "Notes"), s.get("notes"))


def _overview_chapter(ch: _Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("overview")
    ch.text(_L(lang, "背景", "Background"), s.get("background"))
    ch.text(_L(lang, "委託元の方針", "Client policy"), s.get("client_policy"))
    ch.table(_L(lang, "成功判断基準", "Success criteria"), [_L(lang, "基準", "Criterion"), _L(lang, "測定方法・目標", "Measure")],
             [[c["criterion"], c.get("measure") or tbd(lang)] for c in s.get("success_criteria") or []])
    ch.text(_L(lang, "成功の判定方法", "How success is judged"), s.get("success_review"))


def _hours_rows(hours: dict, lang: str) -> list[list[str]]:
    rows = []
    for rule in hours.get("weekly") or []:
        days = "・".join(enum("weekday", d, lang) for d in rule["days"]) if lang == "ja" else \
            ", ".join(enum("weekday", d, lang) for d in rule["days"])
        rows.append([days, f"{rule['open']}–{rule['close']}"])
    return rows


def _work_chapter(ch: _Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("work_definition")
    programs = s.get("programs") or []
    ch.text(_L(lang, "業務の概要", "Description of the work"), s.get("description"))
    ch.table(_L(lang, "業務プログラム", "Programs"),
             [_L(lang, "ID", "Id"), _L(lang, "名称", "Name"), _L(lang, "種別", "Type"), _L(lang, "チャネル", "Channel"),
              _L(lang, "対応言語", "Languages"), _L(lang, "内容", "Description")],
             [[p["id"], p["name"], enum("program_type", p["type"], lang), enum("channel", p["channel"], lang),
               ", ".join(p.get("languages") or []) or tbd(lang), p.get("description") or tbd(lang)] for p in programs])
    ch.table(_L(lang, "コールリーズンと平均処理時間（AHT）", "Call reasons and average handle time (AHT)"),
             [_L(lang, "プログラム", "Program"), _L(lang, "コールリーズン", "Call reason"), _L(lang, "構成比", "Share"),
              _L(lang, "AHT（秒）", "AHT (s)")],
             [[p["id"], r["name"], _pct(r["share_pct"]), _num(r["aht_seconds"])]
              for p in programs for r in p.get("call_reasons") or []])
    _volume_item(ch, programs)
    forecast = s.get("forecast") or {}
    ch.pairs(_L(lang, "業務量の予測方法", "How volume is forecast"), [
        (_L(lang, "予測方法", "Method"), forecast.get("method")),
        (_L(lang, "インターバル", "Interval"), forecast.get("interval_minutes") and _L(lang, f"{forecast['interval_minutes']}分", f"{forecast['interval_minutes']} minutes")),
        (_L(lang, "補足", "Notes"), forecast.get("notes")),
    ])
    weekday = forecast.get("weekday_profile") or {}
    ch.table(_L(lang, "曜日別の構成比", "Weekday profile"), [_L(lang, "曜日", "Day"), _L(lang, "構成比", "Share of the week")],
             [[enum("weekday", d, lang), _pct(weekday[d])] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if d in weekday])
    ch.table(_L(lang, "時間帯別の構成比", "Intraday profile"), [_L(lang, "開始時刻", "Interval start"), _L(lang, "構成比", "Share of the day")],
             [[slot["start"], _pct(slot["pct"])] for slot in forecast.get("intraday_profile") or []])
    overrides = []
    for p in programs:
        for key, label in (("service_level", _L(lang, "サービスレベル目標", "Service level target")),
                           ("asa_seconds", _L(lang, "平均応答速度（ASA）目標（秒）", "ASA target (s)")),
                           ("patience_seconds", _L(lang, "顧客の平均待機許容時間（秒）", "Mean caller patience (s)")),
                           ("concurrency", _L(lang, "同時対応数", "Concurrent sessions per agent")),
                           ("response_target_hours", _L(lang, "回答期限（時間）", "Response target (hours)"))):
            if key not in p:
                continue
            value = p[key]
            if key == "service_level":
                value = _L(lang, f"{_num(value['percent'])}%を{_num(value['threshold_seconds'])}秒以内",
                           f"{_num(value['percent'])}% within {_num(value['threshold_seconds'])} s")
            overrides.append([p["id"], label, _num(value) if not isinstance(value, str) else value])
        hours = p.get("opening_hours")
        if hours:
            for days, span in _hours_rows(hours, lang):
                overrides.append([p["id"], _L(lang, f"受付時間（{days}）", f"Opening hours ({days})"), span])
            for key, label in (("time_zone", _L(lang, "タイムゾーン", "Time zone")), ("holidays", _L(lang, "休業日", "Holidays"))):
                if hours.get(key):
                    overrides.append([p["id"], label, hours[key]])
            if hours.get("closed_dates"):
                overrides.append([p["id"], _L(lang, "休業日（日付）", "Closed dates"), ", ".join(hours["closed_dates"])])
    ch.table(_L(lang, "プログラム別の条件", "Program-specific conditions"),
             [_L(lang, "プログラム", "Program"), _L(lang, "項目", "Item"), _L(lang, "条件", "Condition")], overrides)
    schedule = project.data["project"].get("schedule") or {}
    ch.text(_L(lang, "サービス開始日", "Service start"), schedule.get("service_start"))
    ch.bullets(_L(lang, "その他の制約条件", "Other constraints"), s.get("constraints"))


def _volume_item(ch: _Chapter, programs: list[dict]) -> None:
    lang = ch.lang
    title = _L(lang, "月別の業務量予測（件）", "Monthly volume forecast (contacts)")
    with_volumes = [p for p in programs if p.get("volumes")]
    months = sorted({v["month"] for p in with_volumes for v in p["volumes"]})
    if with_volumes and len(with_volumes) <= 5:
        columns = [_L(lang, "月", "Month")] + [p["id"] for p in with_volumes] + [_L(lang, "合計", "Total")]
        rows = []
        for month in months:
            counts = [next((v["contacts"] for v in p["volumes"] if v["month"] == month), None) for p in with_volumes]
            rows.append([month] + [_num(c) if c is not None else "–" for c in counts] + [_num(sum(c or 0 for c in counts))])
        ch.table(title, columns, rows)
    else:
        ch.table(title, [_L(lang, "月", "Month"), _L(lang, "プログラム", "Program"), _L(lang, "件数", "Contacts")],
                 [[v["month"], p["id"], _num(v["contacts"])] for p in with_volumes for v in p["volumes"]])


def _people_chapter(ch: _Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("people")
    ch.table(_L(lang, "職種別の採用条件と必要スキル", "Hiring conditions and skills by role"),
             [_L(lang, "職種", "Role"), _L(lang, "採用条件", "Hiring conditions"), _L(lang, "必要スキル", "Required skills"),
              _L(lang, "雇用形態", "Employment")],
             [[r["name"], "\n".join(r.get("hiring_conditions") or []) or tbd(lang), "\n".join(r.get("skills") or []) or tbd(lang),
               enum("employment", r["employment"], lang) if r.get("employment") else tbd(lang)] for r in s.get("roles") or []])
    training = s.get("training") or {}
    ch.pairs(_L(lang, "研修の要件", "Training"), [
        (_L(lang, "初期研修", "Initial training"), training.get("initial_days") is not None and _L(lang, f"{training['initial_days']}日", f"{training['initial_days']} days") or None),
        (_L(lang, "OJT（ネスティング）", "Nesting (supervised live work)"), training.get("nesting_days") is not None and _L(lang, f"{training['nesting_days']}日", f"{training['nesting_days']} days") or None),
        (_L(lang, "研修の担当", "Delivered by"), training.get("trainer") and enum("trainer", training["trainer"], lang)),
        (_L(lang, "カリキュラム", "Curriculum"), "\n".join(training.get("curriculum") or [])),
    ])
    ch.bullets(_L(lang, "知識・スキルの検証方法", "How knowledge and skills are verified"), s.get("skill_verification"))
    ch.pairs(_L(lang, "要員計画の前提", "Workforce planning assumptions"), [
        (_L(lang, "採用から戦力化までの期間", "Hiring lead time"), s.get("hiring_lead_time_months") is not None and _L(lang, f"{_num(s['hiring_lead_time_months'])}か月", f"{_num(s['hiring_lead_time_months'])} months") or None),
        (_L(lang, "SV1名あたりのオペレーター数", "Agents per supervisor"), _num(s.get("span_of_control")) or None),
        (_L(lang, "1FTEあたりの月間支払時間", "Paid hours per FTE per month"), s.get("paid_hours_per_fte_month") is not None and _L(lang, f"{_num(s['paid_hours_per_fte_month'])}時間", f"{_num(s['paid_hours_per_fte_month'])} hours") or None),
        (_L(lang, "年間離職率（計画上の想定）", "Yearly attrition (planning assumption)"), _pct(s.get("attrition_pct_per_year")) or None),
    ])


def _kpi_rows(kpis: dict, lang: str) -> list[list[str]]:
    sl = kpis.get("service_level")
    rows = []
    if sl:
        rows.append([_L(lang, "サービスレベル", "Service level"),
                     _L(lang, f"{_num(sl['percent'])}%を{_num(sl['threshold_seconds'])}秒以内に応答", f"{_num(sl['percent'])}% answered within {_num(sl['threshold_seconds'])} s"),
                     _L(lang, "閾値内に応答した呼数 ÷ 着信呼数", "Contacts answered within the threshold ÷ offered contacts")])
    spec = [
        ("asa_seconds", _L(lang, "平均応答速度（ASA）", "Average speed of answer (ASA)"), lambda v: _L(lang, f"{_num(v)}秒以内", f"≤ {_num(v)} s"),
         _L(lang, "応答した呼の平均待ち時間", "Mean wait of answered contacts")),
        ("abandonment_pct", _L(lang, "放棄率", "Abandonment rate"), lambda v: _L(lang, f"{_num(v)}%以下", f"≤ {_num(v)}%"),
         _L(lang, "放棄呼数 ÷ 着信呼数", "Abandoned ÷ offered contacts")),
        ("aht_seconds", _L(lang, "平均処理時間（AHT）", "Average handle time (AHT)"), lambda v: _L(lang, f"{_num(v)}秒", f"{_num(v)} s"),
         _L(lang, "通話＋保留＋後処理の平均時間", "Talk + hold + after-call work, averaged")),
        ("fcr_pct", _L(lang, "一次解決率（FCR）", "First contact resolution (FCR)"), lambda v: _L(lang, f"{_num(v)}%以上", f"≥ {_num(v)}%"),
         _L(lang, "初回の応対で解決した件数 ÷ 応対件数", "Resolved at the first contact ÷ handled contacts")),
        ("csat_pct", _L(lang, "顧客満足度（CSAT）", "Customer satisfaction (CSAT)"), lambda v: _L(lang, f"{_num(v)}%以上", f"≥ {_num(v)}%"),
         _L(lang, "満足・やや満足の回答 ÷ 全回答", "Satisfied answers ÷ all answers")),
        ("qa_score_pct", _L(lang, "応対品質スコア（QA）", "Quality (QA) score"), lambda v: _L(lang, f"{_num(v)}%以上", f"≥ {_num(v)}%"),
         _L(lang, "モニタリング評価シートの得点率", "Score on the monitoring form")),
        ("adherence_pct", _L(lang, "スケジュール遵守率", "Schedule adherence"), lambda v: _L(lang, f"{_num(v)}%以上", f"≥ {_num(v)}%"),
         _L(lang, "スケジュール通りに稼働した時間 ÷ 予定時間", "Time working to schedule ÷ scheduled time")),
        ("email_response_hours", _L(lang, "メール回答期限", "Email response time"), lambda v: _L(lang, f"{_num(v)}時間以内", f"within {_num(v)} hours"),
         _L(lang, "受信から初回回答までの時間", "From receipt to first reply")),
    ]
    for key, name, target, definition in spec:
        if kpis.get(key) is not None:
            rows.append([name, target(kpis[key]), definition])
    for other in kpis.get("other") or []:
        rows.append([other["name"], other["target"], other.get("definition") or tbd(lang)])
    return rows


def _operations_chapter(ch: _Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("operations")
    ch.table(_L(lang, "拠点", "Sites"), [_L(lang, "拠点名", "Site"), _L(lang, "所在地", "Location"), _L(lang, "席数", "Seats"), _L(lang, "備考", "Notes")],
             [[x["name"], x.get("location") or tbd(lang), _num(x.get("seats")) or tbd(lang), x.get("notes") or ""] for x in s.get("sites") or []])
    hours = s.get("opening_hours") or {}
    ch.pairs(_L(lang, "営業時間", "Opening hours"),
             [(days, span) for days, span in _hours_rows(hours, lang)] + [
                 (_L(lang, "タイムゾーン", "Time zone"), hours.get("time_zone")),
                 (_L(lang, "休業日", "Holidays"), hours.get("holidays")),
                 (_L(lang, "休業日（日付指定）", "Closed dates"), ", ".join(hours.get("closed_dates") or [])),
             ])
    ch.table(_L(lang, "KPIと目標値", "KPI targets"), [_L(lang, "KPI", "KPI"), _L(lang, "目標値", "Target"), _L(lang, "定義", "Definition")],
             _kpi_rows(s.get("kpis") or {}, lang))
    shrinkage = s.get("shrinkage") or []
    rows = [[c["name"], _pct(c["pct"])] for c in shrinkage]
    if shrinkage:
        rows.append([_L(lang, "シュリンケージ合計（複合）", "Total shrinkage (compounded)"), _pct(round(total_shrinkage(c['pct'] for c in shrinkage) * 100, 1))])
    if s.get("occupancy_cap_pct") is not None:
        rows.insert(0, [_L(lang, "稼働率（オキュパンシー）上限", "Occupancy cap"), _pct(s["occupancy_cap_pct"])])
    ch.table(_L(lang, "稼働率上限とシュリンケージ", "Occupancy cap and shrinkage"), [_L(lang, "項目", "Item"), _L(lang, "率", "Rate")], rows)
    ch.text(_L(lang, "顧客満足度の測定方法", "How customer satisfaction is measured"), s.get("csat_measurement"))
    monitoring = s.get("monitoring") or {}
    ch.pairs(_L(lang, "モニタリングの仕様", "Monitoring"), [
        (_L(lang, "方法", "Method"), monitoring.get("method")),
        (_L(lang, "オペレーター1名あたり月間評価件数", "Evaluations per agent per month"), _num(monitoring.get("samples_per_agent_month")) or None),
        (_L(lang, "キャリブレーション", "Calibration"), monitoring.get("calibration")),
    ])
    if "forecasting_and_scheduling" not in ch.omit:
        ch.text(_L(lang, "予測・スタッフィング・スケジューリング", "Forecasting, staffing and scheduling"), s.get("forecasting_and_scheduling"))
    if "knowledge_provision" not in ch.omit:
        ch.text(_L(lang, "商品・サービス情報の提供方法", "How product and service information reaches agents"), s.get("knowledge_provision"))
    if "escalations" not in ch.omit:
        ch.table(_L(lang, "エスカレーションの種類と経路", "Escalation types and routes"),
                 [_L(lang, "種類", "Type"), _L(lang, "経路", "Route"), _L(lang, "期限", "Time limit")],
                 [[e["type"], e["route"], e.get("time_limit") or tbd(lang)] for e in s.get("escalations") or []])
    ch.table(_L(lang, "レポーティング", "Reporting"),
             [_L(lang, "レポート", "Report"), _L(lang, "頻度", "Frequency"), _L(lang, "内容", "Contents"), _L(lang, "提出先", "Recipient")],
             [[r["name"], enum("frequency", r["frequency"], lang), r.get("contents") or tbd(lang), r.get("recipient") or tbd(lang)]
              for r in s.get("reporting") or []])
    ch.table(_L(lang, "関係者と会議体", "Stakeholders and governance meetings"),
             [_L(lang, "会議体", "Meeting"), _L(lang, "頻度", "Frequency"), _L(lang, "参加者", "Participants"), _L(lang, "議題", "Agenda")],
             [[m["name"], enum("frequency", m["frequency"], lang), m.get("participants") or tbd(lang), m.get("agenda") or tbd(lang)]
              for m in s.get("governance_meetings") or []])
    ch.bullets(_L(lang, "その他の運営要件", "Other operational requirements"), s.get("other"))


def _systems_chapter(ch: _Chapter, project: Project) -> None:
    lang, s = ch.lang, project.section("systems")
    ch.table(_L(lang, "システム構成と帰属・費用負担", "System components, ownership and cost"),
             [_L(lang, "構成要素", "Component"), _L(lang, "所有", "Owner"), _L(lang, "費用負担", "Cost borne by"), _L(lang, "備考", "Notes")],
             [[c["name"], enum("party", c["owner"], lang), enum("party", c["cost_bearer"], lang), c.get("notes") or ""]
              for c in s.get("components") or []])
    ch.table(_L(lang, "関係者間の役割分担", "Division of responsibilities"),
             [_L(lang, "領域", "Area"), _L(lang, "委託元", "Client"), _L(lang, "委託先", "Vendor")],
             [[r["area"], r.get("client") or "–", r.get("vendor") or "–"] for r in s.get("responsibilities") or []])
    ch.table(_L(lang, "ファシリティ費用の負担", "Facility costs"), [_L(lang, "項目", "Item"), _L(lang, "負担", "Borne by")],
             [[f["item"], enum("party", f["cost_bearer"], lang)] for f in s.get("facility_costs") or []])
    data = s.get("data_handling") or {}
    ch.pairs(_L(lang, "データの取り扱い", "Data handling"), [
        (_L(lang, "保管場所", "Storage"), data.get("storage")),
        (_L(lang, "アクセス管理", "Access control"), data.get("access_control")),
        (_L(lang, "保存期間", "Retention"), data.get("retention")),
        (_L(lang, "削除・返却", "Deletion and return"), data.get("deletion")),
        (_L(lang, "通話録音", "Call recording"), data.get("call_recording")),
    ])
    ch.bullets(_L(lang, "求める認証", "Certifications required"), s.get("certifications"))
    ch.bullets(_L(lang, "準拠すべき法令・基準", "Laws and standards to comply with"), s.get("laws"))
    if "bcp" in ch.omit:
        return
    bcp = s.get("bcp") or {}
    ch.pairs(_L(lang, "事業継続（BCP）", "Business continuity (BCP)"), [
        (_L(lang, "目標復旧時間（RTO）", "Recovery time objective (RTO)"), bcp.get("rto_hours") is not None and _L(lang, f"{_num(bcp['rto_hours'])}時間", f"{_num(bcp['rto_hours'])} hours") or None),
        (_L(lang, "目標復旧時点（RPO）", "Recovery point objective (RPO)"), bcp.get("rpo_hours") is not None and _L(lang, f"{_num(bcp['rpo_hours'])}時間", f"{_num(bcp['rpo_hours'])} hours") or None),
        (_L(lang, "代替拠点", "Alternate site"), bcp.get("alternate_site")),
        (_L(lang, "内容", "Description"), bcp.get("description")),
    ])


def _money(amount, currency: str, lang: str) -> str:
    if amount is None:
        return ""
    if currency == "JPY":
        return _L(lang, f"{_num(amount)}円", f"JPY {_num(amount)}")
    return f"{currency} {_num(amount)}"


def _pricing_chapter(ch: _Chapter, project: Project, include_budget: bool) -> None:
    lang, s = ch.lang, project.section("pricing")
    currency = s.get("currency", "JPY")
    ch.pairs(_L(lang, "価格モデル", "Pricing model"), [
        (_L(lang, "方式", "Model"), s.get("model") and enum("pricing_model", s["model"], lang)),
        (_L(lang, "通貨", "Currency"), currency),
        (_L(lang, "契約期間", "Contract term"), s.get("contract_term_months") and _L(lang, f"{s['contract_term_months']}か月", f"{s['contract_term_months']} months")),
    ])
    ch.table(_L(lang, "初期費用の内容と負担", "Initial costs"), [_L(lang, "項目", "Item"), _L(lang, "負担", "Borne by"), _L(lang, "備考", "Notes")],
             [[c["item"], enum("party", c["borne_by"], lang), c.get("notes") or ""] for c in s.get("initial_costs") or []])
    ch.text(_L(lang, "運営費用の計算方法", "How operating costs are calculated"), s.get("operating_cost_basis"))
    credits = s.get("sla_credits") or {}
    rows = [[a["kpi"], _pct(a["allocation_pct"])] for a in credits.get("allocations") or []]
    ch.pairs(_L(lang, "SLAクレジット（ペナルティ）", "SLA credits"), [
        (_L(lang, "対象額（月額費用に対する割合）", "Amount at risk (share of monthly fees)"), _pct(credits.get("amount_at_risk_pct"))),
        (_L(lang, "クレジット上限（プール）", "Credit pool cap"), _pct(credits.get("pool_cap_pct"))),
        (_L(lang, "KPI別の配分", "Allocation by KPI"), "\n".join(f"{k}: {v}" for k, v in rows)),
        (_L(lang, "アーンバック", "Earn-back"), credits.get("earn_back")),
    ])
    ch.text(_L(lang, "インセンティブ（成果報酬）", "Incentives"), s.get("incentives"))
    ch.text(_L(lang, "支払条件", "Payment terms"), s.get("payment_terms"))
    if include_budget:
        budget = s.get("budget") or {}
        ch.pairs(_L(lang, "予算", "Budget"), [
            (_L(lang, "金額", "Amount"), _money(budget.get("amount"), currency, lang)),
            (_L(lang, "対象期間", "Period"), budget.get("period")),
            (_L(lang, "備考", "Notes"), budget.get("notes")),
        ])


def _approval_chapter(ch: _Chapter, project: Project, internal: bool) -> None:
    lang, s = ch.lang, project.section("approval")
    if internal:
        ch.table(_L(lang, "承認者", "Approvers"), [_L(lang, "氏名", "Name"), _L(lang, "役職", "Title"), _L(lang, "役割", "Role")],
                 [[a["name"], a.get("title") or tbd(lang), a.get("role") or tbd(lang)] for a in s.get("approvers") or []])
        ch.text(_L(lang, "承認の手順", "Approval procedure"), s.get("approval_procedure"))
    ch.text(_L(lang, "変更管理の手順", "Change-control procedure"), s.get("change_procedure"))


CHAPTER_BUILDERS = {
    "scope": _scope_chapter, "overview": _overview_chapter, "work_definition": _work_chapter,
    "people": _people_chapter, "operations": _operations_chapter, "systems": _systems_chapter,
}


# ------------------------------------------------------------------ requirements

def _requirement_rows(project: Project, part_key: str, lang: str) -> list[dict]:
    """The requirements definition's rows: every statement, withheld ones visibly marked."""
    rows = []
    for r in project.requirements():
        if r.part.key != part_key:
            continue
        lines = [clean(r.text)]
        if r.data.get("rationale"):
            lines.append(_L(lang, "【理由】", "Rationale: ") + clean(r.data["rationale"]))
        if r.withhold:
            lines.append(_L(lang, "【RFP非掲載・評価の観点】", "Not disclosed in the RFP – look for: ") + clean(r.look_for))
        elif r.look_for:
            lines.append(_L(lang, "【評価の観点】", "Look for: ") + clean(r.look_for))
        if r.data.get("library_id"):
            lines.append(_L(lang, "【出典】要件ライブラリ ", "Source: requirement library ") + r.data["library_id"])
        rows.append({"id": r.id, "text": "\n".join(lines), "priority": enum("priority", r.priority, lang),
                     "rfp": _L(lang, "非掲載", "Withheld") if r.withhold else _L(lang, "掲載", "Disclosed"),
                     "withheld": r.withhold})
    return rows


def rfp_numbering(project: Project) -> list[tuple[str, object]]:
    """The RFP's own continuous numbers for the disclosed requirements: [(R-001, Requirement) …].

    Withheld requirements get no number, so the RFP shows no gap that would betray them."""
    return [(f"R-{i:03d}", r) for i, r in enumerate(project.disclosed(), start=1)]


# ------------------------------------------------------------------ evaluation

def _criterion_kind(c: dict, lang: str) -> str:
    if c.get("mandatory"):
        return _L(lang, "必須（合否判定）", "Mandatory (pass/fail)")
    if c.get("unstated_needs"):
        return _L(lang, "加点（提案力）", "Scored (proposal insight)")
    return _L(lang, "加点", "Scored")


def _scale(project: Project) -> tuple[int, list[dict]]:
    """The scale top down, with the same labels the scoring workbooks show ('–' where none is set)."""
    labels = project.scale_labels()
    return project.scale_max(), [{"score": str(s), "label": clean(labels[s]) or "–"} for s in sorted(labels, reverse=True)]


def criteria_rows(project: Project) -> list[dict]:
    lang = project.lang
    return [{"id": c["id"], "name": clean(c["name"]), "weight": "—" if c.get("mandatory") else _num(c["weight"]),
             "kind": _criterion_kind(c, lang), "description": clean(c.get("description")) or tbd(lang)}
            for c in project.criteria()]


def _anchor_rows(project: Project) -> list[dict]:
    """What earns each score, per criterion: its own anchors, else the common scale's labels."""
    lang = project.lang
    maximum, scale = _scale(project)
    common = {int(row["score"]): row["label"] for row in scale}
    rows = []
    for c in project.criteria():
        if c.get("mandatory"):
            rows.append({"id": c["id"], "name": clean(c["name"]), "score": _L(lang, "合／否", "Pass / fail"),
                         "description": clean(c.get("description")) or tbd(lang)})
            continue
        own = {a["score"]: a["description"] for a in c.get("anchors") or []}
        for s in range(maximum, -1, -1):
            rows.append({"id": c["id"], "name": clean(c["name"]), "score": str(s), "description": clean(own.get(s) or common[s])})
    return rows


def price_method(project: Project, disclose_reference: bool) -> list[list[str]]:
    """The price formula in words, as label/value rows."""
    lang = project.lang
    evaluation = project.data["evaluation"]
    price = evaluation["price"]
    formula = price["formula"]
    quality_points = _num(evaluation.get("quality_points", 70))
    max_points = _num(price.get("max_points", 30))
    words = {
        "relative_to_lowest": _L(lang, f"価格点 = {max_points} × 最低提案価格 ÷ 当該提案価格。総合点 = 品質点（満点{quality_points}点）＋ 価格点",
                                 f"Price points = {max_points} × lowest price ÷ this price. Total = quality points (out of {quality_points}) + price points."),
        "jp_additive": _L(lang, f"価格点 = {max_points} ×（1 − 提案価格 ÷ 予定価格）、0点未満は0点。総合点 = 品質点（満点{quality_points}点）＋ 価格点",
                          f"Price points = {max_points} × (1 − price ÷ reference price), never below 0. Total = quality points (out of {quality_points}) + price points."),
        "jp_division": _L(lang, f"評価値 =（基礎点 {_num(price.get('base_points', 100))} ＋ 品質点（満点{quality_points}点））÷ 提案価格 × 1,000,000",
                          f"Value = (base points {_num(price.get('base_points', 100))} + quality points (out of {quality_points})) ÷ price × 1,000,000."),
        "price_per_quality": _L(lang, "品質点1点あたりの価格 = 提案価格 ÷ 品質スコア（0〜100）。最も低い提案を最上位とする",
                                "Price per quality point = price ÷ quality score (0–100); the lowest wins."),
    }[formula]
    rows = [[_L(lang, "方式", "Formula"), enum("price_formula", formula, lang)], [_L(lang, "算定式", "Calculation"), words]]
    if formula == "jp_additive" and disclose_reference:
        rows.append([_L(lang, "予定価格", "Reference price"), _money(price.get("reference_price"), project.section("pricing").get("currency", "JPY"), lang)])
    rows.append([_L(lang, "比較する価格", "Price compared"), clean(price.get("basis")) or tbd(lang)])
    return rows


def _scale_table(ch: _Chapter, project: Project) -> None:
    lang = ch.lang
    ch.table(_L(lang, "評価尺度", "Scoring scale"), [_L(lang, "評点", "Score"), _L(lang, "意味", "Meaning")],
             [[row["score"], row["label"]] for row in _scale(project)[1]])


def _criteria_table(ch: _Chapter, project: Project) -> None:
    lang = ch.lang
    ch.table(_L(lang, "評価項目と配点", "Criteria and weights"),
             [_L(lang, "ID", "Id"), _L(lang, "評価項目", "Criterion"), _L(lang, "配点", "Weight"), _L(lang, "区分", "Kind"),
              _L(lang, "評価の内容", "What is assessed")],
             [[c["id"], c["name"], c["weight"], c["kind"], c["description"]] for c in criteria_rows(project)])


def _anchor_table(ch: _Chapter, project: Project, title: str) -> None:
    lang = ch.lang
    ch.table(title, [_L(lang, "ID", "Id"), _L(lang, "評価項目", "Criterion"), _L(lang, "評点", "Score"), _L(lang, "基準", "Standard")],
             [[r["id"], r["name"], r["score"], r["description"]] for r in _anchor_rows(project)])


def _price_pairs(project: Project, disclose_reference: bool) -> list:
    lang, evaluation = project.lang, project.data["evaluation"]
    return price_method(project, disclose_reference) + [
        (_L(lang, "品質点の満点", "Quality points"), _num(evaluation.get("quality_points", 70))),
        (_L(lang, "価格点の満点", "Price points"), _num(evaluation["price"].get("max_points", 30)))]


def _evaluation_chapter(ch: _Chapter, project: Project, internal: bool) -> None:
    lang = ch.lang
    _scale_table(ch, project)
    _criteria_table(ch, project)
    ch.pairs(_L(lang, "価格の評価方法", "How price is scored"), _price_pairs(project, internal or not project.withholds_budget()))
    if internal:
        _anchor_table(ch, project, _L(lang, "評点の基準（評価項目別）", "What earns each score, by criterion"))
        evaluation = project.data["evaluation"]
        ch.table(_L(lang, "候補ベンダー", "Candidate vendors"),
                 [_L(lang, "ID", "Id"), _L(lang, "社名", "Company"), _L(lang, "担当者", "Contact"), _L(lang, "連絡先", "Email / phone")],
                 [[v["id"], v["name"], ((v.get("contact") or {}).get("name") or tbd(lang)) + (_L(lang, f"（{v['contact']['title']}）", f" ({v['contact']['title']})") if (v.get("contact") or {}).get("title") else ""),
                   " / ".join(x for x in ((v.get("contact") or {}).get("email"), (v.get("contact") or {}).get("phone")) if x) or tbd(lang)]
                  for v in evaluation.get("vendors") or []])
        ch.table(_L(lang, "評価者", "Evaluators"),
                 [_L(lang, "ID", "Id"), _L(lang, "氏名", "Name"), _L(lang, "役割", "Role"), _L(lang, "価格の閲覧", "Sees prices")],
                 [[e["id"], e["name"], e.get("role") or tbd(lang), enum("yes_no", bool(e.get("sees_prices")), lang)]
                  for e in evaluation.get("evaluators") or []])


def _rfp_settings_chapter(ch: _Chapter, project: Project) -> None:
    """How the RFP is issued (internal record in the requirements definition)."""
    lang, s = ch.lang, project.section("rfp")
    ch.text(_L(lang, "RFPに記載する背景", "Background stated in the RFP"), s.get("background"))
    ch.bullets(_L(lang, "提案書に求める追加の記載事項", "Additional proposal contents"), s.get("proposal_contents"))
    ch.pairs(_L(lang, "提出要領", "Submission"), _submission_pairs(project))
    ch.pairs(_L(lang, "質疑応答", "Questions and answers"), _qa_pairs(project))
    withhold = s.get("withhold") or {}
    ch.pairs(_L(lang, "RFPに記載しない情報", "Withheld from the RFP"), [
        (_L(lang, "予算", "Budget"), enum("yes_no", withhold.get("budget", True), lang)),
        (_L(lang, "委託元の要員試算", "Client's staffing estimate"), enum("yes_no", withhold.get("staffing_estimate", True), lang)),
        (_L(lang, "事業継続（BCP）の記載", "The BCP section"), enum("yes_no", bool(withhold.get("bcp")), lang)),
        (_L(lang, "エスカレーションの記載", "The escalation routes"), enum("yes_no", bool(withhold.get("escalations")), lang)),
        (_L(lang, "商品・サービス情報の提供方法の記載", "How product information reaches agents"),
         enum("yes_no", bool(withhold.get("knowledge_provision")), lang)),
        (_L(lang, "予測・スケジューリングの記載", "Forecasting and scheduling duties"),
         enum("yes_no", bool(withhold.get("forecasting_and_scheduling")), lang)),
        (_L(lang, "非掲載の要件", "Withheld requirements"), ", ".join(r.id for r in project.withheld()) or _L(lang, "なし", "None")),
    ])
    ch.text(_L(lang, "機密保持", "Confidentiality"), s.get("confidentiality"))


def _submission_pairs(project: Project) -> list[tuple[str, object]]:
    lang = project.lang
    sub = project.section("rfp").get("submission") or {}
    schedule = project.data["project"].get("schedule") or {}
    return [
        (_L(lang, "提出期限", "Deadline"), schedule.get("proposal_due")),
        (_L(lang, "形式", "Format"), sub.get("format")),
        (_L(lang, "ページ数の上限", "Page limit"), sub.get("page_limit") and _L(lang, f"{sub['page_limit']}ページ", f"{sub['page_limit']} pages")),
        (_L(lang, "言語", "Language"), sub.get("language")),
        (_L(lang, "提出方法", "Method"), sub.get("method")),
        (_L(lang, "提出先", "Address"), sub.get("address")),
        (_L(lang, "部数", "Copies"), sub.get("copies") is not None and _num(sub["copies"]) or None),
    ]


def _qa_pairs(project: Project) -> list[tuple[str, object]]:
    lang = project.lang
    qa = project.section("rfp").get("qa") or {}
    contact = qa.get("contact") or {}
    schedule = project.data["project"].get("schedule") or {}
    return [
        (_L(lang, "質問期限", "Question deadline"), schedule.get("question_deadline")),
        (_L(lang, "回答日", "Answer date"), schedule.get("answer_date")),
        (_L(lang, "方法", "Method"), qa.get("method")),
        (_L(lang, "窓口", "Contact"), " / ".join(x for x in (contact.get("name"), contact.get("title"), contact.get("email"), contact.get("phone")) if x)),
        (_L(lang, "回答の共有", "Answers shared"), _L(lang, "質問と回答は全ての提案者に共有します", "Questions and answers are shared with all bidders")
         if qa.get("answers_shared", True) else _L(lang, "回答は質問者にのみ通知します", "Answers go to the asking bidder only")),
    ]


# ------------------------------------------------------------------ document assembly

def _doc_info(project: Project, document: str) -> dict:
    p, lang = project.data["project"], project.lang
    internal = document != "rfp"
    mark = clean(p.get("confidentiality")) or INTERNAL_MARK[lang]
    return {
        "project_id": p["id"], "title": clean(p["title"]), "client_name": clean(p["client"]["name"]),
        "client_department": clean(p["client"].get("department")) or tbd(lang),
        "kind": KIND[document][lang], "version": p["version"],
        "date": p.get("date") or (p.get("schedule") or {}).get("rfp_issue") or date.today().isoformat(),
        "confidentiality": mark if internal else RFP_MARK[lang], "language": lang,
    }


def _requirements_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = _Outline(lang)
    chapter = outline.chapter

    _project_chapter(chapter(_L(lang, "案件情報", "The project")), project)
    for part in PARTS:
        ch = chapter(part.name(lang), part.key)
        if part.key in CHAPTER_BUILDERS:
            CHAPTER_BUILDERS[part.key](ch, project)
        elif part.key == "pricing":
            _pricing_chapter(ch, project, include_budget=True)
        elif part.key == "approval":
            _approval_chapter(ch, project, internal=True)
        ch.requirements = _requirement_rows(project, part.key, lang)
    _evaluation_chapter(chapter(_L(lang, "評価基準", "Evaluation criteria")), project, internal=True)
    _rfp_settings_chapter(chapter(_L(lang, "RFPの発行条件", "How the RFP is issued")), project)
    if staffing is not None:
        staffing_chapter(chapter(_L(lang, "付録 要員試算", "Annex: staffing estimate")), staffing, full=True)
    return outline.as_list()


STANDARD_PROPOSAL_CONTENTS = {
    "ja": ["本書に記載した各要件への対応方針と具体的な実施方法（業務内容、人材マネジメント、運営管理、情報通信システムの各部ごと）",
           "要員計画（必要な席数・要員数とその算定根拠、シフト計画、採用・研修計画）",
           "導入・移行計画（スケジュール、体制、移行時のリスクと対策）",
           "価格提案（本書の価格様式に従い、算定の前提を明記すること）",
           "会社概要、同等業務の受託実績、直近3期の財務状況を示す資料"],
    "en": ["Your approach and concrete methods for each requirement in this document, part by part (work, people, "
           "operations, information and communication systems)",
           "A staffing proposal: seats and headcount with the calculation behind them, shift planning, hiring and training plan",
           "An implementation and transition plan: schedule, team, transition risks and how you will handle them",
           "A price proposal in the price form of this document, with the assumptions behind it",
           "Company profile, references for equivalent work, and financial statements for the last three years"],
}


def _price_form_rows(project: Project) -> list[list[str]]:
    """The price form vendors fill in, shaped by the project's pricing model."""
    lang = project.lang
    pricing = project.section("pricing")
    model = pricing.get("model", "per_production_hour")
    currency = pricing.get("currency", "JPY")
    money = "円" if currency == "JPY" else currency
    unit = lambda per: _L(lang, f"{money}／{per[0]}", f"{currency} / {per[1]}")  # noqa: E731
    rows = [[_L(lang, f"初期費用：{c['item']}", f"Initial cost: {c['item']}"), _L(lang, "一式", "lump sum"), "", ""]
            for c in pricing.get("initial_costs") or [] if c["borne_by"] != "client"]
    by_model = {
        "per_production_hour": [(_L(lang, "生産時間単価（平日日中）", "Production-hour rate (weekday daytime)"), unit(("時間", "hour"))),
                                (_L(lang, "生産時間単価（夜間・土日祝）", "Production-hour rate (evenings, weekends, holidays)"), unit(("時間", "hour")))],
        "per_fte": [(_L(lang, "席（FTE）単価（月額）", "Seat / FTE rate (monthly)"), unit(("席・月", "seat-month")))],
        "per_minute": [(_L(lang, "通話分数単価", "Rate per handled minute"), unit(("分", "minute")))],
        "per_contact": [(_L(lang, f"{enum('channel', ch, lang)}応対単価", f"Rate per {enum('channel', ch, lang).lower()} contact"), unit(("件", "contact")))
                        for ch in dict.fromkeys(p["channel"] for p in project.section("work_definition").get("programs") or [])]
                       or [(_L(lang, "応対単価", "Rate per contact"), unit(("件", "contact")))],
        "per_outcome": [(_L(lang, "成果単価（成果の定義を明記）", "Rate per outcome (state the definition of an outcome)"), unit(("件", "outcome")))],
        "hybrid": [(_L(lang, "固定費（月額）", "Base fee (monthly)"), unit(("月", "month"))),
                   (_L(lang, "変動費単価", "Variable rate"), _L(lang, "提案による", "as proposed")),
                   (_L(lang, "インセンティブの条件と上限", "Incentive terms and cap"), _L(lang, "提案による", "as proposed"))],
    }[model]
    rows += [[name, per, "", ""] for name, per in by_model]
    rows.append([_L(lang, "管理費・その他（月額）", "Management and other fees (monthly)"), unit(("月", "month")), "", ""])
    rows.append([_L(lang, "月額費用の見込み（想定業務量に基づく）", "Expected monthly cost (at the forecast volume)"), unit(("月", "month")), "", ""])
    term = pricing.get("contract_term_months")
    rows.append([_L(lang, f"契約期間の総額（{term}か月）" if term else "契約期間の総額", f"Total over the contract term ({term} months)" if term else "Total over the contract term"),
                 _L(lang, "一式", "lump sum"), "", ""])
    return rows


def _rfp_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = _Outline(lang)
    chapter = outline.chapter

    intro = chapter(_L(lang, "はじめに", "Introduction"))
    client = clean(project.data["project"]["client"]["name"])
    intro.text(_L(lang, "本書の目的", "Purpose of this document"),
               _L(lang, f"本書は、{client}（以下「当社」）が計画するコンタクトセンター業務の委託について、委託先候補の皆様に提案を依頼するものです。"
                        "本書に記載した要件と条件に基づき、提案書を作成・提出してください。",
                  f"{client} (\"the client\") invites proposals for the outsourcing of contact-center work described in this "
                  "document. Please prepare and submit your proposal on the basis of the requirements and conditions below."))
    rfp = project.section("rfp")
    intro.text(_L(lang, "背景", "Background"), rfp.get("background") or project.section("overview").get("background"))
    intro.bullets(_L(lang, "委託の目的", "Objectives"), project.section("scope").get("objectives"))
    scope = chapter(_L(lang, "委託範囲", "Scope"), "scope")
    s = project.section("scope")
    scope.bullets(_L(lang, "委託する業務", "Work to be outsourced"), s.get("outsourced"))
    scope.bullets(_L(lang, "当社に残す業務", "Work that stays with the client"), s.get("in_house"))
    scope.text(_L(lang, "委託形態", "Sourcing pattern"), s.get("sourcing_pattern") and enum("sourcing_pattern", s["sourcing_pattern"], lang))
    scope.text(_L(lang, "補足", "Notes"), s.get("notes"))
    sched = chapter(_L(lang, "選定スケジュール", "Selection schedule"))
    sched.table(_L(lang, "日程", "Dates"), [_L(lang, "工程", "Milestone"), _L(lang, "日付", "Date")], _schedule_rows(project))

    numbered = rfp_numbering(project)
    for part in PARTS:
        if part.key == "scope":
            ch = scope
        else:
            ch = chapter(part.name(lang), part.key, frozenset(project.withheld_sections()))
            if part.key == "overview":
                o = project.section("overview")
                ch.text(_L(lang, "当社の方針", "Client policy"), o.get("client_policy"))
                ch.table(_L(lang, "成功判断基準", "Success criteria"), [_L(lang, "基準", "Criterion"), _L(lang, "測定方法・目標", "Measure")],
                         [[c["criterion"], c.get("measure") or tbd(lang)] for c in o.get("success_criteria") or []])
                ch.text(_L(lang, "成功の判定方法", "How success is judged"), o.get("success_review"))
            elif part.key in CHAPTER_BUILDERS:
                CHAPTER_BUILDERS[part.key](ch, project)
            elif part.key == "pricing":
                _pricing_chapter(ch, project, include_budget=not project.withholds_budget())
            elif part.key == "approval":
                _approval_chapter(ch, project, internal=False)
        ch.requirements = [{"id": number, "text": clean(r.text), "priority": enum("priority", r.priority, lang), "rfp": "", "withheld": False}
                           for number, r in numbered if r.part.key == part.key]
    if staffing is not None and not project.withholds_staffing_estimate():
        staffing_chapter(chapter(_L(lang, "参考：当社の要員試算", "For reference: the client's staffing estimate")), staffing, full=False)
    ask = chapter(_L(lang, "提案依頼事項", "What the proposal must contain"))
    ask.bullets(_L(lang, "提案書の記載事項", "Contents of the proposal"),
                STANDARD_PROPOSAL_CONTENTS[lang] + list(rfp.get("proposal_contents") or []))
    ask.table(_L(lang, "価格様式", "Price form"),
              [_L(lang, "項目", "Item"), _L(lang, "単位", "Unit"), _L(lang, "単価", "Rate"), _L(lang, "金額", "Amount")],
              _price_form_rows(project))
    submit = chapter(_L(lang, "提出要領と質疑応答", "Submission and questions"))
    submit.pairs(_L(lang, "提出要領", "Submission"), _submission_pairs(project))
    submit.pairs(_L(lang, "質疑応答", "Questions and answers"), _qa_pairs(project))
    _evaluation_chapter(chapter(_L(lang, "評価方法", "How proposals are evaluated")), project, internal=False)
    conf = chapter(_L(lang, "機密保持", "Confidentiality"))
    conf.text(_L(lang, "機密保持の条件", "Confidentiality terms"), rfp.get("confidentiality"))
    return outline.as_list()


def guide_procedure(project: Project) -> list[str]:
    """How to score, in the same terms and with the same rules as the scoring workbooks."""
    from .scoring.model import COVERAGE_WORDS, GATE_WORDS

    lang, spread = project.lang, _num(round(project.spread_threshold(), 1))
    unstated = project.unstated_needs_criterion()
    coverage, gate = COVERAGE_WORDS[lang], GATE_WORDS[lang]
    steps = [
        _L(lang, "各評価者は、他の評価者と相談せずに独立して採点します。評価シートは評価者ごとに配布されます。",
           "Each evaluator scores independently, without consulting the others. Every evaluator receives their own scoring workbook."),
        _L(lang, "評点は評価尺度のアンカー（各評点の基準）に照らして付け、評点の根拠となる提案書の該当ページをコメント欄に記載します。",
           "Score against the anchors of the scale (what earns each score) and note in the comment the proposal pages that justify the score."),
        _L(lang, f"必須項目は「{gate['pass']}」「{gate['fail']}」で判定します。評価者の過半数が「{gate['fail']}」とした提案者は失格となり、判定が分かれた項目は合議（評価調整会議）で確認します。",
           f"Mandatory criteria are {gate['pass']} or {gate['fail']}. A vendor that a majority of evaluators fail is disqualified; split results are settled in the consensus meeting."),
    ]
    if project.withheld():
        steps.append(
            _L(lang, f"RFPに記載していない要件（下記）は、提案書が自発的に触れているかをチェックリストで「{coverage['absent']}」「{coverage['mentioned']}」「{coverage['concrete']}」のいずれかで記録します。"
                     + (f"評価項目「{clean(unstated['name'])}」の評点は、このチェックリストから算出されます。" if unstated else "この記録は参考情報で、評点には反映しません。"),
               f"For the requirements the RFP does not state (listed below), record on the checklist whether the proposal addresses them unprompted: {coverage['absent']}, {coverage['mentioned']} or {coverage['concrete']}. "
               + (f"The score of \"{clean(unstated['name'])}\" is computed from that checklist." if unstated else "The record is for information only and does not affect the scores.")))
    steps += [
        _L(lang, "品質評価の担当者には価格を開示しません。価格は、価格を閲覧する評価者が別の価格シートで評価します。",
           "Quality evaluators do not see prices. The evaluators who see prices score them on a separate price workbook."),
        _L(lang, f"全評価者の採点後に合議（評価調整会議）を開きます。評価者間で{spread}点以上の差がある項目は、会議で根拠を確認し、必要に応じて評点を見直します。",
           f"After everyone has scored, a consensus meeting reviews every item where evaluators differ by {spread} points or more and agrees on the final scores."),
    ]
    return steps



def _worked_example(project: Project) -> list[list[str]]:
    """Three hypothetical bids run through the project's own price formula."""
    from .price import score

    lang = project.lang
    evaluation = project.data["evaluation"]
    price = evaluation["price"]
    base = price.get("reference_price") or (project.section("pricing").get("budget") or {}).get("amount") or 10_000_000
    bids = {"A": (82.0, round(base * 0.95)), "B": (74.0, round(base * 0.85)), "C": (66.0, round(base * 1.05))}
    results = score(evaluation, {k: q for k, (q, _) in bids.items()}, {k: p for k, (_, p) in bids.items()})
    currency = project.section("pricing").get("currency", "JPY")
    rows = []
    for vendor, (q, bid) in bids.items():
        r = results[vendor]
        rows.append([_L(lang, f"提案者{vendor}", f"Vendor {vendor}"), f"{q:.1f}", _money(bid, currency, lang),
                     "–" if r.price_score is None or price["formula"] == "jp_division" else f"{r.price_score:.2f}",
                     "–" if r.total is None else f"{r.total:.2f}"])
    return rows


def _guide_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = _Outline(lang)
    chapter = outline.chapter

    how = chapter(_L(lang, "評価の進め方", "How to evaluate"))
    how.bullets(_L(lang, "手順", "Procedure"), guide_procedure(project))
    _scale_table(how, project)
    crit = chapter(_L(lang, "評価項目と評点の基準", "Criteria and what earns each score"))
    _criteria_table(crit, project)
    _anchor_table(crit, project, _L(lang, "評点の基準", "What earns each score"))
    hidden = chapter(_L(lang, "RFPに記載していない要件", "Requirements the RFP does not state"))
    unstated = project.unstated_needs_criterion()
    hidden.text(_L(lang, "評価の方法", "How they are scored"),
                _L(lang, f"以下の要件はRFPに記載していません。提案書が自発的に触れているかを確認し、評価項目「{clean(unstated['name'])}」（{unstated['id']}）で評価します。"
                         "各要件について、記載なし＝0、言及あり＝0.5、具体的（方法・指標・担当・該当ページがある）＝1 とし、優先度による重み（必須3、推奨2、任意1）で加重平均した充足率に評価尺度の満点を乗じて評点とします。"
                         if unstated else "以下の要件はRFPに記載していません。RFPで公表した評価項目に提案力を評価する項目がないため、これらの充足状況は参考情報として記録し、評点には反映しません。",
                   f"The RFP does not state the requirements below. Check whether each proposal addresses them unprompted; they are scored under the published criterion "
                   f"\"{clean(unstated['name'])}\" ({unstated['id']}). For each: absent = 0, mentioned = 0.5, concrete (method, metric, owner, page reference) = 1; "
                   "the coverage, weighted by priority (must 3, should 2, may 1), times the top of the scale gives the score."
                   if unstated else "The RFP does not state the requirements below. No published criterion scores needs the RFP does not state, so their coverage "
                   "is recorded for information only and does not affect the scores."))
    hidden.table(_L(lang, "非掲載の要件と期待する提案", "Withheld requirements and what to look for"),
                 [_L(lang, "ID", "Id"), _L(lang, "部", "Part"), _L(lang, "要件", "Requirement"), _L(lang, "優先度", "Priority"),
                  _L(lang, "優れた提案が触れる内容", "What a strong proposal says unprompted")],
                 [[r.id, r.part.name(lang), clean(r.text), enum("priority", r.priority, lang), clean(r.look_for)] for r in project.withheld()])
    mapping = chapter(_L(lang, "RFPの要件番号と要件IDの対応", "RFP numbers and requirement ids"))
    mapping.table(_L(lang, "対応表", "Map"), [_L(lang, "RFP番号", "RFP number"), _L(lang, "要件ID", "Requirement id"), _L(lang, "部", "Part")],
                  [[number, r.id, r.part.name(lang)] for number, r in rfp_numbering(project)])
    price = chapter(_L(lang, "価格の評価", "Price"))
    price.pairs(_L(lang, "算定方法", "Method"), _price_pairs(project, disclose_reference=True))
    price.table(_L(lang, "計算例（仮の3社）", "Worked example (three hypothetical bids)"),
                [_L(lang, "提案者", "Vendor"), _L(lang, "品質スコア", "Quality score"), _L(lang, "提案価格", "Price"),
                 _L(lang, "価格点", "Price points"), _L(lang, "総合評価", "Total")],
                _worked_example(project))
    if staffing is not None:
        staffing_chapter(chapter(_L(lang, "要員提案を評価するための参考試算", "Reference staffing estimate for judging proposals")),
                         staffing, full=False)
    return outline.as_list()


def revision_rows(project: Project) -> list[dict]:
    return [{"version": r["version"], "date": r["date"], "author": clean(r.get("author")) or "–", "summary": clean(r["summary"])}
            for r in project.section("approval").get("revision_history") or []]


def build_context(project: Project, document: str, staffing: dict | None = None) -> dict:
    """The complete context one template receives. `staffing` is the plan's `as_dict()` (or None)."""
    builders = {"requirements": _requirements_document, "rfp": _rfp_document, "guide": _guide_document}
    context = {
        "doc": _doc_info(project, document),
        "chapters": builders[document](project, staffing),
        "revisions": revision_rows(project) if document != "rfp" else [],
        "tbd": tbd(project.lang),
    }
    return context


# ------------------------------------------------------------------ staffing annex

MODELS = {"erlang_c": ("アーランC", "Erlang C"), "erlang_a": ("アーランA（放棄を考慮）", "Erlang A (with abandonment)"),
          "workload": ("ワークロード（処理時間の積み上げ）", "Workload (handling time to clear)")}
MILESTONES = {"hiring_start": ("採用開始", "Hiring starts"), "training_start": ("初期研修開始", "Initial training starts"),
              "nesting_start": ("OJT（ネスティング）開始", "Nesting starts"), "transition_start": ("移行開始", "Transition starts"),
              "go_live": ("サービス開始", "Go-live")}
ASSUMPTIONS = {
    "interval_minutes": ("インターバル", "Interval", lambda v, L: L(f"{v}分", f"{v} minutes")),
    "shrinkage_pct": ("シュリンケージ（複合）", "Shrinkage (compounded)", lambda v, L: f"{v}%"),
    "occupancy_cap_pct": ("稼働率の上限", "Occupancy cap", lambda v, L: f"{v}%"),
    "intraday_profile": ("時間帯別の配分", "Intraday distribution",
                         lambda v, L: L("時間帯別構成比に従う", "follows the intraday profile") if v == "project" else L("営業時間内で均等", "flat over opening hours")),
    "weekday_profile": ("曜日別の配分", "Weekday distribution",
                        lambda v, L: L("曜日別構成比に従う", "follows the weekday profile") if isinstance(v, dict) else L("均等", "equal")),
    "minimum_staffing": ("最少配置人数", "Minimum staffing", lambda v, L: str(v)),
    "service_level": ("サービスレベル目標", "Service level target",
                      lambda v, L: L(f"{_num(v['percent'])}%を{_num(v['threshold_seconds'])}秒以内", f"{_num(v['percent'])}% within {_num(v['threshold_seconds'])} s") if isinstance(v, dict) else str(v)),
    "asa_seconds": ("ASA目標", "ASA target", lambda v, L: L(f"{_num(v)}秒", f"{_num(v)} s") if v else L("なし", "none")),
    "erlang_a": ("放棄の考慮", "Abandonment", lambda v, L: L("平均待機許容時間を設定したプログラムはアーランAで算定", "programs with a mean patience use Erlang A") if v else L("考慮しない（アーランC）", "not modelled (Erlang C)")),
    "chat_concurrency": ("チャットの同時対応", "Chat concurrency", lambda v, L: L("同時対応数に応じて算定", "agents handle several chats at once")),
    "deferred_work": ("メール等の後処理型業務", "Email and deferred work",
                      lambda v, L: L("件数×処理時間の作業量を回答期限内に処理する前提で算定", "workload (contacts × handle time) cleared within the response target")),
    "closed_dates": ("休業日（日付指定）", "Closed dates", lambda v, L: L(f"{v}日", f"{v} days")),
    "holidays_text": ("文章で記載された休業日", "Holidays described in words",
                      lambda v, L: L("試算には反映しない（日付で指定すると反映）", "not modelled (list them as closed dates)")),
    "paid_hours_per_fte_month": ("1FTEあたり月間支払時間", "Paid hours per FTE per month", lambda v, L: L(f"{_num(v)}時間", f"{_num(v)} hours")),
    "span_of_control": ("SV1名あたりのオペレーター数", "Agents per supervisor", lambda v, L: str(v)),
    "hiring_lead_time_months": ("採用リードタイム", "Hiring lead time", lambda v, L: L(f"{_num(v)}か月", f"{_num(v)} months")),
    "opening_hours": ("営業時間", "Opening hours", lambda v, L: L("プログラムまたは運営の営業時間に従う", "as set for the program or the operation") if v in ("project", True) else str(v)),
    "response_target_hours": ("メール等の回答期限", "Response target for deferred work", lambda v, L: L(f"{_num(v)}時間", f"{_num(v)} hours") if isinstance(v, (int, float)) else str(v)),
    "training_days": ("研修日数", "Training days", lambda v, L: L(f"初期研修{v['initial']}日＋OJT{v['nesting']}日（営業日）", f"{v['initial']} days initial + {v['nesting']} days nesting (business days)") if isinstance(v, dict) else str(v)),
    **staffing_annex.ASSUMPTIONS,
}
STAFFING_WARNINGS = {
    "no_handle_time": ("プログラム「{program}」：処理時間（AHT）が未設定のため試算から除外しました",
                       "Program '{program}': no handle time (AHT) is given, so it is left out of the estimate"),
    "never_open": ("プログラム「{program}」：営業時間が設定されていないため試算から除外しました",
                   "Program '{program}': it is never open, so it is left out of the estimate"),
    "month_closed": ("プログラム「{program}」：{value}は営業日がないため業務量を配分できません",
                     "Program '{program}': {value} has no open day, so its volume cannot be placed"),
    "open_without_forecast": ("プログラム「{program}」：営業時間内のうち週{value}インターバルは時間帯別構成比が0のため、配置0名で試算しています",
                              "Program '{program}': {value} open interval(s) a week have no intraday share, so no agents are planned there"),
    "profile_empty_in_hours": ("プログラム「{program}」：{value}曜の営業時間内の時間帯別構成比がすべて0のため、営業時間内で均等に配分しました",
                               "Program '{program}': on {value} the intraday profile is empty within the opening hours, so volume is spread evenly"),
    "lead_time_shorter_than_training": ("採用リードタイム（{value}か月）が初期研修とOJTの期間より短いため、研修開始までに採用を終える必要があります",
                                        "The hiring lead time ({value} months) is shorter than training and nesting; hiring must be complete before training starts"),
    "hiring_before_contract": ("採用・研修の開始が契約締結日（{value}）より前になります。サービス開始日を見直すか、リードタイムを短縮してください",
                               "Hiring or training would start before the contract date ({value}); move the service start or shorten the lead time"),
    "no_service_start": ("サービス開始日が未定のため、採用・研修スケジュールは作成していません",
                         "No service start date is set, so there is no hiring timeline"),
    "profile_outside_hours": ("プログラム「{program}」：時間帯別構成比の{value}%が営業時間外にあたるため、営業時間内に按分しました",
                              "Program '{program}': {value}% of the intraday profile falls outside its opening hours and was spread over the open intervals"),
    "weekday_share_closed": ("プログラム「{program}」：休業曜日にあたる{value}%を営業日に按分しました",
                             "Program '{program}': {value}% of the weekly profile falls on closed days and was moved to open days"),
    **staffing_annex.WARNINGS,
}


def _staffing_value(key, value, lang) -> str:
    L = lambda ja, en: ja if lang == "ja" else en  # noqa: E731
    if key in ASSUMPTIONS:
        try:
            return ASSUMPTIONS[key][2](value, L)
        except (KeyError, TypeError):
            pass
    return str(value)


def staffing_chapter(ch: _Chapter, plan: dict, full: bool) -> None:
    """The staffing estimate: the annex of the requirements definition (full) or a summary."""
    lang = ch.lang
    if plan.get("empty"):
        reason = {"no_programs": _L(lang, "業務プログラムが定義されていないため、要員を試算できません。", "No programs are defined, so staffing cannot be estimated."),
                  "no_volumes": _L(lang, "業務量の予測が入力されていないため、要員を試算できません。", "No volume forecast is given, so staffing cannot be estimated."),
                  "no_staffable_programs": _L(lang, "業務量のあるプログラムに処理時間（AHT）が設定されていないため、要員を試算できません。",
                                              "The programs with volumes have no handle time (AHT), so staffing cannot be estimated.")}
        ch.text(_L(lang, "試算の状況", "Status"), reason.get(plan.get("reason"), tbd(lang)))
        return
    peak, heads, sup = plan["peak"], plan.get("headcount") or {}, plan.get("supervisors") or {}
    ch.pairs(_L(lang, "試算の要約", "Summary"), [
        (_L(lang, "ピーク月", "Peak month"), plan.get("peak_month") and _month(plan["peak_month"], lang)),
        (_L(lang, "ピーク時の必要人数／配置人数", "Peak required / scheduled agents"),
         _L(lang, f"{peak['required']}名／{peak['scheduled']}名（{peak.get('date') or _month(peak['month'], lang)} {enum('weekday', peak['weekday'], lang)}曜 {peak['start']}〜）",
            f"{peak['required']} / {peak['scheduled']} ({peak.get('date') or peak['month']}, {enum('weekday', peak['weekday'], lang)} {peak['start']})")),
        (_L(lang, "サービス開始時に必要な要員", "Headcount needed at go-live"),
         heads and _L(lang, f"オペレーター {_num(heads['agent_fte'])} FTE（{heads['agents']}名）、SV {heads['supervisors']}名（{_month(heads['month'], lang)}）",
                      f"{_num(heads['agent_fte'])} agent FTE ({heads['agents']} people), {heads['supervisors']} supervisors ({heads['month']})")),
        (_L(lang, "ピーク月に必要なSV", "Supervisors in the peak month"),
         sup and _L(lang, f"{sup['count']}名（オペレーター {_num(sup['agent_fte'])} FTE ÷ {sup['span_of_control']}）",
                    f"{sup['count']} ({_num(sup['agent_fte'])} agent FTE ÷ {sup['span_of_control']})")),
    ])
    ch.table(_L(lang, "試算の前提", "Assumptions"), [_L(lang, "項目", "Item"), _L(lang, "値", "Value"), _L(lang, "根拠", "Source")],
             [[_L(lang, *ASSUMPTIONS[a["key"]][:2]) if a["key"] in ASSUMPTIONS else a["text"], _staffing_value(a["key"], a["value"], lang),
               _L(lang, "要件定義", "Project file") if a["source"] == "project" else _L(lang, "既定値", "Default")]
              for a in plan.get("assumptions") or []])
    ch.table(_L(lang, "プログラム別の必要人数", "Agents by program"),
             [_L(lang, "ID", "Id"), _L(lang, "チャネル", "Channel"), _L(lang, "算定モデル", "Model"), _L(lang, "AHT（秒）", "AHT (s)"),
              _L(lang, "年間件数", "Contacts"), _L(lang, "ピーク必要", "Peak required"), _L(lang, "ピーク配置", "Peak scheduled")],
             [[p["id"], enum("channel", p["channel"], lang), _L(lang, *MODELS.get(p["model"], (p["model"],) * 2)),
               _num(p.get("aht_seconds")) or "–", _num(p.get("contacts")), _num(p.get("peak_required")), _num(p.get("peak_scheduled"))]
              for p in plan.get("programs") or []])
    ch.table(_L(lang, "月別の要員数（FTE）", "Monthly workload and FTE"),
             [_L(lang, "月", "Month"), _L(lang, "件数", "Contacts"), _L(lang, "処理時間(h)", "Workload (h)"),
              _L(lang, "生産時間(h)", "Productive (h)"), _L(lang, "配置時間(h)", "Scheduled (h)"), _L(lang, "FTE", "FTE"),
              _L(lang, "稼働率", "Occupancy")],
             [[m["month"], _num(m["contacts"]), _num(m["workload_hours"]), _num(m["productive_hours"]), _num(m["scheduled_hours"]),
               _num(m["fte"]), _pct(m.get("occupancy_pct"))] for m in plan.get("monthly") or []])
    if full and plan.get("weekday_table"):
        table = plan["weekday_table"]
        ch.table(_L(lang, f"曜日・時間帯別の必要人数／配置人数（{_month(table['month'], lang)}の平均的な1日）", f"Required / scheduled agents by weekday and interval (an average day of {table['month']})"),
                 [_L(lang, "時間帯", "Interval")] + [enum("weekday", d, lang) for d in table["weekdays"]],
                 [[row["start"]] + ["–" if r is None else f"{r} / {s}" for r, s in zip(row["required"], row["scheduled"])]
                  for row in table["rows"]])
    if plan.get("chart"):
        chart = plan["chart"]
        ch.image(_L(lang, "予測業務量と配置人数", "Forecast volume and scheduled agents"),
                 _L(lang, f"図：{_month(chart['month'], lang)}の最繁忙日（{chart.get('date') or ''}{enum('weekday', chart['weekday'], lang)}曜）の時間帯別の予測件数と配置人数",
                    f"Figure: forecast contacts and scheduled agents per interval on the busiest day of {chart['month']} ({chart.get('date') or ''} {enum('weekday', chart['weekday'], lang)})".replace("( ", "(")))
    ch.table(_L(lang, "採用・研修スケジュール", "Hiring and training timeline"), [_L(lang, "マイルストーン", "Milestone"), _L(lang, "日付", "Date")],
             [[_L(lang, *MILESTONES.get(m["key"], (m["key"],) * 2)), m["date"]] for m in plan.get("hiring_timeline") or []])
    staffing_annex.add_range_tables(ch, plan, full)
    notes = []
    for w in plan.get("warnings") or []:
        if w["key"] in STAFFING_WARNINGS:
            value = w.get("value")
            if isinstance(value, (int, float)):
                value = _num(value)
            elif value in ENUMS["weekday"][lang]:
                value = enum("weekday", value, lang)
            notes.append(_L(lang, *STAFFING_WARNINGS[w["key"]]).format(program=w.get("program"), value=value))
        else:
            notes.append(w["text"])
    if notes:
        ch.bullets(_L(lang, "試算上の注記", "Notes on the estimate"), notes)


def staffing_chart(plan: dict | None, lang: str) -> bytes | None:
    """The annex chart: forecast contacts (bars) against scheduled agents (line) on the busiest day."""
    if not plan or plan.get("empty") or not plan.get("chart"):
        return None
    from .charts import volume_and_agents

    chart = plan["chart"]
    return volume_and_agents(
        _L(lang, f"{_month(chart['month'], lang)} 最繁忙日（{chart.get('date') or ''}{enum('weekday', chart['weekday'], lang)}曜）",
           f"{chart['month']}, busiest day ({chart.get('date') or ''} {enum('weekday', chart['weekday'], lang)})".replace("( ", "(")),
        chart["interval_starts"], chart["contacts"], chart["scheduled"],
        _L(lang, "予測件数", "Forecast contacts"), _L(lang, "配置人数", "Scheduled agents"), _L(lang, "時間帯", "Interval"))
