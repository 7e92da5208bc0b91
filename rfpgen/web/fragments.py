"""The HTML of a step form's fields, groups and tables, rendered once and then remembered.

A step page is mostly its form, and between two visits a save changes one or two fields: every
other field, group and table renders to the same HTML as before. A node's HTML depends only on
its view (forms.ViewBuilder: plain data holding the labels, values, ids and problems it shows),
the interface language and the project's English locale, so it is remembered under a digest of both. Any change to what a node
shows is a new digest, so a remembered fragment is never out of date. The cache is shared by all
requests of a process and bounded by the characters of HTML it holds.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock

from jinja2 import pass_context
from markupsafe import Markup

from ..words import current_locale

MAX_CHARS = 32 * 1024 * 1024  # characters of HTML: a few hundred projects' forms; the oldest go first

_fragments: OrderedDict = OrderedDict()  # digest -> HTML
_held = 0  # characters of HTML held
_lock = Lock()


def _digest(lang: str, view) -> bytes:
    return hashlib.blake2b(repr((lang, current_locale(), view)).encode("utf-8", "surrogatepass"), digest_size=20).digest()


@pass_context
def rendered(context, view: dict, macro) -> Markup:
    """`macro(view)` (a macro of _fields.html), remembered for the same view in the page's language."""
    global _held
    key = _digest(context["lang"], view)
    with _lock:
        html = _fragments.get(key)
        if html is not None:
            _fragments.move_to_end(key)
            return html
    html = Markup(macro(view))
    with _lock:
        if key not in _fragments:
            _fragments[key] = html
            _held += len(html)
            while _held > MAX_CHARS and _fragments:
                _held -= len(_fragments.popitem(last=False)[1])
    return html
