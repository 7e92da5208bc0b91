"""Who a file says it comes from: document properties and the confidentiality label.

Every file a client hands out or files away carries the client's identity, the project title and
real dates in its properties (docProps/core.xml and app.xml), never the name of the program that
wrote it: a vendor who looked the tool up could learn that its RFPs withhold requirements on
purpose. The same label marks every internal document, so a city's "選定委員会限り" is not
replaced by a stock 社外秘 on the results memo or the scoring sheets.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from ..clarifications import editions_after
from ..project import Project
from ..text import clean
from ..words import say
from .render import MAX_PROPERTY_CHARS


def internal_mark(project: Project) -> str:
    """The label of every internal document: the project's own, else 社外秘 / Confidential – internal."""
    return clean(project.data["project"].get("confidentiality")).strip() or say("doc.mark.internal", project.lang)


def created_on(project: Project, now: datetime) -> datetime:
    """The project's date when it has one (the date printed on the cover), else `now` (the build time)."""
    given = project.data["project"].get("date")
    if given:
        return datetime.fromisoformat(str(given)).replace(tzinfo=timezone.utc)
    return now


def document_date(project: Project, issued: bool = False):
    """The date a document prints (ISO text or a date): the project's date, else the RFP's issue date,
    else today; `issued` (the RFP and what vendors receive) prefers the issue date. One rule, so the
    workbooks and paper forms carry the same date as the documents they go with."""
    p = project.data["project"]
    issue = (p.get("schedule") or {}).get("rfp_issue")
    return (issue if issued else None) or p.get("date") or issue or date.today().isoformat()


def internal_edition(project: Project) -> tuple[str, str]:
    """The version and date (ISO) of the internal documents that record the question period (the
    requirements definition, the evaluator guide) and of the scoring workbooks and forms that go with
    them: the project's, or the last edition they reach after it by recording answers and the RFP's
    addenda (rfpgen.clarifications.editions_after), so none is dated before what it records."""
    since = str(document_date(project))
    later = editions_after(project, since)
    return (later[-1].version, later[-1].date) if later else (str(project.data["project"]["version"]), since)


def proper_names(project: Project) -> frozenset[str]:
    """The names the documents keep whole on a line (documents.finish): the client, its
    contact, the vendors and their contacts, the evaluators and the approvers."""
    client = project.data["project"]["client"]
    evaluation = project.section("evaluation")
    people = [client, client.get("contact") or {}, *(evaluation.get("evaluators") or []),
              *(project.section("approval").get("approvers") or [])]
    for vendor in evaluation.get("vendors") or []:
        people += [vendor, vendor.get("contact") or {}]
    return frozenset(name for name in (clean(person.get("name")).strip() for person in people if isinstance(person, dict)) if name)


def chart_properties(project: Project) -> dict:
    """Properties of a chart's embedded workbook: the client's, dated like the document (the project
    date, else the build day), so two builds of one project embed the same bytes."""
    client = project.data["project"]["client"]["name"]
    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return {"author": client, "company": client, "created": created_on(project, today)}


def file_properties(project: Project, subject: str, title: str | None = None, issued: bool = False) -> dict:
    """Properties for one output file: the client as author, company and last editor, the project
    title, the document kind as subject, created on the project date and modified at build time
    (never before it was created). A file the bidders receive (`issued`) is dated by the RFP alone:
    created on its issue date, modified on its latest addendum's, never the internal project date or
    the build time. Keys are XlsxWriter's `set_properties` names; `created` and `modified` are aware datetimes."""
    p = project.data["project"]
    client = clean(p["client"]["name"]).strip()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = created_on(project, now)
    if issued:
        def day(value) -> datetime:
            return datetime.fromisoformat(str(value)).replace(tzinfo=timezone.utc)

        created = day(document_date(project, issued=True))
        now = day(project.rfp_edition()[1] or created.date())
    short = lambda text: clean(text).strip()[:MAX_PROPERTY_CHARS]  # noqa: E731
    return {"title": short(title if title is not None else p["title"]), "subject": short(subject),
            "author": short(client), "company": short(client), "manager": "", "category": "", "keywords": "",
            "comments": "", "created": created, "modified": max(created, now)}

