"""The leak check: nothing distinctive of a withheld requirement may appear in a vendor-facing file.

Vendor-facing files are built from the project's redacted view, so a leak can come only from what
the user typed: a disclosed requirement, a description or a note that quotes a withheld one. The
check reads the written file the way a vendor could (body, tables, headers, footers, document
properties, comments, every XML part, line breaks read as breaks) and names the withheld
requirement and the field of the project that quotes it.

What counts as a leak is the withheld requirement's distinctive content: its whole text, each of its
sentences or lines of at least MIN_FRAGMENT characters, its look-for text and rationale, and its id.
Not a leak: a sentence that a disclosed requirement states as well (stock wording such as "report
the results monthly" is disclosed by that requirement), and an id that the RFP's own numbering uses.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..errors import WithheldTextLeaked
from ..project import Project
from ..text import remembered
from ..words import tr
from ..yamlio import format_path
from .render import docx_parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
# a sentence ends at 。．!? (and their full-width forms), or at a full stop followed by a space or the
# end: the point of "WCAG 2.2" or "1.5 %" is not an end
_SENTENCE_END = re.compile(r"(?<=[。．!?！？])\s*|(?<=\.)(?:\s+|$)|\n+")
_RFP_NUMBER = re.compile(r"^R-\d{3,}(?:-\d+|[A-Z]+)?$")  # R-024, and R-024-2 or R-024A inserted by an addendum
MIN_FRAGMENT = 12  # shorter sentences are too likely to be ordinary phrases shared by chance
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
PARAPHRASE_SHARE = 0.7  # this share of a withheld sentence's character trigrams in one sentence is a reworded quote
# in the client's own prose (background, notes), written for the vendors, a lower share already restates a
# withheld sentence: the prose has no reason to come that close to one
PROSE_PARAPHRASE_SHARE = 0.6


@dataclass(frozen=True)
class Leak:
    """Withheld text found in a vendor-facing file: which requirement, where the file shows it, and
    the project field that quotes it (None when no single field holds it)."""

    withheld_id: str
    fragment: str
    file_place: str
    source_path: tuple | None = None
    source_line: int | None = None
    paraphrase: bool = False  # restated closely rather than quoted

    def describe(self, lang: str, file: str | None = None) -> str:
        shown = self.fragment if len(self.fragment) <= 60 else self.fragment[:57] + "..."
        source = ""
        if self.source_path is not None:
            source = format_path(self.source_path)
            if file and self.source_line:
                source = f"{file}:{self.source_line}: {source}"
        if source:
            return tr(lang, f"{source}: RFPに記載しない要件 {self.withheld_id} の文言「{shown}」を引用しています（{self.file_place}）",
                      f"{source}: quotes requirement {self.withheld_id} (\"{shown}\"), which the RFP leaves out, shown in {self.file_place}")
        if self.paraphrase:
            return tr(lang, f"{self.file_place}: RFPに記載しない要件 {self.withheld_id} の「{shown}」をほぼ同じ内容で言い換えています",
                      f"{self.file_place}: closely paraphrases requirement {self.withheld_id}, which the RFP leaves out: \"{shown}\"")
        return tr(lang, f"{self.file_place}: RFPに記載しない要件 {self.withheld_id} の文言「{shown}」が含まれています",
                  f"{self.file_place}: contains requirement {self.withheld_id}, which the RFP leaves out: \"{shown}\"")


@lru_cache(maxsize=16384)  # validation compares the same texts on every wizard page
def normal(text: str) -> str:
    """Text as compared: Unicode-normalised (full-width ＡＢＣ = ABC), without the word joiners the finish
    puts inside codes, dates and figures (2027⁠年⁠3⁠月, 36⁠か⁠月: a quoted withheld sentence must still
    match), runs of white space and line breaks folded to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", (text or "").replace("\u2060", "").replace("\u200b", ""))).strip()


