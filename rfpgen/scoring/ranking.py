"""One ranking run under the project's rules: quality, price points, totals, exclusions, ranks.

`standing()` is a pure function of the tallied scores, so the decision memo can re-run it with one
weight changed, without one evaluator or without the unstated-needs criterion
(rfpgen.scoring.robustness), and get figures made exactly like the published ones.

Order of the rules: gate disqualifications come from the sheets; then the minimum quality (total
and per criterion), the reference-price and low-bid rules; price points and totals over the vendors
still in; rounding where the project publishes it; then the document ranking (by total, or by rank
sums), the presentation stage for those who go through, and the tie-break steps in order. The
published tie-break orders equal final scores; at the document stage equal figures share a rank, and a
tie for the last place of the shortlist takes every tied bidder through (rules.statements says so).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import price as price_formulas
from .model import Scheme
from .rules import Rules

# why a vendor is not ranked; each has its words in rfpgen.scoring.results
GATE, ABOVE_REFERENCE, LOW_BID, BELOW_MINIMUM, BELOW_CRITERION_MINIMUM = (
    "gate", "above_reference", "low_bid", "below_minimum", "below_criterion_minimum")
NO_PRICE, ZERO_QUALITY, NOT_ADVANCED = "no_price", "zero_quality", "not_advanced"
DISQUALIFYING = {GATE, ABOVE_REFERENCE, LOW_BID}
ZEROED, REVIEW = "zeroed", "review"   # a price above the reference price scoring 0, a low bid to review


@dataclass
class Tallied:
    """What ranking needs of one vendor: the scores per criterion and evaluator, and the facts."""

    id: str
    scores: dict[str, dict[str, float | None]]            # criterion -> evaluator -> score
    agreed: dict[str, float] = field(default_factory=dict)   # consensus score per criterion
    failed_gates: list[str] = field(default_factory=list)
    price: float | None = None
    presentation: dict[str, dict[str, float | None]] = field(default_factory=dict)
    lot: int | None = None


@dataclass
class Standing:
    formula: str
    quality: dict[str, float] = field(default_factory=dict)
    criterion_mean: dict[str, dict[str, float | None]] = field(default_factory=dict)
    price_score: dict[str, float | None] = field(default_factory=dict)
    document_total: dict[str, float | None] = field(default_factory=dict)
    presentation_points: dict[str, float | None] = field(default_factory=dict)
    total: dict[str, float | None] = field(default_factory=dict)
    rank_sum: dict[str, float] = field(default_factory=dict)
    evaluator_rank: dict[str, dict[str, float]] = field(default_factory=dict)   # evaluator -> vendor -> rank
    rank: dict[str, int | None] = field(default_factory=dict)
    excluded: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)   # vendor -> [(reason, detail)]
    low_bid: set[str] = field(default_factory=set)
    zeroed_above_reference: set[str] = field(default_factory=set)
    ties: list[dict] = field(default_factory=list)     # {"vendors": [...], "by": [...], "resolved": bool}
    higher_is_better: bool = True
    shortlist: set[str] = field(default_factory=set)   # who goes through to the presentations (the document stage's rule)
    documents_only: bool = False                       # the document stage's ranking: no presentation scored yet

    def decided(self) -> list[str]:
        """What this run decides, sorted: the winners, or at the document stage who goes through."""
        return sorted(self.shortlist if self.documents_only else self.winners())

    def order(self) -> list[str]:
        """Ranked vendor ids, best first."""
        return sorted((v for v, r in self.rank.items() if r is not None), key=lambda v: self.rank[v])

    def winners(self) -> list[str]:
        return [v for v, r in self.rank.items() if r == 1]

    def disqualified(self, vendor: str) -> bool:
        return any(reason in DISQUALIFYING for reason, _ in self.excluded.get(vendor, ()))


def price_rules(rules: Rules, bid: float | None, reference: float | None) -> list[str]:
    """What the published price rules do to `bid`: ABOVE_REFERENCE or LOW_BID (disqualifying), ZEROED
    (price points 0), REVIEW (a low bid to review). The tally and the guide's worked example both ask here."""
    if bid is None or not reference:
        return []
    outcomes = []
    if bid > reference and rules.above_reference == "disqualify":
        outcomes.append(ABOVE_REFERENCE)
    elif bid > reference and rules.above_reference == "zero":
        outcomes.append(ZEROED)
    if rules.low_bid_share is not None and bid < rules.low_bid_share * reference:
        outcomes.append(LOW_BID if rules.low_bid_action == "disqualify" else REVIEW)
    return outcomes


