"""The decision memo's recommendation: what the committee proposes management signs, derived from the
tally and nothing else.

- what is missing from the tally (a sheet, a score, a judgement, a price), in plain words;
- whether a recommendation can be made: not when no vendor is ranked, when entries are missing (the
  ranking is provisional) or when the first place is tied and not yet broken;
- otherwise the winner, why (its margin, its quality and price, how solid the ranking is, the
  budget), the conditions attached (items the consensus meeting must settle, a mandatory
  requirement in doubt, a low price to review, a price above the budget, a fragile ranking) and the
  next steps with the project's own dates.

Every sentence is in the project's language and in the plain register (常体) of a Japanese memo.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..documents.rfp_terms import deadline
from ..project import project_time
from ..text import EMPTY, clean, currency_unit, day, money, number, signed
from ..words import capital, in_words, listing, lower_first, ordinal, plural, say, tr
from ..words.scoring import MEMO_SECTIONS, document_total_key, final_key
from .budget import REFERENCE_PRICE, BudgetCheck
from .model import PRESENTATIONS, SCORE_DIGITS, SETTLED, PresentationScheme, Scheme, presentation_workbook_name
from .price import computed_figures
from .ranking import criterion_means
from .robustness import Robustness
from .rules import figure_decimals

# A ranking whose winner changes when one weight moves by this many points (of 100), or when one
# evaluator is left out, is called fragile: an ordinary disagreement about a weight would overturn it.
FRAGILE_WEIGHT_CHANGE = 5.0
# A recommended price this far above the limit (in % of it), or every ranked price above it, is not closed
# by an ordinary negotiation: failing it, the recommendation lapses and proposals are invited again.
FAR_OVER_PCT = 10.0
# The flags the consensus meeting settles, counted in the recommendation's condition.
CONSENSUS_ITEMS = ("spread", "checklist_split", "gate_split", "gate_unjudged")


@dataclass
class Decision:
    recommended: str | None            # vendor id, or None when no recommendation can be made
    lead: str                          # the recommendation, or why none can be made
    basis: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


def see(section: str, lang: str) -> str:
    """A pointer to a section of the memo by its number: （7. 参照）, (section 7)."""
    number_ = MEMO_SECTIONS.index(section) + 1
    return tr(lang, f"（{number_}. 参照）", f" (section\u00a0{number_})")  # never "(section" / "7)" on two lines


def _names(result) -> dict[str, str]:
    return {v.id: clean(v.name) for v in result.vendors}


def _join(lang: str, items) -> str:
    return tr(lang, "、", ", ").join(items)


def total_digits(result) -> int:
    """Decimals of the (document-stage) total as the memo prints it (see `total_decimals`)."""
    return total_decimals(result.rules, result.formula)


def rounded_digits(result, figure: str) -> int:
    """Decimals of `figure` (quality, price_score) as printed: see `figure_decimals`."""
    return figure_decimals(result.rules, figure)


def quality_digits(result) -> int:
    """Decimals of the quality score: as the rules round it, else 2."""
    return rounded_digits(result, "quality")


def presentation_digits(result) -> int:
    """Decimals of presentation points: rounded with the quality score where the rules say so, else 2."""
    return quality_digits(result)


def final_digits(result) -> int:
    """Decimals of the score the ranking is by: the presentation points' own where they alone decide."""
    return presentation_digits(result) if presentation_only(result) else total_digits(result)


def total_decimals(rules, formula: str) -> int:
    """Decimals of a total under `formula`: as the rules round it, else 2 (4 for the division
    formula's points per million, 0 for a price per quality point)."""
    rounding = rules.rounding
    if getattr(rounding, "apply_to", ()) and "total" in rounding.apply_to:
        return rounding.digits
    return {"jp_division": 4, "price_per_quality": 0}.get(formula, 2)


def weighted_digits(result) -> int:
    """Decimals of a criterion's weighted points (weight × mean ÷ max), of the documents or of the
    presentations: those of the quality score and presentation points their column ends with (the rule's
    digits where it rounds them, 68.0000, else 2), so the column prints one format."""
    return quality_digits(result)


def score_digits(result, presentations: bool = False) -> int:
    """Decimals of the mean scores (and their range and spread) in the tables of the documents' criteria, or
    of the presentations': two, or as many more (up to four) as let a reader recompute each printed weighted
    point (weight × mean ÷ max, with `weighted_digits`) from the printed mean. The published rule averages
    without rounding, so with weight 15 a mean of 7/3 (three evaluators) printed 2.33 would give 6.99 where the
    tally's 7.00 is right: it prints 2.333. Four at most: a third never recomputes exactly, and a weighted point
    printed with four decimals would ask for a mean printed with more than the rule itself keeps."""
    smax = Scheme(result.project).scale_max
    stage = result.rules.presentation
    criteria = list(stage.criteria if stage else []) if presentations else Scheme(result.project).weighted()
    weights = {c["id"]: float(c["weight"]) for c in criteria}
    means = [(mean, weights[cid]) for v in result.vendors for cid, mean in shown_means(result, v).items()
             if cid in weights and mean is not None]
    rounding = result.rules.rounding
    if "score" in getattr(rounding, "apply_to", ()):   # the rule rounds the means: printed as it keeps them
        return rounding.digits
    shown = weighted_digits(result)

    def printed(value: Decimal, digits: int) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)

    for digits in (SCORE_DIGITS, 3):
        if all(printed(printed(Decimal(repr(m)), digits) * Decimal(repr(w)) / smax, shown)
               == Decimal(number(m * w / smax, shown).replace(",", "")) for m, w in means):
            return digits
    return 4


def shown_means(result, vendor) -> dict[str, float | None]:
    """The vendor's mean score per criterion as the tables print them: the documents' (agreed where the
    meeting agreed) and, where it presented, the presentations'."""
    means = dict(vendor.criterion_mean)
    if result.rules.presentation is not None and vendor.presentation_points is not None:
        evaluators = sorted({e for scores in vendor.presentation_scores.values() for e in scores})
        means.update(criterion_means(result.rules, vendor.presentation_scores, vendor.agreed, evaluators))
    return means


def quality_points(result, vendor) -> float | None:
    """Quality score × quality points ÷ 100, rounded as the rules publish (none under the price per
    quality point)."""
    if result.formula == "price_per_quality":
        return None
    return result.rules.rounding("quality_points",
                                 vendor.quality * float(Scheme(result.project).evaluation.get("quality_points", 70)) / 100)


def quality_points_digits(result) -> int:
    """Decimals of quality points: the rule's where it rounds them, else the total's (so quality points +
    price points visibly give the printed total)."""
    return rounded_digits(result, "quality_points") if "quality_points" in getattr(result.rules.rounding, "apply_to", ()) \
        else total_digits(result)


def quality_points_text(result, vendor) -> str:
    """Quality points as a table prints them: rounded as the rules publish them, or else as the rules round
    the total; a dash for a disqualified vendor, who gets no points."""
    points = quality_points(result, vendor)
    if points is None or vendor.disqualified:
        return EMPTY
    return number(result.rules.rounding("total", points), quality_points_digits(result))


def presentation_only(result) -> bool:
    """The final score is the presentation points alone: the document stage (quality and price, their
    weights included) only decides who goes through to the presentations (at the document stage's tally,
    the document figure still ranks)."""
    stage = result.rules.presentation
    return stage is not None and stage.combine == "presentation_only" and not result.document_stage


