"""The glossary printed as an annex of the requirements definition: the terms the documents use, each
with its Japanese and English name and what it means (ja, en), and its reading (READINGS) so that the
Japanese glossary lists its terms in 五十音順.

`glossary(project)` picks the entries the project's documents use (the additive formula and 予定価格
only when the price is scored that way; the document-stage total, presentation points and final score
only with a presentation stage) and writes the service-level example with the project's own target."""
from __future__ import annotations

from ..scoring.model import coverage_values
from ..scoring.price import gives_price_points
from . import lookup, lower_first, say, tr
from .scoring import document_total_key

# key: ((ja term, en term), (ja meaning, en meaning))
GLOSSARY: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "client": (("委託元", "client"), ("業務を委託する企業・団体。本書の作成者。", "The organisation that outsources the work and writes these documents.")),
    "contractor": (("受託者", "contractor"), ("業務を受託する事業者。選定後は契約の相手方となる。", "The company that takes on the work; after the selection, the contract partner.")),
    "bidder": (("提案者", "bidder"), ("RFPに応じて提案書を提出する事業者。", "A company that answers the RFP with a proposal.")),
    "rfp": (("提案依頼書（RFP）", "request for proposal (RFP)"), ("提案者に配布し、提案を依頼する文書。", "The document sent to bidders that asks for proposals.")),
    "requirement": (("要件", "requirement"), ("委託する業務が満たすべき条件。優先度は必須・推奨・任意。", "A condition the outsourced work must meet; priority must, should or may.")),
    "withheld": (("RFPに記載しない要件", "requirement left out of the RFP"),
                 ("提案者の提案力を確かめるため、意図的にRFPに記載しない要件。公開した評価項目で評価する。",
                  "A requirement deliberately left out of the RFP to see whether bidders raise it unprompted; it is scored under a published criterion.")),
    "criterion": (("評価項目", "evaluation criterion"), ("提案を評価する観点。配点とともにRFPで公開する。", "An aspect proposals are scored on; published in the RFP with its weight.")),
    "weight": (("配点", "weight"), ("評価項目の重み。加点項目の合計は100。", "How much a criterion counts towards the quality score; the weights of the scored criteria add up to 100.")),
    "quality_score": (("品質スコア", "quality score"), ("評点を配点で加重した100点満点の得点（Σ 配点×評点÷尺度の満点）。", "The criteria's scores combined by their weights into one figure out of 100 (Σ weight × score ÷ top of the scale).")),
    "quality_points": (("品質点", "quality points"), ("品質スコアを品質点の満点に換算した得点（品質スコア×品質点の満点÷100）。", "The quality score scaled to the points quality is worth (quality score × those points ÷ 100).")),
    "proposed_price": (("提案価格", "proposed price"), ("提案者が提示した価格。RFPが定める比較の基準（期間、税の扱い）による総額。", "The price a bidder offers: the total on the basis the RFP sets (period, tax).")),
    "weighted_points": (("加重点", "weighted points"), ("評価項目の評点を配点で加重した点（配点×評点÷尺度の満点）。合計が品質スコアとなる。", "A criterion's score weighted by its weight (weight × score ÷ top of the scale); they add up to the quality score.")),
    "coverage": (("充足度", "coverage"), (f"RFPに記載しない要件に提案書がどれだけ触れているかを示す0〜1の値。各要件の充足値（{coverage_values('ja')}）を優先度の重みで加重平均する。", f"How far a proposal addresses the requirements left out of the RFP, from 0 to 1: each requirement's coverage value ({coverage_values('en')}) averaged with the priority weights.")),
    "price_points": (("価格点", "price points"), ("提案価格から価格評価の方式で算出する得点。", "The points the price earns under the published price formula.")),
    "total": (("総合評価点", "total score"), ("品質点と価格点を合わせた得点。順位はこれで決まる。", "Quality points and price points together; the ranking follows it.")),
    "value": (("評価値", "value"), ("（基礎点＋品質点）÷提案価格×1,000,000。価格あたりの品質の得点で、高いほど上位。",
                                  "(Base points + quality points) ÷ price × 1,000,000: the quality points per unit of price; the highest ranks first.")),
    "price_per_quality": (("品質スコア1点あたりの価格", "price per quality point"),
                          ("提案価格÷品質スコア。低いほど上位。", "The price ÷ the quality score; the lowest ranks first.")),
    "document_total": (("書類審査の総合評価点", "document-stage total"),
                       ("書類審査で品質点と価格点を合わせた得点。プレゼンテーションに進む提案者を決める。",
                        "Quality points and price points at the document stage; it decides who goes on to the presentation.")),
    "presentation_points": (("プレゼンテーション点", "presentation points"),
                            ("プレゼンテーションの評価項目で採点した得点。", "The points the presentation criteria award.")),
    "final_score": (("最終評価点", "final score"),
                    ("{document}とプレゼンテーション点の合計。順位はこれで決まる。",
                     "The {document} and the presentation points added up; the ranking follows it.")),
    "final_score_technical": (("最終評価点", "final score"),
                              ("品質点にプレゼンテーション点を加えてから価格評価方式で求めた得点（除算方式では、基礎点と合わせて提案価格で割る）。"
                               "順位はこれで決まる（{document}はプレゼンテーションに進む提案者の選定に使う）。",
                               "The quality points with the presentation points added, put through the price formula (under the division "
                               "formula, divided by the price with the base points); the ranking follows it (the {document} decides who presents).")),
    "final_score_presentation_only": (("最終評価点", "final score"),
                                      ("プレゼンテーション点のみによる得点。順位はこれで決まる（{document}はプレゼンテーションに進む提案者の選定に使う）。",
                                       "The presentation points alone; the ranking follows it (the {document} only decides who presents).")),
    "reference_price": (("予定価格", "reference price"), ("委託元が見込む価格の上限。", "The price the client expects at most.")),
    "additive": (("加算方式", "additive formula"),
                 ("予定価格に対する提案価格の割合から価格点を求め、品質点に加える方式。",
                  "Price points from the proposed price's share of the reference price (maximum × (1 − price ÷ reference price)), added to the quality points.")),
    "division": (("除算方式", "division formula"),
                 ("品質の得点を提案価格で割った値（価格あたりの得点）で順位を決める方式。",
                  "The ranking by quality points divided by the proposed price (points per unit of price).")),
    "service_level": (("サービスレベル（SL）", "service level (SL)"), ("目標時間内に応答した呼の割合。", "The share of contacts answered within a threshold.")),
    "asa": (("平均応答速度（ASA）", "average speed of answer (ASA)"), ("応答した呼の平均待ち時間。", "The mean wait of answered contacts.")),
    "aht": (("平均処理時間（AHT）", "average handle time (AHT)"), ("通話・保留・後処理を合わせた1件あたりの平均時間。", "Talk, hold and after-call work per contact, averaged.")),
    "acw": (("後処理（ACW）", "after-call work (ACW)"), ("応対の終了後に行う記録・入力などの作業。AHTに含む。", "Notes and updates after a contact ends; part of the handle time.")),
    "deferred_work": (("ノンリアルタイム業務", "deferred work"),
                      ("メール・Webフォーム・郵送など、受信後に返信期限までに処理する業務。件数×処理時間の作業量で要員を算定する。",
                       "E-mail, web-form and letter work answered within a response target rather than at once; staffed as contacts × handle time.")),
    "abandonment": (("放棄率", "abandonment rate"), ("応答前に切断された呼の割合。", "The share of contacts abandoned before an answer.")),
    "fcr": (("一次解決率（FCR）", "first contact resolution (FCR)"), ("初回の応対で解決した割合。", "The share resolved at the first contact.")),
    "occupancy": (("稼働率（オキュパンシー）", "occupancy"), ("ログイン時間のうち応対に費やした時間の割合。", "The share of logged-in time spent handling contacts.")),
    "shrinkage": (("シュリンケージ", "shrinkage"), ("所定労働時間のうち、有給の小休憩・研修・休暇・欠勤など応対に充てられない時間の割合（無給の休憩は所定労働時間の外）。", "The share of paid time not available for contacts (paid short breaks, training, leave, absence; unpaid breaks are outside paid time).")),
    "paid_hours": (("所定労働時間", "paid hours"), ("FTE 1人が1か月に勤務する契約上の時間（無給の休憩を除く）。FTEの換算に使う。", "The hours one FTE is paid for in a month (unpaid breaks excluded); the basis of FTE.")),
    "fte": (("FTE（フルタイム換算）", "FTE (full-time equivalent)"), ("1名がフルタイムで働く時間を1とした要員数。", "A number of staff counted in full-time people: two half-time agents are one FTE.")),
    "erlang": (("アーランC／アーランA", "Erlang C / Erlang A"), ("着信量と処理時間から必要な席数を求める待ち行列モデル。Aは放棄を考慮する。", "Queueing models that give the number of agents needed to meet a service level from the contacts offered and the handle time; Erlang A allows for callers who hang up while waiting.")),
    "nesting": (("ネスティング（OJT）", "nesting"), ("初期研修後、支援を受けながら実際の応対を行う期間。", "Supervised live work after initial training.")),
    "sla_credit": (("SLAクレジット", "SLA credit"), ("KPIの未達時に月額費用から差し引く金額。", "An amount deducted from the monthly fee when a KPI target is missed.")),
    "production_hour": (("生産時間", "production hour"), ("オペレーターがログインして応対可能な時間。", "An hour an agent is logged in and available for contacts.")),
    "billable_hours": (lookup("staffing.billable_hours"),
                       ("生産時間単価を掛ける数量。FTE × 月間所定労働時間 ×（1 − シュリンケージ）で数える。",
                        "The quantity a rate per production hour is applied to: FTE × paid hours a month × (1 − shrinkage).")),
    "required_agent_hours": (lookup("staffing.required_agent_hours"),
                             ("要員モデルが各インターバルに求める必要人数 × インターバルの長さの合計。シュリンケージを含まない、応対に充てる時間。",
                              "The agents the staffing model requires in each interval × the interval's length, added up: "
                              "time for contacts, before shrinkage.")),
}