def price_disqualifications(rules: Rules) -> list[str]:
    """The price rules that disqualify a bid (ABOVE_REFERENCE, LOW_BID), asked of `price_rules` with a bid
    above a reference price and one far below it, so the RFP lists a ground exactly when the tally applies
    it. No amount is needed: validation requires a reference price wherever the rules name one, and the
    vendors' view of the project may not hold its amount."""
    probes = (2.0, (rules.low_bid_share or 1) / 2)
    return [o for bid in probes for o in price_rules(rules, bid, 1.0) if o in DISQUALIFYING]


def _mean(values) -> float | None:
    given = [v for v in values if v is not None]
    return sum(given) / len(given) if given else None


def criterion_means(rules: Rules, scores: dict[str, dict[str, float | None]], agreed: dict[str, float],
                    evaluators: list[str]) -> dict[str, float | None]:
    """Each criterion's score: the agreed score, else the evaluators' mean, rounded as the rules publish."""
    return {cid: agreed[cid] if cid in agreed else rules.rounding("score", _mean(by.get(e) for e in evaluators))
            for cid, by in scores.items()}


def _points(weights: dict[str, float], scores: dict[str, float | None], smax: int) -> float:
    return sum(w * (scores.get(cid) or 0.0) / smax for cid, w in weights.items())


def price_part(scheme: Scheme, rules: Rules, formula: str, quality: dict[str, float], prices: dict[str, float | None],
               zeroed: set[str]) -> tuple[dict, dict, dict]:
    """(price score, total, note) per vendor under `formula`, rounded as published: for the vendors still
    in, as the tally and the guide's worked example give them."""
    evaluation = dict(scheme.evaluation, price=dict(scheme.evaluation["price"], formula=formula))
    outcome = price_formulas.score(evaluation, quality, prices, rules.rounding)
    qp = float(evaluation.get("quality_points", 70))
    additive = price_formulas.gives_price_points(formula)
    price_score, total, note = {}, {}, {}
    for vendor, result in outcome.items():
        note[vendor] = result.note
        points = result.price_score
        if vendor in zeroed and additive and points is not None:
            points = 0.0
        points = rules.rounding("price_score", points) if additive else points
        price_score[vendor] = points
        if result.total is None:
            total[vendor] = None
        elif additive:
            total[vendor] = rules.rounding("total", rules.rounding("quality_points", quality[vendor] * qp / 100) + points)
        else:
            total[vendor] = rules.rounding("total", result.total)
    return price_score, total, note


def _split_ranks(keys: dict[str, float]) -> dict[str, float]:
    """Ranks by key, best (smallest) first; equal keys share the mean of the ranks they span."""
    ordered = sorted(keys, key=lambda v: keys[v])
    ranks, i = {}, 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and math.isclose(keys[ordered[j + 1]], keys[ordered[i]], abs_tol=1e-9):
            j += 1
        for v in ordered[i:j + 1]:
            ranks[v] = (i + 1 + j + 1) / 2
        i = j + 1
    return ranks