def ranks_final(result) -> bool:
    """The ranking is by the final score: presentations follow the documents and this is not the document
    stage's tally (which ranks by the document-stage figure and draws the shortlist)."""
    return result.rules.presentation is not None and not result.document_stage


def final_score(result, vendor) -> float | None:
    """The score the vendor is ranked by, or None for one who did not present when presentations follow
    the documents: its document-stage figure (a value per million under the division method) is no final score."""
    return vendor.total if not ranks_final(result) or vendor.presentation_points is not None else None


def total_label(result, lang: str) -> str:
    """What the figure vendors are ranked by is called (総合評価点, 評価値, 最終評価点 after presentations,
    書類審査の総合評価点 at the document stage, …)."""
    if result.document_stage:
        return document_label(result, lang)
    return say(final_key(result.formula, result.rules.presentation is not None), lang)


def document_label(result, lang: str) -> str:
    """What the documents' figure (quality and price) is called: the total, or the document-stage total
    when presentations follow."""
    return say(document_total_key(result.formula, result.rules.presentation is not None), lang)


def _currency(result) -> str:
    return result.project.section("pricing").get("currency", "JPY")


def in_money(result, document: bool) -> bool:
    """Whether a figure is a price per quality point, counted in money: the document figure under that
    formula, and the ranked one too unless the presentation points alone decide."""
    return result.formula == "price_per_quality" and (document or not ranks_final(result))


def headed(result, label: str, lang: str) -> str:
    """A column's or row's heading for the figure `label` (the document figure or the ranked one), with
    the unit a price per quality point is counted in (Price per quality point (£), 品質スコア1点あたりの価格（円））:
    points need none."""
    if not in_money(result, label == document_label(result, lang)):
        return label
    unit = currency_unit(_currency(result), lang)
    return f"{label}（{unit}）" if lang == "ja" else f"{label} ({unit})"


def figure_text(result, value, digits: int, lang: str, document: bool = False) -> str:
    """The ranked figure (or the `document` figure) in prose: points as a number, a price per quality point
    as money (£96,239.93)."""
    if in_money(result, document):
        return money(value, _currency(result), lang, digits, EMPTY)
    return number(value, digits, EMPTY)


# ------------------------------------------------------------------ what is missing

class _Names:
    """The project's vendors, evaluators and items (criteria, mandatory requirements, withheld
    requirements) as a reader meets them: by name; an item with its id beside it ("C-QM Quality
    management"), the id being what the evaluator's sheet shows on that row."""

    def __init__(self, result):
        scheme = Scheme(result.project)
        self.evaluation = scheme.evaluation
        self.vendors = _names(result)
        self.evaluators = {e["id"]: clean(e["name"]) for e in scheme.evaluators()}
        self.criteria = {c["id"]: clean(c["name"]) for c in scheme.weighted()}
        self.gates = {g["id"]: clean(g["name"]) for g in scheme.gates()}
        self.withheld = {r.id: short_item(clean(r.text)) for r in scheme.checklist()}
        self.presentation = {c["id"]: clean(c["name"]) for c in PresentationScheme(result.project).weighted()}

    def vendor(self, vid) -> str:
        return self.vendors.get(vid, vid)

    def evaluator(self, eid) -> str:
        return self.evaluators.get(eid, eid)

    def item(self, ident) -> str:
        name = (self.criteria.get(ident) or self.gates.get(ident) or self.withheld.get(ident)
                or self.presentation.get(ident))
        return f"{ident} {name}" if name else ident


def short_item(text: str, limit: int = 40) -> str:
    """A withheld requirement's text as a line naming it quotes it: cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _blank(lang: str, names: _Names, vendor: str, evaluator: str, items: list[str], key: str = "score.gap_blank") -> str:
    return say(key, lang, vendor=names.vendor(vendor), evaluator=names.evaluator(evaluator), items=_join(lang, items))


def missing_entries(result) -> list[str]:
    """Each gap in what was tallied, one line per evaluator and vendor (or per missing price)."""
    project = result.project
    lang = project.lang
    scheme = Scheme(project)
    names = _Names(result)
    computed = scheme.computed_ids()
    lines = []
    for eid in names.evaluators:
        if eid not in result.evaluators:
            lines.append(say("score.gap_no_workbook", lang, evaluator=names.evaluator(eid)))
    for vendor in result.vendors:
        for eid in result.evaluators:
            if eid not in vendor.evaluator_quality:
                lines.append(say("score.gap_no_vendor_sheet", lang, vendor=names.vendor(vendor.id), evaluator=names.evaluator(eid)))
                continue
            gaps = [names.item(cid) for cid in names.criteria if cid not in computed
                    and vendor.criterion_scores.get(cid, {}).get(eid) is None]
            gaps += [names.item(gid) for gid in names.gates if vendor.gate_votes.get(gid, {}).get(eid) is None]
            unchecked = sum(1 for status in vendor.checklist.get(eid, {}).values() if status is None)
            if unchecked:
                gaps.append(say("score.gap_checklist", lang, n=unchecked, entries=plural(unchecked, "entry", "entries")))
            if gaps:
                lines.append(_blank(lang, names, vendor.id, eid, gaps))
        if vendor.price is None:
            lines.append(say("score.gap_no_price", lang, vendor=names.vendor(vendor.id)))
        if vendor.presentation_points is not None:   # it presented: each evaluator's blanks
            for eid in result.evaluators:
                blank = [f"{c['id']} {clean(c['name'])}" for c in result.rules.presentation.criteria
                         if vendor.presentation_scores.get(c["id"], {}).get(eid) is None]
                if blank:
                    lines.append(_blank(lang, names, vendor.id, eid, blank, "score.gap_presentation_blank"))
    if result.incomplete and not lines:  # a gap the read-back saw that none of the above names
        lines.append(say("score.gap_some", lang))
    return lines


def notices_due(result) -> bool:
    """Whether the vendors can be told the result: the ranking is the final one (not the document stage's
    shortlist, which the presentations follow), nothing is missing from the tally, no item waits for
    the consensus meeting and the first place is not tied. A notice sent on a provisional ranking
    ("not selected, ranked second") would have to be taken back once the gaps are filled or the
    meeting has agreed its scores."""
    first = [v for v in result.vendors if v.rank == 1]
    open_items = any(f.code in CONSENSUS_ITEMS for f in result.flags)
    return not result.document_stage and not result.incomplete and not missing_entries(result) and not open_items and len(first) <= 1


def open_document_items(result) -> list:
    """The consensus meeting's items of the vendors not disqualified: before the presentations, any of
    them can change who goes through."""
    return [f for v in result.vendors if not v.disqualified for f in v.flags if f.code in CONSENSUS_ITEMS]


def shortlist_settled(result) -> bool:
    """At the document stage's tally, whether who goes through is settled: nothing missing, nothing left
    to the consensus meeting that could move the cut. Only then are the presentation workbooks written."""
    return (result.document_stage and bool(result.shortlist) and not result.incomplete and not missing_entries(result)
            and not open_document_items(result))


def withheld_because(result, lang: str, consensus: str) -> list[str]:
    """What keeps the result from being told (at the document stage, who goes through from being settled),
    each with its count and what to do: the gaps, the items left to the consensus meeting (`consensus` names
    the workbook that records them), a tied first place. The person tallying acts on these, not on a list of
    what might be the cause."""

    reasons = []
    gaps = len(missing_entries(result))
    if gaps:
        reasons.append(say("score.wait_gaps", lang, n=gaps, gaps=plural(gaps, "gap"), report=say("score.kind_results", lang)))
    # a split mandatory requirement has its row in the consensus workbook like a spread; one nobody judged is a gap
    items = open_document_items(result) if result.document_stage else [f for f in result.flags if f.code in CONSENSUS_ITEMS]
    computed = Scheme(result.project).computed_ids()   # a checklist split is settled on the computed criterion's row
    rows = len({(f.vendor_id, cid) for f in items if f.code in SETTLED
                for cid in (computed if f.code == "checklist_split" else (f.criterion_id,))})   # as the workbook has them
    if rows:
        reasons.append(say("score.wait_consensus", lang, n=rows, items=plural(rows, "item awaits", "items await"),
                           rows=plural(rows, "its row", "their rows"), workbook=consensus))
    first = [v.id for v in result.vendors if v.rank == 1]
    if not result.document_stage and len(first) > 1:
        lots = any(tie.get("lots_pending") and set(tie["vendors"]) & set(first) for tie in result.ties)
        reasons.append(say("score.wait_lots" if lots else "score.wait_tie", lang, workbook=consensus))
    return reasons


def shortlist_provisional(result) -> bool:
    """At the document stage, whether who goes through may still change, so each vendor's "goes through" says so."""
    return result.document_stage and not shortlist_settled(result)


