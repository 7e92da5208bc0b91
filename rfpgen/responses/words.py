"""The response form's and the analysis' own words, ja and en (the vendor reads the form in the
project's language; reading back accepts the dropdown words of both)."""
from __future__ import annotations

import re
import unicodedata

ANSWERS = ("comply", "partial", "alternative", "cannot")
ANSWER_WORDS = {
    "ja": {"comply": "対応可", "partial": "一部対応", "alternative": "代替提案", "cannot": "対応不可"},
    "en": {"comply": "Comply", "partial": "Partial", "alternative": "Alternative", "cannot": "Cannot"},
}

SHORT_MODEL = {  # price sheet names (Excel allows 31 characters)
    "ja": {"per_production_hour": "価格（生産時間）", "per_fte": "価格（FTE）", "per_minute": "価格（処理分数）",
           "per_contact": "価格（応対件数）", "per_outcome": "価格（成果）", "fixed_plus_overage": "価格（固定＋超過）",
           "hybrid": "価格（管理費＋生産時間）"},
    "en": {"per_production_hour": "Price - production hour", "per_fte": "Price - FTE", "per_minute": "Price - minute",
           "per_contact": "Price - contact", "per_outcome": "Price - outcome", "fixed_plus_overage": "Price - fixed + overage",
           "hybrid": "Price - fee + hour"},
}

