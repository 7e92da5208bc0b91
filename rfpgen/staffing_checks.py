"""Checks of the staffing inputs that the schema cannot express, run by validation.

Errors: opening hours that overlap on a day, events that end before they start or name an unknown
program, pools naming unknown programs or a program twice, per-program profiles not adding up.
Warnings: values the schema allows but no contact center plans with; each names the plausible range,
because a typo there (0.01 instead of 85) silently changes every staffing figure.
"""
from __future__ import annotations

from datetime import date

from .text import WEEKDAYS
from .words import LANGUAGE_NAMES, name_of, say


# (path inside the project, what it is in en/ja, low, high, unit in en/ja): outside [low, high] is allowed but suspicious
PLAUSIBLE = (
    (("operations", "occupancy_cap_pct"), ("an occupancy cap", say("staffing.assumption.occupancy_cap_pct", "ja")), 50, 95,
     ("%", "%")),
    (("people", "paid_hours_per_fte_month"), ("paid time per FTE and month", say("staffing.assumption.paid_hours_per_fte_month", "ja")),
     60, 220, (" hours", "時間")),
    (("operations", "kpis", "aht_seconds"), ("an average handle time", "平均処理時間"), 10, 3600, (" s", "秒")),
)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def check_hours(report, hours: dict, path: tuple) -> None:
    """A closing time before the opening time runs past midnight; a day may open more than once, not twice at once."""
    taken = {day: [] for day in WEEKDAYS}  # minutes of the week's days already open, per rule
    for j, rule in enumerate(hours.get("weekly") or []):
        opens, closes = _minutes(rule["open"]), _minutes(rule["close"])
        if closes == opens:
            report.add(path + ("weekly", j, "close"),
                       f"closing time {rule['close']} is the opening time: write 00:00 to 24:00 for a whole day",
                       f"終了時刻 {rule['close']} が開始時刻と同じです。終日の場合は 00:00〜24:00 と書いてください")
            continue
        for day in rule["days"]:
            spans = [(day, opens, closes)] if closes > opens else [
                (day, opens, 1440), (WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7], 0, closes)]
            for weekday, start, end in spans:
                if any(start < other_end and other_start < end for other_start, other_end in taken[weekday]):
                    report.add(path + ("weekly", j, "days"), f"the opening hours of '{weekday}' overlap another rule",
                               f"「{weekday}」の営業時間が他の行と重なっています")
                taken[weekday].append((start, end))


def _sum_is_100(values) -> bool:
    return abs(sum(values) - 100) <= 0.01


def check(report, data: dict) -> None:
    """Every staffing check; `report.add(path, en, ja, severity=...)` records a problem at its place."""
    work = data.get("work_definition") or {}
    operations = data.get("operations") or {}
    ids = [p.get("id") for p in work.get("programs") or []]
    for i, program in enumerate(work.get("programs") or []):
        path = ("work_definition", "programs", i)
        weekday = program.get("weekday_profile")
        if weekday and not _sum_is_100(weekday.values()):
            report.add(path + ("weekday_profile",), f"the weekday profile adds up to {sum(weekday.values()):g}%, not 100%",
                       f"曜日別構成比の合計が {sum(weekday.values()):g}% です。100% にしてください")
        intraday = program.get("intraday_profile")
        if intraday and not _sum_is_100(slot["pct"] for slot in intraday):
            total = sum(slot["pct"] for slot in intraday)
            report.add(path + ("intraday_profile",), f"the intraday profile adds up to {total:g}%, not 100%",
                       f"時間帯別構成比の合計が {total:g}% です。100% にしてください")
    for j, event in enumerate((work.get("forecast") or {}).get("events") or []):
        path = ("work_definition", "forecast", "events", j)
        if event.get("end") and date.fromisoformat(event["end"]) < date.fromisoformat(event["start"]):
            report.add(path + ("end",), f"the event ends ({event['end']}) before it starts ({event['start']})",
                       f"イベントの終了日（{event['end']}）が開始日（{event['start']}）より前です")
        elif event.get("factor", 1) not in (0, 1):
            _check_whole_months(report, path, event)
        for k, program in enumerate(event.get("programs") or []):
            if program not in ids:
                report.add(path + ("programs", k), f"no program has the ID '{program}'",
                           f"ID「{program}」のプログラムはありません")
    pooled = set()
    for j, pool in enumerate(operations.get("pools") or []):
        for k, program in enumerate(pool["programs"]):
            place = ("operations", "pools", j, "programs", k)
            if program not in ids:
                report.add(place, f"no program has the ID '{program}'", f"ID「{program}」のプログラムはありません")
            elif program in pooled:
                report.add(place, f"program '{program}' is already in another pool",
                           f"プログラム「{program}」は別のプールにも含まれています")
            pooled.add(program)
    _check_plausible(report, data)
    _check_time_zones(report, data)
    _check_pool_languages(report, data)


def _check_pool_languages(report, data: dict) -> None:
    """A pool is one team, so the plan counts every agent as able to answer each member program: members
    answered in different languages only pool if every agent speaks all of them, rarely true."""
    programs = {p.get("id"): p for p in (data.get("work_definition") or {}).get("programs") or []}
    for j, pool in enumerate((data.get("operations") or {}).get("pools") or []):
        spoken = {}  # the members' sets of languages, each as its first program lists it
        for program in pool.get("programs") or []:
            languages = tuple((programs.get(program) or {}).get("languages") or ())
            if languages:  # a program without languages is in the project's language
                spoken.setdefault(frozenset(languages), languages)
        if len(spoken) > 1:
            shown = {lang: joiner.join(sep.join(name_of(c, LANGUAGE_NAMES, lang) for c in languages) for languages in spoken.values())
                     for lang, joiner, sep in (("en", " / ", ", "), ("ja", "／", "・"))}
            report.add(("operations", "pools", j, "programs"),
                       f"this pool answers programs in different languages ({shown['en']}): the staffing plan counts every agent "
                       "as able to answer all of them; if not every agent speaks each language, take the programs out of "
                       "the pool (each is then staffed as its own team)",
                       f"このプールは対応言語の異なるプログラム（{shown['ja']}）を含みます。要員試算では全員がすべてに対応できるものとして"
                       "算定します。全員がすべての言語に対応できるのでなければ、プールから外してください（それぞれ専任のチームとして算定します）",
                       severity="warning")