def through_words(vendor, lang: str, provisional: bool) -> str:
    """Whether a vendor goes through to the presentations, provisionally while the shortlist is not settled."""
    key = "score.through" if vendor.through else "score.not_through"
    return say(key + "_provisional" if provisional else key, lang)


def uncommented_scores(result, presentations: bool = False) -> dict[str, dict[str, int]]:
    """Per evaluator and vendor, the scores typed without a comment, of the documents (the evaluators' guide
    asks for the proposal pages each score rests on in the comment cell) or of the presentations (their
    workbooks ask for the evidence the same way), these only of the vendors who presented: a sheet filled for one
    that did not go through is not tallied. A score computed from the checklist has none to give."""
    scheme = Scheme(result.project)
    if presentations:
        stage = result.rules.presentation
        typed = [c["id"] for c in stage.criteria] if stage else []
    else:
        typed = [c["id"] for c in scheme.weighted() if c["id"] not in scheme.computed_ids()]
    counts: dict[str, dict[str, int]] = {}
    for eid in result.evaluators:
        for vendor in result.vendors:
            if presentations and vendor.presentation_points is None:
                continue
            scores = vendor.presentation_scores if presentations else vendor.criterion_scores
            comments = (vendor.presentation_comments if presentations else vendor.comments).get(eid, {})
            bare = sum(1 for cid in typed if scores.get(cid, {}).get(eid) is not None and not comments.get(cid))
            if bare:
                counts.setdefault(eid, {})[vendor.id] = bare
    return counts


def uncommented_count(result, presentations: bool | None = None) -> int:
    """How many scores lack their evidence comment: of the documents, of the presentations, or (None) of both."""
    stages = (False, True) if presentations is None else (presentations,)
    return sum(n for stage in stages for by_vendor in uncommented_scores(result, stage).values() for n in by_vendor.values())


def comment_gaps(result, lang: str) -> list[str]:
    """Per evaluator, a line for the documents' scores and one for the presentations' lacking their evidence
    comment, counted per vendor."""
    names = _Names(result)
    counted = {stage: uncommented_scores(result, stage) for stage in (False, True)}
    lines = []
    for eid in result.evaluators:
        for presentations, by_vendor in ((stage, counted[stage].get(eid)) for stage in (False, True)):
            if not by_vendor:
                continue
            n, who = sum(by_vendor.values()), names.evaluator(eid)
            each = _join(lang, (tr(lang, f"{names.vendor(v)} {k}件", f"{names.vendor(v)} {k}") for v, k in by_vendor.items()))
            lines.append(tr(lang, f"{who}：評価の根拠のコメントがないプレゼンテーションの評点が{n}件ある（{each}）。",
                            f"{who}: {n} presentation {plural(n, 'score')} without a comment giving the evidence ({each}).")
                         if presentations else
                         tr(lang, f"{who}：根拠（提案書の該当ページ）のコメントがない評点が{n}件ある（{each}）。",
                            f"{who}: {n} {plural(n, 'score')} without a comment giving the proposal pages "
                            f"{plural(n, 'it rests', 'they rest')} on ({each})."))
    return lines


def _where(problem, lang: str) -> str:
    """Where a warning points: the workbook by its file name (never the folder it was read from), the
    sheet and the cell; nothing when it is about the set of files given rather than one of them."""
    if problem.file_ja:
        return ""
    place = [Path(problem.file).name]
    if problem.sheet:
        place.append(say("score.note_sheet", lang, sheet=problem.sheet))
    if problem.cell:
        place.append(say("score.note_cell", lang, cell=problem.cell))
    return say("score.note_where", lang, place=_join(lang, place))


def warning_text(problem, names: _Names, lang: str) -> str:
    """A warning of the read-back (rfpgen.scoring.readback.SheetProblem) as the documents say it: in
    `lang`, vendors, evaluators and items by name, the workbook by its file name; the command line
    keeps the problem's own message."""
    code, vendor, evaluator = problem.code, problem.vendor, problem.evaluator
    if code == "skipped":
        return say("score.note_skipped", lang, file=Path(problem.file).name)
    if code in ("blank_gate", "blank_score"):
        line = _blank(lang, names, vendor, evaluator, [names.item(problem.item)])
    elif code == "blank_checklist":
        line = _blank(lang, names, vendor, evaluator, [say("score.gap_checklist_one", lang, item=names.item(problem.item))])
    elif code in ("unprotected", "no_vendor_sheet"):
        line = say(f"score.{'note' if code == 'unprotected' else 'gap'}_{code}", lang, vendor=names.vendor(vendor),
                   evaluator=names.evaluator(evaluator))
    elif code in ("no_price", "no_response_form"):
        line = say(f"score.gap_{code}", lang, vendor=names.vendor(vendor))
    elif code in ("no_workbook", "no_presenter_workbook"):
        line = say(f"score.gap_{code}", lang, evaluator=names.evaluator(evaluator))
    elif code == "presentation_blank":
        line = _blank(lang, names, vendor, evaluator, [names.item(problem.item)], "score.gap_presentation_blank")
    elif code == "presentation_ignored":
        line = say("score.note_presentation_ignored", lang, vendor=names.vendor(vendor),
                   evaluators=_join(lang, map(names.evaluator, problem.item.split(","))))
    elif code == "no_price_workbook":
        line = say(f"score.gap_{code}", lang, figures=computed_figures(names.evaluation, lang))
    elif code in ("presented_before_consensus", "agreed_unneeded"):  # not about a place in a workbook
        return capital(problem.text(lang)) + tr(lang, "。", ".")
    else:  # a warning without a wording of its own: its message, the file by its name
        line = replace(problem, file=problem.file if problem.file_ja else Path(problem.file).name).line(lang, hint=False)
    where = _where(problem, lang)
    return f"{line}{tr(lang, '', ' ')}{where}" if where else line


