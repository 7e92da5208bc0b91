"""The evaluation rules a project sets (``evaluation.rules``): read once, checked, stated, applied.

A public buyer publishes how a tie is broken, the minimum qualifying quality, how the evaluators'
scores are combined, how figures are rounded, the tax basis of the prices and what happens to a
price above the reference price or suspiciously far below it. The same `Rules` object drives the
RFP's wording (`statements`), the checks of the project file (`check`) and `rfpgen score`, so what
a vendor reads is what the tally does.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..words import say, tr
from ..words.scoring import document_total_key, final_key
from .price import gives_price_points

# every figure of the published rule, in the order it is computed: a criterion's score (the evaluators'
# mean), the quality score (and presentation points), quality points, price points, the totals
ROUNDED_FIGURES = ("score", "quality", "quality_points", "price_score", "total")


@dataclass(frozen=True)
class Rounding:
    method: str          # truncate | half_up
    digits: int
    apply_to: tuple[str, ...] = ROUNDED_FIGURES

    def __call__(self, figure: str, value: float | None) -> float | None:
        """`value` rounded as published when `figure` is one the rule names; float noise is removed
        first (to 9 places), so 28.999999999999996 truncates to 29.00 as a vendor's calculator would."""
        if value is None or figure not in self.apply_to:
            return value
        exact = Decimal(repr(round(value, 9)))
        mode = ROUND_DOWN if self.method == "truncate" else ROUND_HALF_UP
        return float(exact.quantize(Decimal(1).scaleb(-self.digits), rounding=mode))


def _no_rounding(figure: str, value: float | None) -> float | None:
    return value


@dataclass(frozen=True)
class Presentation:
    criteria: tuple[dict, ...]
    points: float
    top: int | None = None
    min_total: float | None = None
    combine: str = "sum"   # sum | technical (added to the quality points before the price formula) | presentation_only

    def added(self) -> bool:
        """The presentation points add to the document stage's points (the final score is not them alone)."""
        return self.combine != "presentation_only"


@dataclass(frozen=True)
class Rules:
    tie_break: tuple[dict, ...] = ()
    minimum_quality: float | None = None
    minimum_criteria: dict[str, float] = field(default_factory=dict)
    aggregation: str = "mean"
    rounding: object = _no_rounding
    tax_basis: str | None = None
    above_reference: str | None = None     # disqualify | zero (None: as the formula does)
    low_bid_share: float | None = None
    low_bid_action: str | None = None      # review | disqualify
    blind: bool = False
    presentation: Presentation | None = None

    @classmethod
    def of(cls, evaluation: dict) -> "Rules":
        raw = evaluation.get("rules") or {}
        minimum = raw.get("minimum") or {}
        rounding = raw.get("rounding")
        low = raw.get("low_bid") or {}
        stage = raw.get("presentation")
        return cls(
            tie_break=tuple(raw.get("tie_break") or ()),
            minimum_quality=minimum.get("quality"),
            minimum_criteria={m["criterion"]: float(m["score"]) for m in minimum.get("criteria") or ()},
            aggregation=raw.get("aggregation", "mean"),
            rounding=(Rounding(rounding["method"], int(rounding["digits"]),
                               tuple(rounding.get("apply_to") or ROUNDED_FIGURES)) if rounding else _no_rounding),
            tax_basis=raw.get("tax_basis"),
            above_reference=raw.get("above_reference"),
            low_bid_share=low.get("share"),
            low_bid_action=low.get("action"),
            blind=bool(raw.get("blind")),
            presentation=(Presentation(tuple(stage["criteria"]), float(stage["points"]), stage.get("top"),
                                       stage.get("min_total"), stage.get("combine", "sum")) if stage else None),
        )


def figure_decimals(rules, figure: str) -> int:
    """Decimals of `figure` (quality, price_score) wherever it is printed (guide, workbooks, memo,
    results.xlsx): the rule's digits where it rounds that figure (小数点以下第4位まで: 66.5000), else 2."""
    rounding = rules.rounding
    return rounding.digits if figure in getattr(rounding, "apply_to", ()) else 2



