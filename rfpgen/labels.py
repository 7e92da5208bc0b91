"""Words the documents print besides what the user typed: field headings and enum values, ja and en.

Defined once here so the three documents, the scoring sheets and the memo say the same thing.
"""
from __future__ import annotations

TBD = {"ja": "未定", "en": "To be decided"}

ENUMS = {
    "priority": {"ja": {"must": "必須", "should": "推奨", "may": "任意"},
                 "en": {"must": "Must", "should": "Should", "may": "May"}},
    "sourcing_pattern": {"ja": {"full": "全面委託", "hybrid": "一部委託（ハイブリッド）", "spot": "スポット委託"},
                         "en": {"full": "Full outsourcing", "hybrid": "Hybrid (partly in-house)", "spot": "Spot (temporary) center"}},
    "program_type": {"ja": {"inbound": "インバウンド", "outbound": "アウトバウンド", "blended": "ブレンド"},
                     "en": {"inbound": "Inbound", "outbound": "Outbound", "blended": "Blended"}},
    "channel": {"ja": {"phone": "電話", "email": "メール", "chat": "チャット", "web_form": "Webフォーム", "sms": "SMS",
                       "social": "SNS", "letter": "郵送"},
                "en": {"phone": "Phone", "email": "Email", "chat": "Chat", "web_form": "Web form", "sms": "SMS",
                       "social": "Social media", "letter": "Letter"}},
    "employment": {"ja": {"full_time": "正社員", "contract": "契約社員", "part_time": "パートタイム", "temporary": "派遣・臨時",
                          "any": "雇用形態は問わない"},
                   "en": {"full_time": "Full-time employee", "contract": "Fixed-term contract", "part_time": "Part-time",
                          "temporary": "Temporary / agency", "any": "Any"}},
    "trainer": {"ja": {"client": "委託元", "vendor": "委託先", "joint": "委託元・委託先の共同"},
                "en": {"client": "Client", "vendor": "Vendor", "joint": "Client and vendor jointly"}},
    "party": {"ja": {"client": "委託元", "vendor": "委託先", "shared": "双方で分担"},
              "en": {"client": "Client", "vendor": "Vendor", "shared": "Shared"}},
    "frequency": {"ja": {"daily": "日次", "weekly": "週次", "monthly": "月次", "quarterly": "四半期", "yearly": "年次", "ad_hoc": "随時"},
                  "en": {"daily": "Daily", "weekly": "Weekly", "monthly": "Monthly", "quarterly": "Quarterly", "yearly": "Yearly",
                         "ad_hoc": "As needed"}},
    "pricing_model": {"ja": {"per_production_hour": "生産時間（ログイン時間）単価方式", "per_fte": "席（FTE）単価方式",
                             "per_minute": "通話分数単価方式", "per_contact": "応対件数単価方式", "per_outcome": "成果報酬方式",
                             "fixed_plus_overage": "固定月額＋超過単価方式",
                             "hybrid": "ハイブリッド方式（固定＋変動＋インセンティブ）"},
                      "en": {"per_production_hour": "Per production (logged-in) hour", "per_fte": "Per FTE / seat",
                             "per_minute": "Per handled minute", "per_contact": "Per contact", "per_outcome": "Per outcome",
                             "fixed_plus_overage": "Fixed monthly fee plus overage per contact",
                             "hybrid": "Hybrid (base + variable + incentive)"}},
    "price_formula": {"ja": {"relative_to_lowest": "最低価格比例方式", "jp_additive": "加算方式", "jp_division": "除算方式",
                             "price_per_quality": "品質点あたり価格方式"},
                      "en": {"relative_to_lowest": "Relative to the lowest price", "jp_additive": "Additive method",
                             "jp_division": "Division method", "price_per_quality": "Price per quality point"}},
    "tax_basis": {"ja": {"excluded": "税抜", "included": "税込"}, "en": {"excluded": "excluding tax", "included": "including tax"}},
    "weekday": {"ja": {"mon": "月", "tue": "火", "wed": "水", "thu": "木", "fri": "金", "sat": "土", "sun": "日"},
                "en": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}},
    "yes_no": {"ja": {True: "はい", False: "いいえ"}, "en": {True: "Yes", False: "No"}},
}

DEFAULT_SCALE = {
    "ja": {0: "記載なし・要件を満たさない", 1: "不十分", 2: "最低限の要件を満たす", 3: "良好", 4: "要件を上回る", 5: "非常に優れている（付加価値がある）"},
    "en": {0: "Not addressed / fails", 1: "Poor", 2: "Meets the minimum", 3: "Good", 4: "Exceeds the requirement",
           5: "Exceptional, clear added value"},
}


def enum(kind: str, value, lang: str) -> str:
    """The printed word for an enum value; unknown values print as given."""
    return ENUMS[kind][lang].get(value, str(value))


def tbd(lang: str) -> str:
    return TBD[lang]
