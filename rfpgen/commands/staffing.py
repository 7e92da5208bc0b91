"""`rfpgen staffing` (the plan for a project file) and `rfpgen erlang` (one interval by hand)."""
from __future__ import annotations

import csv
import io
import json
import math

import click

from .. import erlang
from .base import load
from ..errors import RfpgenError
from ..staffing import plan
from ..text import WEEKDAYS
from ..words import enum, say, tr, zone_name

EMPTY_REASONS = {
    "no_programs": ("プログラムが定義されていない（work_definition.programs）", "the project defines no programs (work_definition.programs)"),
    "no_volumes": ("業務量のあるプログラムがない（work_definition.programs[].volumes）",
                   "no program has volumes (work_definition.programs[].volumes)"),
    "no_staffable_programs": ("業務量のあるプログラムに処理時間がない（call_reasons[].aht_seconds または operations.kpis.aht_seconds）",
                              "no program with volumes has a handle time (call_reasons[].aht_seconds or operations.kpis.aht_seconds)"),
}
CSV_COLUMNS = ("month", "weekday", "date", "start", "program", "dates", "contacts", "required", "scheduled")


@click.command()
@click.argument("project_file", metavar="PROJECT", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: readable summary; csv: every interval of every month; json: the plan documents receive.")
def staffing(project_file, fmt):
    """Workload and staffing plan for a project: agents per interval, FTE, supervisors, hiring dates."""
    project = load(project_file)
    result = plan(project)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(result.interval_rows())
        click.echo(buffer.getvalue(), nl=False)
        if result.empty:
            reason = EMPTY_REASONS[result.as_dict()["reason"]]
            click.echo(tr(project.lang, f"要員を試算できない：{reason[0]}", f"nothing to staff: {reason[1]}"), err=True)
    else:
        from ..words import project_locale

        with project_locale(project):  # en-GB projects read "programme"
            click.echo(render_table(result.as_dict(), project.lang))


def _table(headers: list[str], rows: list[list], align_left: int = 1) -> list[str]:
    """Plain-text columns: the first `align_left` columns left-aligned, the rest right-aligned."""
    from ..text import display_width

    texts = [[("-" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in texts]) for i, h in enumerate(headers)]

    def line(cells):  # padded by display width: a Japanese event name takes two columns a character
        pads = [" " * (w - display_width(c)) for c, w in zip(cells, widths)]
        return "  ".join(c + pad if i < align_left else pad + c for i, (c, pad) in enumerate(zip(cells, pads)))

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in texts]


