"""Issue 7 acceptance: library entries added by the CLI appear in the built documents."""
from __future__ import annotations

import shutil
from pathlib import Path

from docx_reading import full_text
from rfpgen import library
from rfpgen.documents.build import build_documents, output_path
from rfpgen.text import clean
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parent.parent


def test_ten_library_entries_added_by_cli_appear_in_the_documents(tmp_path, cli):
    project_file = tmp_path / "p.yaml"
    shutil.copy(ROOT / "examples" / "ja-ec-order-center.yaml", project_file)
    existing = {r.data.get("library_id") for r in load_project(project_file).requirements()}
    chosen = [e for e in library.entries() if e.id not in existing and not e.withhold_candidate][:10]
    assert len({e.part for e in chosen}) >= 2
    result = cli("library", "add", project_file, *[e.id for e in chosen])
    assert result.exit_code == 0, result.output

    project = load_project(project_file)
    assert not project.warnings
    added = [r for r in project.requirements() if r.data.get("library_id") in {e.id for e in chosen}]
    assert len(added) == 10
    build_documents(project, tmp_path / "out", only={"requirements", "rfp"})
    requirements = full_text(output_path(project, tmp_path / "out", "requirements").read_bytes())
    rfp = full_text(output_path(project, tmp_path / "out", "rfp").read_bytes())
    for entry, requirement in zip(chosen, sorted(added, key=lambda r: [e.id for e in chosen].index(r.data["library_id"]))):
        assert requirement.text == entry.text_in("ja")
        assert requirement.id in requirements and clean(entry.text_in("ja")) in requirements
        assert clean(entry.text_in("ja")) in rfp  # disclosed, so the vendors see it too
