"""What `validate` accepts, `build` builds: the checks that keep the two from disagreeing.

- Service targets go through the staffing model's own rule (erlang.Targets.check), so a target no
  number of agents can meet (a 100% service level, a 0% abandonment or occupancy cap) is refused
  when the file is validated, at its line and field, with the reason the build would give. A 100%
  target is a real wish (an emergency line) but not one a queue can promise: some contacts always
  wait, so the message asks for a target below 100% (e.g. 99% within 10 seconds).
- Text a document needs (a title, a client name, a requirement's statement, what to look for in a
  withheld requirement, the names of criteria, vendors and evaluators) must hold something visible:
  an empty string or a line of spaces would print a blank where a reader expects a name.
"""
from __future__ import annotations

import unicodedata

from . import erlang
from .project import PARTS

_NEEDED_TEXT = [  # path patterns; "*" is every item of a list
    ("project", "title"), ("project", "client", "name"),
    ("evaluation", "criteria", "*", "name"), ("evaluation", "vendors", "*", "name"),
    ("evaluation", "evaluators", "*", "name"), ("work_definition", "programs", "*", "name"),
    *((part.key, "requirements", "*", "text") for part in PARTS),
]


def is_blank(value) -> bool:
    """Nothing a reader would see: empty, spaces, line breaks, or only invisible format characters."""
    return isinstance(value, str) and not any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in value)


def _values(data, pattern: tuple, path: tuple = ()):
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from _values(item, rest, path + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, path + (head,))


def check_blank_text(report, data: dict) -> None:
    for pattern in _NEEDED_TEXT:
        for path, value in _values(data, pattern):
            if is_blank(value):
                report.add(path, "must not be blank: write the text the documents print here",
                           "空欄にはできません。文書に印刷する内容を書いてください")
    for part in PARTS:
        for i, r in enumerate((data.get(part.key) or {}).get("requirements") or []):
            if isinstance(r, dict) and r.get("withhold") and "look_for" in r and is_blank(r["look_for"]):
                report.add((part.key, "requirements", i, "look_for"),
                           "a requirement left out of the RFP needs look_for (what a strong proposal says unprompted)",
                           "RFPに記載しない要件には look_for（優れた提案が自発的に触れる内容）が必要です")


_TARGET_WORDS = {  # which Targets field a project field sets, and the Japanese reason
    "service_level": ("サービスレベル{v}%は計画できません。待ち行列では必ず待つ呼が生じるため、何人配置しても100%は保証できません。"
                      "100%未満の目標（例: 10秒以内99%）にしてください"),
    "max_abandonment": ("放棄率{v}%は計画できません。待ち時間がある限り一部の顧客は電話を切ります。0%より大きい目標（例: 5%）にしてください"),
    "max_occupancy": ("稼働率の上限{v}%は設定できません。0%より大きく100%以下（例: 85%）にしてください"),
}


def _refuse(report, path: tuple, targets: erlang.Targets, field: str, value) -> None:
    if not 0 <= value <= 100:
        return  # a percentage out of range: the schema's error says so (the model's would say "use a target above 0%" to 150%)
    try:
        targets.check()
    except erlang.ImpossibleTarget as exc:
        report.add(path, str(exc), _TARGET_WORDS[field].format(v=f"{value:g}"))


def check_targets(report, data: dict) -> None:
    """Each service target alone through the staffing model's rule (a single bad value, its own place)."""
    operations = data.get("operations") or {}
    kpis = operations.get("kpis") or {}
    levels = [(("operations", "kpis", "service_level"), kpis.get("service_level"))]
    levels += [(("work_definition", "programs", i, "service_level"), p.get("service_level"))
               for i, p in enumerate((data.get("work_definition") or {}).get("programs") or []) if isinstance(p, dict)]
    for path, level in levels:
        if isinstance(level, dict) and isinstance(level.get("percent"), (int, float)):
            _refuse(report, path + ("percent",), erlang.Targets(service_level=level["percent"] / 100),
                    "service_level", level["percent"])
    if isinstance(kpis.get("abandonment_pct"), (int, float)):
        _refuse(report, ("operations", "kpis", "abandonment_pct"),
                erlang.Targets(max_abandonment=kpis["abandonment_pct"] / 100), "max_abandonment", kpis["abandonment_pct"])
    if isinstance(operations.get("occupancy_cap_pct"), (int, float)):
        _refuse(report, ("operations", "occupancy_cap_pct"),
                erlang.Targets(max_occupancy=operations["occupancy_cap_pct"] / 100), "max_occupancy", operations["occupancy_cap_pct"])


def check(report, data: dict) -> None:
    check_blank_text(report, data)
    check_targets(report, data)
