"""From what the evaluators entered to a ranking: every number recomputed from the project file.

- unstated-needs score per evaluator = coverage × s_max rounded half up to a whole point (the scale's
  step), coverage = Σ w_i·c_i / Σ w_i over the checklist entries given (rfpgen.scoring.model);
- per criterion: the mean over the evaluators who gave a score;
- quality Q = Σ w_c · mean_c / s_max on 0–100 (weights add up to 100); with complete sheets this
  equals the mean of the evaluators' own Σ w·s/s_max;
- gates: disqualified when more than half of the evaluators who judged a gate failed it; any
  disagreement is flagged;
- price score and total by rfpgen.scoring.price over the vendors still in; a vendor without a
  usable price gets neither and is not ranked;
- the project's rules (rfpgen.scoring.rules) then decide who is ranked and how: minimum quality,
  reference-price and low-price rules, rounding, rank sums, the presentation stage and tie-breaks,
  all in one pure ranking run (rfpgen.scoring.ranking) that the robustness table re-runs;
- spread ≥ 40% of the scale (2 points on 0–5) between evaluators on one criterion is flagged; a
  score agreed in the consensus meeting replaces the mean, its reason kept for the memo.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..project import Project
from .model import (COVERAGE, COVERAGE_WORDS, GATE_WORDS, KIND_CONSENSUS, SCORE_DIGITS, PresentationScheme, Scheme,
                    checklist_splits, requirement_weight)
from .ranking import (ABOVE_REFERENCE, BELOW_CRITERION_MINIMUM, BELOW_MINIMUM, LOW_BID, NO_PRICE, NOT_ADVANCED,
                      ZERO_QUALITY, Standing, Tallied)
from .ranking import standing as rank_standing
from .decision import (before_deadline, final_digits, final_score, presentation_digits, quality_digits, ranks_final,
                       rounded_digits, short_item, shortlist_provisional, through_words, total_decimals, total_digits,
                       total_label)
from ..errors import ScoreSheetInvalid
from .readback import SheetProblem, Sheets
from .rules import Rules
from ..text import EMPTY, clean, money, number
from ..words import capital, in_words, say, tr
from ..words.scoring import document_total_key, final_key
from .price import computed_figures, gives_price_points


# the flags about one item of the evaluators' sheets, listed before those about the vendor's standing
ITEM_FLAGS = ("unscored", "spread", "agreed", "checklist_split", "gate_split", "gate_agreed", "gate_unjudged")


@dataclass(frozen=True)
class Flag:
    """Something the consensus meeting or the committee should look at, in ja and en."""

    vendor_id: str
    code: str  # spread, agreed, checklist_split, gate_split, gate_agreed, gate_unjudged, unscored, no_price, above_reference, low_bid,
    #            below_minimum,
    #            not_advanced, zero_quality, price_magnitude, tie, tie_broken, incomplete
    criterion_id: str | None
    en: str
    ja: str

    def text(self, lang: str) -> str:
        """The flag as a sentence or a cell reads it (in English from a capital letter)."""
        return tr(lang, self.ja, capital(self.en))  # spelled as the project's locale spells rfpgen's words


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
    agreed: dict[str, float] = field(default_factory=dict)          # consensus score per criterion
    agreed_gates: dict[str, str] = field(default_factory=dict)      # consensus decision per mandatory requirement: pass, fail
    agreed_reason: dict[str, str] = field(default_factory=dict)     # per criterion or mandatory requirement agreed
    presentation_scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    presentation_comments: dict[str, dict[str, str]] = field(default_factory=dict)   # evaluator -> criterion -> comment
    document_total: float | None = None
    presentation_points: float | None = None
    rank_sum: float | None = None
    through: bool | None = None   # at the document stage: goes through to the presentations (None after them)
    excluded: list[tuple[str, str | None]] = field(default_factory=list)   # (reason, detail) from ranking

    def scores_on(self, cid: str) -> dict[str, float | None]:
        """Each evaluator's score on `cid`, a criterion of the documents or of the presentations."""
        return self.criterion_scores.get(cid) or self.presentation_scores.get(cid) or {}


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
    rules: Rules = field(default_factory=Rules)
    tallied: list[Tallied] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)       # every workbook read: file, kind, evaluator, time, checksum
    consensus: list[dict] = field(default_factory=list)   # every agreed score or lot: vendor, criterion, value, reason
    ties: list[dict] = field(default_factory=list)        # equal ranked figures and how (whether) they were broken
    sheet_warnings: list = field(default_factory=list)    # the workbooks' problems tallied anyway (SheetProblem, ja and en)
    tallied_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))   # the memo's 集計日時
    document_stage: bool = False   # the document stage's tally: its ranking and shortlist, no final ranking yet

    @property
    def shortlist(self) -> list["VendorResult"]:
        """At the document stage, the vendors who go through to the presentations, in document-stage order."""
        return [v for v in self.vendors if v.through]

    @property
    def consensus_held(self) -> bool:
        """A consensus workbook was tallied: the meeting took place (else it is still to be held)."""
        return any(entry["kind"] == KIND_CONSENSUS for entry in self.audit)

    @property
    def flags(self) -> list[Flag]:
        return [f for v in self.vendors for f in v.flags]

    def as_json(self, lang: str = "en") -> dict:
        def num(value):
            return None if value is None else round(value, 6)

        def extra(v):
            out = {}
            if v.rank_sum is not None:
                out["rank_sum"] = num(v.rank_sum)
            if v.presentation_points is not None:
                out.update(document_total=num(v.document_total), presentation_points=num(v.presentation_points))
            return out

        def stage(v):
            return {"document_total": num(v.document_total), "through": v.through} if self.document_stage else {}

        return {"vendors": [{"id": v.id, "name": v.name, "rank": v.rank, "quality_score": num(v.quality),
                             "price_score": num(v.price_score), "total": num(v.total),
                             "disqualified": v.disqualified, "flags": [f.text(lang) for f in v.flags], **extra(v), **stage(v)}
                            for v in self.vendors],
                **({"stage": "documents"} if self.document_stage else {}),
                "warnings": list(self.warnings)}


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _coverage(entry, scheme: Scheme) -> float | None:
    given = [(requirement_weight(r), COVERAGE[entry.checklist[r.id]]) for r in scheme.checklist()
             if entry.checklist.get(r.id) is not None]
    total = sum(weight for weight, _ in given)
    return sum(weight * value for weight, value in given) / total if total else None


