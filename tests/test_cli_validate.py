"""The command line around the project file: validate, init, schema, --version, and the three ways in."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT
from conftest import MINIMAL_HEAD, MINIMAL_TAIL
from rfpgen import __version__

GOOD = MINIMAL_HEAD + MINIMAL_TAIL

WITHHELD_WITHOUT_CRITERION = GOOD.replace("""evaluation:""", """\
operations:
  requirements:
    - id: OPS-001
      text: Keep the planned headcount at 95 % despite leavers.
      priority: must
      withhold: true
      look_for: A recruitment pipeline running ahead of leavers.
evaluation:""")

BAD = GOOD.replace("      weight: 100\n", "      weight: 90\n      mandatory: no\n")


def run(*args, cwd=None):
    """Run a Python entry point in a child process, as a user would from a shell."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


# ------------------------------------------------------------------ rfpgen validate

def test_valid_file_exit_0_and_says_valid(cli, write_yaml):
    path = write_yaml(GOOD)
    result = cli("validate", path)
    assert result.exit_code == 0
    assert result.stdout == f"{path}: valid\n"
    assert result.stderr == ""


def test_examples_validate_with_no_warning(cli):
    result = cli("validate", *EXAMPLES)
    assert result.exit_code == 0, result.output
    # each file's messages in its project's own language
    assert result.stdout.splitlines() == [f"{path}: {'有効' if 'ja-' in path.name else 'valid'}" for path in EXAMPLES]
    assert result.stderr == ""


