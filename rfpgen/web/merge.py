"""Working together on one draft: a save made from an older revision is merged field by field.

Three versions meet: the revision the editor opened (base), the draft as it is now (theirs: what
colleagues saved since) and the editor's submission (mine). A field only one side changed takes
that side's value; a field both changed to different values is a conflict the editor decides.
Mappings merge key by key, lists of equal length item by item (rows edited in place); a list whose
length changed on both sides is one field, since its rows no longer line up.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..yamlio import format_path

MISSING = object()  # a key one version does not have


@dataclass(frozen=True)
class Conflict:
    path: tuple
    base: object
    theirs: object
    mine: object

    @property
    def key(self) -> str:
        return format_path(self.path) or "."


def three_way(base, theirs, mine, choose=None, path: tuple = ()) -> tuple[object, list[Conflict]]:
    """The merged value and its conflicts. A conflict takes `choose(conflict)` ("mine" or "theirs"),
    theirs when `choose` is None or says nothing, so nothing a colleague saved is dropped unasked."""
    if _same(mine, theirs):
        return theirs, []
    if _same(mine, base):
        return theirs, []
    if _same(theirs, base):
        return mine, []
    if all(isinstance(v, dict) for v in (base, theirs, mine)):
        merged, conflicts = {}, []
        keys = list(theirs) + [k for k in mine if k not in theirs] + [k for k in base if k not in theirs and k not in mine]
        for key in keys:
            value, found = three_way(base.get(key, MISSING), theirs.get(key, MISSING), mine.get(key, MISSING),
                                     choose, path + (key,))
            conflicts += found
            if value is not MISSING:
                merged[key] = value
        return merged, conflicts
    if all(isinstance(v, list) for v in (base, theirs, mine)) and len(base) == len(theirs) == len(mine):
        merged, conflicts = [], []
        for index, (b, t, m) in enumerate(zip(base, theirs, mine)):
            value, found = three_way(b, t, m, choose, path + (index,))
            conflicts += found
            merged.append(value)
        return merged, conflicts
    conflict = Conflict(path, _shown(base), _shown(theirs), _shown(mine))
    return (mine if choose and choose(conflict) == "mine" else theirs), [conflict]


def _same(a, b) -> bool:
    """Equal and of the same kinds all the way down (Python's == takes False for 0 and 1.0 for 1)."""
    if a is b:
        return True
    if a is MISSING or b is MISSING or type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _shown(value):
    return None if value is MISSING else value


def differences(old, new, path: tuple = ()) -> list[Conflict]:
    """Every field that differs between two versions, lined up as a merge lines them up (mappings by
    key, equal-length lists by row); as Conflicts whose `theirs` is the old value and `mine` the new."""
    if _same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        keys = list(old) + [k for k in new if k not in old]
        return [d for k in keys for d in differences(old.get(k, MISSING), new.get(k, MISSING), path + (k,))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (o, n) in enumerate(zip(old, new)) for d in differences(o, n, path + (i,))]
    return [Conflict(path, None, _shown(old), _shown(new))]