def standing(scheme: Scheme, rules: Rules, vendors: list[Tallied], *, weights: dict[str, float] | None = None,
             evaluators: list[str] | None = None, documents_only: bool = False, known_means: dict | None = None) -> Standing:
    """The ranking under `rules`; `documents_only`: the document stage alone, before any presentation is
    scored: the vendors ranked by their document figure and the shortlist drawn, no presentation points.
    `known_means`: the criterion means of runs with the same evaluators and rules, by vendor and stage, kept there
    as they are worked out (the robustness runs change only the weights, some four hundred times)."""

    def criterion_means_of(vendor: Tallied, stage: str, scores: dict) -> dict[str, float | None]:
        if known_means is None:
            return criterion_means(rules, scores, vendor.agreed, evaluators)
        key = (vendor.id, stage)
        if key not in known_means:
            known_means[key] = criterion_means(rules, scores, vendor.agreed, evaluators)
        return known_means[key]

    smax = scheme.scale_max
    formula = scheme.evaluation["price"]["formula"]
    weights = weights if weights is not None else {c["id"]: float(c["weight"]) for c in scheme.weighted()}
    everyone = sorted({e for v in vendors for by in v.scores.values() for e in by})
    evaluators = evaluators if evaluators is not None else everyone
    document_higher = price_formulas.higher_is_better(formula)
    # the ranked figure's sense: presentation points (the more the better) once presentations follow
    documents_only = documents_only and rules.presentation is not None
    out = Standing(formula, higher_is_better=document_higher or (rules.presentation is not None and not documents_only),
                   documents_only=documents_only)
    reference = scheme.evaluation["price"].get("reference_price")

    for vendor in vendors:
        means = criterion_means_of(vendor, "documents", vendor.scores)
        out.criterion_mean[vendor.id] = means
        out.quality[vendor.id] = rules.rounding("quality", _points(weights, means, smax))
        reasons = out.excluded.setdefault(vendor.id, [])
        if vendor.failed_gates:
            reasons.append((GATE, ", ".join(vendor.failed_gates)))
        if rules.minimum_quality is not None and out.quality[vendor.id] < rules.minimum_quality - 1e-9:
            reasons.append((BELOW_MINIMUM, None))
        for cid, minimum in rules.minimum_criteria.items():
            if cid in weights and (means.get(cid) or 0.0) < minimum - 1e-9:
                reasons.append((BELOW_CRITERION_MINIMUM, cid))
        for outcome in price_rules(rules, vendor.price, reference):
            if outcome in DISQUALIFYING:
                reasons.append((outcome, None))
            elif outcome == ZEROED:
                out.zeroed_above_reference.add(vendor.id)
            else:
                out.low_bid.add(vendor.id)

    eligible = [v for v in vendors if not out.excluded[v.id]]
    prices = {v.id: v.price for v in eligible}
    scores, totals, notes = price_part(scheme, rules, formula, {v.id: out.quality[v.id] for v in eligible},
                                        prices, out.zeroed_above_reference)
    for vendor in vendors:
        out.price_score[vendor.id] = scores.get(vendor.id)
        out.document_total[vendor.id] = totals.get(vendor.id)
        if notes.get(vendor.id) in (NO_PRICE, ZERO_QUALITY):
            out.excluded[vendor.id].append((notes[vendor.id], None))
    ranked = [v for v in vendors if not out.excluded[v.id]]
    sign = -1.0 if document_higher else 1.0

    if rules.aggregation == "rank_sum":
        for evaluator in evaluators:
            own = {v.id: rules.rounding("quality", _points(
                weights, {cid: v.agreed.get(cid, by.get(evaluator)) for cid, by in v.scores.items()}, smax))
                for v in ranked}
            _, own_totals, _ = price_part(scheme, rules, formula, own, {v.id: v.price for v in ranked},
                                           out.zeroed_above_reference)
            out.evaluator_rank[evaluator] = _split_ranks({v: sign * t for v, t in own_totals.items() if t is not None})
        for vendor in ranked:
            out.rank_sum[vendor.id] = sum(r.get(vendor.id, 0.0) for r in out.evaluator_rank.values())
        primary = {v.id: out.rank_sum[v.id] for v in ranked}
    else:
        primary = {v.id: sign * out.document_total[v.id] for v in ranked}

    stage = rules.presentation
    for vendor in vendors:
        out.total[vendor.id] = out.document_total[vendor.id]
    if stage:
        document_order = sorted(primary, key=lambda v: primary[v])
        if stage.top is not None:
            cut = primary[document_order[stage.top - 1]] if len(document_order) >= stage.top else math.inf
            through = {v for v in document_order if primary[v] <= cut + 1e-9}   # a tie at the cut goes through
        else:
            through = {v for v in document_order
                       if rules.aggregation != "rank_sum" and sign * primary[v] >= stage.min_total - 1e-9}
        out.shortlist = through
    if stage and not documents_only:
        pres_weights = {c["id"]: float(c["weight"]) for c in stage.criteria}
        for vendor in ranked:
            if vendor.id not in through:
                out.excluded[vendor.id].append((NOT_ADVANCED, None))
                continue
            means = criterion_means_of(vendor, "presentation", vendor.presentation)
            points = rules.rounding("quality", _points(pres_weights, means, smax) * stage.points / 100)
            out.presentation_points[vendor.id] = points
            if stage.combine == "technical" and formula == "jp_division":
                # the presentation points join the quality points; both are divided by the price
                quality_points = rules.rounding("quality_points", out.quality[vendor.id] * float(scheme.evaluation.get("quality_points", 70)) / 100)
                base = float(scheme.evaluation["price"].get("base_points", 100))
                out.total[vendor.id] = rules.rounding("total", (base + quality_points + points) / vendor.price * price_formulas.DIVISION_UNIT)
            else:   # added to the quality points or to the document-stage total: the same sum where the price gives points
                document = out.document_total[vendor.id] if stage.added() else 0.0
                out.total[vendor.id] = rules.rounding("total", document + points)
        ranked = [v for v in ranked if v.id in through]
        primary = {v.id: -out.total[v.id] for v in ranked}

    # the document stage breaks no tie: the published tie-break is for the final score
    _assign_ranks(out, () if documents_only else rules.tie_break, ranked, primary)
    return out