def test_warnings_are_printed_and_exit_is_0(cli, write_yaml):
    path = write_yaml(WITHHELD_WITHOUT_CRITERION)
    result = cli("validate", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:18:5: evaluation.criteria: warning: 1 requirement is left out of the RFP")
    assert lines[1] == f"{path}: valid (1 warning)"


QUOTED = WITHHELD_WITHOUT_CRITERION.replace("""evaluation:""", """\
rfp:
  background: "Keep the planned headcount at 95 % despite leavers."
evaluation:""")


@pytest.mark.parametrize("lang,said", [("en", ", but the RFP will not be built: 1 quote of requirements left out of the RFP"),
                                       ("ja", "。ただしRFPは作成されません（RFPに記載しない要件の引用 1 件）")])
def test_a_file_whose_rfp_the_build_will_refuse_fails_validation_saying_so_last(cli, write_yaml, lang, said):
    """A vendor text quoting a withheld requirement stays a warning (the wizard saves the draft), but the
    build refuses the RFP: validate exits 1 and says so on the closing line, the quote told last."""
    path = write_yaml(QUOTED)
    result = cli("validate", "--lang", lang, path)
    assert result.exit_code == 1
    told = result.stderr.splitlines()
    assert told[-1].endswith(said) and "OPS-001" in told[-2]
    assert (": the RFP will not be built: quotes requirement" in told[-2]) if lang == "en" \
        else (": RFPは作成されません：RFPに記載しない要件 OPS-001" in told[-2])
    from rfpgen.validation import project_from_data  # the build refuses that RFP indeed
    from rfpgen.documents.build import build_documents
    from rfpgen.errors import WithheldTextLeaked
    from rfpgen.yamlio import read

    with pytest.raises(WithheldTextLeaked):
        build_documents(project_from_data(read(path)[0].data), path.parent / "out", only={"rfp"})


RESTATED = GOOD.replace("""evaluation:""", """\
operations:
  requirements:
    - id: OPS-001
      text: Agents shall be coached monthly, and the contractor shall keep the planned headcount at 95 % or more.
      priority: must
    - id: OPS-002
      text: The contractor shall keep the planned headcount at 95 % or more in every month despite leavers.
      priority: must
      withhold: true
      look_for: A recruitment pipeline running ahead of leavers.
evaluation:""").replace("      description: How the work is run.\n", "      description: How the work is run.\n      unstated_needs: true\n")


def test_validate_prints_a_restated_withheld_requirement_at_the_disclosed_text(cli, write_yaml):
    path = write_yaml(RESTATED)
    result = cli("validate", path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:12:13: operations.requirements[0].text: warning: this text reaches the bidders "
                               'and restates requirement OPS-002 "The contractor shall keep the planned headcount..." '
                               "(operations.requirements[1], line 14), which the RFP leaves out: it repeats "
                               "\"the contractor shall keep the planned headcount at 95 % or more\" "
                               "from it; reword it, or put the requirement in the RFP")
    assert lines[-1] == f"{path}: valid (1 warning)"
    ja = cli("validate", "--lang", "ja", path).stdout
    assert "operations.requirements[0].text: 注意：この文章は提案者に示され、RFPに記載しない要件 OPS-002" in ja
    assert "（operations.requirements[1]、14行目）" in ja


def test_invalid_file_exit_1_every_error_on_stderr(cli, write_yaml):
    path = write_yaml(BAD)
    result = cli("validate", path)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [
        f"{path}:11:5: evaluation.criteria: criterion weights add up to 90, not 100",
        f"{path}:14:18: evaluation.criteria[0].mandatory: expected true or false, got the text 'no'; write true or false",
    ]
    assert "valid" not in result.stdout
    assert "Traceback" not in result.output


def test_one_invalid_file_among_several_fails_the_run(cli, write_yaml):
    good, bad = write_yaml(GOOD, "good.yaml"), write_yaml(BAD, "bad.yaml")
    result = cli("validate", good, bad)
    assert result.exit_code == 1
    assert f"{good}: valid" in result.stdout and str(bad) in result.stderr


def test_messages_in_japanese(cli, write_yaml):
    path = write_yaml(BAD)
    result = cli("validate", "--lang", "ja", path)
    assert result.exit_code == 1
    assert "評価項目の配点の合計が 90 です。合計を 100 にしてください" in result.stderr


@pytest.mark.parametrize("args", [
    [],                                  # no file
    ["--format", "xml", "x.yaml"],       # unknown format
    ["--lang", "fr", "x.yaml"],          # unknown language
    ["--no-such-option", "x.yaml"],
])
def test_usage_errors_exit_2(cli, args):
    result = cli("validate", *args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_missing_file_is_exit_1_not_a_crash(cli, tmp_path):
    result = cli("validate", tmp_path / "missing.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'missing.yaml'}: no such file\n"


def test_json_format_lists_every_problem(cli, write_yaml):
    good, bad, warned = (write_yaml(GOOD, "good.yaml"), write_yaml(BAD, "bad.yaml"),
                         write_yaml(WITHHELD_WITHOUT_CRITERION, "warned.yaml"))
    result = cli("validate", "--format", "json", good, bad, warned)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert [set(p) for p in problems] == [{"file", "line", "column", "path", "severity", "message", "refuses"}] * 3
    assert [(p["file"], p["line"], p["column"], p["path"], p["severity"]) for p in problems] == [
        (str(bad), 11, 5, "evaluation.criteria", "error"),
        (str(bad), 14, 18, "evaluation.criteria[0].mandatory", "error"),
        (str(warned), 18, 5, "evaluation.criteria", "warning"),
    ]


def test_json_format_for_valid_files_is_an_empty_list(cli):
    result = cli("validate", "--format", "json", *EXAMPLES)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_json_keeps_japanese_readable(cli, write_yaml):
    result = cli("validate", "--format", "json", "--lang", "ja", write_yaml(BAD))
    assert "評価項目" in result.stdout
    assert json.loads(result.stdout)[0]["message"].startswith("評価項目の配点の合計")


@pytest.mark.parametrize("content", [
    b"",                                             # empty
    b"\x00\x01\x02\xff\xfe garbage \x00" * 50,       # binary
    "title: 受注センター\n".encode("cp932"),          # Shift_JIS
    b"a: [1, 2\nb: 3\n",                             # syntax error
    b"a: &x 1\nb: *x\n",                             # anchor and alias
    b"- just\n- a list\n",                           # wrong shape
    b"schema_version: 1\nproject: 5\nevaluation: []\n",
])
def test_bad_input_never_gives_a_traceback(cli, write_yaml, content):
    result = cli("validate", write_yaml(content))
    assert result.exit_code == 1
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_bad_input_in_a_real_process_gives_a_message_not_a_traceback(write_yaml):
    path = write_yaml("title: 受注センター\n".encode("cp932"))
    result = run("-m", "rfpgen", "validate", str(path))
    assert result.returncode == 1
    assert "Shift_JIS" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ rfpgen init

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_init_writes_a_starter_that_validates(cli, tmp_path, lang):
    path = tmp_path / "new" / "p.yaml"
    result = cli("init", "--lang", lang, path)
    assert result.exit_code == 0 and result.stdout == f"wrote {path}\n"
    text = path.read_text(encoding="utf-8")
    assert text.count("\n#") > 30  # commented for the reader
    check = cli("validate", path)
    assert check.exit_code == 0 and check.stdout == f"{path}: {'有効' if lang == 'ja' else 'valid'}\n"
    from rfpgen.validation import validate_file

    project, _ = validate_file(path)
    assert project.lang == lang
    assert project.withheld() and project.unstated_needs_criterion()


def test_init_defaults_to_japanese(cli, tmp_path):
    path = tmp_path / "p.yaml"
    assert cli("init", path).exit_code == 0
    assert "language: ja" in path.read_text(encoding="utf-8")


def test_init_refuses_to_overwrite_without_force(cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("my own work\n", encoding="utf-8")
    result = cli("init", "--lang", "en", path)
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "my own work\n"
    result = cli("init", "--lang", "en", "--force", path)
    assert result.exit_code == 0
    assert "language: en" in path.read_text(encoding="utf-8")


def test_init_usage_errors(cli, tmp_path):
    assert cli("init").exit_code == 2
    assert cli("init", "--lang", "fr", tmp_path / "p.yaml").exit_code == 2


def test_starters_cover_every_section_and_warn_about_yaml_traps():
    from rfpgen.resources import load_schema

    sections = set(load_schema("project")["properties"])
    for lang in ("ja", "en"):
        text = (ROOT / "rfpgen" / "starter" / f"{lang}.yaml").read_text(encoding="utf-8")
        from rfpgen.yamlio import parse

        doc, _ = parse(text)
        assert set(doc.data) == sections, lang
        assert '"09:00"' in text and 'version: "1.0"' in text
        example_size = max(len(p.read_text(encoding="utf-8")) for p in EXAMPLES)
        assert len(text) < example_size


# ------------------------------------------------------------------ schema and version

def test_schema_prints_the_schema_as_json(cli):
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json.loads((ROOT / "schemas" / "project.schema.json").read_text(encoding="utf-8"))


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"rfpgen, version {__version__}\n"


@pytest.mark.parametrize("entry", [["-m", "rfpgen"], ["cli.py"]], ids=["python -m rfpgen", "python cli.py"])
def test_version_from_every_entry_point(entry):
    result = run(*entry, "--version", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"rfpgen, version {__version__}\n"


def test_console_script_validates_the_examples():
    script = os.path.join(os.path.dirname(sys.executable), "rfpgen")
    if not os.path.exists(script):
        pytest.skip("the rfpgen console script is not installed next to this interpreter")
    result = subprocess.run([script, "validate", *map(str, EXAMPLES)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid\n") + result.stdout.count(": 有効\n") == len(EXAMPLES)


def test_cli_py_runs_a_command_from_the_repository_root():
    result = run("cli.py", "validate", "examples/ja-ec-order-center.yaml", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "examples/ja-ec-order-center.yaml: 有効\n"   # the project's own language