def before_deadline(result, lang: str, condition: bool = False) -> str:
    """When the tally is earlier than the proposal deadline, what that means: no proposal was due yet, so the
    scores are likely wrong data (another project's workbooks, a wrong date in the project file); as a
    note, or (`condition`) as the condition a recommendation then carries. '' when it is not."""
    project = result.project
    due = project.proposal_deadline()
    if due is None or result.tallied_at >= due:
        return ""
    if lang == project.lang:
        tallied, due_text = project_time(project, result.tallied_at), deadline(project)
    else:  # the command line's English for a Japanese project
        tallied, due_text = project_time(project, result.tallied_at, lang), project_time(project, due, lang)
    if condition:
        return tr(lang, f"集計日時の{tallied}は、提案書提出期限の{due_text}より前であるため、評価シートと案件ファイルの日程を確認し、"
                        "提出期限までに受け付けた提案書の評価シートで再集計すること。",
                  f"The tally, {tallied}, is earlier than the proposal deadline, {due_text}: check the workbooks and the "
                  "project's schedule, and tally again from the workbooks of the proposals received by the deadline.")
    return tr(lang, f"集計日時の{tallied}は、提案書提出期限の{due_text}より前である。提出期限前の評点は、別の案件の評価シートや"
                    "案件ファイルの日程の誤りなど、データの誤りを示している可能性がある。",
              f"The tally, {tallied}, is earlier than the proposal deadline, {due_text}: no proposal was due yet, so the "
              "scores may be wrong data (another project's workbooks, a wrong date in the project file).")


def presentations_forgotten(result, lang: str, unread: tuple[str, ...] = (), folder: str = "", reader: bool = False) -> str:
    """A document-stage result although presentation scores look due: the schedule's presentations are over
    at the tally, or presentation workbooks lie unread (`unread`, found in `folder`, the output folder's
    presentations/, where the names to add are otherwise looked for); that this is not the final ranking and
    which workbooks to add. `reader`: as the memo and results.xlsx say it, for someone who does not run the
    tally (no file, no folder). '' otherwise: the document stage's result is then expected."""

    project = result.project
    if not result.document_stage:
        return ""
    held = project.passed("presentations", result.tallied_at)
    if not held and not unread:
        return ""
    when = day(held, project.date_style) if held and lang == project.lang else held.isoformat() if held else ""
    n, was = len(unread), "was" if len(unread) == 1 else "were"
    why_en = [f"the presentations were scheduled for {when}"] if held else []
    if reader:
        why_ja = [f"プレゼンテーションは{when}の予定であり、集計の時点でその日を過ぎている"] if held else []
        why_ja += [f"この結果とともに保存されたプレゼンテーションの評価シート{n}冊が集計に含まれていない"] if unread else []
        why_en += [f"{n} presentation {plural(n, 'workbook')} kept with these results {was} not tallied"] if unread else []
        return tr(lang, f"この結果は書類審査の結果であり、最終順位ではない。{'。'.join(why_ja)}。プレゼンテーションの評点を"
                        "書類審査の評点とともに集計し、最終順位による報告書を改めて作成すること。",
                  f"This is the document stage's result, not the final ranking, although {' and '.join(why_en)}: tally the "
                  "presentation scores with the document-stage scores and issue the results again with the final ranking.")
    files = tr(lang, "、", ", ").join(unread or [(Path(folder) if folder else Path(PRESENTATIONS)).joinpath(
        presentation_workbook_name(project.id, e["id"])).as_posix() for e in Scheme(project).evaluators()])
    why_ja = [f"スケジュールではプレゼンテーションを{when}に実施している"] if held else []
    why_ja += [f"{folder}にあるプレゼンテーション評価シート{n}冊が集計に加えられていない"] if unread else []
    why_en += [f"{n} {plural(n, 'presentation workbook')} in {folder} {was} not given"] if unread else []
    return tr(lang, f"この結果は書類審査の結果であり、最終順位ではない。{'。'.join(why_ja)}。最終順位を出すには、記入した"
                    f"プレゼンテーション評価シート（{files}）を書類審査の評価シートとともに集計に加えること。",
              f"This is the document stage's result, not the final ranking, although {' and '.join(why_en)}: for the "
              f"final ranking, add the filled presentation workbooks ({files}) to the tally with the document-stage workbooks.")


def tally_notes(result, lang: str | None = None) -> list[str]:
    """The tally's warnings as results.xlsx and the scoring page print them (in the project's language
    unless `lang`): a tally before the proposal deadline, each warning of the read-back, then each vendor
    left unranked for want of a usable price or a quality score, as its flag says it."""
    lang = lang or result.project.lang
    names = _Names(result)
    lines = [line for line in [before_deadline(result, lang)] if line]
    lines += [warning_text(p, names, lang) for p in result.sheet_warnings]
    for vendor in result.vendors:
        for flag in vendor.flags:
            if flag.code in ("no_price", "zero_quality"):
                lines.append(f"{names.vendor(vendor.id)}{tr(lang, '：', ': ')}{flag.text(lang)}")
    return lines


def missing_meaning(result, lang: str) -> str:
    figures = computed_figures(Scheme(result.project).evaluation, lang)
    return tr(lang, f"未入力の評点は、入力した評価者の評点だけで平均している。提案価格のない提案者には{figures}を付けず、"
                    "順位も付けていない。このため本書の順位は暫定であり、未入力を補って再集計するまで決裁には用いない。",
              f"A missing score is averaged over the evaluators who gave one; a bidder without a price has no {figures} and "
              "no rank. The ranking in this memo is therefore provisional and is not to be used for the decision "
              "until the gaps are filled and the sheets tallied again.")


# ------------------------------------------------------------------ the recommendation

def _price_text(result, check: BudgetCheck, amount) -> str:
    return money(amount, check.currency, result.project.lang, 0, EMPTY)


def low_threshold_text(result, check: BudgetCheck) -> str:
    """The low-price threshold in money (360,000,000円), or '' when the project sets none."""
    return _price_text(result, check, check.low_threshold) if check.low_threshold is not None else ""


def limit_name(check: BudgetCheck, lang: str, label: bool = False) -> str:
    """予定価格 or 予算; in English 'the reference price' in a sentence, 'Reference price' as a label."""
    if check.basis == REFERENCE_PRICE:
        return tr(lang, "予定価格", "Reference price" if label else "the reference price")
    return tr(lang, "予算", "Budget" if label else "the budget")


def shortlist_only(lang: str) -> str:
    """Why a weight of the document stage can move the winner only through the shortlist."""
    return tr(lang, "（最終評価点はプレゼンテーション点のみのため、書類審査の配点が左右するのはプレゼンテーションに進む者だけである。）",
              " (The final score is the presentation points alone, so the document-stage weights only decide who goes "
              "through to the presentations.)")


def _shortlist_robustness(result, solid: Robustness, lang: str) -> str:
    """What the document-stage weights can still do when the presentations alone rank: keep the winner
    from presenting, or not. A weight change that leaves no vendor ranked (none meets the minimums, so
    nobody presents) says nothing about this decision and is not said."""
    names = _names(result)
    criteria = {c["id"]: clean(c["name"]) for c in Scheme(result.project).weighted()}
    winner = _join(lang, (names[v] for v in solid.winner))
    flip = solid.smallest_flip
    if flip is None:
        return tr(lang, f"書類審査の配点はプレゼンテーションに進む者を決めるだけで、どの評価項目の配点を単独で変えても{winner}はプレゼンテーションに進み、"
                        "第1位は変わらない。",
                  f"The document-stage weights only decide who goes through to the presentations: no change of any single criterion's "
                  f"weight keeps {winner} from going through, so the winner stays the same.")
    other = _join(lang, (names[v] for v in flip.winner))
    return tr(lang, f"書類審査の配点はプレゼンテーションに進む者を決めるだけであるが、「{criteria[flip.criterion]}」の配点（{number(flip.weight)}）を"
                    f"{signed(flip.change, 2)}点変えると{winner}はプレゼンテーションに進めず、第1位は{other}になる。",
              f"The document-stage weights only decide who goes through to the presentations, but a change of {signed(flip.change, 2)} "
              f"points on “{criteria[flip.criterion]}” (weight {number(flip.weight)}) would keep {winner} from going through, and "
              f"{other} would rank first.")


