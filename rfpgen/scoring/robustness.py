"""How solid the ranking is: the same scores re-ranked under changed assumptions.

For a sponsor deciding whether the award can be defended (at the document stage's tally, whether the
shortlist can: "another winner" then reads "others go through to the presentations"):

- for each scored criterion, the smallest change of its weight (the others scaled so the weights
  still add up to 100) that gives another winner, found by stepping outwards and bisecting;
- the ranking with each evaluator left out (consensus scores stay: they are the committee's);
- the ranking without the unstated-needs criterion (its weight shared out over the others).

Every run is rfpgen.scoring.ranking.standing with the project's own rules and its one published price
formula, so a row differs from the published ranking only by the one assumption it names.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Scheme
from .ranking import standing

STEP = 2.0           # weight points per step while looking for a flip; a total is linear in one weight,
BISECTIONS = 24      # so a flip and a flip back within one step would need three vendors crossing at once


@dataclass(frozen=True)
class WeightFlip:
    criterion: str
    weight: float
    change: float | None        # signed change of the weight that first gives another winner; None: none in 0..100
    winner: list[str]           # the winner(s) just past that change (at it exactly, the vendors may tie)


@dataclass(frozen=True)
class Variant:
    kind: str                   # without_evaluator | without_unstated
    subject: str                # the evaluator id, or the criterion id
    order: list[str]            # ranked vendor ids, best first
    ranks: dict[str, int | None]
    changed: bool               # the winner (at the document stage, who goes through) differs from the published one
    decided: tuple[str, ...] = ()  # the winner(s), or at the document stage who goes through, in this variant


@dataclass(frozen=True)
class Robustness:
    winner: list[str]           # the winner(s), or at the document stage who goes through
    flips: list[WeightFlip]
    variants: list[Variant]

    @property
    def smallest_flip(self) -> WeightFlip | None:
        """The smallest weight change that gives another winner."""
        found = [f for f in self.flips if f.change is not None and f.winner]
        return min(found, key=lambda f: abs(f.change)) if found else None

    @property
    def smallest_emptying(self) -> WeightFlip | None:
        """The smallest weight change that leaves no vendor ranked (no other winner: said apart)."""
        found = [f for f in self.flips if f.change is not None and not f.winner]
        return min(found, key=lambda f: abs(f.change)) if found else None


def shifted(weights: dict[str, float], criterion: str, change: float) -> dict[str, float]:
    """`criterion`'s weight changed by `change`, the others scaled so the total stays the same."""
    total = sum(weights.values())
    rest = total - weights[criterion]
    new = weights[criterion] + change
    scale = (total - new) / rest if rest else 0.0
    return {cid: new if cid == criterion else w * scale for cid, w in weights.items()}


def _winners(scheme, rules, tallied, evaluators, **kw) -> list[str]:
    return standing(scheme, rules, tallied, evaluators=evaluators, **kw).decided()


def _flip(scheme, rules, tallied, evaluators, weights, criterion, baseline, stage: dict) -> WeightFlip:
    total = sum(weights.values())
    best: tuple[float, list[str]] | None = None
    for direction in (1.0, -1.0):
        limit = (total - weights[criterion]) if direction > 0 else weights[criterion]
        previous, k = 0.0, 1
        while k * STEP <= limit + 1e-9:
            change = direction * k * STEP
            if best is not None and abs(change) >= abs(best[0]) + STEP:
                break
            winner = _winners(scheme, rules, tallied, evaluators, weights=shifted(weights, criterion, change), **stage)
            if winner != baseline:
                low, high = previous, change          # the flip lies between these two changes
                for _ in range(BISECTIONS):
                    middle = (low + high) / 2
                    if _winners(scheme, rules, tallied, evaluators, weights=shifted(weights, criterion, middle), **stage) != baseline:
                        high = middle
                    else:
                        low = middle
                beyond = high + direction * min(0.01, max(0.0, limit - abs(high)))   # past an exact tie
                found = (round(high, 2), _winners(scheme, rules, tallied, evaluators,
                                                  weights=shifted(weights, criterion, beyond), **stage))
                if best is None or abs(found[0]) < abs(best[0]):
                    best = found
                break
            previous, k = change, k + 1
    return WeightFlip(criterion, weights[criterion], best[0] if best else None, best[1] if best else [])


def robustness(result) -> Robustness:
    """The robustness of `result` (computed once per result: the memo and the workbook share it)."""
    cached = result.__dict__.get("_robustness")
    if cached is None:
        cached = result.__dict__["_robustness"] = _robustness(result)
    return cached


def _robustness(result) -> Robustness:
    scheme = Scheme(result.project)
    rules, tallied, evaluators = result.rules, result.tallied, result.evaluators
    stage = {"documents_only": result.document_stage}
    # the baseline and the weight flips rank the whole panel's scores: their criterion means worked out once
    whole_panel = dict(stage, known_means={})
    baseline = standing(scheme, rules, tallied, evaluators=evaluators, **whole_panel).decided()
    weights = {c["id"]: float(c["weight"]) for c in scheme.weighted()}
    flips = [_flip(scheme, rules, tallied, evaluators, weights, cid, baseline, whole_panel)
             for cid, w in weights.items() if 0 < sum(weights.values()) - w]

    def variant(kind, subject, **kw) -> Variant:
        run = standing(scheme, rules, tallied, **kw, **stage)
        decided = run.decided()
        return Variant(kind, subject, run.order(), dict(run.rank), decided != baseline, tuple(decided))

    variants = []
    if len(evaluators) > 1:
        for evaluator in evaluators:
            variants.append(variant("without_evaluator", evaluator, evaluators=[e for e in evaluators if e != evaluator]))
    unstated = scheme.unstated()
    if unstated and unstated["id"] in weights and len(weights) > 1:
        rest = {cid: w for cid, w in weights.items() if cid != unstated["id"]}
        scale = 100.0 / sum(rest.values()) if sum(rest.values()) else 0.0
        variants.append(variant("without_unstated", unstated["id"], evaluators=evaluators,
                                weights={cid: w * scale for cid, w in rest.items()}))
    return Robustness(baseline, flips, variants)