# 読み (katakana) of each Japanese term: the Japanese glossary is in 五十音順, an abbreviation read as it is said
READINGS: dict[str, str] = {
    "client": "イタクモト", "contractor": "ジュタクシャ", "bidder": "テイアンシャ", "rfp": "テイアンイライショ",
    "requirement": "ヨウケン", "withheld": "アールエフピーニキサイシナイヨウケン", "criterion": "ヒョウカコウモク",
    "weight": "ハイテン", "quality_score": "ヒンシツスコア", "quality_points": "ヒンシツテン", "proposed_price": "テイアンカカク",
    "price_points": "カカクテン", "total": "ソウゴウヒョウカテン", "value": "ヒョウカチ",
    "price_per_quality": "ヒンシツスコアイッテンアタリノカカク", "document_total": "ショルイシンサノソウゴウヒョウカテン",
    "presentation_points": "プレゼンテーションテン", "final_score": "サイシュウヒョウカテン",
    "final_score_presentation_only": "サイシュウヒョウカテン", "final_score_technical": "サイシュウヒョウカテン", "reference_price": "ヨテイカカク", "additive": "カサンホウシキ",
    "division": "ジョサンホウシキ", "service_level": "サービスレベル", "asa": "ヘイキンオウトウソクド",
    "aht": "ヘイキンショリジカン", "acw": "アトショリ", "deferred_work": "ノンリアルタイムギョウム", "abandonment": "ホウキリツ",
    "fcr": "イチジカイケツリツ", "occupancy": "カドウリツ", "shrinkage": "シュリンケージ", "paid_hours": "ショテイロウドウジカン",
    "fte": "エフティーイー", "erlang": "アーラン", "nesting": "ネスティング", "sla_credit": "エスエルエークレジット",
    "production_hour": "セイサンジカン", "billable_hours": "セイキュウタイショウノセイサンジカン",
    "required_agent_hours": "ヒツヨウニンジ", "weighted_points": "カジュウテン", "coverage": "ジュウソクド",
}