def _robustness_lines(result, solid: Robustness, lang: str) -> tuple[list[str], bool]:
    """(sentences, fragile) about how solid the first place is."""
    names = _names(result)
    criteria = {c["id"]: clean(c["name"]) for c in Scheme(result.project).weighted()}
    evaluators = {e["id"]: clean(e["name"]) for e in Scheme(result.project).evaluators()}
    lines, fragile = [], False
    # a change that leaves no vendor ranked gives no other winner: it is said apart, not as a change of first place
    flip, emptied = solid.smallest_flip, solid.smallest_emptying
    if presentation_only(result):
        lines.append(_shortlist_robustness(result, solid, lang))
        fragile = flip is not None and abs(flip.change) < FRAGILE_WEIGHT_CHANGE
    elif flip is None:
        lines.append(tr(lang, "どの評価項目の配点を単独で変えても、第1位が他の提案者に替わることはない。",
                        "No change of any single criterion's weight gives another winner."))
    else:
        winner = _join(lang, (names[v] for v in flip.winner))
        lines.append(tr(lang, f"第1位が入れ替わる最小の配点変更は、「{criteria[flip.criterion]}」の配点（{number(flip.weight)}）を"
                              f"{signed(flip.change, 2)}点変えた場合で、第1位は{winner}になる。",
                        f"The smallest weight change that changes the winner is {signed(flip.change, 2)} points on "
                        f"“{criteria[flip.criterion]}” (weight {number(flip.weight)}); {winner} would then rank first."))
        fragile = abs(flip.change) < FRAGILE_WEIGHT_CHANGE
    if not presentation_only(result) and emptied is not None and (flip is None or abs(emptied.change) < abs(flip.change)):
        lines.append(tr(lang, f"なお、「{criteria[emptied.criterion]}」の配点（{number(emptied.weight)}）を{signed(emptied.change, 2)}点"
                              "変えると、順位を付けられる提案者がなくなる（最低基準点などを満たす者がいなくなる）。",
                        f"A change of {signed(emptied.change, 2)} points on “{criteria[emptied.criterion]}” (weight "
                        f"{number(emptied.weight)}) would leave no bidder ranked (none would meet the minimums)."))
    for variant in solid.variants:
        if not variant.changed:
            continue
        first = _join(lang, (names[v] for v in variant.order[:1])) or EMPTY
        if variant.kind == "without_evaluator":
            fragile = True
            who = evaluators.get(variant.subject, variant.subject)
            lines.append(tr(lang, f"評価者「{who}」の評点を除くと、第1位は{first}になる。",
                            f"Without the scores of evaluator {who}, {first} would rank first."))
        else:
            lines.append(tr(lang, f"「{criteria.get(variant.subject, variant.subject)}」を除いて配点を按分すると、第1位は{first}になる。",
                            f"Without “{criteria.get(variant.subject, variant.subject)}” (its weight shared out), {first} "
                            "would rank first."))
    return lines, fragile


def _schedule(result, key: str) -> str | None:
    """The schedule's date `key` as a next step names it; None when there is none or it is already past on
    the memo's day (a step is never set on a day gone by)."""
    value = (result.project.data["project"].get("schedule") or {}).get(key)
    if not value or result.project.passed(key, result.tallied_at):
        return None
    return day(value, result.project.date_style)


def decide(result, solid: Robustness, check: BudgetCheck, missing: list[str]) -> Decision:
    """The recommendation; a tally earlier than the proposal deadline is a condition of it, or, where none
    can be made, said among the reasons."""
    decision = _recommendation(result, solid, check, missing)
    early = before_deadline(result, result.project.lang)
    if early and not decision.recommended:
        decision.basis.append(early)
    return decision


