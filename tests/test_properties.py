"""Property tests (issue 8): on any valid project file, nothing is lost, nothing leaks, numbers hold.

A hypothesis strategy draws whole VALID project files (both languages; arbitrary Unicode in every
text field: XML specials, control characters, emoji, right-to-left text, combining marks, template
look-alikes such as `{{ x }}`, texts up to 10,000 characters; empty or missing optional sections;
requirements spread over every part with some withheld; vendors, evaluators, weights adding up to
100, consistent shares and profiles, an ordered schedule). For each example:

- every document builds in memory, opens with python-docx and every XML part parses strictly;
- every string of the project file, after the documented normalisation `clean()`, is in the
  requirements definition;
- nothing withheld appears anywhere in the RFP file, checked on the raw XML of every part,
  independently of rfpgen/leaks.py;
- the RFP numbers its requirements R-001, R-002 … without a gap;
- `dump` then the loader gives back exactly the same data (types included);
- filled scoring sheets, read back by `tally`, reproduce scores computed here independently.

Keeping the leak property meaningful: withheld texts (text, look_for, rationale) interleave their
characters with letters of the Georgian alphabet (WITHHELD_ALPHABET) and every other string is
drawn without them (nor anything NFKC folds into them), so a disclosed text can never quote a
withheld one by chance, and "no Georgian letter anywhere in the RFP's XML" is an exact test.
Withheld requirement ids have their own shape (WH…X<n>).

Template tags: user text may contain `{{`, `}}`, `{%`, `%}` on purpose. The leftover-tag check
therefore removes every user string from the document text first and only then looks for tags: a
tag left in the *template's* own text is still caught, the user's braces are content.

Profiles (environment variable RFPGEN_HYPOTHESIS_PROFILE): `ci` (default) keeps requirement counts
and text lengths moderate so the module runs in about three minutes on two cores (the longest file of the suite); `nightly` runs many
more examples with full sizes (0–500 requirements, 20 vendors, 10 evaluators, 10,000-character texts):

    RFPGEN_HYPOTHESIS_PROFILE=nightly .venv/bin/python -m pytest tests/test_properties.py -q
"""
from __future__ import annotations

import html
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from lxml import etree

from docx_reading import full_text, holds, opens, paragraphs, shown, strict_parse_all, user_strings, without_typed, xml_parts
from rfpgen.buildable import is_blank
from rfpgen.documents.build import render_documents
from rfpgen.text import clean
from rfpgen.errors import WithheldTextLeaked
from rfpgen.project import PARTS
from rfpgen.resources import load_schema
from rfpgen.validation import SCHEDULE_ORDER, project_from_data
from rfpgen.yamlio import dump, parse

pytestmark = pytest.mark.slow

# ------------------------------------------------------------------ profiles


@dataclass(frozen=True)
class Sizes:
    max_requirements: int   # per project, spread over the parts
    max_text: int           # ordinary drawn texts
    long_text: int          # the occasional long text (fields that allow it)
    max_vendors: int
    max_evaluators: int
    documents: int          # examples for the document property
    round_trips: int        # examples for the YAML round trips
    scoring: int            # examples for the scoring round trip


PROFILES = {
    "ci": Sizes(max_requirements=40, max_text=60, long_text=3000, max_vendors=20, max_evaluators=10,
                documents=12, round_trips=50, scoring=40),  # the module in about two minutes of CI's suite; the nightly profile draws the many
    "nightly": Sizes(max_requirements=500, max_text=400, long_text=10_000, max_vendors=20, max_evaluators=10,
                     documents=600, round_trips=3000, scoring=300),
}
PROFILE = os.environ.get("RFPGEN_HYPOTHESIS_PROFILE", "ci")
if PROFILE not in PROFILES:
    raise RuntimeError(f"RFPGEN_HYPOTHESIS_PROFILE={PROFILE!r}: choose one of {', '.join(PROFILES)}")
SIZES = PROFILES[PROFILE]

for _name, _sizes in PROFILES.items():
    settings.register_profile(f"rfpgen-{_name}", deadline=None, derandomize=False, print_blob=True,
                              phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much])


def profile(examples: int):
    return settings(settings.get_profile(f"rfpgen-{PROFILE}"), max_examples=examples)


# ------------------------------------------------------------------ text

DISTINCT_REQUIREMENTS = 24  # requirements drawn one by one; more are copies under new ids

WITHHELD_ALPHABET = [chr(c) for c in range(0x10D0, 0x10FB)]  # Georgian Mkhedruli: withheld texts only
_WITHHELD_SET = set(WITHHELD_ALPHABET)


def _free(ch: str) -> bool:
    """Characters any user string may hold: nothing that is or NFKC-folds into the withheld alphabet."""
    return not (set(unicodedata.normalize("NFKC", ch)) & _WITHHELD_SET)


