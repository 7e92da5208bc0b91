"""One low-price threshold: the evaluation rules' share the RFP publishes is the one the evaluator guide's
checks of the response forms apply, and a different percentage on the response form is warned about."""
from __future__ import annotations

import copy

from rfpgen.responses.rates import settings
from rfpgen.validation import load_project, project_from_data
from conftest import EXAMPLES


def _project(share, pct):
    data = copy.deepcopy(load_project(next(p for p in EXAMPLES if "ja-" in p.name)).data)
    data["evaluation"].setdefault("price", {})["reference_price"] = 480_000_000
    data["evaluation"].setdefault("rules", {})["low_bid"] = {"share": share, "action": "review"}
    data["pricing"].setdefault("response_form", {})["low_bid_threshold_pct"] = pct
    return project_from_data(data, "p.yaml", "ja")


def test_the_published_share_is_the_threshold_everywhere_and_a_different_form_percentage_is_warned():
    project = _project(0.7, 60)
    assert settings(project).low_bid_pct == 70
    warned = [p for p in project.warnings if p.path == "pricing.response_form.low_bid_threshold_pct"]
    assert len(warned) == 1 and "評価ルールの 70%" in warned[0].message and "60%" in warned[0].message


def test_equal_thresholds_say_nothing():
    project = _project(0.6, 60)
    assert settings(project).low_bid_pct == 60
    assert not [p for p in project.warnings if p.path == "pricing.response_form.low_bid_threshold_pct"]


def test_a_share_typed_as_a_percentage_gets_the_schemas_error_only():
    """60 typed where the share 0.6 belongs: the schema refuses it; the comparison read it as 6000%."""
    data = copy.deepcopy(load_project(next(p for p in EXAMPLES if "ja-" in p.name)).data)
    data["evaluation"].setdefault("rules", {})["low_bid"] = {"share": 60, "action": "review"}
    data["pricing"].setdefault("response_form", {})["low_bid_threshold_pct"] = 60
    from rfpgen.validation import validate as validate_data

    problems = validate_data(data, "ja", "p.yaml")[1]
    assert any(p.path == "evaluation.rules.low_bid.share" and p.severity == "error" for p in problems)
    assert not any("6000" in p.message for p in problems)
