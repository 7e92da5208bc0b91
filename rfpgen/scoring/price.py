"""Price scoring formulas (docs/domain.md), shared by scoring and the evaluator guide's worked example.

Totals:
- relative_to_lowest: price points = max_points × lowest / price; total = Q × quality_points / 100 + price points.
- jp_additive (加算方式): price points = max_points × (1 − price / reference_price), never below 0; total as above.
- jp_division (除算方式): total = (base_points + Q × quality_points / 100) / price × 1,000,000
  (points per million of the currency); price_score is the price itself.
- price_per_quality: total = price / Q (price per quality point), the lowest total wins.
Q is the quality score on 0–100. A missing or non-positive price gets no price score and no total.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..words import say
from ..words.scoring import document_total_key, final_key

DIVISION_UNIT = 1_000_000


@dataclass(frozen=True)
class PriceResult:
    price_score: float | None
    total: float | None
    note: str | None = None  # why a score is missing, in plain words (English key; callers translate)


def higher_is_better(formula: str) -> bool:
    return formula != "price_per_quality"


def gives_price_points(formula: str) -> bool:
    """The price earns points that are added to the quality points (the other formulas divide by the
    price: no price points, and no total that is a sum)."""
    return formula in ("relative_to_lowest", "jp_additive")


def unbounded_by_quality(formula: str) -> bool:
    """Price can outweigh quality without bound: the formulas that divide by the price (value per unit of
    money) instead of adding capped price points, so a low enough price beats any quality score."""
    return not gives_price_points(formula)


def ranking_figure(formula: str, staged: bool, lang: str) -> str:
    """The name of the figure vendors are ranked by under the project's rule (総合評価点, 評価値, 品質スコア1点
    あたりの価格, 最終評価点 after presentations): the one name headings, the glossary and the memo use."""
    return say(final_key(formula, staged), lang)


def priced_figure(evaluation: dict, lang: str) -> str:
    """The figure a project's price enters: its price points where the formula gives them, else the
    figure the price divides or is divided into (評価値, price per quality point)."""
    formula = evaluation["price"]["formula"]
    if gives_price_points(formula):
        return say("score.price_score", lang)
    return say(document_total_key(formula, bool((evaluation.get("rules") or {}).get("presentation"))), lang)


def computed_figures(evaluation: dict, lang: str) -> str:
    """What the tally computes from the prices, in words: 価格点と総合評価点 (price points and total
    score) where the price earns points, else the one figure the price divides or is divided into
    (評価値, price per quality point): what a vendor without a price goes without."""
    names = [priced_figure(evaluation, lang)]
    if gives_price_points(evaluation["price"]["formula"]):
        staged = bool((evaluation.get("rules") or {}).get("presentation"))
        names.append(say(document_total_key(evaluation["price"]["formula"], staged), lang))
    if lang == "ja":
        return "と".join(names)
    return " and ".join(name[0].lower() + name[1:] for name in names)


def rule_heading(evaluation: dict, lang: str) -> str:
    """The heading of the published scoring rule of a project's `evaluation`, named after the figure it
    ranks by (評価値の算定方法, How the price per quality point is computed): never "total" when no sum
    decides."""
    staged = bool((evaluation.get("rules") or {}).get("presentation"))
    name = ranking_figure(evaluation["price"]["formula"], staged, lang)
    return f"{name}の算定方法" if lang == "ja" else f"How the {name[0].lower() + name[1:]} is computed"


def score(evaluation: dict, quality: dict[str, float], prices: dict[str, float | None],
          published=lambda figure, value: value) -> dict[str, PriceResult]:
    """Price score and total per vendor id; quality is Q on 0–100 per vendor. `published(figure, value)`
    rounds the quality points as the rules publish (rfpgen.scoring.rules.Rounding) before they enter a total."""
    price = evaluation["price"]
    formula = price["formula"]
    max_points = float(price.get("max_points", 30))
    quality_points = float(evaluation.get("quality_points", 70))
    valid = {v: p for v, p in prices.items() if isinstance(p, (int, float)) and not isinstance(p, bool) and p > 0}
    lowest = min(valid.values()) if valid else None
    results = {}
    for vendor, q in quality.items():
        bid = valid.get(vendor)
        if bid is None:
            results[vendor] = PriceResult(None, None, "no_price")
            continue
        quality_part = published("quality_points", q * quality_points / 100)
        if formula == "relative_to_lowest":
            points = max_points * lowest / bid
            results[vendor] = PriceResult(points, quality_part + points)
        elif formula == "jp_additive":
            points = max(0.0, max_points * (1 - bid / float(price["reference_price"])))
            note = "above_reference" if bid > price["reference_price"] else None
            results[vendor] = PriceResult(points, quality_part + points, note)
        elif formula == "jp_division":
            base = float(price.get("base_points", 100))
            results[vendor] = PriceResult(float(bid), (base + quality_part) / bid * DIVISION_UNIT)
        elif formula == "price_per_quality":
            if q <= 0:
                results[vendor] = PriceResult(None, None, "zero_quality")
            else:
                results[vendor] = PriceResult(bid / q, bid / q)
        else:
            raise ValueError(f"unknown price formula {formula!r}")
    return results
