"""The Word templates in templates/ are what their generators make (templates/make_templates.py and
make_scoring_templates.py): a template edited by hand, or a generator changed without regenerating
(the English results template once drifted so), fails here. Each file's parts are compared as
bytes; the zip entries' own dates are not compared, and the generators write no dates into parts."""
from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GENERATORS = ("make_templates", "make_scoring_templates")


def _generator(name: str):
    spec = importlib.util.spec_from_file_location(name, TEMPLATES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def drifted(committed: Path, generated: Path) -> list[str]:
    """The parts of two templates that differ, or are in one only (none: the same template)."""
    ours, theirs = _parts(committed), _parts(generated)
    return sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    for name in GENERATORS:
        _generator(name).main(folder)
    return folder


def test_the_committed_templates_are_what_the_generators_make(generated):
    made = sorted(path.relative_to(generated) for path in generated.glob("*/*.docx"))
    assert made == sorted(path.relative_to(TEMPLATES) for path in TEMPLATES.glob("*/*.docx"))
    stale = {str(name): parts for name in made if (parts := drifted(TEMPLATES / name, generated / name))}
    assert not stale, f"templates differ from what their generators make (run them): {stale}"


def test_a_drifted_template_is_found(generated, tmp_path):
    """The comparison sees a change of one word in the body of a template."""
    source = generated / "en" / "results.docx"
    changed = tmp_path / "results.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(changed, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, data.replace(b"Ranking", b"Rankings", 1) if item.filename == "word/document.xml" else data)
    assert drifted(source, changed) == ["word/document.xml"]
