"""Word templates are shared like documents, so they are untrusted (issue 13): they render in a
sandbox with limits, a broken one is reported as the user's template (never as an internal error),
and the build says which template each document used."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from rfpgen.errors import RenderError, TemplateRefused

HERE = Path(__file__).resolve().parent
BASE = HERE / "data" / "bad" / "base-valid.yaml"
DEFAULT_RFP = HERE.parent / "templates" / "en" / "rfp.docx"


def template_with(folder: Path, text: str, name: str = "rfp.docx", lang: str = "en") -> Path:
    """The default RFP template with one more paragraph holding `text` (template code)."""
    document = docx.Document(DEFAULT_RFP)
    document.add_paragraph(text)
    (folder / lang).mkdir(parents=True, exist_ok=True)
    document.save(folder / lang / name)
    return folder


def render_rfp(templates: Path) -> bytes:
    from rfpgen.documents.build import render_documents
    from rfpgen.validation import load_project

    rendered = render_documents(load_project(BASE), Path("out"), {"rfp"}, templates)
    return next(iter(rendered.values()))


ESCAPES = {
    "globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "class-mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "format-attribute": "{{ '{0.__class__.__init__.__globals__}'.format(doc) }}",
    "huge-range": "{% for i in range(200000000) %}x{% endfor %}",
    "nested-ranges": "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "huge-repeat": "{{ 'x' * 1000000000 }}",
    "huge-format-width": "{{ '%999999999d' % 1 }}",
    "huge-power": "{{ 2 ** 100000000 }}",
}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_a_template_reaching_for_python_or_stalling_is_refused(tmp_path, case):
    with pytest.raises(TemplateRefused) as refused:
        render_rfp(template_with(tmp_path, ESCAPES[case]))
    message = str(refused.value)
    assert message.startswith(f"{tmp_path / 'en' / 'rfp.docx'}: this template is refused: ")
    assert "A template may only show the values rfpgen gives it" in message
    assert refused.value.exit_code == 3


def test_what_a_template_may_do_still_works(tmp_path):
    data = render_rfp(template_with(tmp_path, "{% for i in range(3) %}[{{ i }}]{% endfor %} {{ doc.title|upper }} {{ 'ab' * 2 }}"))
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "[0][1][2] CORPUS BASE PROJECT abab" in body


def test_a_refused_template_fails_the_build_naming_it(cli, tmp_path):
    templates = template_with(tmp_path / "t", ESCAPES["globals"])
    result = cli("build", BASE, "-o", tmp_path / "out", "--only", "rfp", "--templates", templates)
    assert result.exit_code == 1
    assert f"{templates / 'en' / 'rfp.docx'}: this template is refused: access to attribute '__init__'" in result.stderr
    assert "internal error" not in result.stderr and not (tmp_path / "out" / "corpus-base").exists()


@pytest.mark.parametrize("damage,expected", [
    ("not-a-zip", "not a usable Word template (PackageNotFoundError"),
    ("no-document", "not a usable Word template (KeyError"),
    ("cut-xml", "not a usable Word template (XMLSyntaxError"),
    ("syntax", "template syntax error near line"),
])
def test_a_broken_template_is_the_users_template_problem(tmp_path, damage, expected):
    target = tmp_path / "en" / "rfp.docx"
    target.parent.mkdir(parents=True)
    if damage == "not-a-zip":
        target.write_text("hello", encoding="utf-8")
    elif damage == "syntax":
        template_with(tmp_path, "{{ doc.title ")
    else:
        with zipfile.ZipFile(DEFAULT_RFP) as source, zipfile.ZipFile(target, "w") as out:
            for name in source.namelist():
                data = source.read(name)
                if name == "word/document.xml":
                    if damage == "no-document":
                        continue
                    data = data[: len(data) // 2]
                out.writestr(name, data)
    with pytest.raises(RenderError) as refused:
        render_rfp(tmp_path)
    assert str(refused.value).startswith(f"{target}: ") and expected in str(refused.value)
    assert "please report" not in str(refused.value)


def test_the_build_says_which_template_each_document_used_and_warns_of_unused_files(cli, tmp_path):
    templates = tmp_path / "t"
    template_with(templates, "Custom RFP", name="rfp.docx")
    template_with(templates, "Misnamed", name="Requirements.docx")
    template_with(templates, "Only for Japanese", name="evaluator_guide.docx", lang="ja")
    (templates / "notes.txt").write_text("ideas", encoding="utf-8")
    (templates / "en" / "~$rfp.docx").write_bytes(b"Word's lock file")
    result = cli("build", BASE, "-o", tmp_path / "out", "--only", "requirements,rfp,guide", "--templates", templates)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"template rfp.docx: {templates / 'en' / 'rfp.docx'} (yours)" in out
    assert f"template requirements.docx: the default design ({templates} has no en/requirements.docx)" in out
    err = result.stderr
    assert (f"warning: {templates / 'en' / 'Requirements.docx'} matches no template and is not used "
            "(did you mean en/requirements.docx? names are case-sensitive)") in err
    assert (f"warning: {templates / 'ja' / 'evaluator_guide.docx'} is the template for projects in 'ja'; this project is "
            f"in 'en', so the default design was used for evaluator_guide.docx") in err
    assert f"warning: {templates / 'notes.txt'} matches no template" in err
    assert "~$rfp.docx" not in err


def test_compiled_templates_are_kept_on_disk_and_a_damaged_file_is_compiled_again(monkeypatch, tmp_path):
    """A template part's compiled code is kept in the cache folder (render._compiled_code), read back by the
    next process instead of compiling, and compiled again when its file is damaged; the sandbox still
    refuses what it refuses with the code read back; RFPGEN_CACHE_DIR=off keeps nothing."""
    import jinja2

    from rfpgen.documents.render import _compiled_code, _environment

    monkeypatch.setenv("RFPGEN_CACHE_DIR", str(tmp_path / "cache"))
    env = _environment()
    source = "{{ x.__class__ }}{% for i in range(3) %}{{ i }}{% endfor %}"
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.sandbox.SandboxedEnvironment, "compile",
                        lambda self, *a, **k: compiled.append(1) or real(self, *a, **k))

    def render() -> None:
        code = _compiled_code(env, source)
        with pytest.raises(jinja2.exceptions.SecurityError, match="__class__"):
            env.template_class.from_code(env, code, env.make_globals(None), None).render(x="a")

    render()
    (kept,) = (tmp_path / "cache" / "templates").glob("*.jinja")
    assert len(compiled) == 1
    render()
    assert len(compiled) == 1  # read back, not compiled, and still sandboxed
    kept.write_bytes(kept.read_bytes()[:20])  # cut short
    render()
    assert len(compiled) == 2
    monkeypatch.setenv("RFPGEN_CACHE_DIR", "off")
    kept.unlink()
    render()
    assert len(compiled) == 3 and not list((tmp_path / "cache" / "templates").glob("*"))
