"""Shared helpers for the web wizard tests: an app on a temporary instance folder, and a client
that fills and submits the wizard's forms the way a browser does (hidden fields, checked boxes,
selected options, textarea text), so tests drive the real pages, CSRF tokens included."""
from __future__ import annotations

import io
import re
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from werkzeug.datastructures import MultiDict

from rfpgen.web import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


# a time as a machine writes it (2027-03-01 14:05, 2027-03-01T14:05:09, 14:05 UTC): pages write times
# as the documents do, in the project's time zone by its name (rfpgen.project.project_time)
MACHINE_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d|\d\d:\d\d(?::\d\d)? UTC")


def make_app(tmp_path, **config):
    settings = {"TESTING": True, "ENV": "development", "INSTANCE_PATH": str(tmp_path / "instance")}
    settings.update(config)
    return create_app(settings)


class _FormParser(HTMLParser):
    """Collects what a browser would submit for the form with id `form_id` (default submission)."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, form_id is None, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") == "checkbox":
                if "checked" in a and "disabled" not in a:
                    self.fields.append([a["name"], a.get("value", "on")])
            else:
                self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = a["name"]
            self.fields.append([a["name"], ""])
            self._select_index = len(self.fields) - 1
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select_index][1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea and self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]  # as browsers do
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(html: str, form_id: str | None = "step-form") -> MultiDict:
    parser = _FormParser(form_id)
    parser.feed(html)
    return MultiDict([(k, v) for k, v in parser.fields])


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Wizard:
    def __init__(self, app):
        self.app, self.client, self.token = app, app.test_client(), None

    @property
    def store(self):
        return self.app.extensions["rfpgen_store"]

    def draft(self):
        return self.store.get(self.token)

    def start(self, source: str = "blank", lang: str = "ja", ui: str | None = None):
        if ui:
            self.client.get(f"/lang/{ui}")
        page = self.client.get("/")
        response = self.client.post("/new", data={"csrf_token": csrf(page.text), "source": source, "language": lang})
        assert response.status_code == 302, response.text
        self.token = response.headers["Location"].split("/")[2]
        return self

    def upload(self, content: bytes, name: str = "project.yaml"):
        import io

        page = self.client.get("/")
        response = self.client.post("/upload", data={"csrf_token": csrf(page.text), "file": (io.BytesIO(content), name)},
                                    content_type="multipart/form-data")
        if response.status_code == 302:
            self.token = response.headers["Location"].split("/")[2]
        return response

    def url(self, step: str) -> str:
        return f"/p/{self.token}/{step}"

    def get(self, step: str, **kwargs):
        return self.client.get(self.url(step), **kwargs)

    def form(self, step: str) -> MultiDict:
        page = self.get(step)
        assert page.status_code == 200, page.text
        return form_fields(page.text)

    def submit(self, step: str, changes: dict | None = None, action: str = "save", form: MultiDict | None = None,
               follow: bool = False):
        data = form if form is not None else self.form(step)
        for name, value in (changes or {}).items():
            if isinstance(value, list):
                data.setlist(name, value)
            elif value is None:
                data.pop(name, None)
            else:
                data[name] = value
        data["_action"] = action
        return self.client.post(self.url(step), data=data, follow_redirects=follow)


# ------------------------------------------------------------------ builds on the build page

def wait_for_build(w: Wizard, **form) -> str:
    """Start a build and follow its progress as the page does; the build page once the job ended."""
    page = w.get("build")
    response = w.client.post(f"/p/{w.token}/build", data={"csrf_token": csrf(page.text), **form})
    assert response.status_code == 302, response.text
    page = w.get("build").text
    status_url = re.search(r'data-status-url="([^"]+)"', page)
    while status_url:
        assert "http-equiv=\"refresh\"" in page  # the page refreshes itself without JavaScript
        if w.client.get(status_url.group(1)).json["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    return w.get("build").text


def packs_on(w: Wizard, page: str, build_id: str = r"\d+") -> dict[str, zipfile.ZipFile]:
    """The vendor pack and the internal pack of one build (the first on the page unless named)."""
    packs = {}
    for which in ("vendor", "internal"):
        link = re.search(rf'id="download-{which}-{build_id}" href="([^"]+)"', page).group(1)
        download = w.client.get(link)
        assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
        packs[which] = zipfile.ZipFile(io.BytesIO(download.data))
    return packs


def merged(packs: dict[str, zipfile.ZipFile]) -> zipfile.ZipFile:
    """Both packs together: everything the build wrote."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for bundle in packs.values():
            for name in bundle.namelist():
                out.writestr(name, bundle.read(name))
    return zipfile.ZipFile(buffer)


def comparable(data: bytes) -> dict:
    """An Office file's parts, minus the timestamps a rebuild changes."""
    with zipfile.ZipFile(io.BytesIO(data)) as office:
        parts = {name: office.read(name) for name in office.namelist()}
    core = parts.pop("docProps/core.xml", b"")
    parts["core-without-dates"] = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", core)
    return parts