CHARS = st.characters(exclude_categories=("Cs",)).filter(_free)
PIECES = ["&", "<", ">", '"', "'", "&amp;", "&#x41;", "<w:t>", "]]>", "{{ x }}", "{%", "%}", "}}", "{{", "😀",
          "👩\u200d👩\u200d👧", "🇯🇵", "مرحبا بالعالم", "שלום", "e\u0301", "\u0915\u094d\u0937", "\u200f", "\u202e",
          "\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\r\n", "\r", "\n", "\n\n", "\t", "\u2028", "\u2029",
          "\ufeff", "\ufffe", "\uffff", "  ", " ", "コールセンター", "、。", "null", "true", "no", "~", "- ", ": ",
          " #", "%", "@", "`", "|", ">", "!", "*a", "&a", "0x1F", "012", "12:30", "1.0", "R-001", "\\", "\\n",
          "\u2060", "\u00a0", "-\u2060", "1 March 2027", "2027年3月1日（月）", "9:00–18:00",  # a user's own joiners, and dates the finish joins
          "{_{", "}_}", "{_%", "%_}", "&#95;"]  # docxtpl's own escapes must print as typed
SHORT = st.one_of(
    st.text(CHARS, max_size=SIZES.max_text),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHARS, max_size=12)), max_size=6).map("".join),
)


