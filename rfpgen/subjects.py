"""Subjects the RFP's standard wording speaks about (exit, subcontracting, audit, …) and the words by
which a requirement is on one of them.

A standard clause states its subject for every bidder. When the client withholds a requirement on the
same subject, the clause would give that requirement away, so the RFP prints its neutral form or leaves it
out (`Project.withheld_subjects`, kept in the vendors' view, which holds no withheld requirement) and
validation says so. A requirement is on a subject when its statement or what a strong proposal would
say names it, in either language.
"""
from __future__ import annotations

import re
from functools import lru_cache

SUBJECTS = {  # subject -> (ja, en name, words)
    "exit": ("契約終了時の引継ぎ", "exit at the end of the contract",
             # not "hand over" alone: a warm transfer hands a call over too
             re.compile(r"\bexit\b|\bsuccessor\b|\bend of (?:the |this )?contract\b|\bcontract end|契約終了|後継", re.I)),
    "subcontracting": ("再委託", "subcontracting", re.compile(r"\bsub-?contract|再委託", re.I)),
    "audit": ("監査", "audit", re.compile(r"\baudit|監査", re.I)),
    "intellectual_property": ("知的財産", "intellectual property",
                              re.compile(r"intellectual property|\bcopyright|知的財産|著作権", re.I)),
    "staff_transfer": ("従業員の移籍", "staff transfer",
                       re.compile(r"\bTUPE\b|staff transfer|transfer of (?:the )?(?:staff|employees)|転籍|移籍", re.I)),
}


def subjects_of(*texts: str | None) -> set[str]:
    """The subjects any of `texts` names."""
    return set(_subjects_in("\n".join(t for t in texts if t)))


@lru_cache(maxsize=4096)
def _subjects_in(text: str) -> frozenset[str]:
    """Remembered by the text itself: validation reads the same standard clauses and requirements on every
    wizard page, and the searches are most of its time."""
    return frozenset(key for key, (_, _, words) in SUBJECTS.items() if words.search(text))


def subject_name(key: str, lang: str) -> str:
    ja, en, _ = SUBJECTS[key]
    return ja if lang == "ja" else en