def alias(index: int, lang: str) -> str:
    """The blind name of the vendor at `index` (0-based): 提案者A / Vendor A, … Z, AA, AB …"""
    letters, n = "", index
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            break
    return f"提案者{letters}" if lang == "ja" else f"Bidder {letters}"


def blind_order(vendors: list[dict], project_id: str, seed: str = "") -> list[dict]:
    """The vendors in the order they are given their aliases (A, B, C …) under blind evaluation.

    Not the project's order: the requirements definition, which the quality panel reads, lists the
    candidate vendors in that order, so Vendor A would be the first listed. The vendors are sorted by a
    hash of `seed`, the project id and the vendor id instead: the same project always gives the same
    aliases (workbooks are read back by their alias keys, and a re-issued workbook must name the vendors
    as the first did). The project id and the vendor ids are printed for the panel, so without a seed
    (`evaluation.rules.blind_seed`) anyone running this rule could redo the draw; procurement keeps a
    seed to itself to make the order unguessable, and changes it to draw again before the workbooks go out."""
    def draw(vendor: dict) -> str:
        return hashlib.sha256(f"{seed}\n{project_id}\n{vendor['id']}".encode("utf-8")).hexdigest()

    return sorted(vendors, key=draw)


def aliases(vendors: list[dict], project_id: str, lang: str, seed: str = "") -> dict[str, str]:
    """Each vendor's alias by vendor id, given in `blind_order`."""
    return {v["id"]: alias(i, lang) for i, v in enumerate(blind_order(vendors, project_id, seed))}


# ------------------------------------------------------------------ checks of the project file

