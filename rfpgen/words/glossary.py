"""The glossary printed as an annex of the requirements definition: the terms the documents use, each
with its Japanese and English name and what it means (ja, en)."""
from __future__ import annotations

# key: ((ja term, en term), (ja meaning, en meaning))
GLOSSARY: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "client": (("委託元", "client"), ("業務を委託する企業・団体。本書の作成者。", "The organisation that outsources the work and writes these documents.")),
    "vendor": (("受託者", "vendor"), ("業務を受託する事業者。選定後は契約の相手方となる。", "The company that takes on the work; after the selection, the contract partner.")),
    "bidder": (("提案者", "bidder"), ("RFPに応じて提案書を提出する事業者。", "A vendor that answers the RFP with a proposal.")),
    "rfp": (("提案依頼書（RFP）", "request for proposal (RFP)"), ("提案者に配布し、提案を依頼する文書。", "The document sent to bidders that asks for proposals.")),
    "requirement": (("要件", "requirement"), ("委託する業務が満たすべき条件。優先度は必須・推奨・任意。", "A condition the outsourced work must meet; priority must, should or may.")),
    "withheld": (("RFPに記載しない要件", "requirement left out of the RFP"),
                 ("提案者の提案力を確かめるため、意図的にRFPに記載しない要件。公開した評価項目で評価する。",
                  "A requirement deliberately left out of the RFP to see whether bidders raise it unprompted; it is scored under a published criterion.")),
    "criterion": (("評価項目", "evaluation criterion"), ("提案を評価する観点。配点とともにRFPで公開する。", "An aspect proposals are scored on; published in the RFP with its weight.")),
    "weight": (("配点", "weight"), ("評価項目の重み。加点項目の合計は100。", "The weight of a criterion; the scored criteria add up to 100.")),
    "quality_points": (("品質点", "quality points"), ("評点と配点から算出する提案内容の得点。", "The points a proposal's content earns from its scores and the weights.")),
    "price_points": (("価格点", "price points"), ("提案価格から価格評価の方式で算出する得点。", "The points the price earns under the published price formula.")),
    "total": (("総合評価点", "total score"), ("品質点と価格点を合わせた得点。順位はこれで決まる。", "Quality points and price points together; the ranking follows it.")),
    "reference_price": (("予定価格", "reference price"), ("委託元が見込む価格の上限。加算方式の価格点の基準となる。", "The price the client expects at most; the basis of the additive price formula.")),
    "service_level": (("サービスレベル（SL）", "service level (SL)"), ("目標時間内に応答した呼の割合（例：80%を20秒以内）。", "The share of contacts answered within a threshold (e.g. 80 % within 20 s).")),
    "asa": (("平均応答速度（ASA）", "average speed of answer (ASA)"), ("応答した呼の平均待ち時間。", "The mean wait of answered contacts.")),
    "aht": (("平均処理時間（AHT）", "average handle time (AHT)"), ("通話・保留・後処理を合わせた1件あたりの平均時間。", "Talk, hold and after-call work per contact, averaged.")),
    "acw": (("後処理（ACW）", "after-call work (ACW)"), ("応対の終了後に行う記録・入力などの作業。AHTに含む。", "Notes and updates after a contact ends; part of the handle time.")),
    "deferred_work": (("ノンリアルタイム業務", "deferred work"),
                      ("メール・Webフォーム・郵送など、受信後に回答期限までに処理する業務。件数×処理時間の作業量で要員を算定する。",
                       "E-mail, web-form and letter work answered within a response target rather than at once; staffed as contacts × handle time.")),
    "abandonment": (("放棄率", "abandonment rate"), ("応答前に切断された呼の割合。", "The share of contacts abandoned before an answer.")),
    "fcr": (("一次解決率（FCR）", "first contact resolution (FCR)"), ("初回の応対で解決した割合。", "The share resolved at the first contact.")),
    "occupancy": (("稼働率（オキュパンシー）", "occupancy"), ("ログイン時間のうち応対に費やした時間の割合。", "The share of logged-in time spent handling contacts.")),
    "shrinkage": (("シュリンケージ", "shrinkage"), ("所定労働時間のうち、休憩・研修・休暇・欠勤など応対に充てられない時間の割合。", "The share of paid time not available for contacts (breaks, training, leave, absence).")),
    "paid_hours": (("所定労働時間", "paid hours"), ("FTE 1人が1か月に勤務する契約上の時間（無給の休憩を除く）。FTEの換算に使う。", "The hours one FTE is paid for in a month (unpaid breaks excluded); the basis of FTE.")),
    "fte": (("FTE（フルタイム換算）", "FTE (full-time equivalent)"), ("1名がフルタイムで働く時間を1とした要員数。", "Staff counted in full-time workloads.")),
    "erlang": (("アーランC／アーランA", "Erlang C / Erlang A"), ("着信量と処理時間から必要な席数を求める待ち行列モデル。Aは放棄を考慮する。", "Queueing models that give the agents a service level needs; Erlang A includes callers who abandon.")),
    "nesting": (("ネスティング（OJT）", "nesting"), ("初期研修後、支援を受けながら実際の応対を行う期間。", "Supervised live work after initial training.")),
    "sla_credit": (("SLAクレジット", "SLA credit"), ("KPIの未達時に月額費用から差し引く金額。", "An amount deducted from the monthly fee when a KPI target is missed.")),
    "production_hour": (("生産時間", "production hour"), ("オペレーターがログインして応対可能な時間。", "An hour an agent is logged in and available for contacts.")),
}
