"""Working with rows: move (requirement order is RFP numbering), paste many at once, undo a removal,
and a progress bar that only marks steps actually checked."""
from __future__ import annotations

import re

from rfpgen.web.steps import step_of
from web_support import csrf


def _requirements(w, part="scope"):
    return [r["text"] for r in w.draft().data[part]["requirements"]]


def test_requirements_are_reordered_without_changing_their_ids(wizard):
    wizard.start("blank", "ja", ui="ja")
    wizard.submit("scope", {"scope.requirements#paste": "一つ目の要件\n二つ目の要件\n三つ目の要件"})
    ids = [r["id"] for r in wizard.draft().data["scope"]["requirements"]]
    assert _requirements(wizard) == ["一つ目の要件", "二つ目の要件", "三つ目の要件"]
    wizard.submit("scope", action="down:scope.requirements:0")
    assert _requirements(wizard) == ["二つ目の要件", "一つ目の要件", "三つ目の要件"]
    wizard.submit("scope", action="up:scope.requirements:2")
    moved = wizard.draft().data["scope"]["requirements"]
    assert [r["text"] for r in moved] == ["二つ目の要件", "三つ目の要件", "一つ目の要件"]
    assert sorted(r["id"] for r in moved) == sorted(ids)  # ids stay with their requirement
    assert "行を移動" in wizard.client.get(f"/p/{wizard.token}/history").text


def test_twelve_months_of_volumes_and_a_48_row_profile_are_pasted_at_once(wizard):
    wizard.start("blank", "en", ui="en")
    wizard.submit("work_definition", {"work_definition.programs#rows": "1", "work_definition.programs[0].name": "Orders"})
    months = "\n".join(f"2027-{m:02d}\t{10000 + m * 100:,}" for m in range(1, 13))
    wizard.submit("work_definition", {"work_definition.programs[0].volumes#paste": months})
    volumes = wizard.draft().data["work_definition"]["programs"][0]["volumes"]
    assert len(volumes) == 12 and volumes[0] == {"month": "2027-01", "contacts": 10100}
    profile = "\n".join(f"{h:02d}:{m:02d} {100 / 48:.4f}" for h in range(24) for m in (0, 30))
    page = wizard.submit("work_definition", {"work_definition.forecast.intraday_profile#paste": profile}, follow=True)
    rows = wizard.draft().data["work_definition"]["forecast"]["intraday_profile"]
    assert len(rows) == 48 and rows[19] == {"start": "09:30", "pct": 2.0833}
    assert 'data-sum="work_definition.forecast.intraday_profile"' in page.text


def test_a_removed_row_can_be_put_back(wizard):
    wizard.start("blank", "ja", ui="ja")
    wizard.submit("scope", {"scope.requirements#paste": "残す要件\n消す要件\n最後の要件"})
    removed = wizard.submit("scope", action="remove:scope.requirements:1")
    assert "undo=" in removed.headers["Location"]
    page = wizard.client.get(removed.headers["Location"]).text
    assert _requirements(wizard) == ["残す要件", "最後の要件"]
    assert 'id="undo-remove"' in page and "元に戻す" in page
    undo = re.search(r'name="undo" value="([^"]+)"', page).group(1)
    response = wizard.client.post(f"/p/{wizard.token}/scope/undo", data={
        "csrf_token": csrf(page), "_revision": str(wizard.draft().revision), "undo": undo})
    assert response.status_code == 302
    assert _requirements(wizard) == ["残す要件", "消す要件", "最後の要件"]


def test_the_progress_bar_marks_only_steps_opened_and_complete(wizard):
    wizard.start("starter", "ja", ui="ja")  # every step has answers, none has been opened yet
    page = wizard.get("project").text
    done = re.findall(r'<li class="[^"]*\bdone\b', page)
    assert len(done) == 1  # only the step on screen
    from rfpgen.web.steps import FORM_STEPS

    assert f"入力手順 {len(FORM_STEPS)} 件中 1 件を確認済み" in page
    wizard.get("scope")
    page = wizard.get("overview").text
    assert f"入力手順 {len(FORM_STEPS)} 件中 3 件を確認済み" in page


def test_the_server_total_and_the_browser_total_read_numbers_alike(wizard):
    """The server's running sum ignores what it cannot read as a number, as wizard.js does."""
    wizard.start("blank", "en", ui="en")
    wizard.submit("evaluation", {"evaluation.criteria#rows": "3", "evaluation.criteria[0].name": "A",
                                 "evaluation.criteria[0].weight": "６０", "evaluation.criteria[1].name": "B",
                                 "evaluation.criteria[1].weight": "40abc", "evaluation.criteria[2].name": "C",
                                 "evaluation.criteria[2].weight": "1,0"})
    page = wizard.get("evaluation").text
    assert re.search(r'data-sum="evaluation.criteria"[^>]*>\s*Sum of weights: <output>70</output>', page)
    script = (wizard.client.get("/static/wizard.js").data.decode())
    assert "NUMBER.test(plain)" in script  # "40abc" is not 40 in the browser either


def test_only_shares_and_weights_show_a_total_against_100(wizard):
    """Shrinkage factors are not shares of a whole: their table showed a red 'Total: 21 / 100'."""
    wizard.start("starter", "en", ui="en")
    page = wizard.get(step_of("operations.shrinkage")).text
    assert 'name="operations.shrinkage[0].pct"' in page and 'data-sum="operations.shrinkage"' not in page
    assert 'data-sum="work_definition.forecast.intraday_profile"' in wizard.get("work_definition").text
