"""Build projects unlike the examples with --pdf and report whether every PDF shows every text.

    .venv/bin/python tools/pdf_acceptance.py OUT_DIR

Writes four projects derived from the examples into OUT_DIR (a Japanese city's public tender with a
reference price, a UK council outsourcing its in-house team, a project full of hostile text, and a
project with 330 requirements), builds each with PDFs (which checks every PDF against its .docx)
and prints one line per project. Exit status 1 if any build fails.
"""
from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rfpgen.documents.build import build_documents  # noqa: E402
from rfpgen.documents.pdf import convert_to_pdf  # noqa: E402
from rfpgen.errors import RfpgenError  # noqa: E402
from rfpgen.project import PARTS  # noqa: E402
from rfpgen.validation import load_project, project_from_data  # noqa: E402
from rfpgen.yamlio import dump  # noqa: E402

JA = ROOT / "examples" / "ja-ec-order-center.yaml"
EN = ROOT / "examples" / "en-electronics-retail.yaml"
URL = "https://portal.example.go.jp/procurement/2027/contact-center/" + "specification-" * 7 + "v2.pdf?download=1&lang=ja"
HOSTILE = ("{{ secret }} {% if x %} & <b>bold</b> \"quoted\" 'single' 絵文字📞😀 สวัสดีครับ नमस्ते مرحبا "
           "\u202eRLO reversed\u202c ｶﾌﾞｼｷｶﾞｲｼｬ ﾐﾄﾞﾘ zero\u200bwidth\ttab")


def _data(path: Path) -> dict:
    return copy.deepcopy(load_project(path).data)


def city() -> dict:
    """A Japanese city's public tender: reference price, committee label, unified qualification."""
    data = _data(JA)
    p = data["project"]
    p["id"], p["title"] = "city-callcenter-2027", "市民コールセンター運営業務委託"
    p["client"]["name"], p["client"]["department"] = "みなと市", "市民局 広聴課"
    p["confidentiality"] = "選定委員会限り"
    data["rfp"]["terms"] = {"eligibility": "みなと市競争入札参加資格者名簿（役務）に登載されていること。\n\n"
                                           "地方自治法施行令第167条の4の規定に該当しないこと。",
                            "participation": "参加表明書（様式自由）を市民局広聴課へ持参または郵送してください。"}
    data["rfp"]["annexes"].append({"name": "参加表明書の提出先", "description": "市民局 広聴課（市役所本庁舎3階）"})
    data["rfp"]["contract_type"] = "contract_for_work"
    return data


def council() -> dict:
    """A UK council outsourcing its in-house contact centre (TUPE), public sector wording."""
    data = _data(EN)
    p = data["project"]
    p["id"], p["title"] = "northshire-contact-2028", "Resident contact centre services"
    p["client"]["name"] = "Northshire County Council"
    p["confidentiality"] = "OFFICIAL-SENSITIVE"
    data["scope"]["staff_transfer"] = True
    data["rfp"]["terms"] = {"eligibility": "Bidders must pass the selection questionnaire (PAS 91) and hold Cyber Essentials Plus."}
    data["rfp"]["leave_out"] = ["presentation"]
    return data


def hostile() -> dict:
    """Hostile text in every disclosed free-text field a vendor reads, a long URL, half-width kana names."""
    data = _data(JA)
    data["project"]["id"] = "hostile-text-2027"
    data["scope"]["notes"] = HOSTILE + "\n" + URL
    data["overview"]["client_policy"] = HOSTILE
    data["systems"]["requirements"][0]["text"] += f" 仕様書は {URL} を参照。"
    for vendor in data["evaluation"]["vendors"]:
        vendor["name"] = "ｶﾌﾞｼｷｶﾞｲｼｬ" + vendor["name"] + " ﾎｰﾙﾃﾞｨﾝｸﾞｽ"
    data["rfp"]["proposal_contents"].append(HOSTILE)
    return data


def many_requirements(count: int = 330) -> dict:
    data = _data(EN)
    data["project"]["id"] = "many-requirements-2028"
    parts = [part for part in PARTS if part.key in data and isinstance(data[part.key], dict)]
    for i in range(count):
        part = parts[i % len(parts)]
        data[part.key].setdefault("requirements", []).append({
            "id": f"{part.prefix}-X{i:03d}", "priority": ("must", "should", "may")[i % 3],
            "text": f"Generated requirement {i}: the vendor reports measure {i} monthly with its trend and the actions "
                    f"taken, and keeps the evidence for {1 + i % 7} years."})
    return data


PROJECTS = {"city-ja": (city, "ja"), "council-en": (council, "en"), "hostile-ja": (hostile, "ja"),
            "many-requirements-en": (many_requirements, "en")}


def main(out: Path) -> int:
    failed = 0
    for name, (make, lang) in PROJECTS.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / f"{name}.yaml"
        data = make()
        source.write_text(dump(data), encoding="utf-8")
        start = time.perf_counter()
        try:
            project = project_from_data(data, str(source), lang)
            written = build_documents(project, folder / "out")
            pdfs = convert_to_pdf([Path(w) for w in written if str(w).endswith(".docx")])
            print(f"{name}: ok, {len(pdfs)} PDFs checked, {time.perf_counter() - start:.0f} s")
        except RfpgenError as exc:
            failed += 1
            print(f"{name}: FAILED: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "acceptance-out")))