def _long(limit: int):
    return st.tuples(st.text(CHARS, min_size=1, max_size=30), st.integers(min_value=100, max_value=limit)).map(
        lambda t: ((t[0] + " ") * (t[1] // (len(t[0]) + 1) + 1))[: t[1]])


LINE = st.one_of(SHORT, _long(min(SIZES.long_text, 2000)))          # schema "line": at most 2,000
TEXT = st.one_of(SHORT, SHORT, _long(SIZES.long_text))                  # schema "text": at most 20,000
# text a document needs (names, titles, statements) is never blank: validate refuses it (rfpgen.buildable)
NAME = LINE.map(lambda s: s if not is_blank(s) else "N" + s[1:])
STATEMENT = TEXT.map(lambda s: s if not is_blank(s) else "S" + s[1:])


def withheld_text(marker: int):
    """A text whose every character is followed by a withheld-alphabet letter, plus a letter run."""
    def weave(base: str) -> str:
        out = "".join(ch + WITHHELD_ALPHABET[(i + marker) % len(WITHHELD_ALPHABET)] for i, ch in enumerate(base))
        return out + " " + "".join(WITHHELD_ALPHABET[(marker + k * 7) % len(WITHHELD_ALPHABET)] for k in range(8))
    return st.one_of(SHORT, _long(min(SIZES.long_text, 4000))).map(weave)


# ------------------------------------------------------------------ small pieces

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")
ID = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_-]{0,11}\Z").filter(lambda s: not s.startswith("WH"))
DATES = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _time(minutes: int) -> str:
    return "24:00" if minutes == 1440 else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _split_100(draw, n: int) -> list:
    """n non-negative numbers adding up to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    return [b - a for a, b in zip([0] + cuts, cuts + [100])]


class _Ids:
    def __init__(self):
        self.used: set[str] = set()
        self.withheld = 0

    def new(self, draw) -> str:
        ident, n = draw(ID), 1
        while ident in self.used:  # made unique without a filter, so shrinking never gets stuck
            ident, n = f"{ident[:12]}-{n}", n + 1
        self.used.add(ident)
        return ident

    def new_withheld(self, draw) -> str:
        self.withheld += 1
        ident = f"WH{draw(st.from_regex(r'[A-Za-z0-9]{4}', fullmatch=True))}X{self.withheld}"
        self.used.add(ident)
        return ident


def _maybe(draw, out: dict, key: str, strategy) -> None:
    if draw(st.booleans()):
        out[key] = draw(strategy)


def _lines(max_size=4):
    return st.lists(LINE, max_size=max_size)


def _person(draw) -> dict:
    person = {"name": draw(LINE)}
    _maybe(draw, person, "title", LINE)
    _maybe(draw, person, "email", st.tuples(SHORT, SHORT).map(lambda t: (t[0] + "@" + t[1])[:320]))
    _maybe(draw, person, "phone", st.from_regex(r"\A[0-9+()\- ]{3,30}\Z"))
    return person


def _hours(draw) -> dict:
    hours: dict = {}
    _maybe(draw, hours, "time_zone", st.sampled_from(["Asia/Tokyo", "Europe/London", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+9"]))
    if draw(st.booleans()):
        days = draw(st.permutations(WEEKDAYS))
        groups = draw(st.integers(1, 3))
        cut = sorted(draw(st.lists(st.integers(1, 6), min_size=groups - 1, max_size=groups - 1, unique=True)))
        weekly = []
        for chunk in (days[a:b] for a, b in zip([0] + cut, cut + [7])):
            if not chunk or not draw(st.booleans()) and weekly:
                continue
            open_ = draw(st.integers(0, 46)) * 30
            close = draw(st.integers(open_ // 30 + 1, 48)) * 30
            weekly.append({"days": list(chunk), "open": _time(open_), "close": _time(close)})
        hours["weekly"] = weekly
    _maybe(draw, hours, "holidays", TEXT)
    _maybe(draw, hours, "closed_dates", st.lists(DATES.map(date.isoformat), max_size=4, unique=True))
    return hours


def _requirement(draw, ids: _Ids, withhold: bool, marker: int) -> dict:
    if withhold:
        r = {"id": ids.new_withheld(draw), "text": draw(withheld_text(marker)),
             "priority": draw(st.sampled_from(["must", "should", "may"])), "withhold": True,
             "look_for": draw(withheld_text(marker + 11))}
        if draw(st.booleans()):
            r["rationale"] = draw(withheld_text(marker + 17))
    else:
        r = {"id": ids.new(draw), "text": draw(STATEMENT), "priority": draw(st.sampled_from(["must", "should", "may"]))}
        if draw(st.booleans()):
            r["withhold"] = False
        _maybe(draw, r, "look_for", TEXT)
        _maybe(draw, r, "rationale", TEXT)
    _maybe(draw, r, "library_id", st.from_regex(r"\A[A-Z]{2,5}-[A-Z0-9-]{1,10}\Z"))
    return r


# ------------------------------------------------------------------ sections

def _scope(draw, sec):
    _maybe(draw, sec, "outsourced", _lines())
    _maybe(draw, sec, "in_house", _lines())
    _maybe(draw, sec, "sourcing_pattern", st.sampled_from(["full", "hybrid", "spot"]))
    _maybe(draw, sec, "objectives", _lines())
    _maybe(draw, sec, "notes", TEXT)


def _overview(draw, sec):
    _maybe(draw, sec, "background", TEXT)
    _maybe(draw, sec, "client_policy", TEXT)
    if draw(st.booleans()):
        sec["success_criteria"] = [dict({"criterion": draw(LINE)}, **({"measure": draw(LINE)} if draw(st.booleans()) else {}))
                                   for _ in range(draw(st.integers(0, 3)))]
    _maybe(draw, sec, "success_review", TEXT)


def _program(draw, ids):
    p = {"id": ids.new(draw), "name": draw(NAME), "type": draw(st.sampled_from(["inbound", "outbound", "blended"])),
         "channel": draw(st.sampled_from(["phone", "email", "chat", "web_form", "sms", "social", "letter"]))}
    _maybe(draw, p, "languages", st.lists(st.sampled_from(["ja", "en", "zh-Hans", "ko", "es-419", "pt-BR", "fil"]), max_size=3, unique=True))
    _maybe(draw, p, "description", TEXT)
    if draw(st.booleans()):
        n = draw(st.integers(1, 4))
        p["call_reasons"] = [{"name": draw(LINE), "share_pct": share, "aht_seconds": draw(st.integers(20, 1800))}
                             for share in _split_100(draw, n)]
    if draw(st.booleans()):
        months = draw(st.lists(st.tuples(st.integers(2020, 2040), st.integers(1, 12)), max_size=6, unique=True))
        p["volumes"] = [{"month": f"{y}-{m:02d}", "contacts": draw(st.integers(0, 60000))} for y, m in months]
    if draw(st.booleans()):
        p["opening_hours"] = _hours(draw)
    _maybe(draw, p, "service_level", st.builds(lambda a, b: {"percent": a, "threshold_seconds": b},
                                                st.integers(50, 95), st.integers(5, 120)))
    _maybe(draw, p, "asa_seconds", st.integers(5, 300))
    _maybe(draw, p, "patience_seconds", st.integers(10, 600))
    _maybe(draw, p, "concurrency", st.integers(1, 4))
    _maybe(draw, p, "response_target_hours", st.integers(1, 72))
    return p


def _work(draw, sec, ids):
    _maybe(draw, sec, "description", TEXT)
    if draw(st.booleans()):
        sec["programs"] = [_program(draw, ids) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        forecast: dict = {}
        _maybe(draw, forecast, "method", TEXT)
        step = draw(st.sampled_from([15, 30, 60]))
        if draw(st.booleans()):
            forecast["interval_minutes"] = step
        else:
            step = 30
        if draw(st.booleans()):
            days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
            forecast["weekday_profile"] = dict(zip(days, _split_100(draw, len(days))))
        if draw(st.booleans()):
            starts = sorted(draw(st.lists(st.integers(0, 1440 // step - 1), min_size=1, max_size=12, unique=True)))
            forecast["intraday_profile"] = [{"start": _time(s * step), "pct": pct}
                                            for s, pct in zip(starts, _split_100(draw, len(starts)))]
        _maybe(draw, forecast, "notes", TEXT)
        sec["forecast"] = forecast
    _maybe(draw, sec, "constraints", _lines())


def _people(draw, sec):
    if draw(st.booleans()):
        roles = []
        for _ in range(draw(st.integers(0, 3))):
            role = {"name": draw(LINE)}
            _maybe(draw, role, "hiring_conditions", _lines(3))
            _maybe(draw, role, "skills", _lines(3))
            _maybe(draw, role, "employment", st.sampled_from(["full_time", "contract", "part_time", "temporary", "any"]))
            roles.append(role)
        sec["roles"] = roles
    if draw(st.booleans()):
        training: dict = {}
        _maybe(draw, training, "initial_days", st.integers(0, 365))
        _maybe(draw, training, "nesting_days", st.integers(0, 365))
        _maybe(draw, training, "trainer", st.sampled_from(["client", "vendor", "joint"]))
        _maybe(draw, training, "curriculum", _lines(3))
        sec["training"] = training
    _maybe(draw, sec, "skill_verification", _lines(3))
    _maybe(draw, sec, "hiring_lead_time_months", st.one_of(st.integers(0, 24), st.floats(0, 24).map(lambda x: round(x, 1))))
    _maybe(draw, sec, "span_of_control", st.integers(1, 100))
    _maybe(draw, sec, "paid_hours_per_fte_month", st.integers(1, 400))
    _maybe(draw, sec, "attrition_pct_per_year", st.integers(0, 100))


def _operations(draw, sec):
    if draw(st.booleans()):
        sec["sites"] = [dict({"name": draw(LINE)}, **{k: draw(s) for k, s in
                             (("location", LINE), ("seats", st.integers(0, 5000)), ("notes", TEXT)) if draw(st.booleans())})
                        for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        sec["opening_hours"] = _hours(draw)
    if draw(st.booleans()):
        kpis: dict = {}
        _maybe(draw, kpis, "service_level", st.builds(lambda a, b: {"percent": a, "threshold_seconds": b},
                                                       st.integers(50, 99), st.integers(0, 120)))
        for key in ("asa_seconds", "aht_seconds", "email_response_hours"):
            _maybe(draw, kpis, key, st.integers(1, 1000))
        _maybe(draw, kpis, "abandonment_pct", st.integers(1, 100))  # 0% is refused: no staffing plans for it
        for key in ("fcr_pct", "csat_pct", "qa_score_pct", "adherence_pct"):
            _maybe(draw, kpis, key, st.integers(0, 100))
        if draw(st.booleans()):
            kpis["other"] = [dict({"name": draw(LINE), "target": draw(LINE)}, **({"definition": draw(TEXT)} if draw(st.booleans()) else {}))
                             for _ in range(draw(st.integers(0, 2)))]
        sec["kpis"] = kpis
    _maybe(draw, sec, "occupancy_cap_pct", st.integers(50, 100))
    if draw(st.booleans()):
        sec["shrinkage"] = [{"name": draw(LINE), "pct": draw(st.integers(0, 40))} for _ in range(draw(st.integers(0, 3)))]
    _maybe(draw, sec, "csat_measurement", TEXT)
    if draw(st.booleans()):
        monitoring: dict = {}
        _maybe(draw, monitoring, "method", TEXT)
        _maybe(draw, monitoring, "samples_per_agent_month", st.integers(0, 50))
        _maybe(draw, monitoring, "calibration", TEXT)
        sec["monitoring"] = monitoring
    _maybe(draw, sec, "forecasting_and_scheduling", TEXT)
    _maybe(draw, sec, "knowledge_provision", TEXT)
    freq = st.sampled_from(["daily", "weekly", "monthly", "quarterly", "yearly", "ad_hoc"])
    if draw(st.booleans()):
        sec["escalations"] = [dict({"type": draw(LINE), "route": draw(LINE)}, **({"time_limit": draw(LINE)} if draw(st.booleans()) else {}))
                              for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        sec["reporting"] = [dict({"name": draw(LINE), "frequency": draw(freq)},
                                 **{k: draw(s) for k, s in (("contents", TEXT), ("recipient", LINE)) if draw(st.booleans())})
                            for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        sec["governance_meetings"] = [dict({"name": draw(LINE), "frequency": draw(freq)},
                                           **{k: draw(s) for k, s in (("participants", LINE), ("agenda", TEXT)) if draw(st.booleans())})
                                      for _ in range(draw(st.integers(0, 3)))]
    _maybe(draw, sec, "other", _lines(3))


PARTY = st.sampled_from(["client", "vendor", "shared"])


def _systems(draw, sec):
    if draw(st.booleans()):
        sec["components"] = [dict({"name": draw(LINE), "owner": draw(PARTY), "cost_bearer": draw(PARTY)},
                                  **({"notes": draw(TEXT)} if draw(st.booleans()) else {})) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        sec["responsibilities"] = [dict({"area": draw(LINE)}, **{k: draw(TEXT) for k in ("client", "vendor") if draw(st.booleans())})
                                   for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        sec["facility_costs"] = [{"item": draw(LINE), "cost_bearer": draw(PARTY)} for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        sec["data_handling"] = {k: draw(TEXT) for k in ("storage", "access_control", "retention", "deletion", "call_recording")
                                if draw(st.booleans())}
    _maybe(draw, sec, "certifications", _lines(3))
    _maybe(draw, sec, "laws", _lines(3))
    if draw(st.booleans()):
        bcp: dict = {}
        _maybe(draw, bcp, "rto_hours", st.integers(0, 168))
        _maybe(draw, bcp, "rpo_hours", st.integers(0, 168))
        _maybe(draw, bcp, "alternate_site", LINE)
        _maybe(draw, bcp, "description", TEXT)
        sec["bcp"] = bcp


def _pricing(draw, sec):
    _maybe(draw, sec, "model", st.sampled_from(["per_production_hour", "per_fte", "per_minute", "per_contact", "per_outcome", "hybrid"]))
    _maybe(draw, sec, "currency", st.sampled_from(["JPY", "GBP", "EUR", "USD"]))
    _maybe(draw, sec, "contract_term_months", st.integers(1, 120))
    if draw(st.booleans()):
        sec["initial_costs"] = [dict({"item": draw(LINE), "borne_by": draw(PARTY)}, **({"notes": draw(TEXT)} if draw(st.booleans()) else {}))
                                for _ in range(draw(st.integers(0, 3)))]
    _maybe(draw, sec, "operating_cost_basis", TEXT)
    if draw(st.booleans()):
        credits: dict = {}
        _maybe(draw, credits, "amount_at_risk_pct", st.integers(0, 100))
        _maybe(draw, credits, "pool_cap_pct", st.integers(0, 100))
        if draw(st.booleans()):
            n = draw(st.integers(1, 3))
            credits["allocations"] = [{"kpi": draw(LINE), "allocation_pct": pct} for pct in _split_100(draw, n)]
        _maybe(draw, credits, "earn_back", TEXT)
        sec["sla_credits"] = credits
    _maybe(draw, sec, "incentives", TEXT)
    _maybe(draw, sec, "payment_terms", TEXT)
    if draw(st.booleans()):
        budget = {"amount": draw(st.integers(10_000_000, 9_999_999_999))}
        _maybe(draw, budget, "period", LINE)
        _maybe(draw, budget, "notes", TEXT)
        sec["budget"] = budget


def _approval(draw, sec):
    if draw(st.booleans()):
        sec["approvers"] = [dict({"name": draw(LINE)}, **{k: draw(LINE) for k in ("title", "role") if draw(st.booleans())})
                            for _ in range(draw(st.integers(0, 3)))]
    _maybe(draw, sec, "approval_procedure", TEXT)
    _maybe(draw, sec, "change_procedure", TEXT)
    if draw(st.booleans()):
        sec["revision_history"] = [dict({"version": draw(st.from_regex(r"\A[0-9A-Za-z.\-]{1,20}\Z")),
                                         "date": draw(DATES).isoformat(), "summary": draw(LINE)},
                                        **({"author": draw(LINE)} if draw(st.booleans()) else {}))
                                   for _ in range(draw(st.integers(0, 3)))]


def _evaluation(draw, ids, withheld: bool, sizes: Sizes, scoring_only: bool = False) -> dict:
    smax = draw(st.integers(1, 10))
    ev: dict = {}
    if draw(st.booleans()):
        ev["scale"] = {"max": smax}
        if draw(st.booleans()):
            scores = draw(st.lists(st.integers(0, smax), max_size=smax + 1, unique=True))
            ev["scale"]["anchors"] = [{"score": s, "label": draw(LINE)} for s in scores]
    else:
        smax = 5
    _maybe(draw, ev, "quality_points", st.integers(0, 1000))
    n_scored = draw(st.integers(1, 6))
    weights = _split_100(draw, n_scored)
    unstated_at = draw(st.integers(0, n_scored - 1)) if (withheld or draw(st.booleans())) else None
    criteria = []
    for i, weight in enumerate(weights):
        c = {"id": ids.new(draw), "name": draw(NAME), "weight": weight}
        if i == unstated_at:
            c["unstated_needs"] = True
        elif draw(st.booleans()):
            c["unstated_needs"] = False
        _maybe(draw, c, "description", TEXT)
        if draw(st.booleans()):
            scores = draw(st.lists(st.integers(0, smax), max_size=3, unique=True))
            c["anchors"] = [{"score": s, "description": draw(TEXT)} for s in scores]
        criteria.append(c)
    for _ in range(draw(st.integers(0, 2))):
        gate = {"id": ids.new(draw), "name": draw(NAME), "weight": 0, "mandatory": True}
        _maybe(draw, gate, "description", TEXT)
        criteria.insert(draw(st.integers(0, len(criteria))), gate)
    ev["criteria"] = criteria
    formula = draw(st.sampled_from(["relative_to_lowest", "jp_additive", "jp_division", "price_per_quality"]))
    price = {"formula": formula}
    _maybe(draw, price, "max_points", st.integers(0, 100))
    if formula == "jp_additive" or draw(st.booleans()):
        price["reference_price"] = draw(st.integers(1_000_000, 900_000_000))
    _maybe(draw, price, "base_points", st.integers(0, 200))
    _maybe(draw, price, "basis", TEXT)
    ev["price"] = price
    if scoring_only or draw(st.booleans()):
        ev["vendors"] = [dict({"id": ids.new(draw), "name": draw(NAME)}, **({"contact": _person(draw)} if draw(st.booleans()) else {}))
                         for _ in range(draw(st.integers(1, sizes.max_vendors)))]
    if scoring_only or draw(st.booleans()):
        ev["evaluators"] = [dict({"id": ids.new(draw), "name": draw(NAME)},
                                 **{k: draw(s) for k, s in (("role", LINE), ("sees_prices", st.booleans())) if draw(st.booleans())})
                            for _ in range(draw(st.integers(1, sizes.max_evaluators)))]
    return ev


def _rfp(draw, sec):
    _maybe(draw, sec, "background", TEXT)
    _maybe(draw, sec, "proposal_contents", _lines(3))
    if draw(st.booleans()):
        sub: dict = {}
        for key, s in (("format", LINE), ("page_limit", st.integers(1, 500)), ("language", LINE), ("method", TEXT),
                       ("address", LINE), ("copies", st.integers(0, 20))):
            _maybe(draw, sub, key, s)
        sec["submission"] = sub
    if draw(st.booleans()):
        qa: dict = {}
        _maybe(draw, qa, "method", TEXT)
        if draw(st.booleans()):
            qa["contact"] = _person(draw)
        _maybe(draw, qa, "answers_shared", st.booleans())
        sec["qa"] = qa
    if draw(st.booleans()):
        keys = load_schema("project")["properties"]["rfp"]["properties"]["withhold"]["properties"]  # follows the schema
        sec["withhold"] = {k: draw(st.booleans()) for k in keys if draw(st.booleans())}
    _maybe(draw, sec, "confidentiality", TEXT)


@st.composite
def projects(draw, sizes: Sizes = SIZES, scoring_only: bool = False):
    """A whole valid project file as data."""
    ids = _Ids()
    lang = draw(st.sampled_from(["ja", "en"]))
    project: dict = {"id": draw(ID), "title": draw(NAME), "client": {"name": draw(NAME)}, "language": lang,
                     "version": draw(st.from_regex(r"\A[0-9A-Za-z.\-]{1,20}\Z"))}
    for key in ("department", "industry"):
        _maybe(draw, project["client"], key, LINE)
    if draw(st.booleans()):
        project["client"]["contact"] = _person(draw)
    _maybe(draw, project, "date", DATES.map(date.isoformat))
    _maybe(draw, project, "confidentiality", LINE)
    if draw(st.booleans()):
        keys = [k for k in SCHEDULE_ORDER if draw(st.booleans())]
        day = draw(st.dates(min_value=date(2001, 1, 1), max_value=date(2089, 12, 31)))
        schedule = {}
        for key in keys:
            day += timedelta(days=draw(st.integers(0, 90)))
            schedule[key] = day.isoformat()
        project["schedule"] = schedule
    data: dict = {"schema_version": 1, "project": project}

    builders = {"scope": _scope, "overview": _overview, "work_definition": lambda d, s: _work(d, s, ids),
                "people": _people, "operations": _operations, "systems": _systems, "pricing": _pricing,
                "approval": _approval}
    n_requirements = 0 if scoring_only and draw(st.booleans()) else draw(st.integers(0, sizes.max_requirements))
    withheld_share = draw(st.sampled_from([0.0, 0.1, 0.3, 0.6]))
    placed = [draw(st.sampled_from([p.key for p in PARTS])) for _ in range(min(n_requirements, 8))]
    placed += [PARTS[i % len(PARTS)].key for i in range(n_requirements - len(placed))]
    any_withheld = False
    pool: list[dict] = []
    for part in PARTS:
        present = part.key in placed or draw(st.booleans())
        if not present:
            continue
        sec: dict = {}
        if not scoring_only and draw(st.booleans()):
            builders[part.key](draw, sec)
        reqs = []
        for _ in range(placed.count(part.key)):
            if len(pool) < DISTINCT_REQUIREMENTS:
                withhold = draw(st.floats(0, 1)) < withheld_share
                requirement = _requirement(draw, ids, withhold, marker=len(reqs) + 3 * part.number)
                pool.append(requirement)
            else:  # beyond the drawn ones: copies under new ids (hypothesis cannot draw 500 of everything)
                requirement = dict(pool[len(reqs) * 7 % len(pool)])
                requirement["id"] = ids.new_withheld(draw) if requirement.get("withhold") else ids.new(draw)
            any_withheld |= bool(requirement.get("withhold"))
            reqs.append(requirement)
        if reqs or draw(st.booleans()):
            sec["requirements"] = reqs
        data[part.key] = sec
    data["evaluation"] = _evaluation(draw, ids, any_withheld, sizes, scoring_only)
    if not scoring_only and draw(st.booleans()):
        sec = {}
        _rfp(draw, sec)
        data["rfp"] = sec
    return data


# ------------------------------------------------------------------ helpers

def strictly_equal(a, b) -> bool:
    """Equal including types (True is not 1, 1 is not 1.0), dict key order ignored."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strictly_equal(x, y) for x, y in zip(a, b))
    return a == b


SCHEMA = load_schema("project")


def user_lines(data) -> list[tuple[tuple, str]]:
    """Every non-blank line of every user string, after the documented normalisation, stripped."""
    out = []
    computed = {i for i, c in enumerate(data["evaluation"]["criteria"]) if c.get("unstated_needs")}
    for path, value in user_strings(data, SCHEMA):
        if path == ("project", "language") or path[-1] == "library_id":
            continue  # a library requirement says where it came from in words, not by the library's code
        if path[:2] == ("evaluation", "criteria") and path[2] in computed and path[3] == "anchors":
            continue  # the computed criterion's anchors are never applied; validation warns and the documents leave them out
        for line in clean(value).split("\n"):
            if line.strip():
                out.append((path, line.strip()))
    return out


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def as_compared(text: str) -> str:
    """Text as compared: without the bidirectional controls the documents add or balance around a
    line of right-to-left text (the documented isolation), on both sides of a comparison."""
    return _BIDI.sub("", text)


def outside_user_text(text: str, data) -> str:
    """The document text as stored with every user line removed, longest first (for the leftover-tag
    check), wherever a narrow column broke it."""
    return without_typed(as_compared(text), {as_compared(line) for _, line in user_lines(data)}, broken=True)


def _render(project, folder: Path) -> dict[str, bytes]:
    """{document key: bytes}; a genuine chance leak (impossible by construction) is rejected, not failed."""
    try:
        rendered = render_documents(project, folder)
    except WithheldTextLeaked as exc:
        note(str(exc))
        raise AssertionError(f"the leak check refused an RFP although withheld texts cannot occur elsewhere: {exc}") from exc
    return {key: data for key, data in zip(("requirements", "rfp", "guide"), rendered.values())}


# ------------------------------------------------------------------ the properties

@profile(SIZES.documents)
@given(data=projects())
def test_every_document_builds_keeps_every_string_and_the_rfp_leaks_nothing(data):
    project = project_from_data(data)
    assert strictly_equal(project.data, data), "validation changed the data"
    with tempfile.TemporaryDirectory() as folder:
        docs = _render(project, Path(folder))
    assert list(docs) == ["requirements", "rfp", "guide"]

    for key, blob in docs.items():
        opens(blob)
        strict_parse_all(blob)
        rest = outside_user_text(full_text(blob, stored=True), data)
        tags = [rest[max(0, m.start() - 40):m.end() + 40] for m in re.finditer(r"\{\{|\}\}|\{%|%\}", rest)]
        assert tags == [], f"{key}: template tags left outside user text: {tags}"

    # every user string, after clean(), is in the requirements definition as typed (the word joiners and
    # no-break spaces the finish adds aside, `holds`); a narrow column may break a label between its
    # parts (render._break_between_parts), so line breaks are not compared
    text = as_compared(full_text(docs["requirements"], stored=True)).replace("\n", "")
    missing = [(path, line[:80]) for path, line in user_lines(data) if not holds(text, as_compared(line))]
    assert missing == [], missing[:5]

    # nothing withheld anywhere in the RFP file: raw XML of every part, entities resolved
    raw = html.unescape("\n".join(xml_parts(docs["rfp"]).values()))
    found = sorted({ch for ch in raw if ch in _WITHHELD_SET})
    assert found == [], f"withheld-alphabet letters in the RFP: {found}"
    rfp_text = "\n".join(paragraphs(docs["rfp"], ("word/", "docProps/"), stored=True))
    for r in project.withheld():
        assert not re.search(rf"(?<![\w-]){re.escape(r.id)}(?![\w-])", raw), r.id
        for field in (r.text, r.look_for, r.data.get("rationale")):
            for line in clean(field or "").split("\n"):
                assert len(line.strip()) < 8 or not holds(rfp_text, line.strip()), (r.id, line[:80])
    budget = project.section("pricing").get("budget")
    if budget and project.withholds_budget():  # in any text node of any part (attributes hold font codes)
        every_text = "\n".join("".join(etree.fromstring(xml.encode("utf-8")).itertext())
                               for xml in xml_parts(docs["rfp"]).values())
        for amount in (f"{budget['amount']:,}", str(budget["amount"])):
            assert not re.search(rf"(?<![\d,.]){re.escape(amount)}(?![\d,.])", every_text), amount

    # the RFP's own numbering: R-001 … R-n, no gap, in order, one per disclosed requirement (one an answer
    # disclosed takes a branch, R-024-2). Read from the first column of the requirement tables (header
    # "No."), since user text may say "R-001" too.
    numbers = [shown(row.cells[0].text) for table in opens(docs["rfp"]).tables
               if len(table.columns) == 3 and table.rows[0].cells[0].text == "No." for row in table.rows[1:]]
    issued = [n for n in numbers if re.fullmatch(r"R-\d{3}", n)]
    assert issued == [f"R-{n:03d}" for n in range(1, len(issued) + 1)]
    assert len(numbers) == len(project.disclosed()) and numbers == sorted(numbers)


@profile(SIZES.round_trips)
@given(data=projects())
def test_project_files_survive_dump_and_load_unchanged(data):
    text = dump(data)
    doc, problems = parse(text, "round-trip.yaml")
    assert problems == [] and doc is not None, problems
    assert strictly_equal(doc.data, data)
    assert dump(doc.data) == text


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
              st.text(st.characters(exclude_categories=("Cs",))), st.sampled_from(PIECES)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(st.characters(exclude_categories=("Cs",))), st.sampled_from(PIECES)),
                                            inner, max_size=4)),
    max_leaves=20)