def check(evaluation: dict) -> list[tuple[tuple, str, str]]:
    """Problems with `evaluation.rules` and `evaluation.consensus` the schema cannot see: (path, english, japanese)."""
    raw = evaluation.get("rules") or {}
    problems = []
    criteria = {c["id"]: c for c in evaluation.get("criteria") or []}
    scored = {cid for cid, c in criteria.items() if not c.get("mandatory")}
    base = ("evaluation", "rules")
    for i, step in enumerate(raw.get("tie_break") or []):
        if step.get("by") == "criterion" and step.get("criterion") not in scored:
            problems.append((base + ("tie_break", i, "criterion"),
                             f"a tie-break by criterion needs the ID of a scored criterion (got {step.get('criterion')!r})",
                             f"評価項目による同点処理には、配点のある評価項目のIDが必要です（{step.get('criterion')!r}）"))
        if step.get("by") != "criterion" and "criterion" in step:
            problems.append((base + ("tie_break", i, "criterion"), "criterion is only used with by: criterion",
                             "criterion は by: criterion のときだけ指定します"))
    scale_max = (evaluation.get("scale") or {}).get("max", 5)
    for i, item in enumerate((raw.get("minimum") or {}).get("criteria") or []):
        if item["criterion"] not in scored:
            problems.append((base + ("minimum", "criteria", i, "criterion"),
                             f"'{item['criterion']}' is not a scored criterion of the project",
                             f"'{item['criterion']}' は配点のある評価項目ではありません"))
        elif item["score"] > scale_max:
            problems.append((base + ("minimum", "criteria", i, "score"),
                             f"the minimum {item['score']:g} is above the top of the scale ({scale_max})",
                             f"最低点 {item['score']:g} が尺度の上限（{scale_max}）を超えています"))
    reference = (evaluation.get("price") or {}).get("reference_price")
    for name in ("above_reference", "low_bid"):
        if raw.get(name) and not reference:
            problems.append((base + (name,), f"{name} needs evaluation.price.reference_price (the planned price)",
                             f"{name} には evaluation.price.reference_price（予定価格）が必要です"))
    stage = raw.get("presentation")
    if stage:
        if (stage.get("top") is None) == (stage.get("min_total") is None):
            problems.append((base + ("presentation",), "say who goes through to the presentations: top (a number of "
                             "bidders) or min_total (a document-stage total), one of the two",
                             "プレゼンテーションに進む者を top（上位の社数）か min_total（書類審査の総合評価点）のどちらか一方で指定してください"))
        weights = [c.get("weight", 0) for c in stage.get("criteria") or []]
        if abs(sum(weights) - 100) >= 0.01:
            problems.append((base + ("presentation", "criteria"), f"presentation criterion weights add up to {sum(weights):g}, not 100",
                             f"プレゼンテーション評価項目の配点の合計が {sum(weights):g} です。合計を 100 にしてください"))
        if raw.get("aggregation") == "rank_sum":
            problems.append((base + ("aggregation",), "rank sums and a presentation stage cannot be combined: "
                             "choose one (aggregation: mean with presentation, or rank_sum without)",
                             "順位点方式とプレゼンテーション審査は併用できません"))
        formula = (evaluation.get("price") or {}).get("formula")
        if formula == "price_per_quality" and stage.get("combine", "sum") != "presentation_only":
            problems.append((base + ("presentation", "combine"),
                             "presentation points (the more the better) cannot be added to a price per quality point (money, "
                             "the lower the better); use combine: presentation_only, or score the presentation as a "
                             "criterion of the proposal",
                             "品質スコア1点あたりの価格（金額、低いほど良い）には、プレゼンテーション点（高いほど良い）を加算できません。"
                             "combine: presentation_only にするか、プレゼンテーションを提案の評価項目として採点してください"))
        elif formula == "price_per_quality" and stage.get("min_total") is not None:
            # the lower price per quality point is better: a floor the document-stage figure must reach would pass the dearest
            problems.append((base + ("presentation", "min_total"),
                             "min_total lets through the bidders whose document-stage figure reaches it, but the lowest "
                             "price per quality point is the best: choose who presents with top (a number of bidders)",
                             "min_total は書類審査の値がそれ以上の提案者を進めますが、品質スコア1点あたりの価格は低いほど良いため使えません。"
                             "プレゼンテーションに進む者は top（上位の社数）で指定してください"))
        elif formula == "jp_division" and stage.get("combine", "sum") == "sum":
            # the division method's value is points per million of the currency (about 0.25 for a
            # 600 million yen contract): presentation points on a 0–100 scale added to it would decide alone
            problems.append((base + ("presentation", "combine"),
                             "presentation points cannot be added to the division method's evaluation value (points per "
                             "million of the currency, a different scale): they would decide the ranking alone; use "
                             "combine: technical (the presentation points join the quality points before the division by the "
                             "price) or presentation_only",
                             "除算方式の評価値（通貨100万単位あたりの点）には、尺度の異なるプレゼンテーション点を加算できません"
                             "（加算すると順位がプレゼンテーション点だけで決まります）。combine: technical（プレゼンテーション点を"
                             "品質点に加えてから提案価格で割る）か combine: presentation_only にしてください"))
        taken = set(criteria)
        for i, c in enumerate(stage.get("criteria") or []):
            if c["id"] in taken:
                problems.append((base + ("presentation", "criteria", i, "id"),
                                 f"the ID '{c['id']}' is already used by a criterion",
                                 f"ID '{c['id']}' は評価項目で使われています"))
            taken.add(c["id"])
    presented = {c["id"] for c in (stage or {}).get("criteria") or []}
    return problems + _check_consensus(evaluation, scored | presented, scale_max)


