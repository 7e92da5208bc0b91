"""The rate structure of each pricing model: the one definition the RFP's price section, the
response form, the price workbook and the cost normalisation all use.

A rate structure is a list of rate lines. A line is priced per program and/or per contract year,
and its quantity under the client's forecast is fixed here, so every offer, whatever its model,
is priced on the same volumes:

- per_production_hour  rate per production (logged-in) hour = FTE x paid hours x (1 - shrinkage)
- per_fte              rate per FTE-month of the vendor's staffing plan
- per_minute           rate per handled minute = contacts x the client's average handle time
- per_contact          rate per contact
- per_outcome          rate per outcome = contacts x the project's outcome share
- fixed_plus_overage   fixed monthly fee covering a band of the forecast, plus a rate per contact above it
- hybrid               fixed monthly management fee plus a rate per production hour

Hour- and FTE-based quantities come from the vendor's own staffing plan, volume-based ones from
the client's forecast. At a volume band (e.g. +20%) contacts, and the vendor's staffing with
them, are scaled by the band's factor; fixed fees stay as they are.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..project import Project
from ..text import CURRENCY_SIGNS, clean, signed
from ..words import tr

MODELS = ("per_production_hour", "per_fte", "per_minute", "per_contact", "per_outcome", "fixed_plus_overage", "hybrid")
DEFAULT_BANDS_PCT = (-20, 20)  # lower and upper volume band; a band of 0 is the forecast itself
DEFAULT_LOW_BID_PCT = 60
DEFAULT_INCLUDED_PCT = 100
DEFAULT_OUTCOME_PCT = 100
DEFAULT_DISQUALIFY = ("must_cannot", "must_unanswered")
DEFAULT_PAID_HOURS = 160  # the staffing model's default paid hours per FTE and month


@dataclass(frozen=True)
class RateLine:
    """One priced line of a rate structure."""

    key: str           # hour, fte_month, minute, contact, outcome, fixed_month, overage_contact, management_month
    per_program: bool  # one rate per program
    ja: str
    en: str
    unit_ja: str       # completed with the currency: "{money}／時間"
    unit_en: str

    def name(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    def unit(self, lang: str, currency: str) -> str:
        if lang == "ja":
            money = "円" if currency == "JPY" else currency
        else:
            money = CURRENCY_SIGNS.get(currency, currency)
        return (self.unit_ja if lang == "ja" else self.unit_en).format(money=money)


LINES = {
    "hour": RateLine("hour", True, "生産時間単価", "Rate per production hour", "{money}／時間", "{money} per production hour"),
    "fte_month": RateLine("fte_month", True, "FTE単価（月額）", "Rate per FTE-month", "{money}／FTE・月", "{money} per FTE-month"),
    "minute": RateLine("minute", True, "処理分数単価", "Rate per handled minute", "{money}／分", "{money} per minute"),
    "contact": RateLine("contact", True, "応対件数単価", "Rate per contact", "{money}／件", "{money} per contact"),
    "outcome": RateLine("outcome", True, "成果単価", "Rate per outcome", "{money}／成果1件", "{money} per outcome"),
    "fixed_month": RateLine("fixed_month", True, "固定月額（基準業務量まで）", "Fixed monthly fee (up to the included volume)",
                            "{money}／月", "{money} per month"),
    "overage_contact": RateLine("overage_contact", True, "超過単価（基準業務量を超える1件あたり）",
                                "Overage rate per contact above the included volume", "{money}／件", "{money} per contact"),
    "management_month": RateLine("management_month", False, "管理費（月額）", "Management fee (monthly)",
                                 "{money}／月", "{money} per month"),
}

STRUCTURES = {
    "per_production_hour": ("hour",),
    "per_fte": ("fte_month",),
    "per_minute": ("minute",),
    "per_contact": ("contact",),
    "per_outcome": ("outcome",),
    "fixed_plus_overage": ("fixed_month", "overage_contact"),
    "hybrid": ("management_month", "hour"),
}
STAFFING_BASED = {"hour", "fte_month"}  # quantities taken from the vendor's staffing plan
COUNTED = {"contact", "outcome", "overage_contact", "fixed_month", "management_month"}  # contacts or months: shown whole


def lines(model: str) -> list[RateLine]:
    return [LINES[key] for key in STRUCTURES[model]]


# ------------------------------------------------------------------ the project's settings

@dataclass(frozen=True)
class Settings:
    """What the project decides about the response form and its analysis (pricing.response_form)."""

    models: tuple[str, ...]        # the project's model first, then the alternatives vendors may offer
    currency: str
    term_months: int
    tax_basis: str                 # excluded / included
    validity_days: int
    bands_pct: tuple[float, ...]
    low_bid_pct: float
    included_pct: float            # fixed_plus_overage: the fixed fee covers this share of each month's forecast
    outcome_pct: float             # per_outcome: outcomes per 100 contacts
    outcome_definition: str        # per_outcome: what counts as an outcome, as the RFP states it
    disqualify: tuple[str, ...]
    paid_hours: float              # paid hours per FTE and month (people.paid_hours_per_fte_month)


MUST_FINDINGS = {"must_cannot": ("「対応不可」", "answered “Cannot”"), "must_unanswered": ("「未回答」", "left unanswered"),
                 "must_without_page": ("「該当ページなし」", "without a page reference")}


def must_findings(kinds, lang: str) -> str:
    """The response form's findings on a must requirement, as one phrase: 「対応不可」「未回答」 / answered “Cannot” or left unanswered."""
    if lang == "ja":
        return "".join(MUST_FINDINGS[k][0] for k in kinds)
    words = [MUST_FINDINGS[k][1] for k in kinds]
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def must_disqualification(project: Project) -> str:
    """The ground for disqualification the screening applies (`disqualify_on`): the one sentence the RFP
    lists and the guide's screening rule states; empty when no finding disqualifies."""
    out = [kind for kind in MUST_FINDINGS if kind in settings(project).disqualify]
    if not out:
        return ""
    return tr(project.lang, f"必須要件に対する回答が{must_findings(out, 'ja')}であった場合",
              f"A must requirement is {must_findings(out, 'en')} on the response form.")