@profile(SIZES.round_trips)
@given(value=st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), min_size=1), YAML_VALUES, min_size=1, max_size=5))
def test_any_data_rfpgen_dumps_reads_back_the_same(value):
    """Not only project-shaped data: whatever the wizard stores must come back from the file it writes."""
    text = dump(value)
    doc, problems = parse(text, "any.yaml")
    assert problems == [] and doc is not None, (problems, text[:500])
    assert strictly_equal(doc.data, value), text[:500]


# ------------------------------------------------------------------ scoring round trip

SCORING_SIZES = Sizes(max_requirements=12, max_text=30, long_text=300, max_vendors=5 if PROFILE == "ci" else 20,
                      max_evaluators=4 if PROFILE == "ci" else 10, documents=0, round_trips=0, scoring=0)
FORMULA_WEIGHTS = {"must": 3, "should": 2, "may": 1}
COVERAGE_VALUES = {"absent": Fraction(0), "mentioned": Fraction(1, 2), "concrete": Fraction(1)}  # exact: a half is a half


def _keys(ws) -> dict[str, int]:
    return {c.value: c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str) and "=" in c.value}


def _expected(project, entries, prices) -> dict:
    """The ranking computed here, from the documented rules (docs/domain.md), without rfpgen.scoring or rfpgen.scoring.price."""
    ev = project.data["evaluation"]
    smax = (ev.get("scale") or {}).get("max", 5)
    unstated = project.unstated_needs_criterion()
    withheld = project.withheld() if unstated else []
    evaluators = [e["id"] for e in ev["evaluators"]]
    out = {}
    for vendor in ev["vendors"]:
        v = vendor["id"]
        quality = 0.0
        for c in ev["criteria"]:
            if c.get("mandatory"):
                continue
            per_evaluator = []
            for e in evaluators:
                if unstated and c["id"] == unstated["id"] and withheld:
                    marks = entries[e][v]["checklist"]
                    total = sum(FORMULA_WEIGHTS[r.priority] for r in withheld)
                    coverage = sum(FORMULA_WEIGHTS[r.priority] * COVERAGE_VALUES[marks[r.id]] for r in withheld) / total
                    per_evaluator.append(float(math.floor(smax * coverage + Fraction(1, 2))))  # a whole point, a half going up
                else:
                    per_evaluator.append(entries[e][v]["scores"][c["id"]])
            quality += c["weight"] * (sum(per_evaluator) / len(per_evaluator)) / smax
        fails = {g["id"]: sum(entries[e][v]["gates"][g["id"]] == "fail" for e in evaluators)
                 for g in ev["criteria"] if g.get("mandatory")}
        out[v] = {"quality": quality, "disqualified": any(n * 2 > len(evaluators) for n in fails.values())}
    price = ev["price"]
    qp, mp = ev.get("quality_points", 70), price.get("max_points", 30)
    qualified = [v for v in out if not out[v]["disqualified"]]
    lowest = min((prices[v] for v in qualified), default=None)
    for v in qualified:
        q, bid = out[v]["quality"], prices[v]
        if price["formula"] == "relative_to_lowest":
            out[v]["price_score"] = mp * lowest / bid
            out[v]["total"] = q * qp / 100 + out[v]["price_score"]
        elif price["formula"] == "jp_additive":
            out[v]["price_score"] = max(0.0, mp * (1 - bid / price["reference_price"]))
            out[v]["total"] = q * qp / 100 + out[v]["price_score"]
        elif price["formula"] == "jp_division":
            out[v]["price_score"] = bid
            out[v]["total"] = (price.get("base_points", 100) + q * qp / 100) / bid * 1_000_000
        else:
            out[v]["price_score"] = out[v]["total"] = (bid / q) if q > 0 else None
    ranked = sorted((v for v in qualified if out[v].get("total") is not None),
                    key=lambda v: out[v]["total"] if price["formula"] == "price_per_quality" else -out[v]["total"])
    for position, v in enumerate(ranked, start=1):
        same = [w for w in ranked[:position - 1] if abs(out[w]["total"] - out[v]["total"]) < 1e-9]
        out[v]["rank"] = out[same[0]]["rank"] if same else position
    return out