def _check_consensus(evaluation: dict, scored: set[str], scale_max) -> list[tuple[tuple, str, str]]:
    """Agreed scores name a vendor and a scored criterion of the project, stay on the scale, give a
    reason, and agree once per vendor and criterion."""
    problems = []
    vendors = {v["id"] for v in evaluation.get("vendors") or []}
    seen: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(evaluation.get("consensus") or []):
        path = ("evaluation", "consensus", i)
        if entry["vendor"] not in vendors:
            problems.append((path + ("vendor",), f"'{entry['vendor']}' is not a bidder of the project",
                             f"「{entry['vendor']}」はこの案件の提案者ではありません"))
        if entry["criterion"] not in scored:
            problems.append((path + ("criterion",), f"'{entry['criterion']}' is not a scored criterion of the project",
                             f"「{entry['criterion']}」は配点のある評価項目ではありません"))
        if entry["score"] > scale_max:
            problems.append((path + ("score",), f"the agreed score {entry['score']:g} is above the top of the scale ({scale_max})",
                             f"合意した評点 {entry['score']:g} が尺度の上限（{scale_max}）を超えています"))
        if not entry["reason"].strip():
            problems.append((path + ("reason",), "an agreed score needs the reason the meeting agreed it",
                             "合意した評点には、合意した理由が必要です"))
        key = (entry["vendor"], entry["criterion"])
        if key in seen:
            problems.append((path, f"{entry['criterion']} of '{entry['vendor']}' is agreed twice (also entry {seen[key] + 1})",
                             f"「{entry['vendor']}」の{entry['criterion']}の合意が2件あります（{seen[key] + 1}件目と重複）"))
        seen.setdefault(key, i)
    return problems


# ------------------------------------------------------------------ the rules in words, for the RFP and the guide

def _n(value) -> str:
    return f"{float(value):g}"


def _rounding_statement(rounding: Rounding, formula: str, staged: bool, document: str, final: str, lang: str) -> str:
    """The published rounding: which figures, to how many decimals, by which method, and that each figure
    is computed from the rounded figures before it, so a vendor's calculator gives the tally's figures."""
    ja = lang == "ja"
    additive = gives_price_points(formula)
    which = {"score": [tr(lang, "評価項目の評点（評価者の平均）", "criterion scores (the evaluators' means)")],
             "quality": [say("score.quality_pct", lang)] + ([say("score.presentation_points", lang)] if staged else []),
             "quality_points": [say("score.quality_points", lang)] if formula != "price_per_quality" else [],
             "price_score": [say("score.price_score", lang)] if additive else [],
             "total": [document] + ([final] if staged else [])}
    named = [name if ja else name[0].lower() + name[1:] for f in ROUNDED_FIGURES if f in rounding.apply_to for name in which[f]]
    listed = "・".join(named) if ja else ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
    digits = rounding.digits
    if ja:
        how = "切り捨て、" if rounding.method == "truncate" else "四捨五入し、"
        place = f"小数点以下第{digits + 1}位を{how}小数点以下第{digits}位まで" if digits else f"小数点以下を{how}整数"
        chain = f"（品質スコアは評点から、品質点は品質スコアから、{document}は品質点と価格点から）" if additive else ""
        return f"{listed}は、それぞれ{place}で算出する。各数値は、その前の段階の端数処理後の数値から計算する{chain}。"
    how = "truncated" if rounding.method == "truncate" else "rounded half up"
    text = f"The {listed} are each {how} to {digits} decimal place{'s' if digits != 1 else ''}."
    if additive:
        return text + (" Each figure is computed from the rounded figures before it: the quality score from the criterion "
                       f"scores, the quality points from the quality score, the {document.lower()} from the quality points "
                       "and the price points.")
    return text + " Each figure is computed from the rounded figures before it."