_VOICED = str.maketrans("ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォッャュョヮー",
                        "カキクケコサシスセソタチツテトハヒフヘホハヒフヘホウアイウエオツヤユヨワ\u30fc")


_VOWELS = {kana: vowel for vowel, row in zip("アイウエオ", ("アカサタナハマヤラワ", "イキシチニヒミリ", "ウクスツヌフムユル",
                                                        "エケセテネヘメレ", "オコソトノホモヨロヲ")) for kana in row}


def reading_key(reading: str) -> tuple:
    """A 五十音 sort key: the reading with voicing and small kana folded (ガ sorts with カ) and the
    long-vowel mark read as the vowel it lengthens (アーラン as アアラン), the exact reading breaking ties."""
    folded = reading.translate(_VOICED)
    out = []
    for ch in folded:
        out.append(_VOWELS.get(out[-1], ch) if ch == "\u30fc" and out else ch)
    return "".join(out), reading


def glossary(project) -> list[tuple[str, tuple[str, str], tuple[str, str]]]:
    """The entries `project`'s documents use, as (key, (ja term, en term), (ja meaning, en meaning)): the
    figures of the project's own scoring rule only (no price points nor a total that adds them up when
    the price divides), the final score naming the document figure it is built from."""
    evaluation = project.data.get("evaluation") or {}
    formula = (evaluation.get("price") or {}).get("formula") or ""
    stage = (evaluation.get("rules") or {}).get("presentation")
    left_out = set()
    if formula != "jp_additive":
        left_out |= {"additive"}
        if not (evaluation.get("price") or {}).get("reference_price"):
            left_out |= {"reference_price"}
    if formula != "jp_division":
        left_out |= {"division", "value"}
    if formula != "price_per_quality":
        left_out |= {"price_per_quality"}
    else:
        left_out |= {"quality_points"}  # the price is divided by the quality score itself
    if not gives_price_points(formula):
        left_out |= {"price_points", "total", "document_total"}
    if stage:
        finals = {"sum": "final_score", "technical": "final_score_technical", "presentation_only": "final_score_presentation_only"}
        left_out |= {"total"} | (set(finals.values()) - {finals[stage.get("combine", "sum")]})
    else:
        left_out |= {"document_total", "presentation_points", "final_score", "final_score_technical", "final_score_presentation_only"}
    if not project.withheld():
        left_out |= {"withheld"}
    document = (say(document_total_key(formula, True), "ja"), lower_first(say(document_total_key(formula, True), "en")))
    entries = []
    for key, (terms, meaning) in GLOSSARY.items():
        if key in left_out:
            continue
        if key == "service_level":
            meaning = _with_target(meaning, project)
        elif key in ("final_score", "final_score_technical", "final_score_presentation_only"):
            meaning = (meaning[0].format(document=document[0]), meaning[1].format(document=document[1]))
        elif key == "reference_price" and formula == "jp_additive":
            meaning = (meaning[0] + "加算方式の価格点の基準となる。", meaning[1][:-1] + "; the basis of the additive price formula.")
        entries.append((key, terms, meaning))
    return entries


def _with_target(meaning: tuple[str, str], project) -> tuple[str, str]:
    """The service level's meaning with the project's own target as its example: each queue's where they differ."""
    from ..documents.parts import queue_target
    from ..text import number

    def level(lang):
        return lambda v: tr(lang, f"{number(v['percent'])}%を{number(v['threshold_seconds'])}秒以内",
                            f"{number(v['percent'])}% within {number(v['threshold_seconds'])} s")

    kpis = project.section("operations").get("kpis") or {}
    levels = {name: v for name, v in project.queue_targets("service_level").items()
              if isinstance(v, dict) and v.get("percent") is not None and v.get("threshold_seconds") is not None}
    shared = kpis.get("service_level")
    if not isinstance(shared, dict) or shared.get("percent") is None or shared.get("threshold_seconds") is None:
        shared = None
    ja, en = (queue_target(levels, level(lang), lang, shared, tr(lang, "、", "; ")) for lang in ("ja", "en"))
    if ja is None:
        return meaning
    several = len({repr(v) for v in levels.values()}) > 1
    return (meaning[0].rstrip("。") + f"（本件の目標は{ja}）。",
            meaning[1].rstrip(".") + f" (this project's {'targets' if several else 'target'}: {en}).")
