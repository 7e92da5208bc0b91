"""Working together on one project: saves from an older revision merge field by field; overlaps are
shown side by side and decided per field; a repeated submit changes nothing."""
from __future__ import annotations

import re

from web_support import Wizard, csrf

from rfpgen.web.merge import three_way
from rfpgen.words import choice

# ---------------------------------------------------------------- the merge itself

def test_changes_to_different_fields_both_survive():
    base = {"a": 1, "b": {"c": "x", "d": "y"}, "rows": [{"t": "one"}, {"t": "two"}]}
    theirs = {"a": 2, "b": {"c": "x", "d": "y"}, "rows": [{"t": "one"}, {"t": "TWO"}]}
    mine = {"a": 1, "b": {"c": "X", "d": "y"}, "rows": [{"t": "ONE"}, {"t": "two"}], "new": True}
    merged, conflicts = three_way(base, theirs, mine)
    assert conflicts == []
    assert merged == {"a": 2, "b": {"c": "X", "d": "y"}, "rows": [{"t": "ONE"}, {"t": "TWO"}], "new": True}


def test_the_same_field_changed_twice_is_a_conflict_decided_per_field():
    base, theirs, mine = {"a": 1, "b": 1}, {"a": 2, "b": 2}, {"a": 3, "b": 1}
    merged, conflicts = three_way(base, theirs, mine)
    assert [(c.key, c.base, c.theirs, c.mine) for c in conflicts] == [("a", 1, 2, 3)]
    assert merged == {"a": 2, "b": 2}  # undecided: theirs stays
    merged, _ = three_way(base, theirs, mine, choose=lambda c: "mine")
    assert merged == {"a": 3, "b": 2}  # mine for the conflict only; their other change is kept


def test_deletions_and_rows_added_on_one_side_merge():
    base = {"keep": 1, "gone": 2, "rows": [1, 2]}
    theirs = {"keep": 1, "gone": 2, "rows": [1, 2, 3]}  # a row added
    mine = {"keep": 5, "rows": [1, 2]}  # a field changed, one removed
    merged, conflicts = three_way(base, theirs, mine)
    assert conflicts == [] and merged == {"keep": 5, "rows": [1, 2, 3]}


def test_rows_added_on_both_sides_are_one_conflict():
    base, theirs, mine = {"rows": [1]}, {"rows": [1, 2]}, {"rows": [1, 3, 4]}
    _, conflicts = three_way(base, theirs, mine)
    assert [c.key for c in conflicts] == ["rows"]


def test_a_number_is_not_the_same_as_a_flag():
    _, conflicts = three_way({"x": 0}, {"x": False}, {"x": 1})
    assert len(conflicts) == 1


# ---------------------------------------------------------------- through the wizard

def _colleague(wizard) -> Wizard:
    other = Wizard(wizard.app)
    other.token = wizard.token
    return other


def test_two_users_editing_different_steps_both_keep_their_changes(wizard):
    wizard.start("starter", "ja")
    colleague = _colleague(wizard)
    mine = wizard.form("project")  # both open their step at the same revision
    theirs = colleague.form("scope")
    theirs["scope.objectives"] = "同僚が書いた目的"
    assert colleague.submit("scope", form=theirs).status_code == 302
    mine["project.title"] = "私が付けた題名"
    response = wizard.submit("project", form=mine, follow=True)
    assert response.status_code == 200 and "統合しました" in response.text
    data = wizard.draft().data
    assert data["project"]["title"] == "私が付けた題名"
    assert data["scope"]["objectives"] == ["同僚が書いた目的"]
    assert not [r for r in wizard.store.revisions(wizard.draft()) if r.status == "refused"]


def test_two_users_editing_different_rows_of_one_table_both_keep_their_changes(wizard):
    wizard.start("starter", "en", ui="en")
    colleague = _colleague(wizard)
    mine, theirs = wizard.form("people"), colleague.form("people")
    theirs["people.requirements[1].text"] = "Their requirement text"
    mine["people.requirements[0].text"] = "My requirement text"
    assert colleague.submit("people", form=theirs).status_code == 302
    assert wizard.submit("people", form=mine).status_code == 302
    rows = wizard.draft().data["people"]["requirements"]
    assert rows[0]["text"] == "My requirement text" and rows[1]["text"] == "Their requirement text"


def test_an_identical_double_submit_does_not_conflict(wizard):
    wizard.start("blank", "en", ui="en")
    form = wizard.form("project")
    form["project.title"] = "Submitted twice"
    assert wizard.submit("project", form=form.copy()).status_code == 302
    assert wizard.submit("project", form=form.copy()).status_code == 302  # the same form, from the same revision
    draft = wizard.draft()
    assert draft.revision == 2 and draft.data["project"]["title"] == "Submitted twice"
    assert [r.status for r in wizard.store.revisions(draft)] == ["saved", "saved"]


