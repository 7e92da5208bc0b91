"""The wizard through Flask's test client: every step, errors, navigation, rows, upload/export, security."""
from __future__ import annotations

import re

import pytest

from rfpgen.resources import load_schema
from rfpgen.errors import ConfigError
from rfpgen.web import create_app
from rfpgen.web.drafts import ordered, problems_of
from rfpgen.web.forms import drop_blank, html_id
from rfpgen.words import CATALOGUE as LABELS, choice, lookup as _lookup
from rfpgen.web.steps import FORM_STEPS, PAGE_FIELDS, STEPS
from rfpgen.web.summaries import shown
from rfpgen.yamlio import parse

from web_support import EXAMPLES, Wizard, csrf, make_app

STEP_KEYS = [s.key for s in STEPS]


# ---------------------------------------------------------------- every step, both languages

@pytest.mark.parametrize("ui", ["ja", "en"])
def test_every_step_renders_in_both_languages(wizard, ui):
    wizard.start("blank", "ja", ui=ui)
    for key in STEP_KEYS:
        page = wizard.get(key)
        assert page.status_code == 200, key
        title = LABELS[f"step.{key}"][0 if ui == "ja" else 1]
        assert f"<h1>{title}</h1>" in page.text
        assert f'lang="{ui}"' in page.text


@pytest.mark.parametrize("ui, phrase", [("ja", "最終表示 {date}"), ("en", "Last opened {date}")])
def test_start_page_gives_the_last_opened_phrase_in_its_language(app, ui, phrase):
    client = app.test_client()
    client.get(f"/lang/{ui}")
    assert f'data-opened="{phrase}"' in client.get("/").text  # wizard.js puts the day in (tests/test_browser.py)


def test_start_page_switches_language(app):
    client = app.test_client()
    assert "新しい案件" in client.get("/", headers={"Accept-Language": "ja"}).text or \
        "白紙から始める" in client.get("/", headers={"Accept-Language": "ja"}).text
    client.get("/lang/en")
    assert "Start from scratch" in client.get("/").text
    assert client.get("/lang/ja?next=//evil.example/").headers["Location"] == "/"
    for sneaky in ("/%09/evil.example/", "/%0a/evil.example/", "/\\evil.example/", "/ /evil.example",
                   "/x%0d%0aLocation:%20//evil.example"):
        assert client.get(f"/lang/ja?next={sneaky}").headers["Location"] == "/", sneaky
    assert client.get("/lang/ja?next=/p/abc/step/scope").headers["Location"] == "/p/abc/step/scope"


def test_export_of_a_draft_with_a_non_ascii_id_downloads(wizard):
    wizard.start("starter", "ja")
    form = wizard.form("project")
    form["project.id"] = "案件2027"
    wizard.submit("project", form=form)
    response = wizard.client.get(f"/p/{wizard.token}/export.yaml")
    assert response.status_code == 200
    assert "案件2027" in response.get_data(as_text=True)


STEP_EDITS = [  # (step, form field, typed, path in the data, stored value)
    ("project", "project.title", "通販コールセンター委託", ("project", "title"), "通販コールセンター委託"),
    ("project", "project.schedule.proposal_due", "2027-05-10", ("project", "schedule", "proposal_due"), "2027-05-10"),
    ("scope", "scope.objectives", "営業時間の延長\n\n繁忙期への対応 ", ("scope", "objectives"), ["営業時間の延長", "繁忙期への対応"]),
    ("scope", "scope.sourcing_pattern", "hybrid", ("scope", "sourcing_pattern"), "hybrid"),
    ("overview", "overview.background", "背景の説明", ("overview", "background"), "背景の説明"),
    ("work_definition", "work_definition.forecast.interval_minutes", "30", ("work_definition", "forecast", "interval_minutes"), 30),
    ("work_definition", "work_definition.forecast.weekday_profile.mon", "２０", ("work_definition", "forecast", "weekday_profile", "mon"), 20),
    ("people", "people.attrition_pct_per_year", "35.5", ("people", "attrition_pct_per_year"), 35.5),
    ("people", "people.minimum_supervisors", "１", ("people", "minimum_supervisors"), 1),
    ("operations", "operations.kpis.service_level.percent", "80", ("operations", "kpis", "service_level", "percent"), 80),
    ("systems", "systems.bcp.rto_hours", "4", ("systems", "bcp", "rto_hours"), 4),
    ("pricing", "pricing.budget.amount", "1,500,000", ("pricing", "budget", "amount"), 1500000),
    ("approval", "approval.change_procedure", "変更は書面で", ("approval", "change_procedure"), "変更は書面で"),
    ("evaluation", "evaluation.price.formula", "jp_additive", ("evaluation", "price", "formula"), "jp_additive"),
    ("rfp", "rfp.qa.answers_shared", None, ("rfp", "qa", "answers_shared"), False),
    ("withhold", "rfp.withhold.budget", None, ("rfp", "withhold", "budget"), False),
    # dates, months and percentages as people type them: the file keeps the one form
    ("project", "project.schedule.rfp_issue", "2027/3/1", ("project", "schedule", "rfp_issue"), "2027-03-01"),
    ("project", "project.schedule.decision", "2027年5月14日", ("project", "schedule", "decision"), "2027-05-14"),
    ("people", "people.attrition_pct_per_year", "30%", ("people", "attrition_pct_per_year"), 30),
]


@pytest.mark.parametrize("step,name,typed,path,stored", STEP_EDITS, ids=[f"{e[0]}:{e[1]}" for e in STEP_EDITS])
def test_each_step_saves_what_was_typed(wizard, step, name, typed, path, stored):
    wizard.start("blank")
    response = wizard.submit(step, {name: typed})
    assert response.status_code == 302
    data = wizard.draft().data
    for key in path:
        data = data[key]
    assert data == stored
    assert wizard.draft().revision == 2


def test_a_date_typed_in_another_format_is_shown_as_typed_not_lost(wizard):
    """A browser without a date picker sends the date as typed (1 March 2027): refused, it came back in a
    date box, which shows nothing for a value it cannot read, and the next save stored the blank. It comes
    back in a text box with its text, and saving the page again keeps it (and its problem) until it is fixed."""
    wizard.start("starter", "en")
    wizard.submit("project", {"project.schedule.rfp_issue": "1 March 2027"})
    page = wizard.get("project").get_data(as_text=True)
    box = re.search(r'<input id="[^"]*" name="project.schedule.rfp_issue" value="([^"]*)"\s+type="(\w+)"', page)
    assert box and box.groups() == ("1 March 2027", "text"), box and box.groups()
    assert wizard.submit("project", action="save").status_code == 302
    assert wizard.draft().data["project"]["schedule"]["rfp_issue"] == "1 March 2027"
    good = re.search(r'name="project.schedule.proposal_due" value="([^"]*)"\s+type="(\w+)"', page)
    assert good and good.group(2) == "date"  # a date the box can read keeps its picker


