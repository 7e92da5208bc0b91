"""Whether a text touches the topic of a withheld requirement without quoting it.

The leak check (documents/leaks.py) finds a withheld requirement quoted or closely reworded. An answer
can give one away in other words: "propose how you would handle a deviation from the forecast" tells
every vendor what the client will score without repeating a sentence of it. Such an answer shares
the requirement's key terms, the words of its statement that few other requirements use.

The rule, so a user can follow it. The words of a text are its content words: English words other
than the stock words below (a plural s dropped), katakana words, and runs of kanji (Japanese has no
spaces: a run counts by its pairs of adjacent kanji, 受領後 -> 受領, 領後); figures with their unit
(30日, 3年間) and the tender's own words (提案, vendor) are left out. A term weighs ln((N + 1) / (n + 1)),
where n of N requirement statements use it, counted over the project's requirements and the
requirement library in the project's language (so a small project still knows which words every RFP
uses). A text shares a word with a withheld requirement's statement for each longest stretch of
terms found in both ("Tech Team", 受領後: one word, weighing as its heaviest term); the client's name,
the project's title and the words of a requirement the answer discloses on purpose do not count.
The text touches the requirement when at least MIN_SHARED shared words weigh TOPIC_WEIGHT together
(two words that about one statement in twenty uses), or when both are on one subject of the RFP's
standard wording (rfpgen.subjects).

Any text the vendors read restates a withheld requirement when it covers its statement (Topics.covered):
it uses at least MIN_COVERED of the statement's terms, weighing COVERED_SHARE of all its terms' weight
and at least TOPIC_WEIGHT.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .project import Project, Requirement, language_of
from .subjects import subjects_of
from .text import remembered

COVERED_SHARE = 0.5  # this share of a withheld statement's terms, by weight, in one vendor-facing text restates it
MIN_COVERED = 3  # a statement of two or three terms is covered by chance
TOPIC_WEIGHT = 2 * math.log(20)  # two terms each used by about one requirement statement in twenty
MIN_SHARED = 2  # one shared word is a coincidence ("IVR" in an answer about abandoned calls)

# words of the tender itself or of any sentence, not of a topic: an answer says "propose" and "vendor"
# whatever it is about
_STOP_EN = frozenset("""
a an the and or but if of to in on at by for from with without into as is are was were be been being it its
this that these those there their them they we our us you your not no nor do does did can could shall should
will would may might must has have had than then so such each every any all some more most less other also
only both either about after before over under up out when where which who what how why while per via within
between same own one two three four five six seven eight nine ten twelve half first second last next new
current day week month year hour minute time date start end make take give get keep keeping add run use need
way work vendor client rfp proposal propose proposed answer question requirement contract please look forward
agent customer""".split())
# Japanese words of the tender (the RFP, the parties, the answer's own phrasing), longest first so
# 提案依頼書 goes before 提案
_STOP_JA = ("提案依頼書", "提案書", "提案者", "委託元", "委託先", "受託者", "提案", "委託", "受託", "要件", "記載",
            "回答", "質問", "場合", "前提", "方法", "対応", "必要", "実施", "以内", "以上", "以下", "未満", "程度")
_PUNCTUATION = re.compile(r"[^\w\s'-]+")
_LATIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_KANJI = re.compile(r"[\u4e00-\u9fff々]{2,}")
_KATAKANA = re.compile(r"[\u30a1-\u30faー]{2,}")
_FIGURE_UNIT = re.compile(r"\d+(?:[.,]\d+)*\s*(?:か月|ヶ月|カ月|営業日|時間|週間|[年月日時分秒件名人回週倍割円万億千%])?")


def _stem(word: str) -> str:
    """A plural as its singular (queries -> query, transfers -> transfer), so both count as one term."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=8192)  # the wizard validates the same texts on every page
def _words(text: str) -> tuple[tuple[str, ...], ...]:
    """The content words of a text, each as its terms in order: an English or katakana word is one
    term, a run of kanji the pairs of adjacent kanji in it (受領後 -> 受領, 領後). A figure with its unit
    (30日, 3年間) and the words of quantity go first: 日以 or 年間 in 30日以内 or 3年間 is no topic."""
    text = _FIGURE_UNIT.sub(" ", unicodedata.normalize("NFKC", text or "").casefold())
    for word in _STOP_JA:
        text = text.replace(word, " ")
    words = []
    for clause in _PUNCTUATION.split(text):
        phrase: list[str] = []
        for word in map(_stem, _LATIN.findall(clause)):
            if len(word) > 2 and word not in _STOP_EN:
                phrase.append(word)
            elif phrase:
                words.append(tuple(phrase))
                phrase = []
        if phrase:
            words.append(tuple(phrase))
    words += [tuple(run[i:i + 2] for i in range(len(run) - 1)) for run in _KANJI.findall(text)]
    return tuple(words + [(w,) for w in _KATAKANA.findall(text)])


@lru_cache(maxsize=8192)  # every vendor-facing text is read for its terms on every wizard page
def terms(text: str) -> frozenset[str]:
    """The content terms of a text, in either language."""
    return frozenset(term for word in _words(text) for term in word)


def _shared(text: str, statement: frozenset[str]) -> list[tuple[str, ...]]:
    """The words `text` shares with a statement, each as the terms of its longest shared stretch: the
    two pairs of 受領後 are one shared word, and so are "tech" and "team" of "Tech Team". A word said
    again counts once."""
    found, seen = [], set()
    for word in _words(text):
        stretch: list[str] = []
        for term in word + ("",):
            if term in statement:
                stretch.append(term)
                continue
            if stretch and not seen.issuperset(stretch):
                found.append(tuple(stretch))
                seen.update(stretch)
            stretch = []
    return found


