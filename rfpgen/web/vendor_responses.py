"""Vendors' filled response forms online: uploaded one or several at a time, each read by the library
(rfpgen.responses) against the draft's current revision, kept when it reads, refused with its file,
sheet and cell when it does not, and analysed together (screening, normalised cost per volume band,
implied service level) exactly as `rfpgen responses` analyses the same files.

The forms are stored files (rfpgen.web.files) under `p<project>/responses/<vendor>/<stamp>/<name>`; the
selection log is their register: the newest `response_uploaded` or `response_replaced` event of a
vendor names its current form, a replaced form stays in the log and downloadable, a refused upload
is logged (its file kept too) and changes nothing that was accepted before.
"""
from __future__ import annotations

import copy
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .summaries import said
from ..errors import ProjectInvalid, RfpgenError
from ..responses import evaluate
from ..responses.readback import ResponseFormInvalid, read_forms
from ..validation import project_from_data
from ..words import say
from . import events
from .forms import drop_blank

UPLOADED, REPLACED, WITHDRAWN, REFUSED = "response_uploaded", "response_replaced", "response_withdrawn", "response_refused"
REGISTER = (UPLOADED, REPLACED, WITHDRAWN)
SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Stored:
    """A vendor's current form."""
    vendor_id: str
    name: str
    key: str
    event: events.Event
    earlier: tuple[events.Event, ...] = ()  # the forms it replaced, newest first


@dataclass(frozen=True)
class Problem:
    """Why a file was refused, at its place (sheet and cell when the library names them)."""
    sheet: str | None
    cell: str | None
    message: str


@dataclass
class Refusal:
    file: str
    problems: list[Problem]
    event_id: int | None = None


@dataclass
class Outcome:
    accepted: list[tuple[str, str, bool]] = field(default_factory=list)  # vendor id, file name, replaced one
    refused: list[Refusal] = field(default_factory=list)


class ProjectNotReady(RfpgenError):
    """The draft has errors: no form can be read against it yet."""


def safe_name(name: str) -> str:
    """The uploaded file's own name, without folders or characters a download header cannot carry."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')[:120].strip(" .")
    return cleaned or "response.xlsx"


def key_for(project_id: int, vendor_id: str, name: str) -> str:
    return f"p{project_id}/responses/{vendor_id}/{secrets.token_hex(6)}/{name}"


def _vendor_of(key: str | None) -> str | None:
    parts = (key or "").split("/")
    return parts[2] if len(parts) == 5 and parts[1] == "responses" else None


# ---------------------------------------------------------------- the register of forms

def current(runtime, draft) -> list[Stored]:
    """Each vendor's current form (in the project's vendor order, unknown vendors last)."""
    found: dict[str, Stored] = {}
    history: dict[str, list[events.Event]] = {}
    for event in reversed(events.for_project(runtime, draft, kinds=REGISTER, limit=5000)):  # oldest first
        vendor = _vendor_of(event.file_key)
        if vendor is None:
            continue
        if vendor in found:
            history.setdefault(vendor, []).insert(0, found[vendor].event)
        if event.kind == WITHDRAWN:
            found.pop(vendor, None)
            continue
        found[vendor] = Stored(vendor, event.file_key.rsplit("/", 1)[-1], event.file_key, event)
    order = [v.get("id") for v in _vendors(draft.data)]
    listed = sorted(found.values(), key=lambda s: (order.index(s.vendor_id) if s.vendor_id in order else len(order),
                                                   s.vendor_id))
    return [Stored(s.vendor_id, s.name, s.key, s.event, tuple(history.get(s.vendor_id, ()))) for s in listed]


def _vendors(data: dict) -> list[dict]:
    evaluation = data.get("evaluation") if isinstance(data.get("evaluation"), dict) else {}
    vendors = evaluation.get("vendors") if isinstance(evaluation.get("vendors"), list) else []
    return [v for v in vendors if isinstance(v, dict)]


def vendor_names(data: dict) -> dict[str, str]:
    return {str(v.get("id")): str(v.get("name") or v.get("id")) for v in _vendors(data)}


def project_of(draft, lang: str):
    """The draft's current revision as a validated project, or ProjectNotReady."""
    try:
        return project_from_data(drop_blank(copy.deepcopy(draft.data)), "project.yaml", lang)
    except ProjectInvalid as exc:
        raise ProjectNotReady(say("ui.responses_project_invalid", "en", n=len(exc.errors)),
                              say("ui.responses_project_invalid", "ja", n=len(exc.errors))) from None