def _recommendation(result, solid: Robustness, check: BudgetCheck, missing: list[str]) -> Decision:
    lang = result.project.lang
    names = _names(result)
    digits = final_digits(result)
    label = total_label(result, lang)
    ranked = [v for v in result.vendors if v.rank is not None]
    winners = [v for v in ranked if v.rank == 1]
    decision_day, contract_day = _schedule(result, "decision"), _schedule(result, "contract")
    notify = tr(lang, f"本書の決裁を得て、{decision_day + 'に' if decision_day else ''}全提案者へ審査結果を通知する（提案審査結果のお知らせ）。",
                "Once this memo is approved, send every bidder its notice of evaluation result"
                f"{' on ' + decision_day if decision_day else ''}.")

    if not ranked:
        why = [f"{names[v.id]}{tr(lang, '：', ': ')}{vendor_status(v, lang)}" for v in result.vendors]
        steps = ([tr(lang, "未入力を補い、再集計する" + see("tally", lang) + "。", "Fill the gaps and tally the sheets again" + see("tally", lang) + ".")]
                 if missing else [])
        steps += [tr(lang, "失格と順位付け対象外の理由を合議で確認する" + see("dq", lang) + "。",
                     "The consensus meeting reviews why each bidder is disqualified or not ranked" + see("dq", lang) + "."),
                  tr(lang, "要件・予定価格・評価基準を見直したうえで、提案を改めて募るかを決める。",
                     "Decide whether to invite proposals again after reviewing the requirements, the reference price and the criteria.")]
        return Decision(None, tr(lang, "順位を付けられる提案者がないため、推奨先を示すことはできない。",
                                 "No bidder can be ranked, so no recommendation can be made."), why, [], steps)

    if result.document_stage:
        return _shortlist_decision(result, missing)
    if missing:
        first = _join(lang, (names[v.id] for v in winners))
        return Decision(None, tr(lang, f"評価に未入力があるため、現時点では推奨を確定できない（暫定の第1位は{first}）。",
                                 f"Entries are missing from the evaluation, so no recommendation can be made yet "
                                 f"(provisionally first: {first})."),
                        [tr(lang, f"未入力は{len(missing)}件" + see("tally", lang) + "。",
                            f"{len(missing)} {plural(len(missing), 'gap')}" + see("tally", lang) + ".")], [],
                        [tr(lang, "各評価者に未入力の評点・判定・提案価格の入力を依頼し、提出された評価シートで再集計する。",
                            "Ask each evaluator to fill in the missing scores, judgements and prices, and tally the returned "
                            "workbooks again."),
                         tr(lang, "再集計の結果で本書を作り直し、改めて決裁に付す。",
                            "Issue this memo again from the new tally for approval.")])

    if len(winners) > 1:
        tied = _join(lang, (names[v.id] for v in winners))
        lots = any(tie.get("lots_pending") and set(tie["vendors"]) & {v.id for v in winners} for tie in result.ties)
        step = (tr(lang, "合議の場でくじ引きを行い、結果を合議シートに記録して再集計する。",
                   "Draw lots at the consensus meeting, record the order in the consensus workbook and tally again.")
                if lots else
                tr(lang, "RFPに同点の決め方の定めがないため、合議で扱いを協議する。",
                   "The RFP sets no tie-break, so the consensus meeting decides how to proceed."))
        return Decision(None, tr(lang, f"第1位が同点（{tied}、{label} {number(winners[0].total, digits, EMPTY)}）のため、推奨先を1者に絞れない。",
                                 f"The first place is tied ({tied}, {label} {number(winners[0].total, digits, EMPTY)}), so no "
                                 "single bidder can be recommended."),
                        [], [], [step, tr(lang, "同点が解消した結果で本書を作り直し、改めて決裁に付す。",
                                          "Issue this memo again once the tie is broken.")])

    winner = winners[0]
    name = names[winner.id]
    basis = []
    second = next((v for v in ranked if v.rank == 2), None)
    total = figure_text(result, winner.total, digits, lang)
    tie = _tie_break(result, winner, lang)
    if result.higher_is_better:
        lead = tr(lang, f"{label} {total}", f"a {label.lower()} of {total}")
    else:  # the price per quality point: the lowest wins
        lead = tr(lang, f"最も低い{label}（{total}）", f"the lowest {label.lower()} ({total})")
    if tie:
        basis.append(tr(lang, f"{name}は{lead}で第1位。", f"{name} ranks first with {lead}. ") + tie)
    elif second is not None and winner.total is not None and second.total is not None:
        margin = figure_text(result, abs(winner.total - second.total), digits, lang)
        runner_up = figure_text(result, second.total, digits, lang)
        basis.append(tr(lang, f"{name}は{lead}で第1位。第2位の{names[second.id]}（{runner_up}）との差は{margin}。",
                        f"{name} ranks first with {lead}; {names[second.id]} is second with "
                        f"{runner_up}, {margin} behind."))
    else:
        basis.append(tr(lang, f"{name}は{lead}で第1位。順位を付けた提案者はほかにない。",
                        f"{name} ranks first with {lead}; no other bidder is ranked."))
    if presentation_only(result):
        basis.append(_gated_basis(result, winner, ranked, lang))
    qualities = sorted((v.quality for v in ranked), reverse=True)
    priced = sorted(v.price for v in ranked if v.price)
    place = _place(qualities.index(winner.quality) + 1, lang, True, len(qualities), qualities.count(winner.quality))
    before, after = _among(len(qualities), lang, "順位を付けた", "ranked")
    quality = number(winner.quality, quality_digits(result))
    parts = [tr(lang, f"品質スコア {quality}（{before}{place}）", f"quality score {quality} ({place}{after})")]
    if winner.price:
        shared = priced.count(winner.price)
        place = _place(priced.index(winner.price) + 1, lang, False, len(priced), shared)
        again = "" if shared > 1 else "同じく" if len(priced) == 2 else "同"  # 同同点で… would read as a slip
        parts.append(tr(lang, f"提案価格 {_price_text(result, check, winner.price)}（{again}{place}）",
                        f"proposed price {_price_text(result, check, winner.price)} ({place})"))
    if presentation_only(result):
        parts[0] = tr(lang, "書類審査では", "At the document stage, ") + parts[0]
    basis.append(capital(tr(lang, "、".join(parts) + "。", "; ".join(parts) + ".")))
    solid_lines, fragile = _robustness_lines(result, solid, lang)
    basis += solid_lines

    conditions, steps = [], []
    over = check.over(winner.id)
    above = False
    if check.basis and over is not None:
        above = True
        limit, cash = limit_name(check, lang), (lambda amount: _price_text(result, check, amount))  # noqa: E731
        pct = number(check.percent_over(winner.id), 1)
        basis.append(tr(lang, f"提案価格は{limit}（{cash(check.limit)}）を{cash(over)}（{pct}%）上回る。",
                        f"The proposed price is {cash(over)} ({pct}%) above {limit} ({cash(check.limit)})."))
        everyone = all(check.over(v.id) is not None for v in ranked)
        if everyone:
            basis.append(tr(lang, f"順位を付けた{len(ranked)}者すべての提案価格が{limit}を上回る。",
                            f"Every ranked bidder's proposed price is above {limit}."))
        conditions.append(tr(lang, f"契約前の価格交渉で、提案価格を{limit}（{cash(check.limit)}）以内とすること。",
                             f"The price is brought within {limit} ({cash(check.limit)}) in negotiation before the contract."))
        if everyone or check.percent_over(winner.id) > FAR_OVER_PCT:
            conditions.append(tr(lang, f"交渉で{limit}以内とならない場合は、この推奨によらず、要件と{limit}を見直したうえで提案を改めて募る"
                                       f"（超過額{cash(over)}を認める場合は、その予算措置について経営層の決裁を別途得る）。",
                                 f"Failing that, this recommendation lapses: the requirements and {limit} are reviewed and "
                                 f"proposals invited again (unless management separately approves the extra {cash(over)})."))
        else:
            conditions.append(tr(lang, f"交渉で{limit}以内とならない場合は、超過額{cash(over)}の予算措置について別途決裁を得ること。",
                                 f"Failing that, the extra {cash(over)} is approved separately before the contract."))
        steps.append(tr(lang, f"{name}と価格交渉を行う。", f"Negotiate the price with {name}."))
    elif check.basis and winner.price:
        basis.append(tr(lang, f"提案価格は{limit_name(check, lang)}（{_price_text(result, check, check.limit)}）の範囲内。",
                        f"The proposed price is within {limit_name(check, lang)} ({_price_text(result, check, check.limit)})."))
    else:
        basis.append(tr(lang, "予算・予定価格が設定されていないため、予算との比較は行っていない。",
                        "No budget or reference price is set, so the price was not checked against one."))

    consensus = CONSENSUS_ITEMS
    # before presentations, an item of a vendor that did not go through can still change who goes through
    staged = result.rules.presentation is not None
    concerned = [v for v in result.vendors if not v.disqualified] if staged else ranked
    open_items = [f for v in concerned for f in v.flags if f.code in consensus]
    listed = sum(1 for v in result.vendors for f in v.flags if f.code in consensus)  # the flags section lists every vendor's
    if open_items:
        n = len(open_items)
        of_some = listed != n  # then say which of the listed items the condition counts
        conditions.append(tr(lang, say("score.flags", lang) + see("flags", lang) + "のうち"
                                   + (("失格としていない提案者（プレゼンテーションに進む者を左右しうる）に関し、" if staged
                                       else "順位を付けた提案者に関し、") if of_some else "")
                                   + f"合議で確認する{n}件の評点・判定を確定し、再集計しても第1位が{name}であること。",
                             f"The {n} {plural(n, 'item')} to check" + see("flags", lang) + " that go to the consensus meeting"
                             + ((" and concern bidders not disqualified (they can change who goes through to the presentations)"
                                 if staged else " and concern ranked bidders") if of_some else "")
                             + f" {plural(n, 'is', 'are')} settled and, tallied again, {name} still ranks first."))
        steps.insert(0, tr(lang, "合議を開き、確定した評点を合議シートに記録して再集計する。",
                           "Hold the consensus meeting, record the agreed scores in the consensus workbook and tally again."))
    bare, presented = uncommented_count(result), uncommented_count(result, presentations=True)
    if bare:
        # the guide asks for proposal pages; a presentation score's evidence is what the panel saw
        evidence = (tr(lang, f"評点の根拠がコメント欄にない評点{bare}件（うちプレゼンテーションの評点{presented}件）",
                       f"the evidence behind the {bare} {plural(bare, 'score')} that {plural(bare, 'has', 'have')} no comment "
                       f"({presented} of them presentation {plural(presented, 'score')})" if bare > 1 else
                       "the evidence behind the presentation score that has no comment")
                    if presented else
                    tr(lang, f"評点の根拠（提案書の該当ページ）がコメント欄にない評点{bare}件",
                       f"the proposal pages behind the {bare} {plural(bare, 'score')} that {plural(bare, 'has', 'have')} no comment"))
        conditions.append(tr(lang, evidence + see("tally", lang) + "について、評価者が根拠を記入し、評点を確かめること。",
                             f"The evaluators add {evidence}" + see("tally", lang) + f" and confirm {plural(bare, 'it', 'them')}."))
    early = before_deadline(result, lang, condition=True)
    if early:  # the data itself is in doubt: first
        conditions.insert(0, early)
    if fragile and not open_items:
        conditions.append(tr(lang, "第1位は配点や評価者の構成の小さな変更で入れ替わる。合議で評点の根拠を確認したうえで決定すること。",
                             "The first place changes with a small change of a weight or of the panel: the consensus "
                             "meeting confirms the evidence behind the scores before the decision."))
    if any(f.code == "low_bid" for f in winner.flags) or check.below(winner.id) is not None:
        threshold = low_threshold_text(result, check)
        conditions.append(tr(lang, f"提案価格が低価格の基準{f'（{threshold}）' if threshold else ''}を下回るため、履行可能性の調査で"
                                   "問題がないと確認されること。",
                             f"The proposed price is below the low-price threshold{f' ({threshold})' if threshold else ''}: "
                             "a feasibility review confirms the offer can be delivered."))
        steps.append(tr(lang, f"{name}に対し履行可能性の調査（ヒアリング・資料提出）を行う。",
                        f"Review the feasibility of {name}'s offer (interview and documents)."))
    if any(f.code == "price_magnitude" for f in winner.flags):
        conditions.append(tr(lang, "提案価格が他の提案価格と桁違いのため、価格評価シートの入力誤りがないと確認されること。",
                             "The proposed price is orders of magnitude off the others: the price workbook is checked for a "
                             "typing slip."))
    steps.append(notify)
    steps.append(tr(lang, f"{name}と契約条件を協議し、{contract_day}に契約を締結する。" if contract_day else
                    f"{name}と契約条件を協議し、契約を締結する。",
                    f"Agree the contract terms with {name} and sign{' on ' + contract_day if contract_day else ''}."))
    preferred = say("score.preferred", lang)
    if above:
        lead = tr(lang, f"{name}を{preferred}として選定し、契約交渉に進むことを推奨する。ただし提案価格が{limit_name(check, lang)}を"
                        f"上回るため、価格交渉で{limit_name(check, lang)}以内とすることを条件とする（次の条件を参照）。",
                  f"We recommend selecting {name} as the {preferred} and opening contract negotiations, on condition that its "
                  f"proposed price, above {limit_name(check, lang)}, is brought within it (see the conditions below).")
    elif not conditions:
        lead = tr(lang, f"{name}を{preferred}として選定し、契約交渉に進むことを推奨する。",
                  f"We recommend selecting {name} as the {preferred} and opening contract negotiations.")
    else:
        lead = tr(lang, f"次の条件を付して、{name}を{preferred}として選定し、契約交渉に進むことを推奨する。",
                  f"We recommend selecting {name} as the {preferred} and opening contract negotiations, on the conditions below.")
    return Decision(winner.id, lead, basis, conditions, steps)