@lru_cache(maxsize=4)
def _library_counts(lang: str | None) -> tuple[Counter, int]:
    """How many of the requirement library's statements in `lang` use each term, and how many
    statements there are: counted once (none for a language rfpgen does not know, in a file
    validation is about to refuse)."""
    from .library.catalogue import entries  # imported late: the library imports the project's modules

    statements = [terms(e.text_in(lang)) for e in entries()] if lang else []
    return Counter(t for statement in statements for t in statement), len(statements)


@dataclass(frozen=True)
class Touch:
    """A withheld requirement whose topic a text touches, and why: the shared terms or the subject."""

    requirement: Requirement
    shared: tuple[str, ...]  # heaviest first
    subject: str | None = None


class Topics:
    """The withheld requirements of a project, with the weight of each term of their statements."""

    def __init__(self, project: Project):
        self.statements = {r.id: terms(r.text) for r in project.requirements()}
        library, in_library = _library_counts(language_of(project.data))
        counts = Counter(t for statement in self.statements.values() for t in statement)
        size = len(self.statements) + in_library
        self.weight = lambda term: math.log((size + 1) / (counts[term] + library[term] + 1))
        # the client's name and the project's title are what every text of the project is about
        common = terms(project.client_name) | terms(project.data["project"].get("title") or "")
        self.withheld = [(r, terms(r.text) - common, subjects_of(r.text, r.look_for)) for r in project.withheld()]
        self.coverage = _coverage(tuple(tuple(sorted((t, self.weight(t)) for t in statement)) for _, statement, _ in self.withheld))

    def covered(self, text: str) -> list[tuple[Requirement, tuple[str, ...], int]]:
        """(withheld requirement, the terms of its statement `text` uses, how many terms the statement
        has) for each withheld statement whose terms `text` mostly uses: at least MIN_COVERED of them,
        weighing COVERED_SHARE of the statement's terms' weight and at least TOPIC_WEIGHT. A text that
        says what a requirement is about, in its words, restates it whatever the word order; words
        most requirements use weigh little, so stock wording covers nothing."""
        return [(self.withheld[n][0], shared, size) for n, shared, size in self.coverage.in_text(text)]

    def touched(self, text: str, disclosed: set[str] = frozenset()) -> list[Touch]:
        """The withheld requirements (other than `disclosed`) whose topic `text` touches. Terms of the
        requirements `disclosed` do not count: an answer disclosing one requirement on purpose uses its words."""
        explained = set().union(*(self.statements.get(rid, ()) for rid in disclosed))
        subjects = subjects_of(text)
        found = []
        for r, statement, on in self.withheld:
            if r.id in disclosed:
                continue
            shared = sorted(((max(map(self.weight, word)), _spelt(word)) for word in _shared(text, statement - explained)),
                            key=lambda pair: (-pair[0], pair[1]))
            subject = min(on & subjects, default=None)
            if subject or (len(shared) >= MIN_SHARED and sum(weight for weight, _ in shared) >= TOPIC_WEIGHT):
                found.append(Touch(r, tuple(word for _, word in shared), subject))
        return found


class _Coverage:
    """Withheld statements' terms with their weights, each statement indexed under its heaviest
    terms, just enough of them that a text covering it must use one: a text is compared with few
    statements, and once (validation asks again on every wizard page)."""

    def __init__(self, statements: tuple[tuple[tuple[str, float], ...], ...]):
        self.statements = [dict(statement) for statement in statements]
        self._found: dict[str, list[tuple[int, tuple[str, ...], int]]] = {}
        self.signatures: dict[str, list[int]] = {}
        for n, weights in enumerate(self.statements):
            needed, left = _needed(weights), sum(weights.values())
            for term in sorted(weights, key=lambda t: (-weights[t], t)):
                if left < needed:
                    break  # a text without any term so far cannot reach the weight needed
                self.signatures.setdefault(term, []).append(n)
                left -= weights[term]

    def in_text(self, text: str) -> list[tuple[int, tuple[str, ...], int]]:
        """(statement's position, the terms of it `text` uses, its number of terms) for each statement covered."""
        return remembered(self._found, text, self._covered)

    def _covered(self, text: str) -> list[tuple[int, tuple[str, ...], int]]:
        used, found = terms(text), []
        for n in sorted({n for term in used for n in self.signatures.get(term, ())}):
            weights = self.statements[n]
            shared = used.intersection(weights)
            if len(shared) >= MIN_COVERED and sum(map(weights.get, shared)) >= _needed(weights):
                found.append((n, tuple(sorted(shared)), len(weights)))
        return found


def _needed(weights: dict[str, float]) -> float:
    """The weight of a statement's terms a text must use to cover it: COVERED_SHARE of the whole, and
    at least TOPIC_WEIGHT (a statement in stock words only, used by most requirements, is never covered)."""
    return max(COVERED_SHARE * sum(weights.values()), TOPIC_WEIGHT)


@lru_cache(maxsize=64)
def _coverage(statements: tuple[tuple[tuple[str, float], ...], ...]) -> _Coverage:
    """The coverage index of these statements, built once until a requirement changes."""
    return _Coverage(statements)


@lru_cache(maxsize=8)
def topics_of(project: Project) -> Topics:
    """The Topics of a validated project, worked out once: the Q&A register's and the vendor-facing
    texts' checks read the same (a validated project is not changed afterwards)."""
    return Topics(project)


def _spelt(word: tuple[str, ...]) -> str:
    """A shared word as written: English words with spaces (tech team), kanji pairs joined again (受領, 領後 -> 受領後)."""
    if word[0].isascii():
        return " ".join(word)
    return word[0] + "".join(term[1:] for term in word[1:])