@pytest.mark.parametrize("source", ["starter-ja", "starter-en"] + [p.name for p in EXAMPLES])
def test_every_step_round_trips_a_complete_project_unchanged(wizard, source):
    """Submitting every step as rendered changes nothing: the wizard can express every field used."""
    if source.startswith("starter"):
        wizard.start("starter", source[-2:])
    else:
        path = next(p for p in EXAMPLES if p.name == source)
        assert wizard.upload(path.read_bytes(), path.name).status_code == 302
    before = wizard.draft()
    for step in FORM_STEPS:
        response = wizard.submit(step.key, action="save")
        assert response.status_code == 302, step.key
    after = wizard.draft()
    assert after.revision == before.revision, [r.summary for r in wizard.store.revisions(after)][:3]
    assert after.data == before.data
    exported = wizard.client.get(f"/p/{wizard.token}/export.yaml")
    doc, problems = parse(exported.text, "export.yaml")
    assert doc.data == ordered(drop_blank(before.data))


def test_the_steps_cover_every_field_of_the_schema():
    """Each property of the project schema is edited by some step (or is the fixed schema_version)."""
    schema = load_schema("project")

    def resolve(node):
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        return node

    def leaves(node, path):
        node = resolve(node)
        if node.get("type") == "array" and "properties" in resolve(node.get("items", {})):
            yield from leaves(node["items"], path)
        elif "properties" in node:
            for key, child in node["properties"].items():
                yield from leaves(child, path + (key,))
        else:
            yield ".".join(path)

    covered = set()

    def walk(node, prefix):
        full = prefix + tuple(node.key.split("."))
        if node.is_field:
            covered.add(".".join(full))
        else:
            for child in node.children:
                walk(child, full)

    for step in FORM_STEPS:
        for section in step.sections:
            for node in section.children:
                walk(node, ())
    on_pages = tuple(PAGE_FIELDS)  # edited on a page of their own (the consensus scores: the scoring page)
    missing = [leaf for leaf in leaves(schema, ()) if leaf not in covered and leaf != "schema_version"
               and not leaf.startswith(on_pages)]
    assert missing == []


