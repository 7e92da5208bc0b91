"""The response form's dropdowns read back: the vendor's answer and pricing model, in either language."""
from __future__ import annotations

import re
import unicodedata

from ..words import CATALOGUE, ENUMS

ANSWERS = ("comply", "partial", "alternative", "cannot")


def _normal(text) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


def answer_from_cell(value) -> str | None:
    """comply / partial / alternative / cannot for a dropdown word in either language, else None."""
    for key in ANSWERS:
        if _normal(value) in (*(_normal(word) for word in CATALOGUE[f"responses.answer_{key}"]), key):
            return key
    return None


def model_from_cell(value) -> str | None:
    for words in ENUMS["pricing_model"].values():
        for key, word in words.items():
            if _normal(value) in (_normal(word), key):
                return key
    return None