@lru_cache(maxsize=4096)
def _pieces(text: str) -> frozenset[str]:
    """The whole text and each sentence or line long enough to be distinctive, normalised (worked out
    once per text: every wizard page checks the same requirements' texts again)."""
    whole = normal(text)
    found = {whole} if len(whole) >= 8 else set()
    for piece in _SENTENCE_END.split(unicodedata.normalize("NFKC", text or "")):
        piece = normal(piece)
        if len(piece) >= MIN_FRAGMENT:
            found.add(piece)
    return frozenset(found)


def _fragments(project: Project) -> list[tuple[str, str]]:
    """(withheld id, fragment that must not appear) for every withheld requirement."""
    stated = set()  # whole texts and sentences the disclosed requirements state themselves
    for r in project.disclosed():
        stated |= _pieces(r.text)
    found = []
    for r in project.withheld():
        pieces = set()
        for field in (r.text, r.look_for, r.data.get("rationale")):
            pieces |= _pieces(field or "") - stated
        if not _RFP_NUMBER.match(r.id):
            pieces.add(r.id)
        found += [(r.id, p) for p in sorted(pieces)]
    return found


def strings(data, path=()) -> list[tuple[tuple, str]]:
    """(path, text) for every string in the project data, in the data's order."""
    found: list[tuple[tuple, str]] = []
    _strings(data, path, found.append)
    return found


