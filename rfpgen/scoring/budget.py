"""The budget check of the decision memo: each proposed price against the amount the client can pay.

The limit is the reference price (予定価格) when the evaluation sets one, since the price points and
the award rules are computed against it; otherwise the budget of the pricing section (whether the
RFP discloses it or not: the memo is internal). A price above the limit is flagged with the amount
and the share over; a price below the low-price threshold (the evaluation rules' share of the
reference price, else the response form's share of the limit, as the guide states it) is flagged
with the threshold; a project with neither limit has no check, and the memo says so.
"""
from __future__ import annotations

from dataclasses import dataclass

REFERENCE_PRICE, BUDGET = "reference_price", "budget"


@dataclass(frozen=True)
class BudgetLine:
    vendor_id: str
    price: float | None
    over: float | None          # amount above the limit; None when within it or without a price
    below: float | None = None  # amount below the low-price threshold; None when at or above it


@dataclass(frozen=True)
class BudgetCheck:
    basis: str | None           # reference_price | budget | None (no limit set)
    limit: float | None
    period: str                 # what the limit covers, as the project states it ('' when not stated)
    currency: str
    lines: list[BudgetLine]
    low_share: float | None = None      # the low-price threshold as a share of the limit (0.6)
    low_threshold: float | None = None  # the low-price threshold in money

    def below(self, vendor_id: str) -> float | None:
        found = self.line(vendor_id)
        return found.below if found else None

    def line(self, vendor_id: str) -> BudgetLine | None:
        return next((line for line in self.lines if line.vendor_id == vendor_id), None)

    def over(self, vendor_id: str) -> float | None:
        found = self.line(vendor_id)
        return found.over if found else None

    def percent_over(self, vendor_id: str) -> float | None:
        over = self.over(vendor_id)
        return None if over is None or not self.limit else over / self.limit * 100


def _amount(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    return float(value)


def budget_check(result) -> BudgetCheck:
    """Each vendor's proposed price against the reference price or the budget (see the module)."""
    project = result.project
    pricing = project.section("pricing")
    reference = _amount((project.data.get("evaluation") or {}).get("price", {}).get("reference_price"))
    budget = pricing.get("budget") or {}
    if reference is not None:
        basis, limit, period = REFERENCE_PRICE, reference, ""
    elif _amount(budget.get("amount")) is not None:
        basis, limit, period = BUDGET, _amount(budget.get("amount")), str(budget.get("period") or "")
    else:
        basis, limit, period = None, None, ""
    share = low_share(result.rules, basis, pricing)
    threshold = limit * share if limit is not None and share is not None else None
    lines = []
    for vendor in result.vendors:
        price = _amount(vendor.price)
        over = price - limit if price is not None and limit is not None and price > limit else None
        below = threshold - price if price is not None and threshold is not None and price < threshold else None
        lines.append(BudgetLine(vendor.id, price, over, below))
    return BudgetCheck(basis, limit, period, pricing.get("currency", "JPY"), lines, share, threshold)


def low_share(rules, basis: str | None, pricing: dict) -> float | None:
    """The low-price threshold as a share of the limit: the evaluation rules' (of the reference price),
    else the response form's low-price percentage (of the reference price or the budget), as the RFP
    and the evaluator guide publish them; None when the project sets neither."""
    if basis == REFERENCE_PRICE and getattr(rules, "low_bid_share", None) is not None:
        return float(rules.low_bid_share)
    form = pricing.get("response_form")
    if basis is None or not isinstance(form, dict):
        return None
    from ..responses.rates import DEFAULT_LOW_BID_PCT  # the guide's default when the form sets none

    pct = _amount(form.get("low_bid_threshold_pct", DEFAULT_LOW_BID_PCT))
    return pct / 100 if pct is not None else None