def checklist_score(coverage: float, smax: int) -> float:
    """The unstated-needs score of one evaluator: coverage × s_max rounded half up to a whole point, the
    scale's step, a float as every typed score is. A mean of 2.045 beside whole and half points would tell a vendor
    that this criterion alone is computed from something hidden (the checklist of withheld requirements);
    the coverage itself stays in the workbook."""
    return float(Decimal(repr(coverage * smax)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _vendor(scheme: Scheme, sheets: Sheets, vendor: dict, evaluators: list[str]) -> VendorResult:
    smax = scheme.scale_max
    computed = scheme.computed_ids()
    who = {e["id"]: clean(e["name"]) for e in scheme.evaluators()}
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
        cid, name = criterion["id"], clean(criterion["name"])
        scores: dict[str, float | None] = {}
        for evaluator, entry in entries.items():
            if cid in computed:
                coverage = result.coverage.get(evaluator)
                scores[evaluator] = None if coverage is None else checklist_score(coverage, smax)
            else:
                scores[evaluator] = entry.scores.get(cid)
        result.criterion_scores[cid] = scores
        given = [s for s in scores.values() if s is not None]
        if len(given) < len(evaluators):
            result.incomplete = True
        agreed = sheets.agreed.get((vendor["id"], cid))
        if agreed is not None:
            result.agreed[cid], result.agreed_reason[cid] = agreed
        if not given and agreed is None:
            result.flags.append(Flag(vendor["id"], "unscored", cid,
                                     f"no evaluator scored “{name}” (counted as 0)",
                                     f"評価項目「{name}」に評点を付けた評価者がいない（0点として計算）"))
        else:
            split = [short_item(clean(r.text)) for r, _ in checklist_splits(result.checklist, scheme)] if cid in computed else []
            _spread(result, scheme, who, cid, name, scores, agreed, split)

    if scheme.computed_ids() and not set(scheme.computed_ids()) & set(result.agreed):
        _checklist_splits(result, scheme, who)

    for evaluator in entries:
        result.evaluator_quality[evaluator] = sum(
            float(c["weight"]) * (result.criterion_scores[c["id"]].get(evaluator) or 0.0) / smax for c in scheme.weighted())
    stage = Rules.of(scheme.evaluation).presentation
    if stage:
        result.presentation_comments = {e: dict(by[vendor["id"]].comments) for e, by in sheets.presentation.items()
                                        if vendor["id"] in by}
        for criterion in stage.criteria:
            cid = criterion["id"]
            scores = {e: by[vendor["id"]].scores.get(cid) for e, by in sheets.presentation.items() if vendor["id"] in by}
            result.presentation_scores[cid] = scores
            if (vendor["id"], cid) in sheets.agreed:
                result.agreed[cid], result.agreed_reason[cid] = sheets.agreed[(vendor["id"], cid)]

    for gate in scheme.gates():
        gid, name = gate["id"], clean(gate["name"])
        votes = {evaluator: entry.gates.get(gid) for evaluator, entry in entries.items()}
        result.gate_votes[gid] = votes
        judged = [v for v in votes.values() if v is not None]
        fails = judged.count("fail")
        if len(judged) < len(evaluators):
            result.incomplete = True
        agreed_gate = sheets.agreed_gates.get((vendor["id"], gid))
        if agreed_gate is not None:
            result.agreed_gates[gid], result.agreed_reason[gid] = agreed_gate
        elif not judged:
            result.flags.append(Flag(vendor["id"], "gate_unjudged", gid,
                                     f"no evaluator judged the mandatory requirement '{name}'",
                                     f"必須項目「{name}」の合否を判定した評価者がいない"))
            continue
        failed = agreed_gate[0] == "fail" if agreed_gate else fails * 2 > len(judged)  # the meeting's decision, else the majority
        if failed:
            result.disqualified = True
            result.failed_gates.append(gid)
        split = ", ".join(f"{who.get(e, e)} {GATE_WORDS['en'][v]}" for e, v in votes.items() if v)
        split_ja = "、".join(f"{who.get(e, e)} {GATE_WORDS['ja'][v]}" for e, v in votes.items() if v)
        if agreed_gate is not None:
            outcome, reason = agreed_gate
            result.flags.append(Flag(vendor["id"], "gate_agreed", gid,
                                     f"evaluators judged the mandatory requirement “{name}” differently ({split}); the "
                                     f"consensus meeting agreed it is {'not met: disqualified' if outcome == 'fail' else 'met'}. "
                                     f"Reason: {reason}",
                                     f"必須項目「{name}」の判定が分かれていた（{split_ja}）。合議により"
                                     f"{'不適合とし、失格とした' if outcome == 'fail' else '適合とした'}。理由：{reason}"))
        elif 0 < fails < len(judged):
            outcome_en = "disqualified by majority" if fails * 2 > len(judged) else "not disqualified (no majority)"
            outcome_ja = "過半数の不適合により失格" if fails * 2 > len(judged) else "過半数に達しないため失格としていない"
            result.flags.append(Flag(vendor["id"], "gate_split", gid,
                                     f"evaluators disagree on the mandatory requirement “{name}” ({split}); {outcome_en}: "
                                     "confirm in the consensus meeting",
                                     f"必須項目「{name}」の判定が分かれている（{split_ja}）。{outcome_ja}。合議で確認する"))
    return result


def _spread(result: VendorResult, scheme: Scheme, who: dict[str, str], cid: str, name: str,
            scores: dict[str, float | None], agreed: tuple[float, str] | None, split: list[str] = ()) -> None:
    """The spread rule on one item, a criterion of the documents or of the presentations alike: scores
    that differ by the threshold or more are flagged for the consensus meeting. A score agreed there is said
    agreed whatever the spread (the computed criterion is settled for the checklist entries `split`, not for a
    spread), so every agreed score keeps its flag and its row in the next consensus workbook; but one the
    project file alone records for an item nothing called the meeting to settle is no item to check: the
    project file keeps it, and a note says it once (unneeded_agreements)."""
    given = [s for s in scores.values() if s is not None]
    given_by = [(who.get(e, e), _fmt(s)) for e, s in scores.items() if s is not None]
    detail, detail_ja = ", ".join(f"{e} {s}" for e, s in given_by), "、".join(f"{e} {s}点" for e, s in given_by)
    if len(given) < 2 or max(given) - min(given) < scheme.spread_threshold - 1e-9:
        if agreed is not None and (split or (result.id, cid) not in agreed_in_project(scheme)):
            entries = f"; checklist entries judged absent by one evaluator, concrete by another: {', '.join(split)}" if split else ""
            entries_ja = f"。チェックリストで記載なしと具体的な提案ありに分かれた要件：{'、'.join(split)}" if split else ""
            result.flags.append(Flag(result.id, "agreed", cid,
                                     f"the consensus meeting agreed {_fmt(agreed[0])} on “{name}” ({detail}{entries}): {agreed[1]}",
                                     f"「{name}」は合議により{_fmt(agreed[0])}点とした（{detail_ja}{entries_ja}）。理由：{agreed[1]}"))
        return
    spread = _fmt(round(max(given) - min(given), SCORE_DIGITS))  # as the scores are written: 2, not 2.00
    if agreed is None:
        result.flags.append(Flag(result.id, "spread", cid,
                                 f"evaluators differ by {spread} points on “{name}” ({detail}): discuss in the consensus meeting",
                                 f"「{name}」の評点に評価者間で{spread}点の差がある（{detail_ja}）。合議で確認する"))
    else:
        result.flags.append(Flag(result.id, "agreed", cid,
                                 f"evaluators differed by {spread} points on “{name}” ({detail}); the consensus meeting "
                                 f"agreed {_fmt(agreed[0])}: {agreed[1]}",
                                 f"「{name}」の評点に評価者間で{spread}点の差があった（{detail_ja}）。"
                                 f"合議により{_fmt(agreed[0])}点とした。理由：{agreed[1]}"))


def agreed_in_project(scheme: Scheme) -> set[tuple[str, str]]:
    """(vendor, criterion) of each agreed score the project file records (evaluation.consensus)."""
    return {(entry["vendor"], entry["criterion"]) for entry in scheme.evaluation.get("consensus") or []}


def unneeded_agreements(scheme: Scheme, vendors: list[VendorResult]) -> list[SheetProblem]:
    """A note per agreed score the project file records for an item the evaluators did not disagree on (no
    spread, no checklist split): harmless, it replaces their mean as any agreed score does, so it is said
    once here rather than raised as an item to check with a row in the consensus workbook."""
    by_id = {v.id: v for v in vendors}
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted() + PresentationScheme(scheme.project).weighted()}
    who = {e["id"]: clean(e["name"]) for e in scheme.evaluators()}
    notes = []
    for index, entry in enumerate(scheme.evaluation.get("consensus") or []):
        vendor, cid = by_id[entry["vendor"]], entry["criterion"]
        if cid not in vendor.criterion_scores and vendor.presentation_points is None:
            continue   # a presentation criterion of a vendor who did not present: not tallied at all
        if any(f.code == "agreed" and f.criterion_id == cid for f in vendor.flags):
            continue
        given = [(who.get(e, e), _fmt(s)) for e, s in vendor.scores_on(cid).items() if s is not None]
        detail, detail_ja = ", ".join(f"{e} {s}" for e, s in given), "、".join(f"{e} {s}点" for e, s in given)
        place = f"evaluation.consensus[{index}]"
        score, name, threshold = _fmt(float(entry["score"])), names.get(cid, cid), f"{scheme.spread_threshold:g}"
        notes.append(SheetProblem(
            Path(str(scheme.project.path or "project.yaml")).name, None, None,
            f"the agreed score {score} for “{name}” of {clean(vendor.name)} ({place}) was not needed: the evaluators' scores "
            f"({detail or 'none'}) do not differ by {threshold} points; it replaces their mean all the same, and there is "
            "nothing to settle", "warning",
            ja=f"{clean(vendor.name)}の「{name}」は評価者の評点（{detail_ja or 'なし'}）に{threshold}点以上の差がなく、合議を要しない"
               f"項目だが、合意した評点{score}点が記録されている（{place}）。評価者の平均に代えてこの評点を用いる。確認を要する事項はない",
            code="agreed_unneeded", vendor=vendor.id, item=cid))
    return notes


def _checklist_splits(result: VendorResult, scheme: Scheme, who: dict[str, str]) -> None:
    """A withheld requirement one evaluator found absent and another concrete (0 against 1): their totals may
    agree while every item differs, so each such item goes to the consensus meeting, which settles the
    computed criterion's score (until it has)."""
    for requirement, marks in checklist_splits(result.checklist, scheme):
        item = short_item(clean(requirement.text))  # its id is in the flag's own column
        detail = ", ".join(f"{who.get(e, e)} {COVERAGE_WORDS['en'][m]}" for e, m in marks.items())
        detail_ja = "、".join(f"{who.get(e, e)} {COVERAGE_WORDS['ja'][m]}" for e, m in marks.items())
        result.flags.append(Flag(result.id, "checklist_split", requirement.id,
                                 f"one evaluator found the checklist entry “{item}” absent and another concrete ({detail}): "
                                 "discuss in the consensus meeting",
                                 f"チェックリストの「{item}」を、記載なしとした評価者と具体的な提案ありとした評価者がいる"
                                 f"（{detail_ja}）。合議で確認する"))


def _presentation_spreads(vendor: VendorResult, scheme: Scheme) -> None:
    """The spread rule on the presentation scores of a vendor who presented (they may decide the award),
    the flags beside those on its documents; a vendor who did not go through has none to settle."""
    stage = Rules.of(scheme.evaluation).presentation
    if stage is None or vendor.presentation_points is None:
        return
    who = {e["id"]: clean(e["name"]) for e in scheme.evaluators()}
    documents, vendor.flags = vendor.flags, []
    for criterion in stage.criteria:
        cid = criterion["id"]
        agreed = (vendor.agreed[cid], vendor.agreed_reason[cid]) if cid in vendor.agreed else None
        _spread(vendor, scheme, who, cid, clean(criterion["name"]), vendor.presentation_scores.get(cid, {}), agreed)
    at = max((i + 1 for i, f in enumerate(documents) if f.code in ITEM_FLAGS), default=0)
    vendor.flags = documents[:at] + vendor.flags + documents[at:]


def _presented_before_consensus(scheme: Scheme, sheets: Sheets, vendors: list[VendorResult]) -> SheetProblem | None:
    """A warning when presentation scores were entered while items of the document stage still await the
    consensus meeting: those scores decide who presents and are to be settled before the presentations
    (under blind evaluation, meeting the presenters has also shown the panel who each alias is)."""
    stage = Rules.of(scheme.evaluation).presentation
    files = sorted({entry.file for by in sheets.presentation.values() for entry in by.values()
                    if any(score is not None for score in entry.scores.values())})
    if stage is None or not files:
        return None
    presented = {c["id"] for c in stage.criteria}
    open_items = {v.name: sum(f.code in ("spread", "checklist_split") and f.criterion_id not in presented for f in v.flags)
                  for v in vendors}
    open_items = {name: n for name, n in open_items.items() if n}
    if not open_items:
        return None
    count = sum(open_items.values())
    blind = scheme.blind
    en = (f"presentation scores were entered while {count} item{'s' if count > 1 else ''} of the document stage still "
          f"await{'' if count > 1 else 's'} the consensus meeting ({', '.join(f'{name}: {n}' for name, n in open_items.items())}). "
          "The document-stage scores decide who goes through and are settled before the presentations: record the agreed "
          "scores (in the consensus workbook, or in the project file: evaluation.consensus); until then this ranking is provisional"
          + (". Meeting the presenters has shown the panel who each alias is" if blind else ""))
    ja = (f"書類審査の{count}件の項目が合議で確定していないのに、プレゼンテーションの評点が入力されている"
          f"（{'、'.join(f'{name}：{n}件' for name, n in open_items.items())}）。プレゼンテーションに進む者は書類審査の評点で決まるため、"
          "書類審査の評点はプレゼンテーションの前に確定する。合意した評点を合議結果のブックまたは案件ファイル（evaluation.consensus）に記録するまで、"
          "この順位は暫定である" + ("。プレゼンテーションで提案者と対面したため、評価者には評価上の名称がどの提案者かが分かっている" if blind else ""))
    return SheetProblem(", ".join(files), None, None, en, "warning", ja=ja, code="presented_before_consensus")


def _tallied(vendor: VendorResult, sheets: Sheets, prices: dict) -> Tallied:
    return Tallied(vendor.id, vendor.criterion_scores, dict(vendor.agreed), list(vendor.failed_gates),
                   prices.get(vendor.id), vendor.presentation_scores, sheets.lots.get(vendor.id))


def _flag(vendor: VendorResult, code: str, criterion: str | None, en: str, ja: str) -> None:
    vendor.flags.append(Flag(vendor.id, code, criterion, en, ja))


def _magnitude_flags(vendors: list[VendorResult], currency: str) -> None:
    """A price a hundred times or more off the median of the others is most likely a typing slip
    (a missing thousands group, a decimal comma read as a separator): flag it before it decides anything."""
    prices = {v.id: v.price for v in vendors if v.price}
    for vendor in vendors:
        others = sorted(p for vid, p in prices.items() if vid != vendor.id)
        if not vendor.price or not others:
            continue
        median = others[len(others) // 2] if len(others) % 2 else (others[len(others) // 2 - 1] + others[len(others) // 2]) / 2
        ratio = vendor.price / median
        if ratio >= 100 or ratio <= 0.01:
            _flag(vendor, "price_magnitude", None,
                  f"the proposed price {money(vendor.price, currency, 'en', 2)} is {ratio:,.4g} times the median of the "
                  f"other proposed prices ({money(median, currency, 'en', 0)}): check the price workbook for a typing slip "
                  "before deciding",
                  f"提案価格 {money(vendor.price, currency, 'ja', 2)} が他の提案価格の中央値（{money(median, currency, 'ja', 0)}）の"
                  f"{ratio:,.4g}倍である。"
                  "価格シートの入力誤りがないか確認する")


def _apply_standing(result_vendors: list[VendorResult], standing: Standing, scheme: Scheme) -> None:
    reference = scheme.evaluation["price"].get("reference_price") or 0
    currency = scheme.project.section("pricing").get("currency", "JPY")
    share = Rules.of(scheme.evaluation).low_bid_share

    def cash(amount, lang: str) -> str:
        return money(amount, currency, lang, 0)

    def low(lang: str) -> str:  # the low-price threshold in money
        return cash(share * reference, lang) if share is not None and reference else ""
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted()}
    for vendor in result_vendors:
        vid = vendor.id
        vendor.quality = standing.quality[vid]
        vendor.criterion_mean = standing.criterion_mean[vid]
        vendor.price_score = standing.price_score.get(vid)
        vendor.document_total = standing.document_total.get(vid)
        vendor.presentation_points = standing.presentation_points.get(vid)
        vendor.total = standing.total.get(vid)
        vendor.rank = standing.rank.get(vid)
        vendor.rank_sum = standing.rank_sum.get(vid)
        vendor.excluded = list(standing.excluded.get(vid, ()))
        vendor.through = (vid in standing.shortlist) if standing.documents_only else None
        vendor.disqualified = standing.disqualified(vid)
        for reason, detail in vendor.excluded:
            if reason == ABOVE_REFERENCE:
                _flag(vendor, "above_reference", None,
                      f"the proposed price {cash(vendor.price, 'en')} is above the reference price {cash(reference, 'en')}: "
                      "disqualified",
                      f"提案価格 {cash(vendor.price, 'ja')} が予定価格 {cash(reference, 'ja')} を上回るため失格とする")
            elif reason == LOW_BID:
                _flag(vendor, "low_bid", None,
                      f"the proposed price {cash(vendor.price, 'en')} is below the low-price threshold ({low('en')}): "
                      "disqualified",
                      f"提案価格 {cash(vendor.price, 'ja')} が低価格の基準（{low('ja')}）を下回るため失格とする")
            elif reason == BELOW_MINIMUM:
                _flag(vendor, "below_minimum", None,
                      f"quality score {vendor.quality:g} is below the minimum qualifying score: not ranked",
                      f"品質スコア {vendor.quality:g} が最低基準点に達しないため、順位を付けない")
            elif reason == BELOW_CRITERION_MINIMUM:
                mean = vendor.criterion_mean.get(detail) or 0.0
                _flag(vendor, "below_minimum", detail,
                      f"mean score {_fmt(mean)} on “{names.get(detail, detail)}” is below its minimum: not ranked",
                      f"「{names.get(detail, detail)}」の平均評点 {_fmt(mean)} が最低点に達しないため、順位を付けない")
            elif reason == NOT_ADVANCED:
                _flag(vendor, "not_advanced", None, "did not go through to the presentations: not ranked",
                      "プレゼンテーションに進まなかったため、順位を付けない")
            elif reason == NO_PRICE:
                _flag(vendor, "no_price", None,
                      f"no usable price: the {computed_figures(scheme.evaluation, 'en')} cannot be computed, so the bidder "
                      "is not ranked",
                      f"有効な提案価格がないため、{computed_figures(scheme.evaluation, 'ja')}を算出できず、順位を付けていない")
            elif reason == ZERO_QUALITY:
                _flag(vendor, "zero_quality", None,
                      "quality score 0: price per quality point cannot be computed, so the bidder is not ranked",
                      "品質スコアが0点のため、品質スコア1点あたりの価格を算出できず、順位を付けていない")
        if vid in standing.zeroed_above_reference or (vendor.price and reference and vendor.price > reference
                                                      and not vendor.disqualified and standing.formula == "jp_additive"):
            _flag(vendor, "above_reference", None,
                  f"the proposed price {cash(vendor.price, 'en')} is above the reference price {cash(reference, 'en')}: "
                  "price points are 0",
                  f"提案価格 {cash(vendor.price, 'ja')} が予定価格 {cash(reference, 'ja')} を上回るため、価格点は0点とする")
        if vid in standing.low_bid:
            _flag(vendor, "low_bid", None,
                  f"the proposed price {cash(vendor.price, 'en')} is below the low-price threshold ({low('en')}): a "
                  "feasibility review is required before award",
                  f"提案価格 {cash(vendor.price, 'ja')} が低価格の基準（{low('ja')}）を下回るため、履行可能性の調査が必要である")
    if standing.documents_only:
        _document_stage_ties(result_vendors, standing, scheme)
        return
    words = {"quality": ("higher quality score", "品質スコア"), "price": ("lower price", "提案価格"), "lots": ("drawing of lots", "くじ引き")}
    final = final_key(standing.formula, Rules.of(scheme.evaluation).presentation is not None)
    final_ja, final_en = say(final, "ja"), say(final, "en").lower()
    for tie in standing.ties:
        shown = {v.id: v.name for v in result_vendors}
        names_en = ", ".join(shown.get(vid, vid) for vid in tie["vendors"])
        by = [(s["by"], names.get(s.get("criterion"), s.get("criterion"))) for s in tie["by"]]
        by_en = ", then ".join(words[key][0] if key != "criterion" else f"higher score on '{name}'" for key, name in by)
        by_ja = "、".join(words[key][1] if key != "criterion" else f"「{name}」の評点" for key, name in by)
        for vendor in result_vendors:
            if vendor.id not in tie["vendors"]:
                continue
            if tie["resolved"]:
                _flag(vendor, "tie_broken", None, f"equal {final_en} ({names_en}); order decided by {by_en}",
                      f"{final_ja}が同点である（{names_en}）。{by_ja}により順位を決めた")
            elif tie["lots_pending"]:
                _flag(vendor, "tie", None, f"equal {final_en} ({names_en}) still tied: draw lots and record the order "
                      "in the consensus workbook", f"{final_ja}が同点である（{names_en}）。くじ引きを行い、結果を合議シートに記録する")
            else:
                _flag(vendor, "tie", None, f"tied for rank {vendor.rank} with the same {final_en} ({names_en})",
                      f"同じ{final_ja}で第{vendor.rank}位に並んでいる（{names_en}）")


def _document_stage_ties(result_vendors: list[VendorResult], standing: Standing, scheme: Scheme) -> None:
    """Flag each tie of the document stage with how the published rule resolves it: the tied bidders share
    a rank, and a tie for the last place of the top N takes them all through (rfpgen.scoring.rules)."""
    rules = Rules.of(scheme.evaluation)
    figure = document_total_key(standing.formula, True)
    figure_ja, figure_en = say(figure, "ja"), say(figure, "en").lower()
    by_id = {v.id: v for v in result_vendors}
    top = rules.presentation.top
    for tie in standing.ties:
        tied = [by_id[vid] for vid in tie["vendors"]]
        rank, count = tied[0].rank, len(tied)
        every = "both" if count == 2 else f"all {in_words(count)}"
        value = number(tied[0].document_total, total_decimals(rules, standing.formula))
        names_ja, names_en = "、".join(clean(v.name) for v in tied), ", ".join(clean(v.name) for v in tied)
        if not tied[0].through:
            ja = "いずれもプレゼンテーションに進まない"
            en = "none of them goes through to the presentations"
        elif top is not None and rank + count - 1 > top:   # the tie is for the last place of the shortlist
            ja = f"上位{top}者の最後の順位での同点のため、{count}者ともプレゼンテーションに進む"
            en = f"the tie is for the last of the {top} places, so {every} go through to the presentations"
        else:
            ja = f"{count}者ともプレゼンテーションに進む"
            en = f"{every} go through to the presentations"
        for vendor in tied:
            _flag(vendor, "tie", None,
                  f"equal {figure_en} ({value}: {names_en}): under the published rule they share rank {rank}, and {en}",
                  f"{figure_ja}が同点である（{value}：{names_ja}）。公表した規則により同順位（第{rank}位）とし、{ja}")


def _presentation_gaps(sheets: Sheets, standing: Standing, vendors: list[VendorResult]) -> list[str]:
    """The presentation sheets' blanks, now that the ranking says who presents: a blank for a vendor
    who presents is missing (refused like any other, or tallied as provisional under --allow-incomplete),
    never a silent 0; scores typed for a vendor who does not present are not counted, and the warning
    says so. Returns the warnings; raises ScoreSheetInvalid for the refused blanks."""
    presenting = set(standing.presentation_points)
    gaps = [p for p in sheets.presentation_blanks if p.vendor in presenting or (p.vendor is None and presenting)]
    if gaps and not sheets.allow_incomplete:
        raise ScoreSheetInvalid(gaps)
    warnings = []
    for gap in gaps:
        gap = replace(gap, severity="warning", code="presentation_blank" if gap.code == "blank_score" else gap.code)
        sheets.warnings.append(gap)
        warnings.append(str(gap))
        sheets.incomplete = True
        for vendor in vendors:
            if vendor.id == gap.vendor or (gap.vendor is None and vendor.id in presenting):
                vendor.incomplete = True
    for vendor in vendors:
        typed = sorted({e for by in vendor.presentation_scores.values() for e, score in by.items() if score is not None})
        if vendor.id not in presenting and typed:
            problem = SheetProblem(
                "the presentation workbooks", None, None,
                f"presentation scores typed for bidder “{vendor.id}” ({vendor.name}) by {', '.join(typed)} are not counted: "
                "the bidder does not present (check the shortlist, or that the scores went on the right sheet)", "warning",
                ja=f"提案者「{vendor.id}」（{vendor.name}）のプレゼンテーション審査の評点（{'、'.join(typed)}）は集計に入れません。"
                   "この提案者はプレゼンテーション審査に進みません（選定結果と、評点を入力したシートが正しいかを確認してください）",
                file_ja="プレゼンテーション審査の評価シート", code="presentation_ignored", vendor=vendor.id, item=",".join(typed))
            sheets.warnings.append(problem)
            warnings.append(str(problem))
    return warnings


def compute(project: Project, sheets: Sheets, prices: dict[str, float | None] | None = None) -> Result:
    """Rank the vendors from what was read. `prices` replaces the price workbook's figures (for a
    normalised cost per vendor computed elsewhere, e.g. from the vendors' response forms)."""
    scheme = Scheme(project)
    rules = Rules.of(scheme.evaluation)
    evaluators = [e["id"] for e in scheme.evaluators() if e["id"] in sheets.entries]
    vendors = [_vendor(scheme, sheets, vendor, evaluators) for vendor in scheme.vendors()]
    warnings = [str(p) for p in sheets.warnings]
    prices = dict(sheets.prices if prices is None else prices)
    for vendor in vendors:
        vendor.price = prices.get(vendor.id)
    _magnitude_flags(vendors, project.section("pricing").get("currency", "JPY"))
    tallied = [_tallied(v, sheets, prices) for v in vendors]
    standing = rank_standing(scheme, rules, tallied, evaluators=evaluators, documents_only=sheets.document_stage)
    _apply_standing(vendors, standing, scheme)
    warnings += _presentation_gaps(sheets, standing, vendors)
    for vendor in vendors:
        _presentation_spreads(vendor, scheme)
    for note in unneeded_agreements(scheme, vendors):
        sheets.warnings.append(note)
        warnings.append(str(note))
    for vendor in vendors:
        if any(reason in (NO_PRICE, ZERO_QUALITY) for reason, _ in vendor.excluded):
            warnings.append(f"{vendor.id}: " + ("no usable price; not ranked" if (NO_PRICE, None) in vendor.excluded
                                                else "quality score 0; price per quality point undefined; not ranked"))
        if vendor.incomplete:
            _flag(vendor, "incomplete", None, "some entries for this bidder are missing: the result is provisional",
                  "この提案者の評価に未入力があるため、結果は暫定である")
    early = _presented_before_consensus(scheme, sheets, vendors)
    if early:
        sheets.warnings.append(early)
        warnings.append(str(early))
    ordered = sorted(vendors, key=lambda v: (v.rank is None, v.rank or 0, v.disqualified, -v.quality))
    result = Result(project, ordered, evaluators, warnings, list(sheets.files), sheets.incomplete, standing.formula,
                    standing.higher_is_better, rules=rules, tallied=tallied, audit=list(sheets.audit),
                    consensus=list(sheets.consensus_log), ties=standing.ties, sheet_warnings=list(sheets.warnings),
                    document_stage=sheets.document_stage)
    early = before_deadline(result, "en")
    if early:
        result.warnings.append(early)
    return result


def status_text(vendor: VendorResult, lang: str, gates: dict[str, str], provisional: bool = False) -> str:
    """A vendor's standing in words: ranked, not ranked or disqualified, why (the mandatory requirements
    failed by their names in `gates`), whether it goes through (`provisional` while the shortlist is not
    settled), and whether provisional."""
    why = ", ".join([gates.get(g, g) for g in vendor.failed_gates] + [say(f"score.why_{reason}", lang) for reason, _ in vendor.excluded
                                           if reason not in ("gate", "no_price", "zero_quality")])
    label = (say("score.disqualified", lang) if vendor.disqualified else say("score.ranked", lang) if vendor.rank
             else say("score.not_ranked", lang))
    status = (f"{label}（{why}）" if lang == "ja" else f"{label} ({why})") if why else label
    if vendor.through is not None:
        status += ("・" if lang == "ja" else ", ") + through_words(vendor, lang, provisional)
    if vendor.incomplete:
        status += ("・" if lang == "ja" else ", ") + say("score.incomplete", lang)
    if vendor.rank_sum is not None:
        status += (f"・順位点 {vendor.rank_sum:g}" if lang == "ja" else f", rank sum {vendor.rank_sum:g}")
    return status


def summary_rows(result: Result, lang: str) -> tuple[list[str], list[list[str]]]:
    """The ranking as `rfpgen score` prints it and the wizard shows it: headers, then one row of text per
    vendor (rank, id, name, quality score, price score, with presentations the document-stage total and
    the presentation points, the figure ranked by, status), figures as the memo rounds them."""
    staged = ranks_final(result)
    formula = result.formula
    gates = {g["id"]: clean(g["name"]) for g in Scheme(result.project).gates()}
    provisional = shortlist_provisional(result)
    headers = [say("score.rank", lang), say("score.vendor_id", lang), say("score.vendor", lang),
               say("score.quality_score", lang), say("score.price_score", lang)]
    headers += [say(document_total_key(formula, True), lang), say("score.presentation_points", lang)] if staged else []
    headers += [total_label(result, lang), say("score.status_col", lang)]
    additive = gives_price_points(formula)
    if not additive:
        headers.pop(4)
    rows = [[str(v.rank) if v.rank else EMPTY, v.id, v.name, number(v.quality, quality_digits(result), EMPTY)]
            + ([number(v.price_score, rounded_digits(result, "price_score"), EMPTY)] if additive else [])
            + ([number(v.document_total, total_digits(result), EMPTY),
                number(v.presentation_points, presentation_digits(result), EMPTY)] if staged else [])
            + [number(final_score(result, v), final_digits(result), EMPTY), status_text(v, lang, gates, provisional)] for v in result.vendors]
    return headers, rows