def render_table(data: dict, lang: str = "en") -> str:
    """The plan as a report a consultant can read in a terminal, in the project's language and with the
    documents' words (models, channels, milestones, scenarios and assumptions named as the staffing
    annex names them); dates and months ISO, ids as the project file writes them, for a working tool."""
    from ..documents.staffing_range import warning_texts  # imported here: `--help` loads no Word library

    def L(ja: str, en: str) -> str:
        return tr(lang, ja, en)

    if data["empty"]:
        return L(f"要員を試算できない：{EMPTY_REASONS[data['reason']][0]}。", f"Nothing to staff: {EMPTY_REASONS[data['reason']][1]}.")
    zone = zone_name(data["time_zone"], lang) if lang == "ja" and data["time_zone"] else data["time_zone"]
    out = [L(f"要員計画（インターバル{data['interval_minutes']}分、最繁時間帯のある月 {data['peak_month']}" + (f"、{zone}" if zone else "") + "）",
             f"Staffing plan (interval {data['interval_minutes']} min, busiest-interval month {data['peak_month']}"
             + (f", {zone}" if zone else "") + ")"), ""]
    out.append(L("プログラム", "Programs"))
    out += _table([L("ID", "id"), L("チャネル", "channel"), L("試算モデル", "model"), L("AHT（秒）", "AHT s"), L("ピーク必要人数", "peak required"),
                   L("ピーク配置人数", "peak scheduled"), L("最繁時間帯のある月", "busiest-interval month")],
                  [[p["id"], enum("channel", p["channel"], lang) + (f" x{p['concurrency']:g}" if p["concurrency"] > 1 else ""),
                    say(f"staffing.model.{p['model']}", lang) if lang == "ja" else p["model"],
                    f"{p['aht_seconds']:g}", p["peak_required"], p["peak_scheduled"], p["peak_month"]]
                   for p in data["programs"]], align_left=3)
    out += ["", L("月別", "Months")]
    out += _table([L("月", "month"), L("件数", "contacts"), L("処理時間（h）", "workload h"), L("必要人時（h）", "required agent h"),
                   L("配置時間（h）", "scheduled h"), "FTE", L("シフト編成後FTE", "rostered FTE"), L("稼働率（%）", "occupancy %")],
                  [[m["month"], f"{m['contacts']:,}", f"{m['workload_hours']:,.1f}", f"{m['productive_hours']:,.1f}",
                    f"{m['scheduled_hours']:,.1f}", _fte(m["fte"]),
                    None if m["rostered_fte"] is None else _fte(m["rostered_fte"]), f"{m['occupancy_pct']:.1f}"]
                   for m in data["monthly"]])
    peak, sv = data["peak"], data["supervisors"]
    at = f"{peak['date'] or (enum('weekday_name', peak['weekday'], lang) if lang == 'ja' else peak['weekday'])} {peak['start']}" \
        + (f" {zone}" if zone else "")  # the clock every combined interval is read by
    out += ["", L(f"ピーク：必要{peak['required']}名／配置{peak['scheduled']}名（{at}、{peak['month']}）",
                  f"Peak: {peak['required']} required / {peak['scheduled']} scheduled agents ({at}, {peak['month']})"),
            L(f"SV：{sv['count']}名（{sv['month']}に{sv['fte']:g} FTE、フロア時間{sv['floor_hours']:,.1f}h、各インターバルの配置人数"
              f"{sv['span_of_control']}名に1名、受付中は最少{sv['minimum']}名）",
              f"Team leaders: {sv['count']} ({sv['fte']:g} FTE in {sv['month']}: {sv['floor_hours']:,.1f} h on the floor, one per "
              f"{sv['span_of_control']} scheduled agents an interval, at least {sv['minimum']} while open)")]
    if data["headcount"]:
        h = data["headcount"]
        out.append(L(f"サービス開始時の要員：オペレーター{h['agents']}名（{h['agent_fte']:g} FTE、{h['month']}）、SV {h['supervisors']}名",
                     f"In place at go-live: {h['agents']} agents ({h['agent_fte']:g} FTE, {h['month']}), "
                     f"{h['supervisors']} team leaders"))
    if data["hiring_timeline"]:
        out += ["", L("採用・研修の日程", "Hiring timeline")] + [
            f"  {m['date']}  " + (say(f"staffing.milestone.{m['key']}", lang) if lang == "ja" else m["key"].replace("_", " "))
            for m in data["hiring_timeline"]]
    out += render_range(data, lang)
    table = data["weekday_table"]
    open_days = [i for i, day in enumerate(table["days"]) if day["open"]]
    out += ["", L(f"時間帯・曜日別の配置人数（必要人数）、{table['month']}" + (f"、{zone}" if zone else ""),
                  f"Scheduled agents (required) by interval and weekday, {table['month']}" + (f", {zone} time" if zone else ""))]
    rows = [[row["start"]] + ["-" if row["scheduled"][i] is None else f"{row['scheduled'][i]} ({row['required'][i]})"
                              for i in open_days] for row in table["rows"]]
    rows.append([L("件数", "contacts")] + [f"{table['days'][i]['contacts']:,.0f}" for i in open_days])
    out += _table([L("開始", "start")] + [enum("weekday", WEEKDAYS[i], lang) if lang == "ja" else WEEKDAYS[i] for i in open_days], rows)
    out += ["", L("試算の前提", "Assumptions")] + [f"  - {_assumption(a, lang)}" for a in data["assumptions"]]
    if data["warnings"]:  # in the project's language: they are about its own figures
        out += ["", L("注意", "Warnings")] + [f"  - {text}" for text in warning_texts(data, lang)]
    return "\n".join(out)


def _assumption(a: dict, lang: str) -> str:
    """An assumption as the staffing annex's table gives it in Japanese (its name, value and where it
    comes from); in English the plan's own sentence, marked when a standard value stands in."""
    if lang != "ja":
        return a["text"] + (" (default)" if a["source"] == "default" else "")
    from ..documents.staffing_annex import ASSUMPTION_SOURCES, ASSUMPTION_VALUES, assumption_value

    name = say(f"staffing.assumption.{a['key']}", lang) if a["key"] in ASSUMPTION_VALUES else a["text"]
    source = ASSUMPTION_SOURCES.get(a["source"], ASSUMPTION_SOURCES["default"])[0]
    return f"{name}：{assumption_value(a['key'], a['value'], lang)}（{source}）".replace("\n", "、")


def _fte(value: float) -> str:
    """FTE and headcounts in every table of the report the one way: one decimal, thousands separated."""
    return f"{value:,.1f}"