def _assign_ranks(out: Standing, tie_break: tuple[dict, ...], ranked: list[Tallied], primary: dict[str, float]) -> None:
    """Ranks by `primary`, equal ones ordered by the `tie_break` steps; each group of equal `primary`
    recorded in `out.ties` with the steps that ordered it."""
    by_id = {v.id: v for v in ranked}

    def step_key(vendor: Tallied, step: dict):
        if step["by"] == "quality":
            return -out.quality[vendor.id]
        if step["by"] == "price":
            return vendor.price if vendor.price is not None else math.inf
        if step["by"] == "criterion":
            return -(out.criterion_mean[vendor.id].get(step["criterion"]) or 0.0)
        return vendor.lot if vendor.lot is not None else math.inf   # lots not drawn yet: still tied

    def full_key(vid: str):
        """The total (or rank sum), then each tie-break step in order; smaller is better throughout."""
        steps = (step_key(by_id[vid], s) for s in tie_break)
        return (round(primary[vid], 9),) + tuple(k if k == math.inf else round(k, 9) for k in steps)

    ordered = sorted(primary, key=full_key)
    rank, previous = 0, None
    for position, vid in enumerate(ordered, start=1):
        key = full_key(vid)
        if key != previous:
            rank, previous = position, key
        out.rank[vid] = rank
    for vendor in out.excluded:
        out.rank.setdefault(vendor, None)
    groups: dict[float, list[str]] = {}
    for vid in ordered:
        groups.setdefault(round(primary[vid], 9), []).append(vid)
    for group in groups.values():
        if len(group) < 2:
            continue
        used, resolved = [], True
        for a, b in zip(group, group[1:]):
            ka, kb = full_key(a)[1:], full_key(b)[1:]
            differing = next((i for i, (x, y) in enumerate(zip(ka, kb)) if x != y), None)
            if differing is None:
                resolved = False
            elif tie_break[differing] not in used:
                used.append(tie_break[differing])
        lots_pending = any(s["by"] == "lots" for s in tie_break) and not resolved
        out.ties.append({"vendors": group, "by": used, "resolved": resolved, "lots_pending": lots_pending})
