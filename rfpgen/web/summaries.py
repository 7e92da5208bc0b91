"""A saved revision's or a logged event's summary, kept in both languages.

Colleagues on one project may read the wizard in different languages, and one person may switch: a
summary is written once, when something is saved or happens, so it is written in both and shown in
the reader's. Summaries stored before (one language) are shown as they are.
"""
from __future__ import annotations

from collections.abc import Callable

from ..words import say

SEPARATOR = "\x1f"  # between the Japanese and the English text: no one types it
EACH = 249  # characters of each language: the database column holds 500


def in_both(make: Callable[[str], str]) -> str:
    """The summary `make(lang)` writes, in Japanese and English; empty when it says nothing."""
    ja, en = make("ja"), make("en")
    if not ja and not en:
        return ""
    return ja[:EACH] + SEPARATOR + en[:EACH]


def said(key: str, **values) -> str:
    """The catalogue's summary `key` with `values`, in both languages."""
    return in_both(lambda language: say(key, language, **values))


def shown(summary: str, lang: str) -> str:
    """A stored summary in the reader's language."""
    if SEPARATOR not in summary:
        return summary
    ja, en = summary.split(SEPARATOR, 1)
    return ja if lang == "ja" else en