# ---------------------------------------------------------------- uploading

def _problems(exc: ResponseFormInvalid, lang: str) -> list[Problem]:
    return [Problem(p.sheet, p.cell, p.text(lang) if hasattr(p, "text") else p.message) for p in exc.problems]


def upload(runtime, draft, files: list[tuple[str, bytes]], lang: str) -> Outcome:
    """Read each uploaded form on its own: a readable form becomes (or replaces) its vendor's current
    form, an unreadable one is refused alone. Every file, kept or refused, is a logged event."""
    project = project_of(draft, lang)
    outcome = Outcome()
    names = vendor_names(draft.data)
    before = {s.vendor_id for s in current(runtime, draft)}
    seen: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for number, (raw_name, content) in enumerate(files):
            name = safe_name(raw_name)
            path = Path(scratch) / str(number) / name
            path.parent.mkdir()
            path.write_bytes(content)
            problems: list[Problem] = []
            if not name.lower().endswith(SUFFIXES):
                problems = [Problem(None, None, say("ui.responses_not_xlsx", lang))]
            else:
                try:
                    (response,) = read_forms(project, [path])
                except ResponseFormInvalid as exc:
                    problems = _problems(exc, lang)
                else:
                    if response.vendor_id in seen:
                        problems = [Problem(None, None, say("ui.responses_twice", lang, vendor=response.vendor_id,
                                                            other=seen[response.vendor_id]))]
            if problems:
                key = key_for(draft.id, "_refused", name)
                runtime.files.put(key, content)
                first = problems[0]
                place = " ".join(p for p in (first.sheet and f"[{first.sheet}]", first.cell) if p)
                event = events.record(runtime, draft, REFUSED, said("ui.responses_event_refused", file=name, n=len(problems),
                                                                    first=f"{place} {first.message}".strip()),
                                      file_key=key)
                outcome.refused.append(Refusal(name, problems, event.id))
                continue
            vendor = response.vendor_id
            seen[vendor] = name
            key = key_for(draft.id, vendor, name)
            runtime.files.put(key, content)
            replaced = vendor in before
            events.record(runtime, draft, REPLACED if replaced else UPLOADED,
                          said("ui.responses_event_uploaded", vendor=vendor, name=names.get(vendor, vendor),
                                                file=name),
                          file_key=key)
            before.add(vendor)
            outcome.accepted.append((vendor, name, replaced))
    return outcome


def withdraw(runtime, draft, vendor_id: str, lang: str) -> bool:
    """Set a vendor's current form aside (it stays in the log); False if the vendor has none."""
    stored = next((s for s in current(runtime, draft) if s.vendor_id == vendor_id), None)
    if stored is None:
        return False
    events.record(runtime, draft, WITHDRAWN, said("ui.responses_event_withdrawn", vendor=vendor_id, file=stored.name),
                  file_key=stored.key)
    return True


# ---------------------------------------------------------------- the analysis

_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


@dataclass
class View:
    stored: list[Stored]
    analysis: object | None = None  # rfpgen.responses.analysis.Analysis
    problems: list[tuple[str, Problem]] = field(default_factory=list)  # (file, problem): stored forms that no longer read
    not_ready: str | None = None


def analyse(runtime, draft, lang: str) -> View:
    """The current forms analysed against the current revision (cached per revision and set of forms)."""
    stored = current(runtime, draft)
    if not stored:
        return View(stored)
    cache_key = (draft.id, draft.revision, tuple(s.key for s in stored))  # the analysis holds no language
    with _cache_lock:
        if cache_key in _cache:
            _cache.move_to_end(cache_key)
            return _cache[cache_key]
    try:
        project = project_of(draft, lang)
    except ProjectNotReady as exc:
        return View(stored, not_ready=exc.message(lang))
    with tempfile.TemporaryDirectory() as scratch:
        paths, by_path = [], {}
        for s in stored:
            content = runtime.files.get(s.key)
            if content is None:
                continue
            path = Path(scratch) / s.vendor_id / s.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            paths.append(path)
            by_path[str(path)] = s.name
        try:
            view = View(stored, analysis=evaluate(project, paths))
        except ResponseFormInvalid as exc:
            view = View(stored, problems=[(by_path.get(p.file, Path(p.file).name),
                                           Problem(p.sheet, p.cell, p.text(lang) if hasattr(p, "text") else p.message))
                                          for p in exc.problems])
    with _cache_lock:
        _cache[cache_key] = view
        while len(_cache) > 32:
            _cache.popitem(last=False)
    return view