def test_every_label_exists_in_both_languages():
    keys = {f"step.{s.key}" for s in STEPS} | {f"step.{s.key}#intro" for s in STEPS}
    choices = set()

    def walk(node):
        keys.add(node.label)
        if not node.is_field:
            for child in node.children:
                walk(child)
            return
        for value in node.choices:
            choices.add((value, node.vocabulary))

    for step in FORM_STEPS:
        for section in step.sections:
            keys.add(section.title)
            for node in section.children:
                walk(node)
    missing = sorted(k for k in keys if _lookup(k) is None)
    assert missing == []
    for lang in ("ja", "en"):  # every choice has a word: the wizard's own or the documents'
        assert sorted(str(v) for v, vocabulary in choices if choice(v, lang, vocabulary) == str(v)) == []
    templates = (__import__("pathlib").Path(__file__).parent.parent / "rfpgen/web/templates")
    used = set()
    for path in templates.glob("*.html"):
        used |= set(re.findall(r"t\('(ui\.[a-z_]+)'[,)]", path.read_text(encoding="utf-8")))
    for path in (templates.parent).glob("*.py"):  # labels used from Python, e.g. _t("ui.build_failed", …)
        used |= set(re.findall(r"""(?:_t|label)\(["'](ui\.[a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert sorted(k for k in used if k not in LABELS) == []
    # a Japanese document ends with 以上; an English one has no such closing word
    deliberately_blank = {"doc.closing"}
    assert sorted(k for k, v in LABELS.items() if not (len(v) == 2 and all(v)) and k not in deliberately_blank) == []


# ---------------------------------------------------------------- validation next to the field

@pytest.mark.parametrize("ui,expected", [("ja", "数値が必要ですが"), ("en", "expected a number")])
def test_invalid_input_is_kept_and_explained_next_to_the_field(wizard, ui, expected):
    wizard.start("blank", "ja", ui=ui)
    wizard.submit("work_definition", action="add:work_definition.programs")
    form = wizard.form("work_definition")
    form["work_definition.programs[0].name"] = "受注窓口"
    wizard.submit("work_definition", form=form, action="add:work_definition.programs[0].call_reasons")
    response = wizard.submit("work_definition", {
        "work_definition.programs[0].call_reasons[0].name": "注文",
        "work_definition.programs[0].call_reasons[0].share_pct": "100",
        "work_definition.programs[0].call_reasons[0].aht_seconds": "abc",
    }, action="next")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/work_definition?check=1")  # stays on the step
    page = wizard.client.get(response.headers["Location"])
    field = re.search(r'<td class="kind-number has-error">(.*?)</td>', page.text, re.S).group(1)
    assert 'value="abc"' in field and expected in field
    assert 'aria-invalid="true"' in field
    assert wizard.draft().data["work_definition"]["programs"][0]["call_reasons"][0]["aht_seconds"] == "abc"


def test_required_fields_are_reported_in_the_ui_language(wizard):
    wizard.start("blank", "en", ui="en")
    response = wizard.submit("project", {"project.title": ""}, action="next", follow=True)
    assert "Saved. Fix the fields marked in red" in response.text
    assert "required field “Project title” is missing" in response.text  # the field's label, never the YAML key
    assert "&#39;title&#39;" not in response.text


def test_japanese_messages_name_fields_by_their_labels_not_yaml_keys(wizard):
    wizard.start("blank", "ja", ui="ja")
    wizard.submit("evaluation", {"evaluation.criteria#rows": "1", "evaluation.criteria[0].name": "必須条件",
                                 "evaluation.criteria[0].weight": "10", "evaluation.criteria[0].mandatory": "1"})
    page = wizard.get("project", query_string={"check": "1"}).text + wizard.get("review").text
    assert "必須項目「案件名」がありません" in page
    assert "「配点」を 0 にしてください" in page
    for key in ("「title」", "weight を", "look_for", "「name」"):
        assert key not in page, key


def test_upload_refusals_are_in_japanese(wizard):
    wizard.client.get("/lang/ja")
    response = wizard.upload(b"project:\n  title: x\n title2: y\n")
    assert response.status_code == 400
    assert "YAML の書き方に誤りがあります" in response.text and "YAML syntax error" not in response.text


@pytest.mark.parametrize("ui", ["ja", "en"])
def test_an_office_file_uploaded_as_a_project_is_named_and_the_export_offered(wizard, tmp_path, ui):
    """An Excel workbook uploaded as the project: named in the page's language, and the PM is pointed at the
    wizard's own export, not at `rfpgen init` (the command line's advice)."""
    from rfpgen.documents.xlsx import new_workbook
    import io

    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.add_worksheet().write_string(0, 0, "予算")
    book.close()
    wizard.client.get(f"/lang/{ui}")
    response = wizard.upload(buffer.getvalue(), "project.xlsx")
    assert response.status_code == 400 and "rfpgen init" not in response.text and "rfpgen serve" not in response.text
    assert ("Excel ブック（.xlsx）で、案件ファイルではありません" if ui == "ja" else "this is an Excel workbook (.xlsx), not a project file") \
        in response.text
    assert ("YAMLを書き出す" if ui == "ja" else "Export YAML") in response.text


def test_next_moves_on_when_the_step_is_valid(wizard):
    wizard.start("blank", "ja")
    response = wizard.submit("project", {"project.title": "案件", "project.client.name": "みどり通販"}, action="next")
    assert response.headers["Location"].endswith("/scope")


def test_an_error_in_another_step_does_not_hold_this_one_but_review_and_build_report_it(wizard):
    wizard.start("starter", "en", ui="en")
    wizard.submit("people", {"people.span_of_control": "many"})  # saved as typed: an error of the people step
    response = wizard.submit("project", {"project.title": "Renamed while people is wrong"}, action="next")
    assert response.headers["Location"].endswith("/scope")  # this step is valid: on to the next one
    page = wizard.client.get(f"/p/{wizard.token}/project?check=1").text
    assert "Renamed while people is wrong" in page and 'class="has-error' not in page
    response = wizard.submit("people", {"people.attrition_pct_per_year": "30"}, action="next", follow=True)
    assert "Saved. Fix the fields marked in red" in response.text  # the people step itself stays until fixed
    review = wizard.get("review").text
    assert re.search(rf'href="/p/{wizard.token}/people\?check=1#f-people-span_of_control"', review)
    assert "The documents cannot be built while problems remain" in wizard.get("build").text
    build = wizard.client.post(f"/p/{wizard.token}/build", data={"csrf_token": csrf(wizard.get("project").text)})
    assert build.status_code == 400
    assert "The documents cannot be built while problems remain" in build.text


# ---------------------------------------------------------------- navigation keeps answers

def test_back_and_forth_and_sidebar_keep_answers(wizard):
    wizard.start("blank", "ja")
    wizard.submit("project", {"project.title": "戻っても消えない"}, action="next")
    response = wizard.submit("scope", {"scope.notes": "メモ"}, action="back")
    assert response.headers["Location"].endswith("/project")
    assert 'value="戻っても消えない"' in wizard.get("project").text
    assert "メモ" in wizard.get("scope").text
    response = wizard.submit("scope", {"scope.notes": "サイドバーで移動"}, action="goto:pricing")
    assert response.headers["Location"].endswith("/pricing")
    assert "サイドバーで移動" in wizard.get("scope").text
    response = wizard.submit("scope", {"scope.notes": "言語切替"}, action="lang:en")
    assert "言語切替" in wizard.client.get(response.headers["Location"]).text
    assert "Scope and purpose" in wizard.get("scope").text


# ---------------------------------------------------------------- repeating rows without JavaScript

def test_rows_are_added_and_removed_without_javascript(wizard):
    wizard.start("blank", "ja")
    response = wizard.submit("operations", action="add:operations.sites")
    assert response.headers["Location"].endswith("/operations#f-operations-sites")
    form = wizard.form("operations")
    assert form["operations.sites#rows"] == "1"
    form["operations.sites[0].name"] = "札幌センター"
    wizard.submit("operations", form=form, action="add:operations.sites")
    form = wizard.form("operations")
    form["operations.sites[1].name"] = "福岡センター"
    form["operations.sites[1].seats"] = "40"
    wizard.submit("operations", form=form, action="save")
    sites = wizard.draft().data["operations"]["sites"]
    assert sites == [{"name": "札幌センター"}, {"name": "福岡センター", "seats": 40}]
    wizard.submit("operations", action="remove:operations.sites:0")
    assert wizard.draft().data["operations"]["sites"] == [{"name": "福岡センター", "seats": 40}]
    assert shown([r.summary for r in wizard.store.revisions(wizard.draft())][0], "ja").endswith("から行を削除")


def test_the_count_beside_add_row_adds_that_many_rows_at_once(wizard):
    """Ten KPIs are one click, not ten; a count that is not a number adds one row, a huge one at most ADD_AT_ONCE."""
    from rfpgen.web.forms import ADD_AT_ONCE

    wizard.start("blank", "ja")
    wizard.submit("operations", {"operations.sites#add": "3"}, action="add:operations.sites")
    form = wizard.form("operations")
    assert form["operations.sites#rows"] == "3" and form["operations.sites#add"] == "1"  # the box is back at one
    assert shown([r.summary for r in wizard.store.revisions(wizard.draft())][0], "ja").endswith("に3行を追加")  # the history says how many
    wizard.submit("operations", {"operations.kpis.other#add": "zwei"}, action="add:operations.kpis.other")
    assert wizard.form("operations")["operations.kpis.other#rows"] == "1"
    wizard.submit("operations", {"operations.kpis.other#add": "100000"}, action="add:operations.kpis.other")
    assert wizard.form("operations")["operations.kpis.other#rows"] == str(1 + ADD_AT_ONCE)
    wizard.submit("operations", action="save")  # rows left blank go on a normal save
    assert not (wizard.draft().data.get("operations") or {}).get("sites")


def test_blank_rows_are_dropped_on_a_normal_save(wizard):
    wizard.start("blank", "ja")
    wizard.submit("operations", action="add:operations.kpis.other")
    assert wizard.draft().data["operations"]["kpis"]["other"] == [{}]
    wizard.submit("operations", action="save")
    assert "operations" not in wizard.draft().data


def test_a_save_of_one_step_drops_the_blank_rows_another_step_left(wizard):
    """A row added and left blank (the user went on by another link) goes with the next save of any step;
    the sections that save did not touch are otherwise stored as they were."""
    wizard.start("starter", "en")
    wizard.submit("operations", action="add:operations.sites")
    sites = wizard.draft().data["operations"]["sites"]
    assert sites[-1] == {}
    before = wizard.draft().data
    wizard.submit("project", {"project.title": "Retitled"})
    after = wizard.draft().data
    assert after["operations"]["sites"] == sites[:-1]
    assert after["project"]["title"] == "Retitled"
    assert {k: v for k, v in after.items() if k not in ("project", "operations")} == \
        {k: v for k, v in before.items() if k not in ("project", "operations")}
    assert list(after) == list(before)


def test_nested_rows_and_automatic_ids(wizard):
    wizard.start("blank", "ja")
    wizard.submit("work_definition", action="add:work_definition.programs")
    wizard.submit("work_definition", action="add:work_definition.programs[0].opening_hours.weekly")
    wizard.submit("work_definition", {
        "work_definition.programs[0].name": "受注",
        "work_definition.programs[0].type": "inbound",
        "work_definition.programs[0].channel": "phone",
        "work_definition.programs[0].opening_hours.weekly[0].days": ["mon", "tue", "fri"],
        "work_definition.programs[0].opening_hours.weekly[0].open": "09:00",
        "work_definition.programs[0].opening_hours.weekly[0].close": "18:00",
        "work_definition.programs[0].languages": "ja, en",
    })
    program = wizard.draft().data["work_definition"]["programs"][0]
    assert program["id"] == "PRG-001"
    assert program["languages"] == ["ja", "en"]
    assert program["opening_hours"]["weekly"] == [{"days": ["mon", "tue", "fri"], "open": "09:00", "close": "18:00"}]
    wizard.submit("scope", action="add:scope.requirements")
    wizard.submit("scope", {"scope.requirements[0].text": "受付時間を延長すること",
                            "scope.requirements[0].priority": "must"})
    assert wizard.draft().data["scope"]["requirements"][0]["id"] == "SCP-001"


def test_weights_show_a_running_sum(wizard):
    wizard.start("blank", "ja")
    wizard.submit("evaluation", action="add:evaluation.criteria")
    wizard.submit("evaluation", action="add:evaluation.criteria")
    wizard.submit("evaluation", {"evaluation.criteria[0].name": "品質", "evaluation.criteria[0].weight": "60",
                                 "evaluation.criteria[1].name": "価格", "evaluation.criteria[1].weight": "30"})
    page = wizard.get("evaluation").text
    total = re.search(r'<p class="total off" data-sum="evaluation.criteria" data-target="100.0">(.*?)</p>', page, re.S)
    assert total and "<output>90</output>" in total.group(1)
    assert page.count('data-sum-of="evaluation.criteria"') == 2


# ---------------------------------------------------------------- withhold step

def _project_with_requirement(wizard, unstated: bool):
    wizard.start("blank", "ja")
    wizard.submit("operations", action="add:operations.requirements")
    wizard.submit("operations", {"operations.requirements[0].text": "BCPを整備すること",
                                 "operations.requirements[0].priority": "must"})
    wizard.submit("evaluation", action="add:evaluation.criteria")
    wizard.submit("evaluation", {"evaluation.criteria[0].name": "理解度", "evaluation.criteria[0].weight": "100",
                                 "evaluation.criteria[0].unstated_needs": "1" if unstated else None})


def test_withhold_step_toggles_and_warns_without_unstated_needs_criterion(wizard):
    _project_with_requirement(wizard, unstated=False)
    page = wizard.get("withhold").text
    assert "BCPを整備すること" in page and 'id="withhold-warning"' not in page
    wizard.submit("withhold", {"operations.requirements[0].withhold": "1",
                               "operations.requirements[0].look_for": "RTOとRPOを示す"})
    requirement = wizard.draft().data["operations"]["requirements"][0]
    assert requirement["withhold"] is True and requirement["look_for"] == "RTOとRPOを示す"
    page = wizard.get("withhold").text
    assert 'id="withhold-warning"' in page and "違法" in page
    review = wizard.get("review").text
    assert "unstated" not in review or "記載のないニーズ" in review


def test_withhold_step_confirms_the_published_criterion(wizard):
    _project_with_requirement(wizard, unstated=True)
    wizard.submit("withhold", {"operations.requirements[0].withhold": "1",
                               "operations.requirements[0].look_for": "RTOとRPOを示す"})
    page = wizard.get("withhold").text
    assert 'id="withhold-warning"' not in page and "理解度" in page


def test_withheld_requirement_without_look_for_is_flagged_on_the_withhold_step(wizard):
    _project_with_requirement(wizard, unstated=True)
    response = wizard.submit("withhold", {"operations.requirements[0].withhold": "1"}, action="next")
    assert response.headers["Location"].endswith("/withhold?check=1")
    page = wizard.client.get(response.headers["Location"]).text
    assert "look_for" in page and "RFPに記載しない要件には" in page


def test_a_duplicate_id_names_the_step_and_field_where_it_is_first_used(wizard):
    wizard.start("starter", "en", ui="en")
    first = wizard.draft().data["scope"]["requirements"][0]["id"]
    wizard.submit("operations", {"operations.requirements[0].id": first})
    page = wizard.get("operations", query_string={"check": "1"}).text
    assert f"the ID &#39;{first}&#39; is already used at Scope and purpose › Requirements 1;" in page
    assert "line None" not in page


# ---------------------------------------------------------------- review

def test_review_lists_problems_linked_to_their_steps(wizard):
    wizard.start("blank", "en", ui="en")
    wizard.submit("people", {"people.span_of_control": "many"})
    page = wizard.get("review").text
    assert re.search(rf'href="/p/{wizard.token}/people\?check=1#f-people-span_of_control"', page)
    assert re.search(rf'href="/p/{wizard.token}/evaluation\?check=1', page)  # evaluation is missing
    assert f'href="/p/{wizard.token}/project">Edit</a>' in page


def test_review_of_a_complete_project_shows_everything(wizard):
    wizard.start("starter", "ja")
    page = wizard.get("review").text
    assert "エラーはありません" in page and "問題はありません" not in page  # never "no problems" beside warnings
    warnings = [p for p in problems_of(wizard.token, wizard.draft().revision, wizard.draft().data, "ja", whole=True)
                if p.severity == "warning"]
    assert (f"注意事項が {len(warnings)} 件あります" in page) == bool(warnings)
    data = wizard.draft().data
    assert data["project"]["title"] in page
    first = data["operations"]["requirements"][0]["text"]
    assert first.splitlines()[0] in page


# ---------------------------------------------------------------- upload and export

def test_upload_export_round_trip(wizard):
    source = EXAMPLES[0].read_bytes()
    response = wizard.upload(source, EXAMPLES[0].name)
    assert response.status_code == 302
    landed = wizard.client.get(response.headers["Location"]).text  # says it loaded the file, not merely "saved"
    assert f"{EXAMPLES[0].name} を読み込み、新しい案件として保存しました。" in landed or f"Loaded {EXAMPLES[0].name}" in landed
    exported = wizard.client.get(f"/p/{wizard.token}/export.yaml")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    again = Wizard(wizard.app)
    assert again.upload(exported.data, "exported.yaml").status_code == 302
    assert again.draft().data == wizard.draft().data
    original, _ = parse(source.decode("utf-8"))
    assert again.draft().data == ordered(drop_blank(original.data))


def test_upload_errors_are_shown_with_line_numbers(wizard):
    response = wizard.upload(b"project:\n  title: [unclosed\n", "broken.yaml")
    assert response.status_code == 400
    assert "3行目" in response.text and "YAML の書き方に誤りがあります" in response.text
    assert "YAML says" not in response.text  # the parser's words are introduced in Japanese
    response = wizard.upload(b"schema_version: 1\nproject:\n  title: x\n  colour: blue\n", "unknown.yaml")
    assert response.status_code == 400
    assert "colour" in response.text and ("4行目" in response.text or "line 4" in response.text)
    response = wizard.upload(b"\x89PNG\r\n\x1a\n\x00\x00", "image.png")
    assert response.status_code == 400


def test_incomplete_draft_exports_and_uploads_again(wizard):
    wizard.start("blank", "ja")
    wizard.submit("people", {"people.span_of_control": "many"})
    exported = wizard.client.get(f"/p/{wizard.token}/export.yaml").data
    again = Wizard(wizard.app)
    response = again.upload(exported, "draft.yaml")
    assert response.status_code == 302 and response.headers["Location"].endswith("/review")
    assert again.draft().data["people"]["span_of_control"] == "many"


def test_oversized_upload_gets_a_friendly_page(tmp_path):
    app = make_app(tmp_path, MAX_UPLOAD_MB=0.01)
    w = Wizard(app)
    response = w.upload(b"# " + b"x" * 20000, "big.yaml")
    assert response.status_code == 413
    assert "大きすぎます" in response.text or "too large" in response.text
    assert "Traceback" not in response.text


# ---------------------------------------------------------------- security

def test_post_without_csrf_token_is_refused(wizard):
    wizard.start("blank", "ja")
    form = wizard.form("project")
    form.pop("csrf_token")
    form["project.title"] = "forged"
    response = wizard.client.post(wizard.url("project"), data=form)
    assert response.status_code == 400
    assert "有効期限" in response.text or "expired" in response.text
    assert wizard.draft().data["project"].get("title") != "forged"
    page = wizard.client.get("/")
    assert wizard.client.post("/new", data={"source": "blank"}).status_code == 400
    assert wizard.client.post("/new", data={"source": "blank", "csrf_token": csrf(page.text) + "x"}).status_code == 400


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_typed_markup_is_shown_as_text_everywhere(wizard):
    wizard.start("blank", "ja")
    wizard.submit("project", {"project.title": XSS, "project.client.name": XSS})
    wizard.submit("operations", action="add:operations.requirements")
    wizard.submit("operations", {"operations.requirements[0].text": XSS, "operations.requirements[0].priority": "must"})
    wizard.submit("people", {"people.span_of_control": XSS})  # also echoed inside a validation message
    for key in ["project", "operations", "people", "withhold", "review", "build"]:
        page = wizard.get(key, query_string={"check": "1"}).text
        assert "<script>alert" not in page and "<img src=x" not in page, key
        assert "&lt;script&gt;" in page, key
    history = wizard.client.get(f"/p/{wizard.token}/history").text
    assert "<script>alert" not in history


def test_unknown_and_guessed_tokens_get_404(wizard):
    wizard.start("blank", "ja")
    other = Wizard(wizard.app).start("blank", "en")
    assert wizard.client.get(f"/p/{other.token}/project").status_code == 200  # the link is the key
    for token in ["x", wizard.token[:-1] + ("A" if wizard.token[-1] != "A" else "B"), "0" * 43, "../admin"]:
        for path in ["/project", "/review", "/export.yaml", "/history", ""]:
            assert wizard.client.get(f"/p/{token}{path}").status_code == 404
    assert len(wizard.token) >= 43


def test_admin_list_needs_the_password(tmp_path):
    app = make_app(tmp_path, ADMIN_PASSWORD="s3cret-pass")
    w = Wizard(app).start("blank", "ja")
    client = app.test_client()
    page = client.get("/admin/")
    assert w.token not in page.text and 'type="password"' in page.text
    assert client.post("/admin/login", data={"csrf_token": csrf(page.text), "password": "wrong"}).status_code == 403
    response = client.post("/admin/login", data={"csrf_token": csrf(page.text), "password": "s3cret-pass"})
    assert response.status_code == 302
    assert w.token in client.get("/admin/").text


def test_admin_is_disabled_without_a_password(app):
    assert app.test_client().get("/admin/").status_code == 404
    assert app.test_client().post("/admin/login", data={"password": ""}).status_code in (400, 404)


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("RFPGEN_SECRET_KEY", raising=False)
    monkeypatch.setenv("RFPGEN_ENV", "production")
    monkeypatch.setenv("RFPGEN_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="RFPGEN_SECRET_KEY"):
        create_app()
    monkeypatch.setenv("RFPGEN_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("RFPGEN_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    assert create_app().config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_a_served_app_leaves_what_it_built_at_start_out_of_full_collections(tmp_path, monkeypatch):
    import gc

    monkeypatch.setenv("RFPGEN_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("RFPGEN_ENV", "production")
    monkeypatch.setenv("RFPGEN_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("RFPGEN_DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    gc.unfreeze()
    try:
        create_app({"TESTING": True})
        assert gc.get_freeze_count() == 0  # tests build many apps: nothing of theirs is kept from collection
        create_app()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_session_cookie_is_httponly_and_samesite(wizard):
    wizard.client.get("/lang/en")
    cookie = wizard.client.get_cookie("rfpgen_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_security_headers(wizard):
    wizard.start("blank", "ja")
    response = wizard.get("project")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


# ---------------------------------------------------------------- conflicts and history

def test_second_save_from_the_same_revision_is_refused_and_kept(wizard):
    wizard.start("blank", "ja")
    first_tab = wizard.form("project")
    second_tab = wizard.form("project")
    first_tab["project.title"] = "一つ目のタブ"
    second_tab["project.title"] = "二つ目のタブ"
    assert wizard.submit("project", form=first_tab).status_code == 302
    response = wizard.submit("project", form=second_tab)
    assert response.status_code == 409
    assert "重なった項目ごとに" in response.text and "一つ目のタブ" in response.text and "二つ目のタブ" in response.text
    draft = wizard.draft()
    assert draft.data["project"]["title"] == "一つ目のタブ"
    revisions = wizard.store.revisions(draft)
    refused = [r for r in revisions if r.status == "refused"]
    assert len(refused) == 1 and wizard.store.revision_data(draft, refused[0].id)["project"]["title"] == "二つ目のタブ"
    # the user chooses to keep their own version of the field
    resolve = re.search(r'action="(/p/[^"]+/resolve/\d+)"', response.text).group(1)
    response = wizard.client.post(resolve, data={"csrf_token": csrf(response.text), "_revision": str(draft.revision),
                                                 "pick:project.title": "mine"})
    assert response.status_code == 302
    assert wizard.draft().data["project"]["title"] == "二つ目のタブ"
    history = wizard.client.get(f"/p/{wizard.token}/history").text
    assert "重複のため未適用" in history and "案件とスケジュール" in history


def _bracket_depth(text: str) -> int:
    """How deep brackets nest in `text`: 1 for 「…」, 2 for 「…（…）」."""
    depth = deepest = 0
    for ch in text:
        if ch in "（「『(【":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "）」』)】":
            depth -= 1
    return deepest


def _restore(wizard, number: int):
    """Restore revision `number` from the history page, as its button does."""
    draft = wizard.draft()
    revision = next(r for r in wizard.store.revisions(draft) if r.number == number)
    page = wizard.client.get(f"/p/{wizard.token}/history").text
    return wizard.client.post(f"/p/{wizard.token}/restore/{revision.id}",
                              data={"csrf_token": csrf(page), "_revision": str(draft.revision)})


@pytest.mark.parametrize("ui, names", [("ja", ["新規案件", "ファイルの読み込み", "以前のリビジョンの復元"]),
                                       ("en", ["New project", "File opened", "Earlier revision restored"])])
def test_history_names_how_each_revision_came_about(wizard, ui, names):
    wizard.client.get(f"/lang/{ui}")
    assert wizard.upload(b"schema_version: 1\nproject:\n  title: Opened\n", "opened.yaml").status_code == 302
    wizard.submit("project", {"project.title": "Renamed"})
    assert _restore(wizard, 1).status_code == 302
    opened_token = wizard.token
    wizard.start("blank", "ja")
    steps = re.findall(r"<tr class=\"saved\">\s*<td>\d+</td>\s*<td[^>]*>[^<]*</td>\s*<td>([^<]*)</td>",
                       wizard.client.get(f"/p/{opened_token}/history").text)
    assert steps == [names[2], LABELS["step.project"][0 if ui == "ja" else 1], names[1]]
    new_history = wizard.client.get(f"/p/{wizard.token}/history").text
    assert names[0] in new_history and ">start<" not in new_history


@pytest.mark.parametrize("ui", ["ja", "en"])
def test_conflict_sentence_nests_no_brackets(wizard, ui):
    wizard.start("blank", "ja", ui=ui)
    wizard.submit("project", {"project.title": "First"})
    stale_tab = wizard.form("project")  # opened at revision 2
    wizard.submit("project", {"project.title": "Second"})
    assert _restore(wizard, 1).status_code == 302  # revision 4, the blank title again
    stale_tab["project.title"] = "Third"
    response = wizard.submit("project", form=stale_tab)
    assert response.status_code == 409
    sentence = re.sub(r"<[^>]+>|\s+", " ", re.search(r'id="conflict">(.*?)</div>', response.text, re.S).group(1))
    restored = "以前のリビジョンの復元" if ui == "ja" else "Earlier revision restored"
    assert restored in sentence and ("リビジョン 2" in sentence and "リビジョン 4" in sentence if ui == "ja"
                                     else "revision 2" in sentence and "revision 4" in sentence)
    assert _bracket_depth(sentence) <= 1, sentence


def test_every_save_is_a_revision_with_a_summary(wizard):
    wizard.start("blank", "en", ui="en")
    wizard.submit("project", {"project.title": "Contact center"})
    wizard.submit("project", {"project.title": "Contact center"})  # unchanged: no new revision
    revisions = wizard.store.revisions(wizard.draft())
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[0].step == "project" and shown(revisions[0].summary, "en") == "changed: Project title"


def test_a_summary_is_read_in_the_readers_language_whoever_saved_it(wizard):
    """A revision saved in Japanese reads in English for a colleague using the English wizard (and the
    first row, the project's creation, too): the history said 「新規案件 | project created」-like mixes."""
    wizard.start("blank", "en", ui="ja")
    wizard.submit("project", {"project.title": "Contact center"})
    wizard.client.get("/lang/en")
    history = wizard.client.get(f"/p/{wizard.token}/history").text
    assert "changed: Project title" in history and "project created" in history
    assert "案件を作成" not in history and "変更：" not in history
    wizard.client.get("/lang/ja")
    history = wizard.client.get(f"/p/{wizard.token}/history").text
    assert "案件を作成" in history and "changed:" not in history


# ---------------------------------------------------------------- errors never show a traceback

def test_unknown_step_and_bad_revision(wizard):
    wizard.start("blank", "ja")
    assert wizard.get("nope").status_code == 404
    form = wizard.form("project")
    form["_revision"] = "x"
    assert wizard.submit("project", form=form).status_code == 400
    assert wizard.client.post(wizard.url("review"), data={"csrf_token": form["csrf_token"]}).status_code in (404, 405)


def test_upload_without_schema_version_gets_it(wizard):
    response = wizard.upload(b"project:\n  title: Minimal\n", "minimal.yaml")
    assert response.status_code == 302
    assert wizard.draft().data["schema_version"] == 1


def test_review_of_the_withhold_step_lists_only_withheld_requirements(wizard):
    _project_with_requirement(wizard, unstated=True)
    wizard.submit("operations", action="add:operations.requirements")
    wizard.submit("operations", {"operations.requirements[1].text": "月次で報告すること",
                                 "operations.requirements[1].priority": "should"})
    wizard.submit("withhold", {"operations.requirements[0].withhold": "1",
                               "operations.requirements[0].look_for": "RTOとRPOを示す"})
    review = wizard.get("review").text
    block = review[review.index('id="review-withhold"'):review.index('id="review-review"')
                   if 'id="review-review"' in review else None]
    assert "BCPを整備すること" in block and "RTOとRPOを示す" in block and "月次で報告すること" not in block


def test_serve_command_starts_the_embedded_server(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from rfpgen.cli import main

    calls = {}
    monkeypatch.setattr("waitress.serve", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.delenv("RFPGEN_ENV", raising=False)
    monkeypatch.delenv("RFPGEN_SECRET_KEY", raising=False)
    monkeypatch.setenv("RFPGEN_INSTANCE_PATH", str(tmp_path / "inst"))
    result = CliRunner().invoke(main, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8123
    assert "http://localhost:8123/" in result.output
    assert (tmp_path / "inst" / "rfpgen.sqlite3").exists() and (tmp_path / "inst" / "secret_key").exists()


def test_a_step_page_drawn_from_remembered_fragments_is_the_page_drawn_afresh(wizard, monkeypatch):
    """The form's fields are remembered by what they show (rfpgen.web.fragments): the page drawn from
    them is the page drawn afresh, and a value just saved is shown, not the one remembered."""
    from collections import OrderedDict

    from rfpgen.web import fragments

    without_token = lambda page: re.sub(r'name="csrf_token" value="[^"]+"', "", page.text)  # noqa: E731
    wizard.start("starter", "en")
    wizard.get("project")  # the message the new project brings is shown once
    monkeypatch.setattr(fragments, "_fragments", OrderedDict())  # nothing remembered yet
    afresh = without_token(wizard.get("people"))
    assert fragments._fragments
    assert without_token(wizard.get("people")) == afresh
    wizard.submit("people", {"people.attrition_pct_per_year": "12.5"})
    assert 'value="12.5"' in wizard.get("people").text


def test_remembered_fragments_are_kept_apart_by_language(monkeypatch):
    """A field labelled alike in both languages (an ID) still has words of the page's language around it."""
    from collections import OrderedDict

    from rfpgen.web import fragments

    monkeypatch.setattr(fragments, "_fragments", OrderedDict())
    view = {"type": "field", "name": "scope.requirements[0].id", "label": "ID"}
    drawn_in = lambda lang: lambda v: f"{v['label']} ({lang})"  # noqa: E731 - a macro's stand-in
    assert fragments.rendered({"lang": "ja"}, view, drawn_in("ja")) == "ID (ja)"
    assert fragments.rendered({"lang": "en"}, view, drawn_in("en")) == "ID (en)"
    assert fragments.rendered({"lang": "ja"}, view, drawn_in("en")) == "ID (ja)"  # remembered, not drawn again


def test_choices_use_the_words_of_their_own_vocabulary(wizard):
    """'hybrid' is a sourcing pattern on the scope step and a pricing model on the pricing step."""
    wizard.start("starter", "ja")
    scope = wizard.get("scope").get_data(as_text=True)
    pricing = wizard.get("pricing").get_data(as_text=True)
    assert "一部委託（ハイブリッド）" in scope and "ハイブリッド方式" not in scope
    assert "ハイブリッド方式（固定＋変動＋インセンティブ）" in pricing


@pytest.mark.parametrize("step,name,codes,word", [
    ("pricing", "pricing.response_form.disqualify_on", ["must_without_page", "must_cannot"], "必須要件に「対応不可」"),
    ("pricing", "pricing.response_form.alternative_models", ["hybrid", "per_fte"], "席（FTE）単価方式"),
    ("evaluation", "evaluation.rules.rounding.apply_to", ["total", "quality_points"], "品質点"),
    ("rfp", "rfp.leave_out", ["staff_transfer", "presentation"], "プレゼンテーション要領"),
])
def test_a_list_of_codes_is_picked_by_its_words_and_stored_as_codes(wizard, step, name, codes, word):
    """A field holding several codes of one vocabulary (screening findings, pricing models, RFP
    conditions) is a set of check boxes named in the page's language: a PM never types must_cannot.
    The file keeps the codes, in the vocabulary's order."""
    wizard.start("starter", "ja")
    page = wizard.get(step).get_data(as_text=True)
    boxes = re.findall(rf'<input type="checkbox" name="{re.escape(name)}" value="([^"]+)"', page)
    assert set(codes) <= set(boxes), boxes
    assert word in page and not re.search(r"カンマ区切り[：:]", page)
    # the caption names the group of boxes; it is no label of the first box (a click on it ticked that box)
    group = re.escape(html_id(name))
    assert re.search(rf'<span class="label" id="{group}-label">', page) and f'for="{html_id(name)}"' not in page
    assert re.search(rf'<span class="picks" role="group" id="{group}" aria-labelledby="{group}-label"', page)
    assert wizard.submit(step, {name: codes}).status_code == 302
    stored = wizard.draft().data
    for key in name.split("."):
        stored = stored[key]
    assert stored == [c for c in boxes if c in codes]
    review = wizard.get("review").get_data(as_text=True)
    assert word in review and codes[0] not in review


def test_a_code_the_file_has_that_is_no_choice_is_kept_and_shown_as_written(wizard):
    """An uploaded file naming a finding rfpgen does not know keeps it through a save (validation says
    why it is wrong); the check box list does not silently drop it."""
    wizard.start("starter", "en", ui="en")
    wizard.submit("pricing", {"pricing.response_form.disqualify_on": ["must_cannot", "late_delivery"]})
    assert wizard.draft().data["pricing"]["response_form"]["disqualify_on"] == ["must_cannot", "late_delivery"]
    page = wizard.get("pricing").get_data(as_text=True)
    assert re.search(r'value="late_delivery" checked>late_delivery<', page), "the unknown code is offered, checked"
    assert "A must requirement answered “Cannot”" in page


def test_every_hint_belongs_to_a_field_and_renders(wizard):
    from rfpgen.words.hints import HINTS
    from rfpgen.web.steps import FORM_STEPS

    keys = set()

    def walk(nodes):
        for node in nodes:
            keys.add(node.label)
            if not node.is_field:
                walk(node.children)

    for step in FORM_STEPS:
        for section in step.sections:
            walk(section.children)
    assert not set(HINTS) - keys  # a hint keyed to no field would never show
    wizard.start("blank", "ja", ui="ja")
    page = wizard.get("people").text
    assert "1FTEあたりの月間所定労働時間（時間）" in page and "有給" not in page  # paid hours, never read as paid leave
    assert "フルタイム1人の1か月の所定労働時間" in page
    assert "想定年間離職率（%）" in page and "上限ではありません" in page  # an assumption, not a limit


def test_the_steps_show_the_warnings_about_the_clients_text(wizard):
    """The wizard shows the validation's warnings about client text at the step of the field: a British
    spelling in an American project, an answer telling vendors that the RFP withholds requirements."""
    source = next(p for p in EXAMPLES if p.name.startswith("en")).read_text(encoding="utf-8")
    source = source.replace("locale: en-GB", "locale: en-US").replace(
        "answer: Yes. Submit the response form", "answer: Yes, as a hidden requirement. Submit the response form")
    wizard.client.get("/lang/en")
    assert wizard.upload(source.encode("utf-8"), "us.yaml").status_code == 302
    page = wizard.get("work_definition").text
    assert "British spelling in a project written in en-US" in page and "as &#34;programs&#34;" in page
    page = wizard.get("questions").text
    assert "says the RFP keeps requirements back (&#34;hidden requirement&#34;)" in page


@pytest.mark.parametrize("ui,says", [("en", "this text reaches the bidders and restates requirement PPL-004"),
                                     ("ja", "この文章は提案者に示され、RFPに記載しない要件 PPL-004")])
def test_the_step_shows_a_restated_withheld_requirement_at_the_row_that_restates_it(wizard, ui, says):
    """The second disclosed requirement after a withheld one repeats eight words of it: the step's
    summary names that row (the third of the list), not the row above it."""
    import yaml

    source = next(p for p in EXAMPLES if p.name.startswith("en"))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    people = data["people"]["requirements"]
    withheld = next(r for r in people if r.get("withhold"))
    people.remove(withheld)
    people.insert(0, withheld)
    people[2]["text"] += " " + " ".join(withheld["text"].split()[:9]) + "."
    wizard.client.get(f"/lang/{ui}")
    assert wizard.upload(yaml.safe_dump(data, allow_unicode=True).encode(), "p.yaml").status_code == 302
    page = wizard.get("people").text
    summary = re.search(r'<div class="alert warning problem-summary".*?</div>', page, re.S).group()
    item = next(li for li in re.findall(r"<li class=\"warning\">(.*?)</li>", summary, re.S) if "PPL-004" in li)
    assert 'href="#f-people-requirements-2-text"' in item and says in item
    assert "The contractor shall keep the planned headcount at 95" in item  # the repeated words


def test_a_step_page_warns_live_about_a_text_that_restates_a_requirement_withheld_in_another_step(wizard):
    """Step pages remember each check's warnings by the parts of the project it read, yet a change in
    one step still shows at once where it matters in another: a background that restates a withheld
    requirement is warned about on the overview step, disclosing the requirement on the withhold step
    removes the warning there, withholding it again brings it back. Each page shows what a whole
    validation finds."""
    import yaml

    from rfpgen.web.drafts import validate

    source = next(p for p in EXAMPLES if p.name.startswith("en"))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    people = data["people"]["requirements"]
    withheld = next(r for r in people if r.get("withhold"))
    people.remove(withheld)
    people.insert(0, withheld)
    data["overview"]["background"] += " " + " ".join(withheld["text"].split()[:9]) + "."
    wizard.client.get("/lang/en")
    assert wizard.upload(yaml.safe_dump(data, allow_unicode=True).encode(), "p.yaml").status_code == 302
    says = f"restates requirement {withheld['id']}"

    def overview_warns() -> bool:
        page = wizard.get("overview").text
        draft = wizard.draft()
        assert validate(draft.data, "en", remember=True) == validate(draft.data, "en")
        return says in page

    assert overview_warns()
    wizard.submit("withhold", {"people.requirements[0].withhold": None})  # disclosed: nothing to restate
    assert not overview_warns()
    wizard.submit("withhold", {"people.requirements[0].withhold": "1"})
    assert overview_warns()


def test_a_field_word_that_explains_itself_is_not_explained_twice():
    """「着眼点（優れた提案が自発的に触れる内容）」（優れた提案が自発的に触れる内容）: the message's own explanation of
    the key repeated the label's; said once."""
    from rfpgen.errors import Problem
    from rfpgen.validation import load_project, validate
    from rfpgen.web.messages import in_wizard_words

    data = load_project(EXAMPLES[0]).data
    data["scope"]["requirements"][0].update(withhold=True, look_for="")
    for lang, label in (("ja", "「着眼点（優れた提案が自発的に触れる内容）」が必要です"),
                        ("en", "needs “Look for (what a strong proposal says unprompted)”")):
        found = [in_wizard_words(p, lang) for p in validate(data, lang)[1] if p.path.endswith("requirements[0].look_for")]
        assert found and any(p.message.endswith(label) for p in found), [p.message for p in found]
        assert isinstance(found[0], Problem)


def test_the_wizards_english_follows_the_projects_locale_and_leaves_the_next_request_alone(wizard):
    """An en-GB project's steps read 'Centre opening hours' and 'Programmes', as its documents do; an
    en-US one reads 'Center' and 'Programs'. The locale lasts one request: a server thread keeps
    context variables, so a page of another project (or none) after it is not respelt."""
    wizard.client.get("/lang/en")
    pages = {}
    for name in ("en-GB", "en-US"):
        wizard.start("starter", "en", ui="en")
        assert wizard.submit("project", {"project.locale": name}).status_code == 302
        pages[name] = (wizard.get("operations").text, wizard.get("work_definition").text, wizard.get("project").text)
    assert "Centre opening hours" in pages["en-GB"][0] and "Center opening hours" not in pages["en-GB"][0]
    assert "Programmes" in pages["en-GB"][1]
    assert "E.g. Order centre operation outsourcing" in pages["en-GB"][2]  # the hints too
    assert "E.g. Order center operation outsourcing" in pages["en-US"][2]
    assert "Center opening hours" in pages["en-US"][0] and "Programs" in pages["en-US"][1]
    wizard.start("starter", "ja", ui="en")  # a Japanese project read in English: rfpgen's own words
    assert "Center opening hours" in wizard.get("operations").text
    from rfpgen.words import current_locale
    assert current_locale() is None


def test_a_problem_in_a_row_is_placed_by_the_rows_id_as_its_card_shows_it(wizard):
    """The review said 'Criteria 2 › Weight' where the page titles the card 'EV-02 …': a row with an id
    is named by it (a row without one keeps its number)."""
    wizard.start("starter", "en", ui="en")
    criterion = wizard.draft().data["evaluation"]["criteria"][1]["id"]
    wizard.submit("evaluation", {"evaluation.criteria[1].weight": "heavy"})
    page = wizard.get("review").text
    assert re.search(rf"Criteria {re.escape(criterion)} › Weight", page), re.findall(r"Criteria [^<]*", page)
    assert "Criteria 2 › Weight" not in page


def test_the_wizard_has_an_icon(wizard):
    page = wizard.client.get("/").text
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    icon = wizard.client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.data.startswith(b"<svg")
    assert wizard.client.get("/favicon.ico").headers["Location"].endswith("/static/favicon.svg")


def test_a_message_naming_a_key_or_a_path_names_the_field_in_the_wizards_words(wizard):
    """The checks write for a YAML editor (outcome_definition, evaluation.rules.low_bid.share); the wizard
    names the field as its form shows it, the step first for a path."""
    from rfpgen.errors import Problem
    from rfpgen.web.messages import in_wizard_words

    said = in_wizard_words(Problem("p.yaml", None, None, "pricing.response_form.low_bid_threshold_pct", "warning",
                                   "differs from 70% (evaluation.rules.low_bid.share); set outcome_definition"), "en").message
    assert "(Evaluation criteria › Evaluation and award rules › Low-price threshold › Share of the reference price" in said
    assert "set “What counts as an outcome (per-outcome pricing)”" in said
    kept = in_wizard_words(Problem("p.yaml", None, None, "project.client", "warning",
                                   "write to cs@example.co.jp or www.example.com"), "en").message
    assert kept == "write to cs@example.co.jp or www.example.com"


def test_the_review_names_fields_without_their_typing_notes(wizard):
    """Labels tell how to type (委託する業務（1行に1つ）); the review and a problem's place name the field."""
    wizard.start("starter", "ja", ui="ja")
    review = wizard.get("review").text
    assert "委託する業務" in review and "（1行に1つ）" not in review and "（カンマ区切り）" not in review
    assert "（1行に1つ）" in wizard.get("scope").text  # beside the box it still says how to type


def test_an_example_in_a_box_says_it_is_one(wizard):
    """Grey placeholders (0.6, 70) read as values already typed; a percentage's range (0–100) stays as it is."""
    wizard.start("blank", "ja", ui="ja")
    page = wizard.get("evaluation").text
    assert 'placeholder="例：0.6"' in page and 'placeholder="例：70"' in page
    assert 'placeholder="0–100"' in wizard.get("people").text


def test_the_style_sheet_closes_every_block_it_opens():
    """An unclosed @media (max-width: 640px) block once held every rule written after it: the selection's
    navigation, the history, the comparison and the row actions were styled on phones only."""
    from pathlib import Path

    import rfpgen.web

    css = re.sub(r"/\*.*?\*/", "", (Path(rfpgen.web.__file__).parent / "static" / "style.css").read_text(), flags=re.S)
    depth = 0
    for character in css:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0
