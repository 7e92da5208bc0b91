"""What the filled forms mean: screening, every offer priced on the client's forecast, and each
vendor's staffing run through rfpgen's own staffing model.

Normalised cost (the same arithmetic as the form's own formulas, rates.py says what each line counts):
    cost = initial costs + Σ over the term's months and the offer's rate lines of rate(year) × quantity
The term repeats the client's forecast month by month; at a volume band (e.g. −20%) contacts and
the vendor's staffing are scaled by (1 + band), fixed fees stay.

Implied service level: per program and forecast month, the vendor's staff is assumed to be
scheduled like the client's reference plan, so at the month's peak interval (most contacts) it has
    agents = reference scheduled agents × vendor FTE / reference FTE × (1 − the vendor's shrinkage)
rounded to whole agents, which are evaluated with Erlang C (Erlang A where the program has a
patience) on the client's peak-interval load. Deferred work (email) has no service level: its
implied occupancy is the forecast workload over the vendor's production hours
(FTE × paid hours × (1 − shrinkage)).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import erlang
from ..project import Project
from ..scoring.results import Flag
from ..staffing import plan as staffing_plan
from . import rates
from ..words import enum, say
from .readback import Finding, Response


def band_label(pct: float) -> str:
    return f"{pct:+g}%"


@dataclass
class ProgramCheck:
    """A vendor's staffing of one program against the client's forecast and reference plan."""

    program: str
    model: str                    # erlang_c, erlang_a, workload
    target: float | None          # service level target (fraction), None for deferred work
    months: list[dict]            # per month: agents, load, service_level, asa_seconds, occupancy, ...
    vendor_fte: float             # mean over the forecast months
    reference_fte: float

    @property
    def worst(self) -> dict:
        key = (lambda m: m["service_level"]) if self.target is not None else (lambda m: -m["occupancy"])
        return min(self.months, key=key)

    def as_json(self) -> dict:
        worst = self.worst
        return {"model": self.model, "target": self.target, "worst_month": worst["month"],
                "service_level": _round(worst.get("service_level")), "asa_seconds": _round(worst.get("asa_seconds"), 1),
                "occupancy": _round(worst.get("occupancy")), "agents_at_peak": worst.get("agents"),
                "reference_agents_at_peak": worst.get("reference_agents"), "months": [
                    {k: _round(v) if isinstance(v, float) else v for k, v in m.items()} for m in self.months]}


@dataclass
class VendorAnalysis:
    id: str
    name: str
    file: str
    model: str
    findings: list[Finding]
    disqualified: bool
    initial: float
    operating: float
    bands: dict[str, float]       # band label -> total cost at that volume
    checks: dict[str, ProgramCheck]
    production_hours: float       # over the term, at the forecast
    flags: list[Flag] = field(default_factory=list)

    @property
    def expected(self) -> float:
        return self.initial + self.operating

    @property
    def price_per_production_hour(self) -> float | None:
        return self.operating / self.production_hours if self.production_hours else None

    def fte_vs_reference(self) -> dict:
        rows = {p: {"vendor": round(c.vendor_fte, 2), "reference": round(c.reference_fte, 2),
                    "ratio": _round(c.vendor_fte / c.reference_fte) if c.reference_fte else None}
                for p, c in self.checks.items()}
        vendor, reference = sum(c.vendor_fte for c in self.checks.values()), sum(c.reference_fte for c in self.checks.values())
        rows["total"] = {"vendor": round(vendor, 2), "reference": round(reference, 2),
                         "ratio": _round(vendor / reference) if reference else None}
        return rows

    def as_json(self, lang: str = "en") -> dict:
        return {"id": self.id, "name": self.name, "file": self.file, "pricing_model": self.model,
                "screening": [f.as_json() for f in self.findings], "disqualified": self.disqualified,
                "cost": {"expected": round(self.expected, 2), "initial": round(self.initial, 2),
                         "operating": round(self.operating, 2), "bands": {k: round(v, 2) for k, v in self.bands.items()}},
                "implied_service_level": {p: c.as_json() for p, c in self.checks.items()},
                "fte_vs_reference": self.fte_vs_reference(),
                "price_per_production_hour": _round(self.price_per_production_hour, 2),
                "flags": [{"code": f.code, "text": f.text(lang)} for f in self.flags]}


@dataclass
class Analysis:
    project: Project
    vendors: list[VendorAnalysis]
    bands_pct: tuple[float, ...]
    reference_price: float | None
    reference_source: str | None  # reference_price or budget

    def labels(self) -> list[str]:
        return ["expected"] + [band_label(b) for b in self.bands_pct]

    def cost_at(self, vendor: VendorAnalysis, label: str) -> float:
        return vendor.expected if label == "expected" else vendor.bands[label]

    def cheapest(self) -> dict[str, str | None]:
        """Per band, the cheapest vendor among those screening did not disqualify."""
        eligible = [v for v in self.vendors if not v.disqualified]
        return {label: (min(eligible, key=lambda v: self.cost_at(v, label)).id if eligible else None)
                for label in self.labels()}

    def prices(self) -> dict[str, float | None]:
        """The normalised expected cost per vendor for the price score; none for a disqualified offer."""
        return {v.id: (None if v.disqualified else v.expected) for v in self.vendors}

    def as_json(self, lang: str = "en") -> dict:
        return {"project": self.project.id, "bands": [band_label(b) for b in self.bands_pct],
                "reference_price": self.reference_price, "cheapest": self.cheapest(),
                "vendors": [v.as_json(lang) for v in self.vendors]}


def _round(value, digits: int = 4):
    """Rounded for the report; None where there is no finite figure (e.g. occupancy without any staff)."""
    return None if value is None or not math.isfinite(value) else round(value, digits)


# ------------------------------------------------------------------ cost

def operating_cost(project: Project, response: Response, factor: float = 1.0) -> float:
    """The offer's operating cost over the term at `factor` × the client's forecast."""
    s = rates.settings(project)
    months = rates.forecast_months(project)
    programs = {p["id"]: p for p in rates.priced_programs(project)}
    volumes = {pid: {v["month"]: v["contacts"] for v in p["volumes"]} for pid, p in programs.items()}
    total = 0.0
    for year, counts in enumerate(rates.month_counts(project, s.term_months)):
        for line in rates.lines(response.model):
            for pid in (programs if line.per_program else [""]):
                rate = response.rates[(line.key, pid)][year]
                quantity = 0.0
                for month in months:
                    if counts[month]:
                        quantity += counts[month] * rates.month_quantity(
                            line.key, project, programs.get(pid), volumes.get(pid, {}), response.staffing, month, factor, s)
                total += rate * quantity
    return total


def production_hours(project: Project, response: Response) -> float:
    """The vendor's billable production hours over the term at the forecast."""
    s = rates.settings(project)
    total = 0.0
    for counts in rates.month_counts(project, s.term_months):
        for plan in response.staffing.values():
            total += sum(counts[m] * rates.staffed_quantity("hour", plan.fte[m], plan.shrinkage_pct, s) for m in counts)
    return total


