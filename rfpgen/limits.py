"""What a project file may hold beyond its shape: real numbers in plausible ranges, real time
zones, and sizes a build can handle.

The schema says which fields exist and their hard bounds (a percentage is 0-100); these checks
catch what is well-formed but cannot be meant: `1e15` seconds of patience (which would also make
the staffing model run for minutes), a time zone `Mars/Olympus_Mons`, 2,000 vendors scored by
2,000 evaluators (four million sheets: hours of building and gigabytes of memory). Each limit is
far above any real project, so only mistakes and hostile files meet them.
"""
from __future__ import annotations

import math
from functools import lru_cache

MAX_NUMBER = 1e15          # no figure in a project (a budget in yen included) comes near this
MAX_ROWS = 5000            # entries in any one list
MAX_REQUIREMENTS = 4000    # requirements over all parts together (each list holds at most 2,000)
MAX_SCORING_SHEETS = 1000  # vendors x evaluators: one sheet per vendor in each evaluator's workbook

# Plausible upper bounds of fields whose schema has only a lower bound, by field name: a value
# above these is a typo or a unit mix-up (milliseconds for seconds, a yearly figure for a monthly one).
MAXIMA = {
    "aht_seconds": 86_400,            # one contact handled for a whole day
    "asa_seconds": 86_400,
    "patience_seconds": 86_400,       # callers waiting a day in the queue
    "threshold_seconds": 7 * 86_400,  # a service level measured within a week (e-mail)
    "response_target_hours": 8_760,   # a year
    "email_response_hours": 8_760,
    "rto_hours": 8_760,
    "rpo_hours": 8_760,
    "seats": 1_000_000,
    "samples_per_agent_month": 10_000,
    "page_limit": 100_000,
    "copies": 10_000,
    "max_points": 100_000,
    "base_points": 100_000,
}


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    try:
        from zoneinfo import available_timezones

        return frozenset(available_timezones())
    except Exception:  # noqa: BLE001 - no time zone database on this system: nothing to check against
        return frozenset()


def check_limits(report, data) -> None:
    """Add a problem for each number out of range, unknown time zone and oversized list."""
    check_values(report, data)
    check_sizes(report, data)


def check_values(report, data) -> None:
    """The numbers, time zones and list lengths: each value on its own, so a section can be checked alone."""
    refused = getattr(report.doc, "refused", set())

    def visit(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(value, str):  # most values are text, which has nothing to check here
                    visit(value, path + (key,))
            if isinstance(node.get("time_zone"), str):
                _check_time_zone(report, node["time_zone"], path + ("time_zone",))
        elif isinstance(node, list):
            if len(node) > MAX_ROWS:
                report.add(path, f"has {len(node):,} entries; a list holds at most {MAX_ROWS:,}",
                           f"{len(node):,}件あります。一つのリストは{MAX_ROWS:,}件までです")
                return
            for i, item in enumerate(node):
                if not isinstance(item, str):
                    visit(item, path + (i,))
        elif isinstance(node, (int, float)) and not isinstance(node, bool) and path not in refused:
            _check_number(report, node, path)

    visit(data, ())


def _check_number(report, value, path) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        report.add(path, f"{value} is not a number a project can use; write the figure itself",
                   f"{value} は使える数値ではありません。実際の数値を書いてください")
        return
    if abs(value) > MAX_NUMBER:
        shown = f"a number with {len(str(abs(value))):,} digits" if isinstance(value, int) else f"{value:.3g}"
        report.add(path, f"{shown} is far beyond any plausible figure (at most {MAX_NUMBER:.0e})",
                   f"{shown} は現実的な値の範囲を大きく超えています（上限 {MAX_NUMBER:.0e}）")
        return
    field = path[-1] if path and isinstance(path[-1], str) else None
    maximum = MAXIMA.get(field)
    if maximum is not None and value > maximum:
        shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
        report.add(path, f"{shown} is beyond a plausible {field} (at most {maximum:,.0f}); check the unit",
                   f"{shown} は {field} として現実的な範囲を超えています（上限 {maximum:,.0f}）。単位を確認してください")


def _check_time_zone(report, name: str, path) -> None:
    zones = _time_zones()
    if not zones or name in zones:
        return
    import difflib

    close = difflib.get_close_matches(name, sorted(zones), n=1, cutoff=0.7)
    hint_en = f" (did you mean {close[0]}?)" if close else "; write an IANA name such as Asia/Tokyo or Europe/London"
    hint_ja = f"（{close[0]} の誤りではありませんか？）" if close else "。Asia/Tokyo や Europe/London のような IANA 名で書いてください"
    report.add(path, f"'{name}' is not a time zone{hint_en}", f"「{name}」はタイムゾーンではありません{hint_ja}")


def check_sizes(report, data) -> None:
    """The project's size as a whole: requirements in all, scoring sheets."""
    if not isinstance(data, dict):
        return
    total = sum(len(part.get("requirements") or []) for part in data.values()
                if isinstance(part, dict) and isinstance(part.get("requirements"), list))
    if total > MAX_REQUIREMENTS:
        report.add((), f"the project has {total:,} requirements; at most {MAX_REQUIREMENTS:,} can be built",
                   f"要件が{total:,}件あります。ビルドできるのは{MAX_REQUIREMENTS:,}件までです")
    evaluation = data.get("evaluation") if isinstance(data.get("evaluation"), dict) else {}
    vendors, evaluators = evaluation.get("vendors"), evaluation.get("evaluators")
    if isinstance(vendors, list) and isinstance(evaluators, list) and len(vendors) * len(evaluators) > MAX_SCORING_SHEETS:
        report.add(("evaluation", "evaluators"),
                   f"{len(vendors)} bidders x {len(evaluators)} evaluators make {len(vendors) * len(evaluators):,} scoring "
                   f"sheets; at most {MAX_SCORING_SHEETS:,} (shortlist the bidders, or split the evaluation)",
                   f"提案者{len(vendors)}社×評価者{len(evaluators)}名で評価シートが{len(vendors) * len(evaluators):,}枚に"
                   f"なります。上限は{MAX_SCORING_SHEETS:,}枚です（提案者を絞り込むか、評価を分けてください）")