def render_range(data: dict, lang: str = "en") -> list[str]:
    """Events, pooling, rostered FTE, hiring plan, scenarios and the service-level curve."""
    from ..documents.staffing_range import class_kind, scenario_name

    def L(ja: str, en: str) -> str:
        return tr(lang, ja, en)

    out = []
    if data["events"]:
        out += ["", L("カレンダーイベント（同じ曜日の通常日に対する倍率）", "Calendar events (factor on an ordinary day of the weekday)")]
        out += _table([L("イベント", "event"), L("開始", "from"), L("終了", "to"), L("倍率", "factor"), L("プログラム", "programs")],
                      [[e["name"], e["start"], e["end"], f"{e['factor']:g}", ", ".join(e["programs"] or [L("全て", "all")])]
                       for e in data["events"]], align_left=3)
    if data["pooling"]:
        out += ["", L(f"チーム共有（{data['peak_month']}）：共有チームと専任チームの比較",
                      f"Pooling ({data['peak_month']}): one team per pool against dedicated teams")]
        out += _table([L("プール", "pool"), L("プログラム", "programs"), L("ピーク必要人数（共有）", "peak required pooled"),
                       L("（専任）", "dedicated"), L("FTE（共有）", "FTE pooled"), L("（専任）", "dedicated")],
                      [[p["id"], ", ".join(p["programs"]), p["pooled_peak_required"], p["dedicated_peak_required"],
                        _fte(p["pooled_fte"]), _fte(p["dedicated_fte"])] for p in data["pooling"]], align_left=2)
    rostering = data["rostering"]
    if rostering:
        if rostering["rostered"]:
            out += ["", L(f"シフト編成（{rostering['month']}）：{rostering['rostered_fte']:g} FTE（インターバル単位の下限 "
                          f"{rostering['lower_bound_fte']:g}、増分{rostering['uplift_pct']:g}%）",
                          f"Rostered with whole shifts ({rostering['month']}): {rostering['rostered_fte']:g} FTE against "
                          f"an interval lower bound of {rostering['lower_bound_fte']:g} (uplift {rostering['uplift_pct']:g}%)")]
        else:
            reason = rostering["reason"].replace("_", " ")
            out += ["", L(f"シフトは編成していない（{reason}）：FTEはインターバル単位の下限",
                          f"Shifts not solved ({reason}): FTE is the interval lower bound")]
    hiring = data["hiring_plan"]
    if hiring:
        out += ["", L(f"採用計画（想定年間離職率{hiring['attrition_pct_per_year']:g}%、上限ではない。OJT中の生産性"
                      f"{hiring['nesting_productivity_pct']:g}%）",
                      f"Hiring plan (assumed attrition {hiring['attrition_pct_per_year']:g}% a year, not a limit; "
                      f"nesting at {hiring['nesting_productivity_pct']:g}% productivity)")]
        out += _table([L("月", "month"), L("必要FTE", "need FTE"), L("月初", "start"), L("退職", "leavers"), L("補充採用", "backfill"),
                       L("増員採用", "growth"), L("月末", "end"), L("余剰", "surplus"), L("OJT中FTE", "nesting FTE")],
                      [[m["month"], _fte(m["need_fte"]), _fte(m["headcount_start"]), f"{m['leavers']:.2f}",
                        f"{m['backfill_hires']:.2f}", f"{m['growth_hires']:.2f}", _fte(m["headcount_end"]),
                        _fte(m["surplus"]), _fte(m["nesting_fte"])] for m in hiring["months"]])
        out += ["", L("研修クラス", "Training classes")]
        out += _table([L("稼働開始", "ready"), L("種別", "kind"), L("採用数", "hires"), L("クラス数", "classes"), L("採用開始", "recruiting"),
                       L("研修開始", "training"), L("OJT開始", "nesting")],
                      [[c["ready"], class_kind(c, lang), c["hires"], c["classes"], c["recruiting_start"],
                        c["training_start"], c["nesting_start"]] for c in hiring["classes"]], align_left=2)
    if data["scenarios"]:
        out += ["", L(f"シナリオ（{data['peak_month']}、最繁時間帯のある月）", f"Scenarios ({data['peak_month']}, the busiest-interval month)")]
        out += _table([L("シナリオ", "scenario"), L("件数倍率", "volume x"), L("AHT倍率", "AHT x"), L("シュリンケージ（pt）", "shrinkage +pt"),
                       L("ピーク必要人数", "peak required"), L("ピーク配置人数", "peak scheduled"), "FTE"],
                      [[scenario_name(s, lang, short=True) if lang == "ja" else s["key"], f"{s['volume_factor']:g}", f"{s['aht_factor']:g}",
                        f"{s['shrinkage_points']:+g}", s["peak_required"], s["peak_scheduled"], _fte(s["fte"])] for s in data["scenarios"]])
    if data["service_level_curve"]:
        out += ["", L(f"サービスレベル目標と必要FTE（{data['peak_month']}、ASA・放棄率の目標は除く）",
                      f"Service level against FTE ({data['peak_month']}; ASA and abandonment targets set aside)")]
        out += _table([L("サービスレベル（%）", "service level %"), L("ピーク必要人数", "peak required"), L("ピーク配置人数", "peak scheduled"), "FTE"],
                      [[f"{c['service_level_pct']:g}", c["peak_required"], c["peak_scheduled"], _fte(c["fte"])]
                       for c in data["service_level_curve"]])
    return out