def _strings(data, path: tuple, add) -> None:  # one list filled in place: nested generators cost a resume per level
    if isinstance(data, str):
        add((path, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            _strings(value, path + (key,), add)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _strings(value, path + (i,), add)


def _contains(text: str, fragment: str, is_id: bool) -> bool:
    if is_id:
        return re.search(rf"(?<![A-Za-z0-9_-]){re.escape(fragment)}(?![A-Za-z0-9_-])", text) is not None
    return fragment in text


def _paragraphs(part: str, xml: str):
    """(place, text as a reader sees it) for each paragraph of a part; breaks and tabs become spaces."""
    try:
        root = etree.fromstring(xml.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        yield part, xml
        return
    paragraphs = list(root.iter(f"{W}p"))
    if not paragraphs:
        yield part, " ".join(t for t in root.itertext())
        return
    heading = ""
    for number, p in enumerate(paragraphs, start=1):
        pieces = []
        for node in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab", f"{W}noBreakHyphen"):
            pieces.append(node.text or "" if node.tag == f"{W}t" else "-" if node.tag == f"{W}noBreakHyphen" else " ")
        text = "".join(pieces).replace("-\u2060", "-").replace("\u200b", "")  # word joiners keep codes and short words on one line; a zero width space lets a line break before a code
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").lower().startswith("heading"):
            heading = text
        yield f"{part}, paragraph {number}" + (f" under \"{heading}\"" if heading else ""), text


def _trigrams(text: str) -> set[str]:
    text = text.casefold()
    return {text[i:i + 3] for i in range(len(text) - 2)}


class _Paraphrases:
    """The withheld sentences long enough to be recognised when reworded, indexed for speed.

    A sentence restates a withheld one closely when most (PARAPHRASE_SHARE) of the withheld
    sentence's character trigrams recur in it and it keeps every figure of it (a deadline, a share,
    a count make a requirement distinctive; a stock phrase with other figures is another
    requirement): swapping a few words or the word order does not hide a quote. Each withheld
    sentence is indexed under its rarest trigrams, just enough of them that any close restatement
    must contain one, so a sentence is compared with few candidates."""

    def __init__(self, fragments: tuple[tuple[str, str], ...], share: float = PARAPHRASE_SHARE):
        self.fragments, self.share = fragments, share
        self._found: dict[str, list[tuple[str, str]]] = {}  # per text: validation asks again on every wizard page
        self.targets = {f: grams for f, (withheld_id, fragment) in enumerate(fragments)
                        if fragment != withheld_id and len(grams := _trigrams(fragment)) >= MIN_FRAGMENT}
        self.figures = {f: set(_FIGURE.findall(fragments[f][1])) for f in self.targets}
        frequency = Counter(g for grams in self.targets.values() for g in grams)
        self.index: dict[str, list[int]] = {}
        for f, grams in self.targets.items():
            signature = sorted(grams, key=lambda g: (frequency[g], g))[:int(len(grams) * (1 - share)) + 1]
            for g in signature:
                self.index.setdefault(g, []).append(f)

    def in_text(self, text: str) -> list[tuple[str, str]]:
        """(withheld id, withheld sentence) for each withheld sentence `text` restates closely."""
        return remembered(self._found, text, self._restated)

    def _restated(self, text: str) -> list[tuple[str, str]]:
        found = set()
        for sentence in map(normal, _SENTENCE_END.split(text)):
            if len(sentence) < MIN_FRAGMENT:
                continue
            grams, figures = _trigrams(sentence), set(_FIGURE.findall(sentence))
            for f in {f for g in grams for f in self.index.get(g, ())}:
                # the figures first: a few of them, against the many trigrams of a sentence of stock wording
                if self.figures[f] <= figures and len(self.targets[f] & grams) >= self.share * len(self.targets[f]):
                    found.add(f)
        return [self.fragments[f] for f in sorted(found)]


@lru_cache(maxsize=64)
def _paraphrases(fragments: tuple[tuple[str, str], ...], share: float = PARAPHRASE_SHARE) -> _Paraphrases:
    """The index of these withheld sentences, built once: every wizard page checks the Q&A register
    against the same withheld requirements until one of them changes."""
    return _Paraphrases(fragments, share)


def find_leaks_in_texts(texts: list[tuple[str, str]], project: Project, paraphrases: bool = False,
                        share: float = PARAPHRASE_SHARE) -> list[Leak]:
    """Leaks among (place, text) pairs as a reader of a vendor-facing file meets them.

    With `paraphrases`, a close restatement of a withheld sentence counts too: used for the answers
    to vendors' questions, each written for one purpose, where rewording a requirement is the likely
    way to give it away (a whole RFP is checked for quotes only: its many stock phrases would make
    the paraphrase rule cry wolf)."""
    fragments = _fragments(project)
    if not fragments:
        return []
    paragraphs = [(where, normal(text)) for where, text in texts]
    paragraphs = [(where, text) for where, text in paragraphs if text]
    whole = "\n".join(text for _, text in paragraphs)
    sources = None  # where the project says it: worked out on the first hit only (most texts have none)
    leaks, seen = [], set()
    for withheld_id, fragment in fragments:
        is_id = fragment == withheld_id
        if fragment not in whole:  # one fast search per file; paragraphs only on a hit
            continue
        for where, text in paragraphs:
            if not _contains(text, fragment, is_id) or (withheld_id, where) in seen:
                continue
            seen.add((withheld_id, where))
            if sources is None:
                sources = [(path, normal(text)) for path, text in vendor_texts(project)]
            source = next((path for path, value in sources if _contains(value, fragment, is_id)), None)
            line = project.document.where(source)[0] if source is not None and project.document is not None else None
            leaks.append(Leak(withheld_id, fragment, where, source, line))
    if paraphrases:
        restated = _paraphrases(tuple(fragments), share)
        for where, text in texts:
            for withheld_id, fragment in restated.in_text(text):
                if (withheld_id, where) not in seen:
                    seen.add((withheld_id, where))
                    leaks.append(Leak(withheld_id, fragment, where, paraphrase=True))
    return leaks


EVALUATORS_ONLY = ("look_for", "rationale")  # a requirement's fields printed for evaluators only


def _requirement_name(path: tuple) -> bool:
    """A requirement's short name: printed beside its id in the internal documents only."""
    return len(path) == 4 and path[1] == "requirements" and path[3] == "name"


def vendor_texts(project: Project) -> list[tuple[tuple, str]]:
    """(field, text) for every text the vendors read, at its path in the project's own data: the
    redacted view's texts (what the RFP, the Q&A register, the response form and the notices are built
    from: disclosed requirements, background, scope, published questions and answers, addenda...)
    other than the evaluators' look_for and rationale, and every answer still a draft (written for the
    vendors, published next). The one list every check of what vendors read starts from."""
    view = project.redacted(shared=True)
    return _view_texts(view, view.data, ()) + _draft_answers(project, view)


def vendor_texts_of(project: Project, view: Project, section: str) -> list[tuple[tuple, str]]:
    """vendor_texts of one top-level section (`view`: the project's redacted(shared=True)), the
    register's draft answers after the published questions: a section's texts without reading the rest."""
    found = _view_texts(view, view.data.get(section), (section,))
    return found + _draft_answers(project, view) if section == "questions" else found


def _view_texts(view: Project, data, path: tuple) -> list[tuple[tuple, str]]:
    return [(view.own_path(at), text) for at, text in strings(data, path) if at[-1] not in EVALUATORS_ONLY and not _requirement_name(at)]


def _draft_answers(project: Project, view: Project) -> list[tuple[tuple, str]]:
    published = set(view.origins.get(("questions",), ()))
    return [(("questions", i, "answer"), q["answer"]) for i, q in enumerate(project.data.get("questions") or [])
            if i not in published and isinstance(q, dict) and isinstance(q.get("answer"), str)]


def leaks_in_project_text(project: Project, texts: list[tuple[tuple, str]] | None = None) -> list[tuple[tuple, Leak]]:
    """(field, leak) for each text the client wrote for the vendors that quotes or restates a withheld
    requirement (vendor_texts, unless given), other than the Q&A register, which is checked on its own. Found at
    validation, before any file is built: the RFP check refuses a quote only once the RFP is written,
    and not a rewording.

    The disclosed requirements are held to the share used for answers; the client's prose about the
    project (background, notes) to a lower one (PROSE_PARAPHRASE_SHARE)."""
    if not project.withheld():
        return []
    texts = [(path, text) for path, text in (vendor_texts(project) if texts is None else texts) if path[0] != "questions"]
    found = []
    for is_requirement, share in ((True, PARAPHRASE_SHARE), (False, PROSE_PARAPHRASE_SHARE)):
        chosen = [(path, text) for path, text in texts if (len(path) > 1 and path[1] == "requirements") == is_requirement]
        leaks = find_leaks_in_texts([(str(i), text) for i, (_, text) in enumerate(chosen)], project, True, share)
        found += [(chosen[int(leak.file_place)][0], leak) for leak in leaks]
    return found


MIN_RUN_CHARS = 20  # Japanese, written without spaces: a run of characters (a stock phrase is shorter)
MIN_RUN_WORDS = 8  # other languages: a run of words
RUN_SHOWN = 100  # units of a longer run a warning spells out: it shows fewer characters than that anyway
STOCK_RUN = 3  # a run this many requirement statements share is the project's stock wording, not a restatement
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々]")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=16384)  # a text is read again whenever a requirement changes the index
def _units(text: str, in_characters: bool) -> str | list[str]:
    """A text as the units a run is counted in: its characters without spaces, or its words."""
    text = normal(text).casefold()
    return text.replace(" ", "") if in_characters else _WORD.findall(text)


def _runs(units: str | list[str], size: int):
    """Every run of `size` units, in order, as an index key (a string of characters, a tuple of words)."""
    if isinstance(units, str):
        return (units[i:i + size] for i in range(len(units) - size + 1))
    return (tuple(units[i:i + size]) for i in range(len(units) - size + 1))


def _as_written(text: str, run: str | list[str], in_characters: bool) -> str:
    """A run as the text writes it: its case, punctuation, spaces and full-width forms (（38項目）, 95% or
    more, not (38項目) or 95 or more), widened to whole Latin words and figures at its ends (people に関する,
    not e に関する: a run starts and stops at any character)."""
    between = r"\s*" if in_characters else r"\W+"
    compared, origin = _normal_with_origin(text)
    found = re.search(between.join(map(re.escape, run)), compared, re.IGNORECASE)
    if not found:
        return ("" if in_characters else " ").join(run)
    start, end = origin[found.start()], origin[found.end() - 1] + 1
    word = lambda ch: ch.isascii() and ch.isalnum()  # noqa: E731
    while start > 0 and word(text[start - 1]) and word(text[start]):
        start -= 1
    while end < len(text) and word(text[end - 1]) and word(text[end]):
        end += 1
    return re.sub(r"\s+", " ", text[start:end].replace("\u2060", "").replace("\u200b", ""))


def _normal_with_origin(text: str) -> tuple[str, list[int]]:
    """`text` normalised as `normal` compares it (without the trimming), character by character, and for
    each character of the result the position in `text` it comes from."""
    compared, origin = [], []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch.replace("\u2060", "").replace("\u200b", "")):
            if out.isspace() and compared and compared[-1] == " ":
                continue
            compared.append(" " if out.isspace() else out)
            origin.append(i)
    return "".join(compared), origin


@lru_cache(maxsize=16384)  # the indexes below are rebuilt when a requirement changes; its statements' runs are not
def _statement_runs(statement: str) -> tuple[bool, frozenset]:
    """Whether a statement counts its runs in characters, and its runs of the minimum length."""
    in_characters = _CJK.search(statement) is not None
    return in_characters, frozenset(_runs(_units(statement, in_characters), MIN_RUN_CHARS if in_characters else MIN_RUN_WORDS))


class Repeats:
    """The runs a text shares with the withheld requirements' statements: MIN_RUN_CHARS characters
    of a statement in Japanese or Chinese script, MIN_RUN_WORDS words of any other. Shorter than a
    sentence, so a quote cut into a longer sentence of the text is found too (the quote check wants
    a whole sentence). A run that STOCK_RUN requirement statements share (withheld or disclosed) is
    the project's stock wording ("...を文書化し、月次で見直して委託元に報告すること") and does not
    count. Each statement's runs of the minimum length are indexed once, so a text is read once
    whatever the number of withheld requirements, and again only when a withheld one changes (an
    edited disclosed requirement changes the stock wording only); the script of the statement decides
    the unit, not the project's language, which may be one rfpgen does not know."""

    def __init__(self, statements: tuple[str, ...]):
        self._found: dict[str, list] = {}  # per text: validation asks again on every wizard page
        self._stocks: dict[tuple[str, ...], frozenset] = {}
        self.index: dict[bool, dict[str | tuple[str, ...], set[int]]] = {True: {}, False: {}}
        for n, statement in enumerate(statements):
            in_characters, runs = _statement_runs(statement)
            for run in runs:
                self.index[in_characters].setdefault(run, set()).add(n)

    def stock(self, disclosed: tuple[str, ...]) -> frozenset:
        """The withheld statements' runs that STOCK_RUN requirement statements state, with these disclosed
        ones (worked out again only when one of them changes)."""
        return remembered(self._stocks, disclosed, self._stock, limit=8)

    def _stock(self, disclosed: tuple[str, ...]) -> frozenset:
        stating = {run: len(holders) for index in self.index.values() for run, holders in index.items()}
        for statement in disclosed:
            for run in _statement_runs(statement)[1]:
                if run in stating:
                    stating[run] += 1
        return frozenset(run for run, count in stating.items() if count >= STOCK_RUN)

    def in_text(self, text: str, stock: frozenset = frozenset()) -> list[tuple[int, str]]:
        """(statement's position, the longest run shared with it as `text` writes it, up to RUN_SHOWN
        units) for each statement `text` repeats a run of other than `stock` wording."""
        found: dict[int, str] = {}
        for in_characters, units, hits in remembered(self._found, text, self._hits):
            size = MIN_RUN_CHARS if in_characters else MIN_RUN_WORDS
            current: dict[int, tuple[int, int]] = {}  # withheld -> (start, end) of the run being read
            longest: dict[int, tuple[int, int]] = {}
            for i, key, holders in hits:
                if key in stock:
                    continue
                for n in holders:
                    start, end = current.get(n, (i, 0))
                    current[n] = run = (start if end == i + size - 1 else i, i + size)
                    if run[1] - run[0] > longest.get(n, (0, 0))[1] - longest.get(n, (0, 0))[0]:
                        longest[n] = run
            for n, (start, end) in longest.items():
                found.setdefault(n, _as_written(text, units[start:min(end, start + RUN_SHOWN)], in_characters))
        return sorted(found.items())

    def _hits(self, text: str) -> list:
        """(unit, the text's units, [(position, run, withheld statements holding it)]) for each unit
        of which the text shares a run with a withheld statement: most texts share none."""
        found = []
        for in_characters, index in self.index.items():
            size = MIN_RUN_CHARS if in_characters else MIN_RUN_WORDS
            if not index or len(text) < size:  # too short for a run (a word has a character at least)
                continue
            units = _units(text, in_characters)
            hits = [(i, key, index[key]) for i, key in enumerate(_runs(units, size)) if key in index]
            if hits:
                found.append((in_characters, units, hits))
        return found


@lru_cache(maxsize=64)
def repeats(statements: tuple[str, ...]) -> Repeats:
    """The runs index of these withheld statements, built once: every wizard page checks the same
    texts against the same withheld requirements until one of them changes."""
    return Repeats(statements)


def docx_texts(data: bytes, name: str) -> list[tuple[str, str]]:
    """(place, text) of every paragraph of every XML part of a .docx, as a vendor could read them."""
    return [(f"{name} ({where})", text) for part, xml in docx_parts(data).items() for where, text in _part_texts(part, xml)]


_READ: dict[tuple[str, str], list] = {}  # parts read before in this process, by name and whole content
_MAX_READ = 64


def _part_texts(part: str, xml: str) -> list[tuple[str, str]]:
    """_paragraphs of a part, read once per process for a part of the same name and content: a
    template's styles, theme and settings, the same in every build, are not parsed again."""
    texts = _READ.get((part, xml))
    if texts is None:
        if len(_READ) >= _MAX_READ:
            _READ.clear()
        texts = _READ[(part, xml)] = list(_paragraphs(part, xml))
    return texts


def find_leaks(rfp_bytes: bytes, project: Project, rfp_name: str = "rfp.docx") -> list[Leak]:
    return find_leaks_in_texts(docx_texts(rfp_bytes, rfp_name), project)


def refuse_leaks(leaks: list[Leak], project: Project, file_name: str) -> None:
    """Raise WithheldTextLeaked, worded in both languages, when there is any leak."""
    if not leaks:
        return
    source = project.document.file if project.document is not None else None
    en = "\n".join(f"  {leak.describe('en', source)}" for leak in leaks)
    ja = "\n".join(f"  {leak.describe('ja', source)}" for leak in leaks)
    raise WithheldTextLeaked(
        f"{file_name} not written: it would reveal requirements left out of the RFP\n{en}\n"
        "Reword the quoting text, or put the requirement in the RFP.",
        f"{file_name} を作成しませんでした。RFPに記載しない要件が読み取れてしまいます。\n{ja}\n"
        "引用している文章を書き換えるか、その要件をRFPに記載する設定に変えてください。", leaks)


def check_rfp(rfp_bytes: bytes, project: Project, rfp_name: str) -> None:
    refuse_leaks(find_leaks(rfp_bytes, project, rfp_name), project, rfp_name)

