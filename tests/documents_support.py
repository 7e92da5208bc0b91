"""What document tests share: the two examples' files, and a project whose RFP quotes a withheld requirement."""
from __future__ import annotations

import copy
from pathlib import Path

from rfpgen.text import clean
from rfpgen.validation import load_project, project_from_data

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
EN = ROOT / "examples" / "en-electronics-retail.yaml"

def planted_leak():
    """(data, the withheld requirement, the disclosed one whose text now quotes it)."""
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    project = project_from_data(data)
    withheld = project.withheld()[0]
    disclosed = project.disclosed()[0]
    target = data[disclosed.part.key]["requirements"][disclosed.index]
    target["text"] += "（参考：" + clean(withheld.text).split("。")[0] + "。）"
    return data, withheld, disclosed