def cut_rule(result, lang: str) -> str:
    """The published rule of who goes through, as a phrase: the top N of the document stage (a tie at the
    cut included), or those whose document-stage figure reaches the minimum."""
    stage = result.rules.presentation
    label = document_label(result, lang)
    if stage.top is not None:
        return tr(lang, f"{label}の上位{stage.top}者（同点の者を含む）", f"the top {in_words(stage.top)} by {label.lower()} "
                  "(a tie at the cut included)")
    return tr(lang, f"{label}が{number(stage.min_total)}以上の者", f"those whose {label.lower()} is {number(stage.min_total)} or more")


def _shortlist_decision(result, missing: list[str]) -> Decision:
    """The document stage's result: who goes through to the presentations under the published rule and
    what comes next; never a winner, which the presentations decide. Provisional while entries are missing
    or items await the consensus meeting (they decide who goes through, so they are settled first)."""
    lang = result.project.lang
    names = _names(result)
    digits = total_digits(result)
    through = result.shortlist
    rule = cut_rule(result, lang)
    if not through:   # a minimum no vendor reached
        return Decision(None, tr(lang, f"プレゼンテーションに進む提案者はない（公表した評価方法で進むのは{rule}であり、該当する者がない）。",
                                 f"No vendor goes through to the presentations: the published rule admits {rule}, and "
                                 "there is none."), [], [],
                        [tr(lang, "要件・予定価格・評価基準を見直したうえで、提案を改めて募るかを決める。",
                            "Decide whether to invite proposals again after reviewing the requirements, the reference price "
                            "and the criteria.")])
    presenters = listing(lang, (names[v.id] for v in through))
    basis = [tr(lang, f"公表した評価方法では、プレゼンテーションに進むのは{rule}である。",
                f"Under the published rule, {rule} go through to the presentations.")]
    basis += [tr(lang, f"{names[v.id]}：第{v.rank}位、{document_label(result, lang)} "
                       f"{figure_text(result, v.total, digits, lang, document=True)}。",
                 f"{names[v.id]}: rank {v.rank}, {document_label(result, lang).lower()} "
                 f"{figure_text(result, v.total, digits, lang, document=True)}.") for v in through]
    label = document_label(result, lang)
    basis += [tr(lang, f"{listing(lang, (names[v] for v in tie['vendors']))}は{label}が同点のため、公表した規則により同順位とした"
                       + see("flags", lang) + "。",
                 f"{listing(lang, (names[v] for v in tie['vendors']))} have the same {label.lower()} and share a rank under "
                 "the published rule" + see("flags", lang) + ".") for tie in result.ties]
    open_items = open_document_items(result)
    settled = not missing and not open_items
    steps = []
    if missing:
        lead = tr(lang, f"評価に未入力があるため、プレゼンテーションに進む者は確定していない（暫定では{presenters}）。",
                  f"Entries are missing from the evaluation, so who goes through to the presentations is not settled "
                  f"(provisionally {presenters}).")
        basis.append(tr(lang, f"未入力は{len(missing)}件" + see("tally", lang) + "。",
                        f"{len(missing)} {plural(len(missing), 'gap')}" + see("tally", lang) + "."))
        steps.append(tr(lang, "各評価者に未入力の評点・判定・提案価格の入力を依頼し、提出された評価シートで再集計する。",
                        "Ask each evaluator to fill in the missing scores, judgements and prices, and tally the returned "
                        "workbooks again."))
    elif open_items:
        n = len(open_items)
        lead = tr(lang, f"合議で確認すべき事項が{n}件残っており、プレゼンテーションに進む者を左右しうるため、まだ確定していない"
                        f"（暫定では{presenters}）。",
                  f"{capital(in_words(n))} {plural(n, 'item')} for the consensus meeting can still change who goes through to "
                  f"the presentations, so that is not settled yet (provisionally {presenters}).")
        steps.append(tr(lang, "合議を開き、確定した評点を合議シートに記録して再集計する" + see("flags", lang) + "。",
                        "Hold the consensus meeting, record the agreed scores in the consensus workbook and tally again"
                        + see("flags", lang) + "."))
    else:
        lead = tr(lang, f"書類審査の結果、{presenters}をプレゼンテーションに招くことを推奨する。",
                  f"On the document stage's result, we recommend inviting {presenters} to the presentations.")
    when = _schedule(result, "presentations")
    on_ja, on_en = (when + "の", " on " + when) if when else ("", "")
    gone = result.project.passed("presentations", result.tallied_at)
    if gone:   # the schedule's day is over by the memo's date: the invitation is for a new one, never that day
        gone = day(gone.isoformat(), result.project.date_style)
        on_ja, on_en = "新たに決める日程での", " on a new date"
        steps.append(tr(lang, f"スケジュールのプレゼンテーション日{gone}は本書の日付の時点で過ぎている。"
                              "プレゼンテーションの日程を改めて決める。",
                        f"The presentations were scheduled for {gone}, already past at this memo's date: set a new date "
                        "for them."))
    if settled:
        steps.append(tr(lang, f"{presenters}に{on_ja}プレゼンテーションを依頼し、評価者はプレゼンテーションの評価シート（提案者名で記入）に"
                              "評点を付ける。評価シートは本書とともに作成した。",
                        f"Invite {presenters} to present{on_en}. The evaluators score the presentations in the "
                        "presentation workbooks (which name the bidders), prepared with this memo."))
    else:   # nobody is invited on a provisional shortlist
        steps.append(tr(lang, f"プレゼンテーションに進む者が確定してから、その者に{on_ja}プレゼンテーションを依頼する。評価者が評点を付ける"
                              "プレゼンテーションの評価シート（提案者名で記入）は、確定した集計で作成する。",
                        f"Once who goes through is settled, invite them to present{on_en}. The evaluators' "
                        "presentation workbooks (which name the bidders) are prepared when that is settled."))
    steps.append(tr(lang, "書類審査の評価シートとプレゼンテーションの評価シートを合わせて再集計し、最終評価点による順位と推奨を改めて報告書で示す。"
                          "提案者への審査結果のお知らせは、その後に作成する。",
                    "Tally the document-stage workbooks again with the presentation workbooks: the final ranking and the "
                    "recommendation follow in a new memo, and the notices to the bidders after it."))
    early = before_deadline(result, lang, condition=True) if settled else ""   # unsettled, decide() says it
    return Decision(through[0].id if settled else None, lead, basis, [early] if early else [], steps)


