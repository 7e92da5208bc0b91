"""What `validate` accepts, `build` builds: impossible service targets and blank required text are
refused at validation, each at its line and field, in the user's language."""
from __future__ import annotations

import copy

import pytest

from conftest import ROOT
from rfpgen.staffing import plan
from rfpgen.validation import load_project, validate
from rfpgen.yamlio import dump

EXAMPLE = ROOT / "examples" / "ja-ec-order-center.yaml"


def _data():
    return copy.deepcopy(load_project(EXAMPLE).data)


def _problems(data, tmp_path, lang="en"):
    path = tmp_path / "p.yaml"
    path.write_text(dump(data), encoding="utf-8")
    project, problems = validate(path, lang)
    return project, [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("field, value, words", [
    (("operations", "kpis", "abandonment_pct"), 0, "abandonment target of 0%"),
    (("operations", "kpis", "service_level", "percent"), 100, "service level of 100%"),
    (("operations", "occupancy_cap_pct"), 0, "occupancy cap of 0%"),
    (("work_definition", "programs", 0, "service_level"), {"percent": 100, "threshold_seconds": 10}, "service level of 100%"),
])
def test_targets_the_build_refuses_are_refused_by_validate(field, value, words, tmp_path):
    data = _data()
    node = data
    for key in field[:-1]:
        node = node[key]
    node[field[-1]] = value
    project, errors = _problems(data, tmp_path)
    assert project is None and len(errors) == 1
    error = errors[0]
    assert words in error.message and error.line and error.file.endswith("p.yaml")
    assert error.path.startswith(".".join(str(k) for k in field[:2]).replace(".0", "[0]"))
    ja = _problems(data, tmp_path, "ja")[1][0].message
    assert "計画できません" in ja or "設定できません" in ja


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_percentage_out_of_range_gets_one_error_that_points_the_right_way(lang, tmp_path):
    """Abandonment 150%: the schema refuses it (at most 100); the model's rule added a second error on the same
    field, saying to use a target above 0%."""
    data = _data()
    data["operations"]["kpis"]["abandonment_pct"] = 150
    errors = [p for p in _problems(data, tmp_path, lang)[1] if p.path == "operations.kpis.abandonment_pct"]
    assert len(errors) == 1 and "0%" not in errors[0].message and "100" in errors[0].message, [e.message for e in errors]


def test_targets_just_inside_the_rules_validate_and_plan(tmp_path):
    data = _data()
    data["operations"]["kpis"]["abandonment_pct"] = 0.5
    data["operations"]["kpis"]["service_level"]["percent"] = 99.5
    data["operations"]["occupancy_cap_pct"] = 100
    project, errors = _problems(data, tmp_path)
    assert errors == [] and project is not None
    assert plan(project).as_dict()  # the build's staffing model accepts what validation accepted


@pytest.mark.parametrize("path", [
    ("project", "title"), ("project", "client", "name"), ("evaluation", "criteria", 0, "name"),
    ("evaluation", "vendors", 0, "name"), ("evaluation", "evaluators", 0, "name"), ("operations", "requirements", 0, "text"),
])
@pytest.mark.parametrize("blank", ["", " ", "\u3000\n", "\u200b"])
def test_blank_required_text_is_refused_at_its_place(path, blank, tmp_path):
    data = _data()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = blank
    project, errors = _problems(data, tmp_path)
    assert project is None
    [error] = [e for e in errors if "blank" in e.message]
    assert error.line and error.path.replace("[", ".").replace("]", "") == ".".join(map(str, path))


def test_withheld_requirement_with_an_empty_look_for_is_refused(tmp_path):
    data = _data()
    for part in data.values():
        for r in part.get("requirements") or [] if isinstance(part, dict) else []:
            if r.get("withhold"):
                r["look_for"] = ""
                break
        else:
            continue
        break
    project, errors = _problems(data, tmp_path, "ja")
    assert project is None and any(e.path.endswith("look_for") and "look_for" in e.message for e in errors)
