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
from ..documents.staffing_range import warning_texts
from ..staffing import plan
from ..text import WEEKDAYS

EMPTY_REASONS = {
    "no_programs": "the project defines no programs (work_definition.programs)",
    "no_volumes": "no program has volumes (work_definition.programs[].volumes)",
    "no_staffable_programs": "no program with volumes has a handle time (call_reasons[].aht_seconds or "
                             "operations.kpis.aht_seconds)",
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
            click.echo(f"nothing to staff: {EMPTY_REASONS[result.as_dict()['reason']]}", err=True)
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
    """The plan as a report a consultant can read in a terminal (a consultant's working tool, in English;
    the warnings in the project's `lang`)."""
    if data["empty"]:
        return f"Nothing to staff: {EMPTY_REASONS[data['reason']]}."
    out = [f"Staffing plan (interval {data['interval_minutes']} min, busiest-interval month {data['peak_month']}"
           + (f", {data['time_zone']}" if data["time_zone"] else "") + ")", ""]
    out.append("Programs")
    out += _table(["id", "channel", "model", "AHT s", "peak required", "peak scheduled", "busiest-interval month"],
                  [[p["id"], p["channel"] + (f" x{p['concurrency']:g}" if p["concurrency"] > 1 else ""), p["model"],
                    f"{p['aht_seconds']:g}", p["peak_required"], p["peak_scheduled"], p["peak_month"]]
                   for p in data["programs"]], align_left=3)
    out += ["", "Months"]
    out += _table(["month", "contacts", "workload h", "required agent h", "scheduled h", "FTE", "rostered FTE", "occupancy %"],
                  [[m["month"], f"{m['contacts']:,}", f"{m['workload_hours']:,.1f}", f"{m['productive_hours']:,.1f}",
                    f"{m['scheduled_hours']:,.1f}", _fte(m["fte"]),
                    None if m["rostered_fte"] is None else _fte(m["rostered_fte"]), f"{m['occupancy_pct']:.1f}"]
                   for m in data["monthly"]])
    peak, sv = data["peak"], data["supervisors"]
    zone = f" {data['time_zone']}" if data["time_zone"] else ""  # the clock every combined interval is read by
    out += ["", f"Peak: {peak['required']} required / {peak['scheduled']} scheduled agents "
                f"({peak['date'] or peak['weekday']} {peak['start']}{zone}, {peak['month']})",
            f"Team leaders: {sv['count']} ({sv['fte']:g} FTE in {sv['month']}: {sv['floor_hours']:,.1f} h on the floor, one per "
            f"{sv['span_of_control']} scheduled agents an interval, at least {sv['minimum']} while open)"]
    if data["headcount"]:
        h = data["headcount"]
        out.append(f"In place at go-live: {h['agents']} agents ({h['agent_fte']:g} FTE, {h['month']}), "
                   f"{h['supervisors']} team leaders")
    if data["hiring_timeline"]:
        out += ["", "Hiring timeline"] + [f"  {m['date']}  {m['key'].replace('_', ' ')}" for m in data["hiring_timeline"]]
    out += render_range(data)
    table = data["weekday_table"]
    open_days = [i for i, day in enumerate(table["days"]) if day["open"]]
    out += ["", f"Scheduled agents (required) by interval and weekday, {table['month']}"
                + (f", {data['time_zone']} time" if data["time_zone"] else "")]
    rows = [[row["start"]] + ["-" if row["scheduled"][i] is None else f"{row['scheduled'][i]} ({row['required'][i]})"
                              for i in open_days] for row in table["rows"]]
    rows.append(["contacts"] + [f"{table['days'][i]['contacts']:,.0f}" for i in open_days])
    out += _table(["start"] + [WEEKDAYS[i] for i in open_days], rows)
    out += ["", "Assumptions"] + [f"  - {a['text']}" + (" (default)" if a["source"] == "default" else "")
                                  for a in data["assumptions"]]
    if data["warnings"]:  # in the project's language: they are about its own figures
        out += ["", "注意" if lang == "ja" else "Warnings"] + [f"  - {text}" for text in warning_texts(data, lang)]
    return "\n".join(out)


def _fte(value: float) -> str:
    """FTE and headcounts in every table of the report the one way: one decimal, thousands separated."""
    return f"{value:,.1f}"


def render_range(data: dict) -> list[str]:
    """Events, pooling, rostered FTE, hiring plan, scenarios and the service-level curve."""
    out = []
    if data["events"]:
        out += ["", "Calendar events (factor on an ordinary day of the weekday)"]
        out += _table(["event", "from", "to", "factor", "programs"],
                      [[e["name"], e["start"], e["end"], f"{e['factor']:g}", ", ".join(e["programs"] or ["all"])]
                       for e in data["events"]], align_left=3)
    if data["pooling"]:
        out += ["", f"Pooling ({data['peak_month']}): one team per pool against dedicated teams"]
        out += _table(["pool", "programs", "peak required pooled", "dedicated", "FTE pooled", "dedicated"],
                      [[p["id"], ", ".join(p["programs"]), p["pooled_peak_required"], p["dedicated_peak_required"],
                        _fte(p["pooled_fte"]), _fte(p["dedicated_fte"])] for p in data["pooling"]], align_left=2)
    rostering = data["rostering"]
    if rostering:
        if rostering["rostered"]:
            out += ["", (f"Rostered with whole shifts ({rostering['month']}): {rostering['rostered_fte']:g} FTE against "
                         f"an interval lower bound of {rostering['lower_bound_fte']:g} (uplift {rostering['uplift_pct']:g}%)")]
        else:
            out += ["", f"Shifts not solved ({rostering['reason'].replace('_', ' ')}): FTE is the interval lower bound"]
    hiring = data["hiring_plan"]
    if hiring:
        out += ["", (f"Hiring plan (assumed attrition {hiring['attrition_pct_per_year']:g}% a year, not a limit; "
                     f"nesting at {hiring['nesting_productivity_pct']:g}% productivity)")]
        out += _table(["month", "need FTE", "start", "leavers", "backfill", "growth", "end", "surplus", "nesting FTE"],
                      [[m["month"], _fte(m["need_fte"]), _fte(m["headcount_start"]), f"{m['leavers']:.2f}",
                        f"{m['backfill_hires']:.2f}", f"{m['growth_hires']:.2f}", _fte(m["headcount_end"]),
                        _fte(m["surplus"]), _fte(m["nesting_fte"])] for m in hiring["months"]])
        out += ["", "Training classes"]
        out += _table(["ready", "kind", "hires", "classes", "recruiting", "training", "nesting"],
                      [[c["ready"], c["kind"], c["hires"], c["classes"], c["recruiting_start"], c["training_start"],
                        c["nesting_start"]] for c in hiring["classes"]], align_left=2)
    if data["scenarios"]:
        out += ["", f"Scenarios ({data['peak_month']}, the busiest-interval month)"]
        out += _table(["scenario", "volume x", "AHT x", "shrinkage +pt", "peak required", "peak scheduled", "FTE"],
                      [[s["key"], f"{s['volume_factor']:g}", f"{s['aht_factor']:g}", f"{s['shrinkage_points']:+g}",
                        s["peak_required"], s["peak_scheduled"], _fte(s["fte"])] for s in data["scenarios"]])
    if data["service_level_curve"]:
        out += ["", f"Service level against FTE ({data['peak_month']}; ASA and abandonment targets set aside)"]
        out += _table(["service level %", "peak required", "peak scheduled", "FTE"],
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