@profile(SIZES.scoring)
@given(data=projects(SCORING_SIZES, scoring_only=True), fill=st.randoms(use_true_random=False))
def test_filled_sheets_score_back_to_the_numbers_put_in(data, fill):
    from openpyxl import load_workbook

    from rfpgen.scoring import tally
    from rfpgen.scoring.model import COVERAGE_WORDS, GATE_WORDS
    from rfpgen.scoring.sheets import write_workbooks

    project = project_from_data(data)
    ev = project.data["evaluation"]
    smax = (ev.get("scale") or {}).get("max", 5)
    words = fill.choice(["ja", "en"])  # either language's dropdown words are read back
    entries = {e["id"]: {} for e in ev["evaluators"]}
    prices = {v["id"]: fill.choice([fill.randint(1, 10**9), round(fill.uniform(1, 1e8), 2)]) for v in ev["vendors"]}
    with tempfile.TemporaryDirectory() as folder:
        files = write_workbooks(project, Path(folder))
        for path in files:
            wb = load_workbook(path)
            for ws in wb.worksheets:
                keys = _keys(ws)
                vendor = next((k.partition("=")[2] for k in keys if k.startswith("vendor=")), None)
                evaluator = next((k.partition("=")[2] for k in keys if k.startswith("evaluator=")), None)
                if vendor and evaluator:
                    entry = entries[evaluator].setdefault(vendor, {"scores": {}, "gates": {}, "checklist": {}})
                    for key, row in keys.items():
                        kind, _, ident = key.partition("=")
                        if kind == "criterion":
                            entry["scores"][ident] = fill.randint(0, smax)
                            ws[f"E{row}"] = fill.choice([entry["scores"][ident], str(entry["scores"][ident])])
                        elif kind == "gate":
                            entry["gates"][ident] = fill.choice(["pass", "fail"])
                            ws[f"E{row}"] = GATE_WORDS[words][entry["gates"][ident]]
                        elif kind == "withheld":
                            entry["checklist"][ident] = fill.choice(list(COVERAGE_VALUES))
                            ws[f"E{row}"] = COVERAGE_WORDS[words][entry["checklist"][ident]]
                        elif kind in ("total", "coverage"):
                            ws[f"E{row}"] = 12345  # a cached formula result the reader must not trust
                for key, row in keys.items():
                    if key.startswith("price="):
                        ws[f"D{row}"] = prices[key.partition("=")[2]]
            wb.save(path)
        result = tally(project, files)
    expected = _expected(project, entries, prices)
    got = {v.id: v for v in result.vendors}
    assert set(got) == set(expected)
    for vendor_id, want in expected.items():
        v = got[vendor_id]
        assert v.quality == pytest.approx(want["quality"], abs=1e-9), vendor_id
        assert v.disqualified == want["disqualified"], vendor_id
        if not want["disqualified"]:
            assert v.price == pytest.approx(prices[vendor_id])
            assert (v.total is None) == (want["total"] is None)
            if want["total"] is not None:
                assert v.price_score == pytest.approx(want["price_score"], rel=1e-9)
                assert v.total == pytest.approx(want["total"], rel=1e-9)
        assert v.rank == want.get("rank"), (vendor_id, v.rank, want)