WORDS = {
    "ja": {
        "title": "提案回答書", "mark": "社外秘", "sheet_cover": "表紙", "sheet_compliance": "要件対応表",
        "sheet_staffing": "要員計画", "sheet_forecast": "予測業務量",
        "project": "案件", "client": "委託元", "rfp_version": "提案依頼書の版", "currency": "通貨", "tax_basis": "税区分",
        "proposal_due": "提案書提出期限", "vendor_name": "提案者名（会社名）", "vendor_contact": "担当者（氏名・連絡先）",
        "model": "提案する価格方式", "valid_until": "見積の有効期限",
        "validity_note": "提出期限から{days}日以上",
        "instructions": "記入方法",
        "steps": ("黄色のセルだけに記入してください。その他のセルと非表示の列・シートは変更しないでください（回答の読み取りに使います）。\n"
                  "「要件対応表」で、提案依頼書の全要件に対応可否を選び、提案書の該当ページと補足を記入してください。必須の要件は、回答と該当ページが一次審査の対象です。\n"
                  "「要員計画」に、窓口・月ごとの投入要員数（FTE、1FTE＝月{paid}時間の支払時間）と、想定した平均処理時間・シュリンケージ・稼働率、SV1名あたりのオペレーター数を記入してください。\n"
                  "価格は、表紙で選んだ価格方式のシートだけに、単価を契約年度ごとに記入してください。数量と金額の式は記入の目安で、当社は単価と要員計画から同じ方法で総額を算定します。\n"
                  "金額はすべて{currency}・{tax}で記入してください。"),
        "no": "番号", "part": "部", "requirement": "要件", "priority": "優先度", "answer": "対応", "page": "提案書の該当ページ",
        "remarks": "補足", "program_id": "窓口ID", "program": "窓口", "aht": "想定平均処理時間（秒）", "shrinkage": "シュリンケージ（%）",
        "occupancy": "稼働率（%）", "fte_total": "FTE×月（合計）", "production_hours": "生産時間（合計）",
        "supervisor_ratio": "SV1名あたりのオペレーター数", "staffing_note": "窓口・月ごとの投入要員数（FTE）。1FTE＝月{paid}時間の支払時間。",
        "client_aht": "当社想定の平均処理時間（秒）", "forecast_note": "当社予測の月間応対件数（参考・変更不可）と、契約年度ごとの月の数え方。",
        "months_in_year": "第{year}年度に含まれる月数", "rate_line": "単価項目", "unit": "単位",
        "rate_year": "単価 第{year}年度", "qty_year": "数量 第{year}年度", "amount_year": "金額 第{year}年度",
        "line_total": "金額計", "initial_costs": "初期費用", "item": "項目", "borne_by": "負担", "amount": "金額",
        "total": "契約期間の総額（当社予測の業務量による目安）", "all_programs": "全窓口共通",
        "price_note": "価格方式：{model}。数量の数え方：{basis}",
        "answer_prompt": "対応可・一部対応・代替提案・対応不可から選んでください。", "answer_error": "一覧から選んでください。",
        "number_error": "{min}以上の数値を入力してください。", "pct_error": "0以上100未満の数値（%）を入力してください。",
        "occupancy_error": "0より大きく100以下の数値（%）を入力してください。",
        "date_error": "提出期限（{due}）以降の日付を入力してください。", "model_prompt": "価格方式を一覧から選んでください。",
        "text_error": "{max}文字以内で入力してください。", "input_title": "入力",
    },
    "en": {
        "title": "Response form", "mark": "Confidential", "sheet_cover": "Cover", "sheet_compliance": "Compliance",
        "sheet_staffing": "Staffing plan", "sheet_forecast": "Forecast",
        "project": "Project", "client": "Client", "rfp_version": "RFP version", "currency": "Currency", "tax_basis": "Tax basis",
        "proposal_due": "Proposal due", "vendor_name": "Proposer (company name)", "vendor_contact": "Contact (name and details)",
        "model": "Pricing model offered", "valid_until": "Offer valid until",
        "validity_note": "at least {days} days after the due date",
        "instructions": "How to fill in this form",
        "steps": ("Fill in the yellow cells only. Do not change any other cell, hidden column or sheet: rfpgen reads your answers by them.\n"
                  "On 'Compliance', answer every requirement of the RFP and give the proposal page and any remark. For must requirements the answer and the page reference are checked at screening.\n"
                  "On 'Staffing plan', give per program and month the FTE you will deploy (1 FTE = {paid} paid hours a month), the handle time, shrinkage and occupancy you assumed, and agents per supervisor.\n"
                  "Price on the sheet of the pricing model chosen on this cover only, one rate per contract year. Its quantities and amounts are formulas for your convenience; the client computes the total from your rates and staffing plan the same way.\n"
                  "All amounts in {currency}, {tax}."),
        "no": "No.", "part": "Part", "requirement": "Requirement", "priority": "Priority", "answer": "Answer",
        "page": "Proposal page", "remarks": "Remarks", "program_id": "Program id", "program": "Program",
        "aht": "Assumed AHT (s)", "shrinkage": "Shrinkage (%)", "occupancy": "Occupancy (%)", "fte_total": "FTE-months",
        "production_hours": "Production hours", "supervisor_ratio": "Agents per supervisor",
        "staffing_note": "FTE deployed per program and month. 1 FTE = {paid} paid hours a month.",
        "client_aht": "Client's average handle time (s)",
        "forecast_note": "The client's forecast contacts per month (for reference, locked) and how contract years count the months.",
        "months_in_year": "Months in contract year {year}", "rate_line": "Rate", "unit": "Unit",
        "rate_year": "Rate year {year}", "qty_year": "Quantity year {year}", "amount_year": "Amount year {year}",
        "line_total": "Amount", "initial_costs": "Initial costs", "item": "Item", "borne_by": "Borne by", "amount": "Amount",
        "total": "Total over the term (at the client's forecast, for guidance)", "all_programs": "All programs",
        "price_note": "Pricing model: {model}. Quantities: {basis}",
        "answer_prompt": "Choose Comply, Partial, Alternative or Cannot.", "answer_error": "Choose from the list.",
        "number_error": "Enter a number of at least {min}.", "pct_error": "Enter a percentage from 0 to below 100.",
        "occupancy_error": "Enter a percentage above 0 and up to 100.",
        "date_error": "Enter a date on or after the due date ({due}).", "model_prompt": "Choose a pricing model from the list.",
        "text_error": "At most {max} characters.", "input_title": "Input",
    },
}


def w(lang: str, word: str, **values) -> str:
    text = WORDS[lang][word]
    return text.format(**values) if values else text


def _normal(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


def answer_from_cell(value) -> str | None:
    """comply / partial / alternative / cannot for a dropdown word in either language, else None."""
    for words in ANSWER_WORDS.values():
        for key, word in words.items():
            if _normal(value) in (_normal(word), key):
                return key
    return None


def model_from_cell(value) -> str | None:
    from ..words import ENUMS

    for words in ENUMS["pricing_model"].values():
        for key, word in words.items():
            if _normal(value) in (_normal(word), key):
                return key
    return None