# ---------------------------------------------------------------- the calculator

class _Finite(click.FloatRange):
    """A FloatRange that refuses nan and infinity, which FloatRange lets through."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number is not None and not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def _service_level(ctx, param, value):
    try:
        percent, threshold = (float(part) for part in value.split("/"))
        if not (math.isfinite(percent) and math.isfinite(threshold)):
            raise ValueError
        return percent, threshold
    except ValueError:
        raise click.BadParameter(f"write it as PERCENT/SECONDS, e.g. 80/20 (got '{value}')") from None


@click.command(name="erlang")
@click.option("--calls", type=_Finite(min=0), required=True, help="Contacts offered in the interval.")
@click.option("--interval-minutes", type=click.IntRange(min=1), default=30, show_default=True)
@click.option("--aht", type=_Finite(min=0, min_open=True), required=True, help="Average handle time, seconds.")
@click.option("--service-level", "service_level", default="80/20", show_default=True, callback=_service_level,
              help="Target: PERCENT answered within SECONDS.")
@click.option("--asa", type=_Finite(), help="Target average speed of answer, seconds.")
@click.option("--max-occupancy", type=_Finite(min=0, max=100), default=100, show_default=True,
              help="Occupancy cap, percent (100: no cap).")
@click.option("--shrinkage", type=_Finite(), multiple=True,
              help="Shrinkage component, percent; repeat to compound (1 - prod(1 - s)).")
@click.option("--patience", type=_Finite(min=0, min_open=True),
              help="Mean patience in seconds: use Erlang A (callers abandon).")
@click.option("--max-abandonment", type=_Finite(), help="Erlang A: abandonment target, percent of offered contacts.")
@click.option("--concurrency", type=_Finite(min=1, max=10), default=1, show_default=True,
              help="Chats one agent handles at once (AHT is then a chat's elapsed duration).")
@click.option("--agents", type=click.IntRange(min=0), help="Evaluate this many agents instead of solving for them.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def erlang_command(calls, interval_minutes, aht, service_level, asa, max_occupancy, shrinkage, patience,
                   max_abandonment, concurrency, agents, fmt):
    """Agents for one interval (Erlang C, or Erlang A with --patience), or the service of --agents."""
    if max_abandonment is not None and patience is None:
        raise RfpgenError("--max-abandonment needs --patience: only Erlang A models callers who abandon")
    percent, threshold = service_level
    targets = erlang.Targets(service_level=percent / 100, threshold_seconds=threshold, asa_seconds=asa,
                             max_occupancy=max_occupancy / 100,
                             max_abandonment=None if max_abandonment is None else max_abandonment / 100)
    total_shrinkage = erlang.total_shrinkage(shrinkage)
    load = erlang.offered_load(calls, aht, interval_minutes * 60)
    if agents is None:
        servers = erlang.required_agents(load, aht, targets, patience)
        agents = math.ceil(round(servers / concurrency, 9))
    result = erlang.evaluate(math.floor(round(agents * concurrency, 9)), load, aht, threshold, patience)
    scheduled = erlang.scheduled_agents(agents, total_shrinkage)
    report = {
        "model": result.model,
        "offered_load": round(result.offered_load, 6),
        "agents": agents,
        "scheduled_agents": scheduled,
        "service_level": round(result.service_level, 6),
        "asa_seconds": None if result.asa_seconds is None else round(result.asa_seconds, 6),
        "occupancy": round(result.occupancy, 6),
        "wait_probability": round(result.wait_probability, 6),
        "abandon_probability": None if result.abandon_probability is None else round(result.abandon_probability, 6),
    }
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    model = "Erlang C" if patience is None else f"Erlang A (mean patience {patience:g} s)"
    lines = [
        ("model", model + (f", {concurrency:g} chats per agent" if concurrency > 1 else "")),
        ("offered load", f"{load:.2f} Erlangs"),
        ("agents", f"{agents}"),
        ("scheduled agents", f"{scheduled} (shrinkage {total_shrinkage * 100:.1f}%)"),
        ("service level", f"{result.service_level * 100:.1f}% within {threshold:g} s (target {percent:g}%)"),
        ("ASA", "unbounded (too few agents)" if result.asa_seconds is None else f"{result.asa_seconds:.1f} s"),
        ("occupancy", f"{result.occupancy * 100:.1f}%"),
        ("wait probability", f"{result.wait_probability * 100:.1f}%"),
    ]
    if result.abandon_probability is not None:
        lines.append(("abandonment", f"{result.abandon_probability * 100:.1f}%"))
    click.echo("\n".join(f"{label:<17} {value}" for label, value in lines))
