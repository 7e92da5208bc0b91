"""What document tests share: the two examples' files, and a project whose RFP quotes a withheld requirement."""
from __future__ import annotations

import copy
from pathlib import Path

from rfpgen.text import clean
from rfpgen.validation import load_project, project_from_data

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
EN = ROOT / "examples" / "en-electronics-retail.yaml"

def built_examples(tmp_path_factory, docs) -> dict:
    """Both examples' documents `docs` built once: {example stem: (project, {document: bytes})}."""
    from rfpgen.documents.build import build_documents, output_path

    out = {}
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        project = load_project(example)
        folder = tmp_path_factory.mktemp(example.stem)
        build_documents(project, folder, only=set(docs))
        out[example.stem] = (project, {d: output_path(project, folder, d).read_bytes() for d in docs})
    return out


def planted_leak():
    """(data, the withheld requirement, the disclosed one whose text now quotes it)."""
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    project = project_from_data(data)
    withheld = project.withheld()[0]
    disclosed = project.disclosed()[0]
    target = data[disclosed.part.key]["requirements"][disclosed.index]
    target["text"] += "（参考：" + clean(withheld.text).split("。")[0] + "。）"
    return data, withheld, disclosed
