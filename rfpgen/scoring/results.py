"""From what the evaluators entered to a ranking: every number recomputed from the project file.

- unstated-needs score per evaluator = coverage × s_max, coverage = Σ w_i·c_i / Σ w_i over the
  checklist entries given (rfpgen.scoring.model);
- per criterion: the mean over the evaluators who gave a score;
- quality Q = Σ w_c · mean_c / s_max on 0–100 (weights add up to 100); with complete sheets this
  equals the mean of the evaluators' own Σ w·s/s_max;
- gates: disqualified when more than half of the evaluators who judged a gate failed it; any
  disagreement is flagged;
- price score and total by rfpgen.price over the vendors not disqualified; a vendor without a
  usable price gets neither and is not ranked;
- rank by total (lowest first for price per quality point), equal totals share a rank;
- spread ≥ 40 % of the scale (2 points on 0–5) between evaluators on one criterion is flagged.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import price as price_formulas
from ..project import Project
from .model import COVERAGE, Scheme, requirement_weight
from .readback import Sheets


@dataclass(frozen=True)
class Flag:
    """Something the consensus meeting or the committee should look at, in ja and en."""

    vendor_id: str
    code: str  # spread, gate_split, gate_unjudged, unscored, no_price, above_reference, zero_quality, tie, incomplete
    criterion_id: str | None
    en: str
    ja: str

    def text(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass
class VendorResult:
    id: str
    name: str
    quality: float
    rank: int | None = None
    price: float | None = None
    price_score: float | None = None
    total: float | None = None
    disqualified: bool = False
    failed_gates: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    incomplete: bool = False
    criterion_mean: dict[str, float | None] = field(default_factory=dict)
    criterion_scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    gate_votes: dict[str, dict[str, str | None]] = field(default_factory=dict)
    evaluator_quality: dict[str, float] = field(default_factory=dict)
    coverage: dict[str, float | None] = field(default_factory=dict)
    checklist: dict[str, dict[str, str | None]] = field(default_factory=dict)
    comments: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Result:
    project: Project
    vendors: list[VendorResult]          # ranked first (by rank), then the rest
    evaluators: list[str]                # evaluator ids tallied, in the project's order
    warnings: list[str]
    files: list[str]
    incomplete: bool
    formula: str
    higher_is_better: bool

    @property
    def flags(self) -> list[Flag]:
        return [f for v in self.vendors for f in v.flags]

    def as_json(self, lang: str = "en") -> dict:
        def num(value):
            return None if value is None else round(value, 6)

        return {"vendors": [{"id": v.id, "name": v.name, "rank": v.rank, "quality_score": num(v.quality),
                             "price_score": num(v.price_score), "total": num(v.total),
                             "disqualified": v.disqualified, "flags": [f.text(lang) for f in v.flags]}
                            for v in self.vendors],
                "warnings": list(self.warnings)}


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _coverage(entry, scheme: Scheme) -> float | None:
    given = [(requirement_weight(r), COVERAGE[entry.checklist[r.id]]) for r in scheme.checklist()
             if entry.checklist.get(r.id) is not None]
    total = sum(weight for weight, _ in given)
    return sum(weight * value for weight, value in given) / total if total else None


def _vendor(scheme: Scheme, sheets: Sheets, vendor: dict, evaluators: list[str]) -> VendorResult:
    smax = scheme.scale_max
    computed = scheme.computed_ids()
    result = VendorResult(vendor["id"], vendor["name"], 0.0)
    entries = {e: sheets.entries[e][vendor["id"]] for e in evaluators if vendor["id"] in sheets.entries[e]}
    if len(entries) < len(evaluators):
        result.incomplete = True

    for evaluator, entry in entries.items():
        result.comments[evaluator] = dict(entry.comments)
        if scheme.checklist():
            result.coverage[evaluator] = _coverage(entry, scheme)
            result.checklist[evaluator] = dict(entry.checklist)
            if any(v is None for v in entry.checklist.values()):
                result.incomplete = True

    for criterion in scheme.weighted():
        cid = criterion["id"]
        scores: dict[str, float | None] = {}
        for evaluator, entry in entries.items():
            if cid in computed:
                coverage = result.coverage.get(evaluator)
                scores[evaluator] = None if coverage is None else coverage * smax
            else:
                scores[evaluator] = entry.scores.get(cid)
        result.criterion_scores[cid] = scores
        given = [s for s in scores.values() if s is not None]
        if len(given) < len(evaluators):
            result.incomplete = True
        result.criterion_mean[cid] = sum(given) / len(given) if given else None
        if not given:
            result.flags.append(Flag(vendor["id"], "unscored", cid,
                                     f"criterion {cid} has no score from any evaluator (counted as 0)",
                                     f"評価項目 {cid} に評点を付けた評価者がいません（0点として計算）"))
        elif len(given) >= 2 and max(given) - min(given) >= scheme.spread_threshold - 1e-9:
            detail = ", ".join(f"{e} {_fmt(s)}" for e, s in scores.items() if s is not None)
            spread = _fmt(max(given) - min(given))
            result.flags.append(Flag(vendor["id"], "spread", cid,
                                     f"evaluators differ by {spread} points on {cid} ({detail}): discuss in the consensus meeting",
                                     f"{cid} の評点に評価者間で{spread}点の差があります（{detail}）。合議で確認してください"))

    for evaluator, entry in entries.items():
        result.evaluator_quality[evaluator] = sum(
            float(c["weight"]) * (result.criterion_scores[c["id"]].get(evaluator) or 0.0) / smax for c in scheme.weighted())
    result.quality = sum(float(c["weight"]) * (result.criterion_mean[c["id"]] or 0.0) / smax for c in scheme.weighted())

    for gate in scheme.gates():
        gid = gate["id"]
        votes = {evaluator: entry.gates.get(gid) for evaluator, entry in entries.items()}
        result.gate_votes[gid] = votes
        judged = [v for v in votes.values() if v is not None]
        fails = judged.count("fail")
        if len(judged) < len(evaluators):
            result.incomplete = True
        if not judged:
            result.flags.append(Flag(vendor["id"], "gate_unjudged", gid,
                                     f"mandatory requirement {gid} was not judged by any evaluator",
                                     f"必須要件 {gid} の合否を判定した評価者がいません"))
            continue
        if fails * 2 > len(judged):
            result.disqualified = True
            result.failed_gates.append(gid)
        if 0 < fails < len(judged):
            who = ", ".join(f"{e} {'fail' if v == 'fail' else 'pass'}" for e, v in votes.items() if v)
            who_ja = ", ".join(f"{e} {'不適合' if v == 'fail' else '適合'}" for e, v in votes.items() if v)
            outcome_en = "disqualified by majority" if fails * 2 > len(judged) else "not disqualified (no majority)"
            outcome_ja = "過半数の不適合により失格" if fails * 2 > len(judged) else "過半数に達しないため失格としていません"
            result.flags.append(Flag(vendor["id"], "gate_split", gid,
                                     f"evaluators disagree on mandatory requirement {gid} ({who}); {outcome_en}: confirm in the consensus meeting",
                                     f"必須要件 {gid} の判定が分かれています（{who_ja}）。{outcome_ja}。合議で確認してください"))
    return result


def _rank(vendors: list[VendorResult], higher_is_better: bool) -> None:
    ranked = [v for v in vendors if v.rank is None and not v.disqualified and v.total is not None]
    ranked.sort(key=lambda v: -v.total if higher_is_better else v.total)
    previous, rank = None, 0
    for position, vendor in enumerate(ranked, start=1):
        key = round(vendor.total, 9)
        if key != previous:
            rank, previous = position, key
        vendor.rank = rank
    by_rank: dict[int, list[VendorResult]] = {}
    for vendor in ranked:
        by_rank.setdefault(vendor.rank, []).append(vendor)
    for rank, tied in by_rank.items():
        if len(tied) > 1:
            names = ", ".join(v.id for v in tied)
            for vendor in tied:
                vendor.flags.append(Flag(vendor.id, "tie", None, f"tied for rank {rank} with the same total ({names})",
                                         f"同じ総合評価点で第{rank}位に並んでいます（{names}）"))


def compute(project: Project, sheets: Sheets) -> Result:
    scheme = Scheme(project)
    evaluation = scheme.evaluation
    evaluators = [e["id"] for e in scheme.evaluators() if e["id"] in sheets.entries]
    vendors = [_vendor(scheme, sheets, vendor, evaluators) for vendor in scheme.vendors()]
    warnings = [str(p) for p in sheets.warnings]

    formula = evaluation["price"]["formula"]
    qualified = [v for v in vendors if not v.disqualified]
    for vendor in vendors:
        vendor.price = sheets.prices.get(vendor.id)
    scores = price_formulas.score(evaluation, {v.id: v.quality for v in qualified},
                                  {v.id: v.price for v in qualified})
    for vendor in qualified:
        outcome = scores[vendor.id]
        vendor.price_score, vendor.total = outcome.price_score, outcome.total
        if outcome.note == "no_price":
            vendor.flags.append(Flag(vendor.id, "no_price", None,
                                     "no usable price: no price score and no total, so the vendor is not ranked",
                                     "有効な見積価格がないため、価格点と総合評価点を算出できず、順位を付けていません"))
            warnings.append(f"{vendor.id}: no usable price; not ranked")
        elif outcome.note == "above_reference":
            reference = evaluation["price"]["reference_price"]
            vendor.flags.append(Flag(vendor.id, "above_reference", None,
                                     f"the price {vendor.price:,.0f} is above the reference price {reference:,.0f}: price points are 0",
                                     f"見積価格 {vendor.price:,.0f} が予定価格 {reference:,.0f} を上回るため、価格点は0点です"))
        elif outcome.note == "zero_quality":
            vendor.flags.append(Flag(vendor.id, "zero_quality", None,
                                     "quality score 0: price per quality point cannot be computed, so the vendor is not ranked",
                                     "品質点が0点のため、品質点あたり価格を算出できず、順位を付けていません"))
            warnings.append(f"{vendor.id}: quality score 0; price per quality point undefined; not ranked")
    higher = price_formulas.higher_is_better(formula)
    _rank(vendors, higher)
    for vendor in vendors:
        if vendor.incomplete:
            vendor.flags.append(Flag(vendor.id, "incomplete", None,
                                     "some entries for this vendor are missing: the result is provisional",
                                     "この事業者の評価に未入力があるため、結果は暫定です"))
    ordered = sorted(vendors, key=lambda v: (v.rank is None, v.rank or 0, v.disqualified,
                                             -v.quality))
    return Result(project, ordered, evaluators, warnings, list(sheets.files), sheets.incomplete, formula, higher)