def low_bid_pct(project: Project) -> float:
    """The low-price threshold in % of the reference price: the evaluation rules' published share when they
    set one (the RFP states it, so the response analysis and the guide use the same figure), else the
    response form's percentage, else the default."""
    share = (((project.data.get("evaluation") or {}).get("rules") or {}).get("low_bid") or {}).get("share")
    if share is not None:
        return float(share) * 100
    return float((project.section("pricing").get("response_form") or {}).get("low_bid_threshold_pct", DEFAULT_LOW_BID_PCT))


def settings(project: Project) -> Settings:
    pricing = project.section("pricing")
    form = pricing.get("response_form") or {}
    model = pricing.get("model", "per_production_hour")
    models = tuple(dict.fromkeys([model, *(form.get("alternative_models") or [])]))
    months = len(forecast_months(project))
    return Settings(
        models=models, currency=pricing.get("currency", "JPY"),
        term_months=int(pricing.get("contract_term_months") or months or 12),
        tax_basis=form.get("tax_basis", "excluded"), validity_days=project.offer_validity_days(),
        bands_pct=tuple(b for b in (float(form.get("volume_band_low_pct", DEFAULT_BANDS_PCT[0])),
                                    float(form.get("volume_band_high_pct", DEFAULT_BANDS_PCT[1]))) if b != 0),
        low_bid_pct=low_bid_pct(project),
        included_pct=float(form.get("included_volume_pct", DEFAULT_INCLUDED_PCT)),
        outcome_pct=float(form.get("outcome_share_pct", DEFAULT_OUTCOME_PCT)),
        outcome_definition=clean(form.get("outcome_definition")).strip(),
        disqualify=tuple(form.get("disqualify_on", DEFAULT_DISQUALIFY)),
        paid_hours=float(project.section("people").get("paid_hours_per_fte_month", DEFAULT_PAID_HOURS)))