def test_overlapping_changes_are_compared_and_mine_does_not_revert_a_colleagues_other_step(wizard):
    wizard.start("starter", "en", ui="en")
    colleague = _colleague(wizard)
    mine = wizard.form("project")
    theirs_project, theirs_scope = colleague.form("project"), colleague.form("scope")
    theirs_project["project.title"] = "Their title"
    assert colleague.submit("project", form=theirs_project).status_code == 302
    theirs_scope = colleague.form("scope")
    theirs_scope["scope.objectives"] = "Their newer objective"
    assert colleague.submit("scope", form=theirs_scope).status_code == 302
    mine["project.title"] = "My title"
    mine["project.version"] = "2.0"
    response = wizard.submit("project", form=mine)
    assert response.status_code == 409
    page = response.text
    rows = re.findall(r'data-field="([^"]+)"', page)
    assert rows == ["project.title"]  # only the overlapping field is asked about
    assert "Their title" in page and "My title" in page  # the refused typing stays visible
    assert wizard.draft().data["project"]["title"] == "Their title"  # nothing of mine applied yet
    resolve = re.search(r'action="(/p/[^"]+/resolve/\d+)"', page).group(1)
    response = wizard.client.post(resolve, data={"csrf_token": csrf(page), "_revision": str(wizard.draft().revision),
                                                 "pick:project.title": "mine"})
    assert response.status_code == 302
    data = wizard.draft().data
    assert data["project"]["title"] == "My title" and data["project"]["version"] == "2.0"
    assert data["scope"]["objectives"] == ["Their newer objective"]  # the colleague's other step survives


def test_keeping_theirs_still_saves_my_other_fields(wizard):
    wizard.start("starter", "en", ui="en")
    colleague = _colleague(wizard)
    mine, theirs = wizard.form("project"), colleague.form("project")
    theirs["project.title"] = "Their title"
    assert colleague.submit("project", form=theirs).status_code == 302
    mine["project.title"], mine["project.version"] = "My title", "3.0"
    page = wizard.submit("project", form=mine).text
    resolve = re.search(r'action="(/p/[^"]+/resolve/\d+)"', page).group(1)
    assert wizard.client.post(resolve, data={"csrf_token": csrf(page), "pick:project.title": "theirs"}).status_code == 302
    data = wizard.draft().data
    assert data["project"]["title"] == "Their title" and data["project"]["version"] == "3.0"


def test_a_field_that_overlaps_after_the_page_was_shown_is_asked_about_again(wizard):
    wizard.start("starter", "en", ui="en")
    colleague = _colleague(wizard)
    mine, theirs = wizard.form("project"), colleague.form("project")
    theirs["project.title"] = "Their title"
    assert colleague.submit("project", form=theirs).status_code == 302
    mine["project.title"], mine["project.version"] = "My title", "3.0"
    page = wizard.submit("project", form=mine).text
    again = colleague.form("project")
    again["project.version"] = "9.9"  # the colleague saves once more while I decide
    assert colleague.submit("project", form=again).status_code == 302
    resolve = re.search(r'action="(/p/[^"]+/resolve/\d+)"', page).group(1)
    response = wizard.client.post(resolve, data={"csrf_token": csrf(page), "pick:project.title": "mine"})
    assert response.status_code == 409
    assert re.findall(r'data-field="([^"]+)"', response.text) == ["project.title", "project.version"]
    assert wizard.draft().data["project"]["version"] == "9.9"


def test_two_saved_revisions_compare_field_by_field(wizard):
    wizard.start("starter", "en", ui="en")
    wizard.submit("project", {"project.title": "Second title"})
    wizard.submit("scope", {"scope.objectives": "Only objective"})
    history = wizard.client.get(f"/p/{wizard.token}/history").text
    assert 'id="compare-form"' in history
    page = wizard.client.get(f"/p/{wizard.token}/compare?old=1&new=3").text
    assert re.findall(r'data-field="([^"]+)"', page) == ["project.title", "scope.objectives"]
    assert "Second title" in page and "Only objective" in page
    assert "Revision 1 compared with revision 3" in page
    assert wizard.client.get(f"/p/{wizard.token}/compare?old=1&new=99").status_code == 404


def test_a_comparison_names_choices_by_their_words_not_their_codes(wizard):
    """The history's comparison shows a field's value as the review does: the price formula by its
    name, picked findings by their words, a yes/no as yes/no."""
    wizard.start("starter", "en", ui="en")
    wizard.submit("evaluation", {"evaluation.price.formula": "jp_division"})
    wizard.submit("pricing", {"pricing.response_form.disqualify_on": ["must_cannot", "unanswered"]})  # 2nd changed
    page = wizard.client.get(f"/p/{wizard.token}/compare?old=1&new=3").text
    assert choice("jp_division", "en") in page and "A must requirement unanswered" in page  # the starter's
    assert "An unanswered requirement" in page
    assert "jp_division" not in page and "must_unanswered" not in page
    assert wizard.client.get(f"/p/{wizard.token}/compare?old=x&new=1").status_code == 400


def test_a_group_new_in_a_revision_is_compared_by_its_labels_not_as_yaml(wizard):
    """A group that did not exist before (the rounding rule) was shown as the file's YAML, keys and codes."""
    wizard.start("blank", "en", ui="en")
    wizard.submit("evaluation", {"evaluation.rules.rounding.method": "half_up", "evaluation.rules.rounding.digits": "2",
                                 "evaluation.rules.rounding.apply_to": ["total", "quality_points"]})
    page = wizard.client.get(f"/p/{wizard.token}/compare?old=1&new=2").text
    assert "Rounding\n    Method: Round half up\n    Decimal places: 2\n    Figures rounded: Quality points, Total score" in page
    assert "half_up" not in page and "apply_to" not in page and "quality_points" not in page
