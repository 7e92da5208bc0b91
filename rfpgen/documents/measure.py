"""How wide text prints in a table cell: the estimate column fitting (documents.render) and the
keeping of table rows together (documents.finish) work with."""
from __future__ import annotations

from functools import lru_cache

from ..text import is_halfwidth_kana, is_wide, visible_characters

_LATIN_MM = 2.05    # width of an average Latin character at the table font size (9.5 pt)
_DIGIT_MM = 1.95    # a digit is narrower (0.57 em in the Japanese font, less in the Western one)
_CAPS_EXTRA_MM = 0.6  # a capital (an id such as Q-WFM) is wider: an id column must hold it on one line
_WIDE_MM = 3.45     # a CJK character is one em
_KANA_MM = 1.75     # a half-width katakana is half an em
_BOLD = 1.12        # bold Latin letters are wider (a CJK character stays one em)
_CELL_PADDING_MM = 4.0  # the cell margins (2 × 1.9 mm) and a little air
TABLE_POINTS = 9.5  # the templates' table text, the size the widths above are for


def scaled_mm(width_mm: float, points: float) -> float:
    """A cell's width measured at TABLE_POINTS (its text and padding) when its text prints at `points`."""
    return (width_mm - _CELL_PADDING_MM) * points / TABLE_POINTS + _CELL_PADDING_MM


@lru_cache(maxsize=8192)
def _char_mm(ch: str) -> float:
    if is_wide(ch):
        return _WIDE_MM
    return _KANA_MM if is_halfwidth_kana(ch) else _DIGIT_MM if ch.isdigit() else _LATIN_MM


def _ideographic(ch: str) -> bool:
    """A wide letter (kanji, kana), not wide punctuation."""
    return is_wide(ch) and ch.isalpha()


@lru_cache(maxsize=8192)
def _char_facts(ch: str) -> tuple[float, bool, bool]:
    """What _mm needs of a character, found once per character: its width, whether it is wide, whether a capital."""
    return _char_mm(ch), is_wide(ch), ch.isupper()


@lru_cache(maxsize=16384)
def _mm(text: str, bold: bool = False) -> float:
    """How wide `text` prints in a table cell, in millimetres, counted over its visible characters (an
    invisible one such as a word joiner or a bidi mark takes no width, an emoji sequence takes one em;
    no space between Japanese and a Latin letter or digit: the finish turns autospace off)."""
    if text.isascii():
        caps = sum(ch.isupper() for ch in text) * _CAPS_EXTRA_MM
        return (sum(map(_char_mm, text)) + caps) * (_BOLD if bold else 1)
    facts = list(map(_char_facts, visible_characters(text)))
    caps = sum(upper for _, _, upper in facts) * _CAPS_EXTRA_MM
    narrow = sum([mm for mm, wide, _ in facts if not wide]) + caps
    wide = sum([mm for mm, wide, _ in facts if wide])
    return narrow * (_BOLD if bold else 1) + wide