def statements(evaluation: dict, lang: str, criterion_names: dict[str, str] | None = None,
               internal: bool = False) -> list[str]:
    """Every rule the project sets, in sentences a vendor can apply to recompute its own standing. The
    formula itself (scores averaged, quality score, quality points, price points, total) is the
    published scoring rule, rfpgen.documents.parts.scoring_rule, printed beside these. `internal`: for
    the client's own documents, which describe what the RFP asks of vendors instead of asking it."""
    rules = Rules.of(evaluation)
    names = criterion_names or {c["id"]: c["name"] for c in evaluation.get("criteria") or []}
    ja = lang == "ja"
    out = []
    price = evaluation.get("price") or {}
    if rules.tax_basis:
        out.append(tr(lang, *{"excluding": ("提案価格は消費税及び地方消費税を除いた額（税抜）で比較する。",
                                            "Prices are compared excluding tax."),  # the tax as the locale names it
                              "including": ("提案価格は消費税及び地方消費税を含む額（税込）で比較する。",
                                            "Prices are compared including tax.")}[rules.tax_basis]))
    if rules.aggregation == "rank_sum":
        if gives_price_points(price.get("formula")):
            own = tr(lang, "その評価者の品質点と共通の価格点による合計点", "their own quality points plus the common price points")
        else:  # the price divides: each evaluator's own figure under the formula
            figure = say(document_total_key(price.get("formula", ""), False), lang)
            own = tr(lang, f"その評価者の品質スコアと共通の提案価格から求めた{figure}",
                     f"the {figure[0].lower() + figure[1:]} from their own quality score and the common price")
        out.append(f"評価者ごとに、{own}で提案者に順位を付け、その順位を合計した順位点の小さい順に順位を決める。"
                   "同じ評価者の中でこの値が同じ提案者は、該当する順位の平均を付ける（例：1位に2者が並ぶ場合は各1.5）。"
                   if ja else
                   f"Each evaluator ranks the bidders by {own}; the ranks are added "
                   "and the lowest rank sum ranks first. Bidders an evaluator scores equally share the mean of the ranks they span "
                   "(two bidders tied for first get 1.5 each).")
    if rules.minimum_quality is not None:
        out.append(f"品質スコア（100点満点）が{_n(rules.minimum_quality)}点未満の提案者は、最低基準点に達しないため順位を付けない。"
                   if ja else f"A bidder whose quality score (out of 100) is below {_n(rules.minimum_quality)} does not "
                   "reach the minimum qualifying score and is not ranked.")
    for cid, score in rules.minimum_criteria.items():
        out.append(f"評価項目「{names.get(cid, cid)}」（{cid}）の評点（評価者の平均）が{_n(score)}点未満の提案者は順位を付けない。"
                   if ja else f"A bidder whose mean score on '{names.get(cid, cid)}' ({cid}) is below {_n(score)} is not ranked.")
    if rules.above_reference == "disqualify":
        out.append("提案価格が予定価格を超える提案は失格とする。" if ja else "A price above the reference price disqualifies the proposal.")
    elif rules.above_reference == "zero":
        out.append("提案価格が予定価格を超える提案の価格点は0点とする。" if ja else "A price above the reference price scores 0 price points.")
    if rules.low_bid_share is not None:   # stated even where the reference price itself is not disclosed
        share = f"{rules.low_bid_share * 100:g}"
        out.append((f"提案価格が予定価格の{share}%を下回る場合は、履行可能性の調査（ヒアリング・資料提出）を行う。"
                    if rules.low_bid_action == "review" else
                    f"提案価格が予定価格の{share}%を下回る提案は、履行が困難と判断し失格とする。")
                   if ja else
                   (f"A price below {share}% of the reference price triggers a feasibility review (interview and documents)."
                    if rules.low_bid_action == "review" else
                    f"A price below {share}% of the reference price is deemed not feasible and disqualifies the proposal."))
    staged = rules.presentation is not None
    document = say(document_total_key(price.get("formula", ""), staged), lang)
    final = say(final_key(price.get("formula", ""), staged), lang)
    if isinstance(rules.rounding, Rounding):
        out.append(_rounding_statement(rules.rounding, price.get("formula", ""), staged, document, final, lang))
    else:  # the figures as computed: a vendor recomputing from the printed (rounded) figures may differ in the last place
        out.append("各得点は端数処理をせずに計算する（表示は小数点以下第2位まで）。" if ja else
                   "Scores are computed without rounding; the documents show them to 2 decimal places.")
    if rules.presentation:
        stage = rules.presentation
        who = ((f"{document}の上位{stage.top}者" if ja else f"the best {stage.top} bidders by {document.lower()}")
               if stage.top else
               (f"{document}が{_n(stage.min_total)}点以上の提案者" if ja
                else f"the bidders whose {document.lower()} is {_n(stage.min_total)} or more"))
        crit = ("、" if ja else "; ").join(f"{c['name']}（{_n(c['weight'])}）" if ja else f"{c['name']} ({_n(c['weight'])})"
                                           for c in stage.criteria)
        # how presentation points and the final score are computed is the published rule itself
        # (rfpgen.documents.parts.scoring_rule), printed beside these sentences
        out.append(f"書類審査の評点は、合議による確定を含めてプレゼンテーションの前に確定し、その後は変更しない。{who}がプレゼンテーション"
                   f"（ヒアリング）に進む。プレゼンテーションは次の項目と配点で評価する（{crit}）。" if ja else
                   f"The document-stage scores, including those agreed at the consensus meeting, are settled before the presentations and not "
                   f"changed afterwards. Then {who} present their proposals. Presentations are scored on these criteria "
                   f"and weights: {crit}.")
        # the tie-break below orders equal final scores; a tie of the document stage decides nothing it would need
        out.append((f"{document}が同点の者は、書類審査では同順位とする。" + (
                        f"上位{stage.top}者の最後の順位に同点の者が並ぶ場合は、その全員がプレゼンテーションに進む。" if stage.top else ""))
                   if ja else
                   (f"Bidders with the same {document.lower()} share a rank at the document stage" + (
                       f"; where bidders tie for the last of the {stage.top} places, all of them present." if stage.top else ".")))
    words = {"quality": ("品質スコアの高い者", "the higher quality score"), "price": ("提案価格の低い者", "the lower price"),
             "lots": ("合議の場で行うくじ引きで決めた者", "a drawing of lots held and recorded at the consensus meeting")}
    steps = []
    for step in rules.tie_break:
        if step["by"] == "criterion":
            cid = step["criterion"]
            steps.append(f"評価項目「{names.get(cid, cid)}」（{cid}）の評点の高い者" if ja
                         else f"the higher score on '{names.get(cid, cid)}' ({cid})")
        else:
            steps.append(words[step["by"]][0 if ja else 1])
    if steps:
        out.append((f"{final}が同点の場合は、" + "、なお同点の場合は".join(steps) + "を上位とする。") if ja else
                   (f"Where two or more bidders have the same {final.lower()}, the tie goes to " + "; if still equal, to ".join(steps) + "."))
    else:
        out.append(f"{final}が同点の場合は同順位とする。" if ja else f"Equal {final.lower()}s share a rank.")
    # the panel meets the presenters: only the written proposals can be judged without the names
    named_presentations = (("提案者名を伏せるのは書類審査であり、プレゼンテーションは提案者名を示して評価する。" if ja else
                            " Only the written proposals are judged without names; the presentations are scored by name.")
                           if rules.presentation else "")
    if rules.blind and internal:
        out.append("品質の評価は提案者名を伏せて（提案者A・B・C…として）行う。RFPで、提案書の本文・様式に社名やロゴを記載せず、"
                   "社名と担当者は提案回答書の「提案者」シートにのみ記入するよう求めている（委託元は評価者に渡す前にこのシートを取り除く）。"
                   if ja else "Quality is evaluated blind (bidders appear as Bidder A, B, C …). The RFP asks bidders not to show "
                   "their company name or logo in the body of the proposal or its forms, and to give it only on the 'Bidder' sheet "
                   "of the response form, which the client removes before the answers reach the evaluators.")
        out[-1] += named_presentations
    elif rules.blind:
        # as the response form asks (rfpgen.responses.form: the bidder named on a sheet of its own)
        out.append("品質の評価は提案者名を伏せて（提案者A・B・C…として）行う。提案書の本文・様式に社名やロゴを記載しないこと。"
                   "社名と担当者は提案回答書の「提案者」シートにのみ記入する（委託元は評価者に渡す前に「提案者」シートを取り除く）。"
                   if ja else "Quality is evaluated blind (bidders appear as Bidder A, B, C …): do not show your company name "
                   "or logo in the body of the proposal or its forms. Give your company name and contact on the 'Bidder' "
                   "sheet of the response form only; the client removes the 'Bidder' sheet before the answers reach the evaluators.")
        out[-1] += named_presentations
    return out
