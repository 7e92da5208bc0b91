"""The budget check of the decision memo: each proposed price against the amount the client can pay.

The limit is the reference price (予定価格) when the evaluation sets one, since the price points and
the award rules are computed against it; otherwise the budget of the pricing section (whether the
RFP discloses it or not: the memo is internal). A price above the limit is flagged with the amount
and the share over; a project with neither has no check, and the memo says so.
"""
from __future__ import annotations

from dataclasses import dataclass

REFERENCE_PRICE, BUDGET = "reference_price", "budget"


@dataclass(frozen=True)
class BudgetLine:
    vendor_id: str
    price: float | None
    over: float | None          # amount above the limit; None when within it or without a price


@dataclass(frozen=True)
class BudgetCheck:
    basis: str | None           # reference_price | budget | None (no limit set)
    limit: float | None
    period: str                 # what the limit covers, as the project states it ('' when not stated)
    currency: str
    lines: list[BudgetLine]

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
    lines = []
    for vendor in result.vendors:
        price = _amount(vendor.price)
        over = price - limit if price is not None and limit is not None and price > limit else None
        lines.append(BudgetLine(vendor.id, price, over))
    return BudgetCheck(basis, limit, period, pricing.get("currency", "JPY"), lines)