# ------------------------------------------------------------------ staffing plausibility

def _reference(project: Project):
    """The client's reference plan per program: monthly hours, and per month the peak interval."""
    data = staffing_plan(project).as_dict()
    peaks = {(row["program"], row["month"]): row for row in data["peak_intervals"]}
    return data, peaks, data["interval_minutes"] * 60


def _checks(project: Project, response: Response, reference) -> dict[str, ProgramCheck]:
    data, peaks, step_seconds = reference
    s = rates.settings(project)
    checks = {}
    for program in data["programs"]:
        plan = response.staffing.get(program["id"])
        if plan is None:
            continue
        level = program["service_level"]
        target = level["percent"] / 100 if level and program["model"] != "workload" else None
        months, vendor_fte, reference_fte = [], [], []
        for monthly in program["monthly"]:
            month = monthly["month"]
            fte = plan.fte.get(month, 0.0)
            vendor_hours = rates.staffed_quantity("hour", fte, plan.shrinkage_pct, s)
            vendor_fte.append(fte)
            reference_fte.append(monthly["scheduled_hours"] / s.paid_hours)
            entry = {"month": month, "vendor_fte": fte, "reference_fte": round(monthly["scheduled_hours"] / s.paid_hours, 2)}
            if target is None:
                entry["occupancy"] = monthly["workload_hours"] / vendor_hours if vendor_hours else float("inf")
                months.append(entry)
                continue
            peak = peaks.get((program["id"], month))
            if peak is None or not monthly["scheduled_hours"]:
                continue
            ratio = fte / (monthly["scheduled_hours"] / s.paid_hours)
            agents = math.floor(peak["scheduled"] * ratio * (1 - plan.shrinkage_pct / 100) + 0.5)
            concurrency = program["concurrency"] or 1
            load = peak["contacts"] * program["aht_seconds"] / step_seconds
            queue = erlang.evaluate(round(agents * concurrency), load, program["aht_seconds"],
                                    level["threshold_seconds"], program["patience_seconds"])
            entry.update({"interval": f"{peak['weekday']} {peak['start']}", "load": load, "agents": agents,
                          "reference_agents": peak["required"], "reference_scheduled": peak["scheduled"], "service_level": queue.service_level,
                          "asa_seconds": queue.asa_seconds, "occupancy": queue.occupancy})
            months.append(entry)
        if months:
            checks[program["id"]] = ProgramCheck(program["id"], program["model"], target, months,
                                                 sum(vendor_fte) / len(vendor_fte), sum(reference_fte) / len(reference_fte))
    return checks