def outcome_terms(project: Project) -> str:
    """What counts as an outcome and how many the price comparison counts, when vendors may price per
    outcome: a rate per outcome cannot be priced without it. Empty otherwise."""
    s = settings(project)
    if "per_outcome" not in s.models or not s.outcome_definition:
        return ""
    return tr(project.lang, f"{s.outcome_definition.rstrip('。')}。価格の比較では、応対100件あたり{s.outcome_pct:g}件を成果とみなす。",
              f"{s.outcome_definition.rstrip('.')}. The price comparison counts {s.outcome_pct:g} outcomes per 100 contacts.")


def priced_programs(project: Project) -> list[dict]:
    """The programs an offer prices and staffs: those with a forecast."""
    return [p for p in project.section("work_definition").get("programs") or [] if p.get("volumes")]


def forecast_months(project: Project) -> list[str]:
    return sorted({v["month"] for p in priced_programs(project) for v in p["volumes"]})


def short_forecast(project: Project, term_months: int) -> bool:
    """A forecast of less than a year that the term repeats (month_counts): the counts per contract
    year then differ from the calendar's, which the form says beside them."""
    months = len(forecast_months(project))
    return 0 < months < 12 and term_months > months


def contract_years(term_months: int) -> int:
    return -(-term_months // 12)


def month_counts(project: Project, term_months: int) -> list[dict[str, int]]:
    """Per contract year, how many term months fall on each forecast month.

    The client's forecast covers a span of months (usually a year); the term is costed by
    repeating it month by month: term month k uses forecast month k modulo the forecast's length."""
    months = forecast_months(project)
    counts = [dict.fromkeys(months, 0) for _ in range(contract_years(term_months))]
    for k in range(term_months if months else 0):
        counts[k // 12][months[k % len(months)]] += 1
    return counts


def month_quantity(key: str, project: Project, program: dict | None, volumes: dict, staffing: dict | None, month: str,
                   factor: float, s: Settings) -> float:
    """One month's quantity of a rate line: the definition the analysis counts and the form's formulas
    repeat. `staffing`: the vendor's plan per program (FTE per month, shrinkage), for hour and FTE lines."""
    if key in ("fixed_month", "management_month"):
        return 1.0
    if key in STAFFING_BASED:
        plan = staffing[program["id"]]
        return staffed_quantity(key, plan.fte[month] * factor, plan.shrinkage_pct, s)
    contacts = volumes.get(month, 0) * factor
    if key == "contact":
        return contacts
    if key == "minute":
        return contacts * (client_aht(program, project) or 0) / 60
    if key == "outcome":
        return contacts * s.outcome_pct / 100
    if key == "overage_contact":
        return max(0.0, contacts - volumes.get(month, 0) * s.included_pct / 100)
    raise ValueError(f"unknown rate line {key!r}")


def staffed_quantity(key: str, fte: float, shrinkage_pct: float, s: Settings) -> float:
    """A month's quantity of a staffing-based line for `fte`: the FTE itself, or the production hours it
    is billed for, FTE × paid hours × (1 − shrinkage)."""
    return fte if key == "fte_month" else fte * s.paid_hours * (1 - shrinkage_pct / 100)


BUDGET_LINE = {"per_production_hour": "hour", "per_fte": "fte_month", "per_minute": "minute", "per_contact": "contact",
               "per_outcome": "outcome", "fixed_plus_overage": "fixed_month", "hybrid": "hour"}  # the line the budget is turned into


def estimate_quantity(project: Project, key: str, fte: dict[str, float], shrinkage_pct: float) -> float:
    """The term's quantity of a rate line under the client's own estimate (`fte` per forecast month, all
    programs) and forecast, counted as offers are counted (month_quantity over month_counts): what the
    budget is divided by to give the rate it allows."""
    s = settings(project)
    programs = priced_programs(project)
    total = 0.0
    for counts in month_counts(project, s.term_months):
        for month, times in counts.items():
            if key in STAFFING_BASED:
                total += times * staffed_quantity(key, fte.get(month, 0.0), shrinkage_pct, s)
            elif key in ("fixed_month", "management_month"):
                total += times  # a month of the budget pays every program's fee
            else:
                total += times * sum(month_quantity(key, project, p, {v["month"]: v["contacts"] for v in p["volumes"]},
                                                    None, month, 1.0, s) for p in programs)
    return total


def client_aht(program: dict, project: Project) -> float | None:
    """The client's average handle time of a program in seconds (share-weighted over its call reasons),
    to 0.1 s as the form shows it, so the per-minute quantity is the same in the form and in rfpgen."""
    from ..staffing import weighted_aht

    aht = weighted_aht(program, project.section("operations").get("kpis") or {})
    return None if aht is None else round(aht, 1)


def quantity_basis(line: RateLine, lang: str, s: Settings) -> str:
    """How the quantity a rate is multiplied by is counted, in the words the RFP, form and workbook share."""
    paid = f"{s.paid_hours:g}"
    words = {
        "hour": (f"要員計画のFTE × 月間所定労働時間{paid}時間 ×（1 − シュリンケージ）",
                 f"FTE of the bidder's staffing plan × {paid} paid hours a month × (1 − shrinkage)"),
        "fte_month": ("要員計画のFTE（月ごと）", "FTE of the bidder's staffing plan, month by month"),
        "minute": ("委託元の予測の応対件数 × 委託元が想定する平均処理時間", "the client's forecast contacts × the client's average handle time"),
        "contact": ("委託元の予測の応対件数", "the client's forecast contacts"),
        "outcome": (f"委託元の予測の応対件数 × 成果率{s.outcome_pct:g}%", f"the client's forecast contacts × an outcome share of {s.outcome_pct:g}%"),
        "fixed_month": (f"月数（基準業務量＝各月の委託元の予測の{s.included_pct:g}%）",
                        f"months (included volume = {s.included_pct:g}% of each month's forecast)"),
        "overage_contact": (f"各月の委託元の予測の{s.included_pct:g}%を超える応対件数",
                            f"contacts above {s.included_pct:g}% of each month's forecast"),
        "management_month": ("月数", "months"),
    }[line.key]
    return tr(lang, *words)


def structure_rows(project: Project, lang: str | None = None) -> list[list[str]]:
    """The rate structure of every offered model as rows: model, rate line, unit, priced per, quantity.

    The RFP's price section and the price workbook print these rows; the response form asks for
    exactly these rates (a test holds the three together)."""
    from ..words import enum

    lang = lang or project.lang
    s = settings(project)
    years = contract_years(s.term_months)
    rows = []
    for model in s.models:
        for line in lines(model):
            per = tr(lang, ("窓口ごと・" if line.per_program else "") + f"契約年度ごと（{years}年度）",
                     ("per program, " if line.per_program else "") + f"per contract year ({years})")
            rows.append([enum("pricing_model", model, lang), line.name(lang), line.unit(lang, s.currency), per,
                         quantity_basis(line, lang, s)])
    return rows


def band_label(pct: float) -> str:
    """A volume band as documents print it, signed with a true minus: −20%, +20%."""
    return signed(pct, unit="%")


def bands_text(bands_pct, lang: str) -> str:
    """The volume bands in a sentence: −20%・+20% in Japanese, −20% and +20% in English."""
    shown = [band_label(b) for b in bands_pct]
    if lang == "ja":
        return "・".join(shown)
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1] if shown else ""
