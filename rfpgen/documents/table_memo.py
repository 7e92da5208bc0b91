"""Tables already fitted and finished in this process, reused by their content.

A rebuild in the same process (the wizard, a consultant editing the project file and building
again) renders mostly the same tables as the build before: only the tables whose text changed
differ. Column fitting and the table finish depend on nothing but a table's own XML (and the
fitting's settings), so their result is kept by that XML: a table rendered exactly as before gets a
copy of the table they made of it then, and any other table, however small its change, is worked
out anew.
"""
from __future__ import annotations

import copy

from lxml import etree

MAX_XML_BYTES = 16_000_000  # tables kept, counted as their XML; all are forgotten when more (a batch of unrelated projects)


class TableMemo:
    """Results by the table's XML before the work and the work's settings."""

    def __init__(self):
        self._done: dict[tuple, etree._Element] = {}
        self._size = 0

    def apply(self, tbl, settings: tuple, work) -> None:
        """Do `work(tbl)` on the table element `tbl` in place, or put a copy of the table it made of
        the same XML with the same settings before in `tbl`'s place."""
        xml = etree.tostring(tbl)
        done = self._done.get((xml, settings))
        if done is not None:
            tbl.getparent().replace(tbl, copy.deepcopy(done))
            return
        work(tbl)
        if self._size + len(xml) > MAX_XML_BYTES:
            self._done.clear()
            self._size = 0
        self._done[(xml, settings)] = copy.deepcopy(tbl)
        self._size += len(xml)