def _check_whole_months(report, path: tuple, event: dict) -> None:
    """An event's factor weighs its days against the other days of their month, whose total stays the
    forecast: an event over a whole month has no other days to weigh against, so its factor changes nothing
    (a "December peak" of 1.5 adds no contact). Said once, for the first such month."""
    start = date.fromisoformat(event["start"])
    end = date.fromisoformat(event.get("end") or event["start"])
    first = date(start.year, start.month, 1)
    while first <= end:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        if start <= first and (following - date.resolution) <= end:
            month = f"{first.year}-{first.month:02d}"
            report.add(path + ("factor",),
                       f"the event covers the whole of {month}, and a month's total stays its forecast: the factor "
                       f"{event['factor']:g} changes nothing there. Raise the month's forecast for a busier month, and keep "
                       "events for the days busier than the rest of their month",
                       f"イベントが{first.year}年{first.month}月の全日を含みます。月の件数は予測のままなので、倍率{event['factor']:g}は"
                       "その月には効果がありません。月全体が多い場合は月の予測件数を増やし、イベントは月内で特に多い日に使ってください",
                       severity="warning")
            return
        first = following

def _check_time_zones(report, data: dict) -> None:
    """Programs open in other time zones are moved to the project's clock before the plan adds them up
    (staffing._zone_shifts); warned where that cannot be exact: a difference that is not a whole number
    of intervals, or a pool (one queue) answering programs open by different clocks."""
    from .project import time_zone_of
    from .staffing import DEFAULT_INTERVAL_MINUTES, zone_offsets

    work = data.get("work_definition") or {}
    plan_zone = time_zone_of(data)
    step = (work.get("forecast") or {}).get("interval_minutes", DEFAULT_INTERVAL_MINUTES)
    fallback = ((data.get("operations") or {}).get("opening_hours") or {}).get("time_zone") or plan_zone
    zones = {}
    for i, program in enumerate(work.get("programs") or []):
        zone = (program.get("opening_hours") or {}).get("time_zone") or fallback
        zones[program.get("id")] = zone
        months = sorted({v["month"] for v in program.get("volumes") or [] if isinstance(v.get("month"), str)})
        odd = sorted({m for month in months for m in zone_offsets(plan_zone, zone, month) if m % step})
        if odd:
            report.add(("work_definition", "programs", i, "opening_hours"),
                       f"this program is open by {zone} time, {abs(odd[0])} minutes from the project's {plan_zone}: not a whole "
                       f"number of {step}-minute intervals, so the staffing plan adds its intervals to the nearest interval "
                       "of the project's clock",
                       f"このプログラムの営業時間（{zone}）とプロジェクトの時間帯（{plan_zone}）との時差{abs(odd[0])}分は"
                       f"{step}分インターバルの倍数でないため、要員試算では最も近いインターバルに合算します", severity="warning")
    for j, pool in enumerate((data.get("operations") or {}).get("pools") or []):
        own = {zones[p] for p in pool.get("programs") or [] if p in zones}
        if len(own) > 1:
            report.add(("operations", "pools", j, "programs"),
                       f"this pool answers programs open in different time zones ({', '.join(sorted(map(str, own)))}); "
                       "the staffing plan staffs it by the clock of its first program",
                       f"このプールは時間帯の異なるプログラム（{'、'.join(sorted(map(str, own)))}）を含むため、"
                       "要員試算では最初のプログラムの時刻で算定します", severity="warning")


def _check_plausible(report, data: dict) -> None:
    for path, (en, ja), low, high, (unit_en, unit_ja) in PLAUSIBLE:
        node = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, (int, float)) and not low <= node <= high:
            report.add(path, f"{en} of {node:g}{unit_en} is outside the plausible range {low:g}-{high:g}{unit_en}; check the value",
                       f"{ja} {node:g}{unit_ja}は妥当な範囲（{low:g}〜{high:g}{unit_ja}）の外です。値を確認してください",
                       severity="warning")
    shrinkage = (data.get("operations") or {}).get("shrinkage") or []
    available = 1.0
    for item in shrinkage:
        available *= 1 - item["pct"] / 100
    if shrinkage and not 1 - available <= 0.6:
        total = 100 * (1 - available)
        report.add(("operations", "shrinkage"),
                   f"the compounded shrinkage is {total:.2f}%, outside the plausible range 0-60% (outsourced centers "
                   "commonly run 20-30%, in-house 30-50%); check the components",
                   f"合成シュリンケージが {total:.2f}% で、妥当な範囲（0〜60%）の外です（外部委託で一般に20〜30%、"
                   "自社運営で30〜50%）。内訳を確認してください", severity="warning")
    for i, program in enumerate((data.get("work_definition") or {}).get("programs") or []):
        patience = program.get("patience_seconds")
        if isinstance(patience, (int, float)) and not 5 <= patience <= 3600:
            report.add(("work_definition", "programs", i, "patience_seconds"),
                       f"a mean patience of {patience:g} s is outside the plausible range 5-3600 s; check the value",
                       f"平均待機許容時間 {patience:g}秒は妥当な範囲（5〜3600秒）の外です。値を確認してください",
                       severity="warning")
