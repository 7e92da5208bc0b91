"""Text in any script prints (no boxes), and right-to-left text stays inside the field it was typed in."""
from __future__ import annotations

import copy
import shutil
import subprocess

import pytest

from conftest import ROOT
from docx_reading import paragraphs
from rfpgen.documents.build import render_documents
from rfpgen.text import clean
from rfpgen.validation import load_project, project_from_data

RLO, PDF, FSI, PDI = "\u202e", "\u202c", "\u2068", "\u2069"
WORLD = "絵文字 📞😀 タイ語 สวัสดีครับ ヒンディー語 नमस्ते दुनिया アラビア語 مرحبا بالعالم 終わり"


@pytest.mark.parametrize("text", ["plain ASCII & <tags>", "日本語のテキスト（全角）", "emoji 📞😀 and ｶﾀｶﾅ", "สวัสดีครับ नमस्ते"])
def test_text_without_right_to_left_content_is_kept_as_typed(text):
    assert clean(text) == text


def test_an_override_is_closed_at_the_end_of_its_line_and_isolated():
    assert clean(f"abc{RLO}def\nnext line") == f"{FSI}abc{RLO}def{PDF}{PDI}\nnext line"


def test_closers_without_openers_are_dropped_and_cleaning_twice_changes_nothing():
    assert clean(f"a{PDF}b{PDI}c") == f"{FSI}abc{PDI}"
    for text in (f"abc{RLO}def", "שלום world", f"\u2067x{RLO}y", f"{FSI}done{PDI}"):
        assert clean(clean(text)) == clean(text)


def test_arabic_is_isolated_so_it_does_not_reorder_its_neighbours():
    assert clean("مرحبا 123") == f"{FSI}مرحبا 123{PDI}"


def _hostile_rfp(tmp_path):
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    data["scope"]["notes"] = f"{WORLD}\nRLO: abc{RLO}def ghi"
    data["scope"]["objectives"][0] = f"目的{RLO}逆転"
    rendered = render_documents(project_from_data(data), tmp_path, only={"rfp"})
    [(path, data)] = rendered.items()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path, data


def test_an_override_in_one_field_does_not_reach_the_next(tmp_path):
    _, data = _hostile_rfp(tmp_path)
    texts = paragraphs(data)
    objective = next(t for t in texts if t.startswith(f"{FSI}目的"))
    assert objective == f"{FSI}目的{RLO}逆転{PDF}{PDI}"
    notes = next(t for t in texts if "RLO: abc" in t)
    assert notes.endswith(f"def ghi{PDF}{PDI}")


@pytest.mark.slow
def test_every_script_prints_with_a_real_font(tmp_path):
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdffonts") is None:
        pytest.skip("LibreOffice and poppler are not installed; CI installs them")
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    for family in ("Symbola", "Noto Sans Thai", "Noto Sans Devanagari"):
        assert family in families, f"{family} is missing: install fonts-noto-core and fonts-symbola (see .ci/run)"
    path, _ = _hostile_rfp(tmp_path)
    [pdf] = convert_to_pdf([path])  # the PDF check finds every text, right-to-left runs included
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    for font in ("Symbola", "NotoSansThai", "NotoSansDevanagari"):
        assert font in fonts, font
    assert "NotoColorEmoji" not in fonts  # its bitmap glyphs are embedded but never drawn


@pytest.mark.slow
def test_emoji_print_in_the_pdf(tmp_path):
    """LibreOffice 7.4 embedded Noto Color Emoji's bitmap glyphs without drawing them: 📞✅ printed as a blank
    gap. The conversion keeps the colour font away, so the outline font (Symbola) draws them: the rendered
    page has ink where the emoji are."""
    from docx import Document
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice and poppler are not installed; CI installs them")
    path = tmp_path / "emoji.docx"
    document = Document()
    document.add_paragraph("📞✅😀👍")
    document.save(str(path))
    [pdf] = convert_to_pdf([path])
    pgm = subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", "1", "-l", "1", str(pdf)], capture_output=True, check=True).stdout
    width, height = map(int, pgm.split(b"\n")[1].split())
    pixels = pgm[-width * height:]
    assert sum(1 for value in pixels if value < 128) > 20  # the page was blank but for the emoji, which drew nothing