# ------------------------------------------------------------------ the analysis



def reference_price(project: Project) -> tuple[float | None, str | None]:
    price = project.data["evaluation"].get("price") or {}
    if price.get("reference_price"):
        return float(price["reference_price"]), "reference_price"
    budget = project.section("pricing").get("budget") or {}
    if budget.get("amount"):
        return float(budget["amount"]), "budget"
    return None, None


def analyse(project: Project, responses: list[Response]) -> Analysis:
    s = rates.settings(project)
    reference = _reference(project)
    ref_price, ref_source = reference_price(project)
    names = {v["id"]: v["name"] for v in project.data["evaluation"].get("vendors") or []}
    vendors = []
    for response in responses:
        disqualifying = [f for f in response.findings if f.kind in s.disqualify]
        operating = operating_cost(project, response)
        initial = sum(response.initial_costs)
        bands = {band_label(b): initial + operating_cost(project, response, 1 + b / 100) for b in s.bands_pct}
        vendor = VendorAnalysis(response.vendor_id, names.get(response.vendor_id, response.vendor_name), response.file,
                                response.model, response.findings, bool(disqualifying), initial, operating, bands,
                                _checks(project, response, reference), production_hours(project, response))
        vendor.flags = _flags(vendor, disqualifying, s, ref_price, ref_source)
        vendors.append(vendor)
    return Analysis(project, vendors, s.bands_pct, ref_price, ref_source)


def _flags(vendor: VendorAnalysis, disqualifying: list[Finding], s: rates.Settings, ref_price, ref_source) -> list[Flag]:
    flags = []
    if disqualifying:
        ja = "、".join(dict.fromkeys(enum("screening_finding", f.kind, "ja") for f in disqualifying))
        en = "; ".join(dict.fromkeys(enum("screening_finding", f.kind, "en") for f in disqualifying))
        cells = ", ".join(f"{f.sheet}!{f.cell}" for f in disqualifying)
        flags.append(Flag(vendor.id, "screening_disqualified", None,
                          f"disqualified at screening: {en} ({cells})", f"書類審査で失格：{ja}（{cells}）"))
    for program, check in vendor.checks.items():
        worst = check.worst
        if check.target is not None and worst["service_level"] < check.target:
            flags.append(Flag(vendor.id, "service_level_below_target", program,
                              f"{program}: the staffing plan implies a service level of {worst['service_level']:.1%} at the "
                              f"peak interval of {worst['month']} ({worst['agents']} agents against "
                              f"{worst['reference_agents']} in the client's estimate); target {check.target:.0%}",
                              f"{program}：要員計画から推定したサービスレベルは{worst['month']}のピーク時間帯で"
                              f"{worst['service_level']:.1%}（{worst['agents']}名。委託元の試算は{worst['reference_agents']}名）、"
                              f"目標{check.target:.0%}を下回る"))
        if check.target is None and worst["occupancy"] > 1:
            share = (f"{worst['occupancy']:.0%}", f"{worst['occupancy']:.0%}") if math.isfinite(worst["occupancy"]) \
                else ("all (none are planned)", "全部（計画なし）")
            flags.append(Flag(vendor.id, "workload_exceeds_capacity", program,
                              f"{program}: in {worst['month']} the forecast work needs {share[0]} of the "
                              f"{say('staffing.billable_hours', 'en')} planned: the staffing cannot clear it",
                              f"{program}：{worst['month']}の予測業務量は計画した{say('staffing.billable_hours', 'ja')}の{share[1]}にあたり、"
                              "処理しきれない"))
    if ref_price and vendor.expected < ref_price * s.low_bid_pct / 100:
        share = vendor.expected / ref_price
        what = ("reference price", "予定価格") if ref_source == "reference_price" else ("budget", "予算")
        flags.append(Flag(vendor.id, "abnormally_low", None,
                          f"abnormally low price: the normalised cost is {share:.0%} of the {what[0]} "
                          f"(threshold {s.low_bid_pct:g}%); review whether the offer can be delivered",
                          f"低価格：正規化した総額が{what[1]}の{share:.0%}（基準{s.low_bid_pct:g}%）。履行可能性を確認すること"))
    return flags
