"""The requirement library in the wizard: search, filter, add to a part, withhold a suggested entry."""
from __future__ import annotations

import re

import pytest
from web_support import Wizard, csrf, form_fields



def library_page(w: Wizard, step: str, **query):
    return w.client.get(f"/p/{w.token}/{step}/library", query_string=query)


def test_add_from_library_and_withhold_without_typing(wizard):
    from rfpgen import library

    wizard.start("blank", "ja")
    response = wizard.submit("operations", {"operations.knowledge_provision": "FAQを提供"}, action="library")
    assert response.headers["Location"].endswith("/operations/library")
    assert wizard.draft().data["operations"]["knowledge_provision"] == "FAQを提供"  # saved on the way
    page = library_page(wizard, "operations")
    assert page.status_code == 200
    candidates = [e for e in library.find(part="operations") if e.withhold_candidate][:1]
    plain = [e for e in library.find(part="operations") if not e.withhold_candidate][:2]
    picked = [e.id for e in candidates + plain]
    for entry_id in picked:
        assert f'value="{entry_id}"' in page.text
    form = form_fields(page.text, None)
    form.setlist("entry", picked)
    response = wizard.client.post(f"/p/{wizard.token}/operations/library", data=form)
    assert response.status_code == 302
    requirements = wizard.draft().data["operations"]["requirements"]
    assert [r["library_id"] for r in requirements] == picked
    assert requirements[0]["text"] == candidates[0].text_in("ja")
    assert requirements[0]["id"].startswith("OPS-")
    # added entries are ordinary editable requirements
    edit = wizard.get("operations").text
    assert requirements[1]["text"].splitlines()[0] in edit
    # the library shows them as added and does not add them twice
    page = library_page(wizard, "operations")
    assert page.text.count("追加済み") >= 3
    # the withhold step suggests the candidate; ticking it is enough (look_for comes from the library)
    withhold = wizard.get("withhold").text
    assert "非開示の候補" in withhold
    wizard.submit("withhold", {"operations.requirements[0].withhold": "1"})
    requirement = wizard.draft().data["operations"]["requirements"][0]
    assert requirement["withhold"] is True and requirement["look_for"] == candidates[0].look_for_in("ja")


def test_library_search_and_tag_filter(wizard):
    from rfpgen import library

    wizard.start("blank", "en", ui="en")
    entries = library.find(part="systems")
    tag = entries[0].tags[0]
    page = library_page(wizard, "systems", tag=tag).text
    shown = set(re.findall(r'name="entry" value="([^"]+)"', page))
    assert shown == {e.id for e in library.find(part="systems", tags=[tag])}
    word = entries[0].text_in("en").split()[-1].strip(".,")
    page = library_page(wizard, "systems", q=word).text
    assert entries[0].id in page
    page = library_page(wizard, "systems", q="zzzz-no-such-word").text
    assert "No entries match" in page


def test_library_needs_a_selection_and_a_part(wizard):
    wizard.start("blank", "en", ui="en")
    page = library_page(wizard, "operations")
    response = wizard.client.post(f"/p/{wizard.token}/operations/library",
                                  data={"csrf_token": csrf(page.text), "_revision": "1"})
    assert response.status_code == 400 and "Select at least one" in response.text
    assert library_page(wizard, "evaluation").status_code == 404


@pytest.mark.parametrize("locale, centre, recognised", [("en-GB", "centre", "recognised"),
                                                        ("en-US", "center", "recognized")])
def test_the_picker_brings_the_entries_spelt_as_the_project_spells(wizard, locale, centre, recognised):
    """The library's English is one spelling; the project gets its own, shown, added and offered to withhold."""
    wizard.start("blank", "en", ui="en")
    wizard.submit("project", {"project.locale": locale})
    assert wizard.draft().data["project"]["locale"] == locale
    for step, entry_id in (("systems", "SYS-PCI-01"), ("operations", "OPS-CPL-03")):
        page = library_page(wizard, step, q=entry_id)
        assert f'value="{entry_id}"' in page.text
        if step == "systems":
            assert f"{centre} out of PCI DSS" in page.text
        form = form_fields(page.text, None)
        form.setlist("entry", [entry_id])
        assert wizard.client.post(f"/p/{wizard.token}/{step}/library", data=form).status_code == 302
    data = wizard.draft().data
    assert f"{centre} out of PCI DSS" in data["systems"]["requirements"][0]["text"]
    assert f"demands are {recognised}" in data["operations"]["requirements"][0]["look_for"]
    del data["operations"]["requirements"][0]["look_for"]  # the withhold step offers the library's, spelt so too
    wizard.store.save(wizard.draft(), wizard.draft().revision, data, "operations", "look_for cleared")
    assert f"demands are {recognised}" in wizard.get("withhold").text