def _gated_basis(result, winner, ranked, lang: str) -> str:
    """What decided the ranking when the final score is the presentation points alone: the presentations;
    the quality and price (the document-stage total) only decided who went through to them."""
    document = document_label(result, lang)
    totals = sorted((v.document_total for v in ranked if v.document_total is not None), reverse=True)
    figure = number(winner.document_total, total_digits(result), EMPTY)
    place = (_place(totals.index(winner.document_total) + 1, lang, True, len(totals), totals.count(winner.document_total))
             if winner.document_total in totals else EMPTY)
    before, after = _among(len(totals), lang, "進んだ", "who went through")
    return tr(lang, f"公表した評価方法では最終評価点はプレゼンテーション点のみであり、順位はプレゼンテーションで決まった。品質と価格"
                    f"（{document}）は、プレゼンテーションに進む者を決めるためだけに用いた（{clean(winner.name)}の{document}は"
                    f"{figure}で、{before}{place}）。",
              f"Under the published rule the final score is the presentation points alone, so the presentations decided "
              f"the ranking; quality and price (the {document.lower()}) only decided who went through to the presentations "
              f"({clean(winner.name)}'s {document.lower()} was {figure}, {place}{after}).")


def _tie_break(result, winner, lang: str) -> str:
    """How a tie for first place was broken under the published tie-break, or '' when there was none."""
    names = _names(result)
    criteria = {c["id"]: clean(c["name"]) for c in Scheme(result.project).weighted()}
    words = {"quality": tr(lang, "品質スコアの高い者", "the higher quality score"),
             "price": tr(lang, "提案価格の低い者", "the lower price"),
             "lots": tr(lang, "くじ引き", "a drawing of lots")}
    for tie in result.ties:
        if winner.id not in tie["vendors"] or not tie.get("resolved"):
            continue
        others = _join(lang, (names[v] for v in tie["vendors"] if v != winner.id))
        by = _join(lang, (tr(lang, f"評価項目「{criteria.get(step.get('criterion'), step.get('criterion'))}」の評点の高い者",
                                f"the higher score on “{criteria.get(step.get('criterion'), step.get('criterion'))}”")
                          if step["by"] == "criterion" else words[step["by"]] for step in tie["by"]))
        return tr(lang, f"{others}と同点であったが、RFPで公表した同点時の規則（{by}）により第1位とした。",
                  f"Tied with {others}; placed first under the tie-break the RFP publishes ({by}).")
    return ""


def _place(n: int, lang: str, highest: bool, of: int, shared: int = 1) -> str:
    """Where the n-th of `of` figures stands, counted from the top (`highest`) or the bottom: 最も高い /
    2番目に低い / 最も高い for the last from the bottom; the highest / the 2nd lowest / the highest; of
    two, 高い方 / 低い方, the higher / the lower. A figure `shared` by several stands where the first of them
    does, said as a tie (同点で2番目に高い, jointly the 2nd highest): "the 2nd highest" alone would hide the other."""
    if shared > 1:
        ja_word, en_word = ("高い", "highest") if highest else ("低い", "lowest")
        ja_place, en_place = ("最も", "the") if n == 1 else (f"{n}番目に", f"the {ordinal(n)}")
        return tr(lang, f"同点で{ja_place}{ja_word}", f"jointly {en_place} {en_word}")
    if of == 2:  # of two, the one or the other: 高い方, the higher
        return tr(lang, "高い方" if (n == 1) == highest else "低い方", "the higher" if (n == 1) == highest else "the lower")
    ja_word, en_word = ("高い", "highest") if highest else ("低い", "lowest")
    if n == of and of > 1:  # the last counted from one end is the first from the other
        (ja_word, en_word), n = ("低い", "lowest") if highest else ("高い", "highest"), 1
    if n == 1:
        return tr(lang, f"最も{ja_word}", f"the {en_word}")
    return tr(lang, f"{n}番目に{ja_word}", f"the {ordinal(n)} {en_word}")


def _among(n: int, lang: str, who_ja: str, who_en: str) -> tuple[str, str]:
    """How a place among `n` vendors is introduced and followed: （順位を付けた3者中…, … of the three ranked),
    of two （順位を付けた2者のうち…, … of the two ranked)."""
    return (tr(lang, f"{who_ja}{n}者のうち" if n == 2 else f"{who_ja}{n}者中", ""),
            tr(lang, "", f" of the {in_words(n)} {who_en}"))


def vendor_status(vendor, lang: str, provisional: bool = False) -> str:
    """Why a vendor is where it is, in a few words: ranked, disqualified (why), not ranked (why), whether it goes
    through (`provisional` while the shortlist is not settled)."""
    if vendor.disqualified:
        text = say("score.disqualified", lang)
    elif vendor.rank is None:
        text = say("score.not_ranked", lang)
    else:
        text = say("score.ranked", lang)
    why = [say(f"score.why_{reason}", lang) for reason, _ in vendor.excluded]
    if why:
        text += tr(lang, "（{}）", " ({})").format(tr(lang, "、", ", ").join(dict.fromkeys(why)))
    if vendor.through is not None:
        text += tr(lang, "・", ", ") + through_words(vendor, lang, provisional)
    if vendor.incomplete:
        text += tr(lang, "・", ", ") + lower_first(say("score.incomplete", lang))
    return lower_first(text) if lang != "ja" else text
