"""A project folder holds one complete build or the previous one (issue 13): filled workbooks are
kept, a failure part-way (a full disk, a killed build) leaves the previous build untouched, two
builds into one folder never mix, and a batch builds each project on its own."""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfpgen.documents import publish

HERE = Path(__file__).resolve().parent
BASE = HERE / "data" / "bad" / "base-valid.yaml"
ID = "corpus-base"


def project_file(folder: Path, title: str = "Corpus base project", ident: str = ID, name: str | None = None) -> Path:
    path = folder / (name or f"{ident}-{abs(hash(title)) % 10000}.yaml")
    text = BASE.read_text(encoding="utf-8").replace("title: Corpus base project", f"title: {title}", 1)
    path.write_text(text.replace(f"id: {ID}", f"id: {ident}", 1), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` and the hash of its content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def docx_title(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    return core.split("<dc:title>")[1].split("</dc:title>")[0]


def type_a_score(path: Path) -> str:
    """Type a score into the first open cell of the first vendor sheet, as an evaluator would."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.protection.locked is False and cell.value in (None, ""):
                    cell.value = 4
                    wb.save(path)
                    return f"sheet '{ws.title}' cell {cell.coordinate}"
    raise AssertionError("no open cell")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """One complete build (documents and scoring), copied afresh for each test."""
    from click.testing import CliRunner

    from rfpgen.cli import main

    root = tmp_path_factory.mktemp("first")
    source = project_file(root, name="project.yaml")
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(root / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.fixture
def built(first_build, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    return out


def test_a_rebuild_keeps_a_workbook_holding_entries_and_says_so(cli, built, tmp_path):
    folder = built / ID / "scoring"
    filled = folder / f"{ID}-scores-E1.xlsx"
    where = type_a_score(filled)
    before = filled.read_bytes()
    blank_price = folder / "procurement" / f"{ID}-prices.xlsx"
    result = cli("build", project_file(tmp_path, "A corrected title"), "-o", built, "--only", "scoring")
    assert result.exit_code == 0, result.output
    assert filled.read_bytes() == before
    assert f"kept {filled}: it holds 1 entry (first: {where}), so the new blank workbook was not written; " \
           "pass --overwrite-filled to replace it" in result.stderr
    assert f"wrote {filled}" not in result.stdout
    assert f"wrote {blank_price}" in result.stdout  # a blank workbook is replaced as before

    again = cli("build", project_file(tmp_path, "A corrected title"), "-o", built, "--only", "scoring", "--overwrite-filled")
    assert again.exit_code == 0 and "kept" not in again.stderr
    assert f"wrote {filled}" in again.stdout
    assert filled.read_bytes() != before


def _as_an_earlier_build_left_it(out: Path) -> Path:
    """The folder as a build before procurement's subfolder left it: the price workbook beside the panel's
    files (and the manifest of what that build wrote saying so)."""
    scoring = out / ID / "scoring"
    old = scoring / f"{ID}-prices.xlsx"
    (scoring / "procurement" / old.name).rename(old)
    (scoring / "procurement").rmdir()
    manifest = out / f".{ID}.built.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(f"scoring/procurement/{old.name}", f"scoring/{old.name}"),
                        encoding="utf-8")
    return old


@pytest.mark.parametrize("filled", [False, True])
def test_a_rebuild_moves_the_price_workbook_out_of_the_panels_folder(cli, built, tmp_path, filled):
    """The price workbook (under blind evaluation also the key from alias to vendor) sat beside the panel's
    workbooks and forms, so the panel's folder could not be handed over whole. A build writes it into
    scoring/procurement/, and one over an earlier build's folder leaves no copy at the old place
    (carried over as a file the build does not write, it stayed there); prices typed into it go with it."""
    old = _as_an_earlier_build_left_it(built)
    where = type_a_score(old) if filled else None
    before = old.read_bytes()
    result = cli("build", project_file(tmp_path, "A corrected title"), "-o", built, "--only", "scoring")
    assert result.exit_code == 0, result.output
    new = built / ID / "scoring" / "procurement" / old.name
    assert not old.exists() and new.is_file()
    assert not [p for p in (built / ID / "scoring").iterdir() if p.is_file() and "prices" in p.name]
    if filled:
        assert new.read_bytes() == before
        assert f"kept {new}: it holds 1 entry (first: {where})" in result.stderr
    else:
        assert f"wrote {new}" in result.stdout


def test_an_unreadable_workbook_is_kept_too(built):
    filled = built / ID / "scoring" / f"{ID}-scores-E1.xlsx"
    filled.write_bytes(b"not a workbook")
    entries, where = publish.workbook_entries(filled, None)
    assert entries == 1 and "cannot be read as a workbook" in where


def test_only_one_document_keeps_the_rest_and_the_users_own_files(cli, built, tmp_path):
    notes = built / ID / "notes.txt"
    notes.write_text("minutes of the kick-off", encoding="utf-8")
    before = snapshot(built / ID)
    result = cli("build", project_file(tmp_path, "Retitled"), "-o", built, "--only", "rfp")
    assert result.exit_code == 0, result.output
    after = snapshot(built / ID)
    assert set(after) == set(before)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"{ID}-rfp.docx", f"{ID}-response-form.xlsx"}  # the response form goes out with the RFP
    assert docx_title(built / ID / f"{ID}-rfp.docx").startswith("Retitled")


def test_a_disk_full_part_way_leaves_the_previous_build_untouched(cli, built, tmp_path, monkeypatch):
    before = snapshot(built / ID)
    real_fsync, calls = os.fsync, []

    def fsync_until_full(fd):
        calls.append(fd)
        if len(calls) == 4:  # the fourth file of the build: three documents are already written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr("rfpgen.fileio.os.fsync", fsync_until_full)
    result = cli("build", project_file(tmp_path, "Half-written title"), "-o", built)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert snapshot(built / ID) == before
    assert not [p for p in built.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    # the message names the file as the user knows it (in the project folder), never a temporary file
    message = result.stderr
    assert f"{built / ID}/" in message and "No space left on device (the disk is full" in message
    assert ".staging-" not in message and ".tmp" not in message


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _can_mount(), reason="mounting a small tmpfs needs root on Linux")
def test_a_filesystem_that_fills_mid_build_leaves_the_previous_build_untouched(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        out = mount / "out"
        rfpgen = [sys.executable, "-m", "rfpgen", "build", "-o", str(out)]
        first = subprocess.run([*rfpgen, str(project_file(tmp_path, "First"))], capture_output=True, text=True)
        assert first.returncode == 0, first.stderr
        before = snapshot(out / ID)
        size = sum((out / ID / name).stat().st_size for name in before)
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * (free - size // 3))  # room for a third of a build
        second = subprocess.run([*rfpgen, str(project_file(tmp_path, "Second"))], capture_output=True, text=True)
        assert second.returncode == 1
        assert "No space left on device (the disk is full" in second.stderr
        assert "Traceback" not in second.stderr and ".staging-" not in second.stderr
        assert snapshot(out / ID) == before
        assert not [p for p in out.iterdir() if ".staging-" in p.name]
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_build_killed_between_its_two_renames_is_mended_by_the_next(tmp_path):
    target = tmp_path / "out" / ID
    aside = tmp_path / "out" / f".{ID}.old-4242"
    aside.mkdir(parents=True)
    (aside / "previous.docx").write_text("previous build", encoding="utf-8")
    stale = tmp_path / "out" / f".{ID}.staging-x1"
    stale.mkdir()
    (stale / "half.docx").write_text("half", encoding="utf-8")
    published = publish.publish(target, lambda folder: [])
    assert published.written == []
    assert (target / "previous.docx").read_text(encoding="utf-8") == "previous build"
    assert not aside.exists() and not stale.exists()


def test_a_second_build_waits_for_the_lock_then_refuses_clearly(cli, tmp_path, monkeypatch):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / f".{ID}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, b"99999")
    monkeypatch.setattr(publish, "LOCK_WAIT_SECONDS", 0.3)
    try:
        result = cli("build", project_file(tmp_path), "-o", out, "--only", "rfp")
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert f"{out / ID}: another rfpgen build (process 99999) is writing this folder; waiting for it to finish" in result.stderr
    assert "has been writing this folder for over 0.3 s; nothing was changed" in result.stderr
    assert not (out / ID).exists()


def test_two_concurrent_builds_never_leave_a_mixed_set(tmp_path):
    out = tmp_path / "out"
    files = [project_file(tmp_path, f"Variant {v}") for v in "AB"]
    for _ in range(2):
        builds = [subprocess.Popen([sys.executable, "-m", "rfpgen", "build", str(f), "-o", str(out),
                                    "--only", "requirements,rfp,guide"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True) for f in files]
        for build in builds:
            assert build.wait() == 0, build.stderr.read()
        titles = {docx_title(p).split()[1] for p in (out / ID).glob("*.docx")}
        assert len(titles) == 1, titles  # every document from the same build
        assert len(list((out / ID).glob("*.docx"))) == 3


def test_a_batch_builds_the_good_projects_when_one_is_bad(cli, tmp_path):
    good = [project_file(tmp_path, f"Good {i}", ident=f"good-{i}") for i in range(2)]
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.read_text(encoding="utf-8").replace("weight: 60", "weight: 1e309"), encoding="utf-8")
    result = cli("build", *good, bad, "-o", tmp_path / "out", "--only", "rfp", "-j", "2")
    assert result.exit_code == 1
    for i in range(2):
        assert (tmp_path / "out" / f"good-{i}" / f"good-{i}-rfp.docx").exists()
        assert f"built {good[i]} (2 files" in result.stderr  # the RFP and its response form
    assert f"FAILED {bad}:\n{bad}:33:15: evaluation.criteria[0].weight: 1e309 is too large" in result.stderr
    assert f"1 of 3 projects failed: {bad}; 2 built" in result.stderr
    assert "[3/3]" in result.stderr  # one progress line per project
    assert "\r" not in result.stderr and "\x1b" not in result.stderr  # no progress bar off a terminal


def kill_the_worker_of(monkeypatch, ident: str) -> None:
    """The build of project `ident` is killed (SIGKILL) in its worker."""
    from rfpgen.commands import documents

    real = documents.build_project

    def dies(project, *args):
        if project.id == ident:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(project, *args)

    monkeypatch.setattr(documents, "build_project", dies)


def test_a_worker_killed_mid_batch_is_reported_in_the_summary(cli, tmp_path, monkeypatch):
    kill_the_worker_of(monkeypatch, "b")
    files = [project_file(tmp_path, f"Project {i}", ident=i) for i in "ab"]
    result = cli("build", *files, "-o", tmp_path / "out", "--only", "rfp", "-j", "2")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "BrokenProcessPool" not in result.output
    assert f"FAILED {files[1]}:\nthe build process was killed by signal 9 before it finished" in result.stderr
    assert (tmp_path / "out" / "a" / "a-rfp.docx").exists()
    assert f"1 of 2 projects failed: {files[1]}; 1 built" in result.stderr


def test_a_project_over_the_time_limit_is_stopped_and_the_others_built(cli, tmp_path, monkeypatch):
    import time

    from rfpgen.commands import documents

    real = documents.build_project

    def slow_on_b(project, *args):
        if project.id == "b":
            time.sleep(600)
        return real(project, *args)

    monkeypatch.setattr(documents, "build_project", slow_on_b)
    files = [project_file(tmp_path, f"Project {i}", ident=i) for i in "ab"]
    result = cli("build", *files, "-o", tmp_path / "out", "--only", "rfp", "-j", "2", "--time-limit", "10")
    assert result.exit_code == 1
    assert f"FAILED {files[1]}:\nstopped after the time limit of 10 s (--time-limit)" in result.stderr
    assert (tmp_path / "out" / "a" / "a-rfp.docx").exists()


def test_the_time_limit_also_holds_for_a_single_project(cli, tmp_path, monkeypatch):
    import time

    from rfpgen.commands import documents

    monkeypatch.setattr(documents, "build_project", lambda *args: time.sleep(600))
    result = cli("build", project_file(tmp_path), "-o", tmp_path / "out", "--time-limit", "1")
    assert result.exit_code == 1
    assert "stopped after the time limit of 1 s (--time-limit)" in result.stderr


def test_score_refusal_no_longer_recommends_overwriting_the_sheets():
    from rfpgen.errors import ScoreSheetInvalid

    class Problem:
        severity = "error"

        def __str__(self):
            return "E1.xlsx: sheet 'V-A' cell E7: no score"

        def line(self, lang):
            return str(self)

    text = str(ScoreSheetInvalid([Problem()]))
    assert "--only scoring -o ANOTHER_FOLDER" in text and "a rebuild keeps workbooks that hold entries" in text


def test_two_concurrent_partial_builds_both_land(tmp_path):
    """Without the lock, the second build to switch in would carry over a folder read before the
    first one finished, and the first build's document would be lost."""
    source = project_file(tmp_path)
    out = tmp_path / "out"
    builds = [subprocess.Popen([sys.executable, "-m", "rfpgen", "build", str(source), "-o", str(out), "--only", only],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for only in ("rfp", "requirements")]
    for build in builds:
        assert build.wait() == 0, build.stderr.read()
    assert sorted(p.name for p in (out / ID).iterdir()) == [f"{ID}-requirements.docx", f"{ID}-response-form.xlsx",
                                                            f"{ID}-rfp.docx"]


def test_workbooks_left_as_built_are_replaced_without_being_read(cli, built, tmp_path, monkeypatch):
    def must_not_read(old, new):
        raise AssertionError(f"{old} was read although it is exactly as the last build wrote it")

    monkeypatch.setattr(publish, "workbook_entries", must_not_read)
    result = cli("build", project_file(tmp_path, "Another title"), "-o", built, "--only", "scoring")
    assert result.exit_code == 0, result.output
    assert "kept" not in result.stderr


def test_entries_in_a_workbook_without_input_cells_are_any_new_values(tmp_path):
    from openpyxl import Workbook

    def workbook(name, values):
        wb = Workbook()
        for cell, value in values.items():
            wb.active[cell] = value
        wb.save(tmp_path / name)
        return tmp_path / name

    new = workbook("new.xlsx", {"A1": "Title", "B2": None})
    assert publish.workbook_entries(workbook("same.xlsx", {"A1": "Title"}), new) == (0, "")
    assert publish.workbook_entries(workbook("typed.xlsx", {"A1": "Title", "B2": 120000}), new) == (1, "sheet 'Sheet' cell B2")


def test_a_folder_made_read_only_stops_the_whole_build(cli, built, tmp_path, monkeypatch):
    """Root may write anywhere, so the permission is simulated: a read-only scoring/ is the user's
    decision, and the build refuses as a whole instead of letting the Word documents through."""
    before = snapshot(built / ID)
    scoring = built / ID / "scoring"
    real_access = os.access
    monkeypatch.setattr(publish.os, "access", lambda path, mode: Path(path) != scoring and real_access(path, mode))
    result = cli("build", project_file(tmp_path, "Changed"), "-o", built)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"{scoring}: this folder is not writable, so the build cannot replace its files; nothing was changed" in result.stderr
    assert snapshot(built / ID) == before


def test_a_build_killed_part_way_leaves_the_previous_build_untouched(built, tmp_path):
    before = snapshot(built / ID)
    killer = (
        "import os, signal, sys\n"
        "import rfpgen.fileio as fileio\n"
        "real, calls = os.fsync, []\n"
        "def fsync(fd):\n"
        "    calls.append(fd)\n"
        "    if len(calls) == 5:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(fd)\n"
        "fileio.os.fsync = fsync\n"
        "from rfpgen.cli import main\n"
        "main(sys.argv[1:])\n")
    done = subprocess.run([sys.executable, "-c", killer, "build", str(project_file(tmp_path, "Killed")), "-o", str(built), "-j", "1"],
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL
    assert snapshot(built / ID) == before
    # the next build clears what the killed one left behind and completes
    next_build = subprocess.run([sys.executable, "-m", "rfpgen", "build", str(project_file(tmp_path, "Next")), "-o", str(built),
                                 "--only", "rfp"], capture_output=True, text=True)
    assert next_build.returncode == 0, next_build.stderr
    assert not [p for p in built.iterdir() if ".staging-" in p.name or ".old-" in p.name]


def test_a_killed_scoring_worker_fails_the_build_and_leaves_the_previous_one(built, tmp_path):
    """A single project writes its scoring sheets in a second process beside the Word documents; that
    process killed part-way fails the build in words, and nothing of the previous build changes."""
    before = snapshot(built / ID)
    killer = (
        "import os, signal, sys\n"
        "import rfpgen.scoring.sheets as sheets\n"
        "main_pid, real = os.getpid(), sheets.write_workbooks\n"
        "def write_workbooks(*args):\n"
        "    if os.getpid() != main_pid:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(*args)\n"
        "sheets.write_workbooks = write_workbooks\n"
        "from rfpgen.cli import main\n"
        "main(sys.argv[1:])\n")
    done = subprocess.run([sys.executable, "-c", killer, "build", str(project_file(tmp_path, "Worker killed")), "-o", str(built),
                           "-j", "2"], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "the build process was killed by signal 9 before it finished; nothing of this project was changed" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(built / ID) == before
    assert not [p for p in built.iterdir() if ".staging-" in p.name or ".old-" in p.name]


def test_two_processes_build_what_one_builds(built, tmp_path):
    """The same files, every part of each workbook identical but the file properties (a project without
    a date is dated at the moment of its build), with the scoring sheets written beside the documents."""
    from rfpgen.documents.build import publish_build
    from rfpgen.validation import load_project

    project = load_project(project_file(tmp_path, "Side by side"))
    one = publish_build(project, tmp_path / "one" / ID, parallel=False).written
    two = publish_build(project, tmp_path / "two" / ID, parallel=True).written
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    xlsx = [p.relative_to(tmp_path / "one") for p in one if p.suffix == ".xlsx" and "scoring" in p.parts]
    assert xlsx

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}

    for rel in xlsx:
        assert parts(tmp_path / "one" / rel) == parts(tmp_path / "two" / rel), rel


def test_a_japanese_batch_reports_in_japanese(cli, tmp_path, monkeypatch):
    """Every line a batch of Japanese projects prints is Japanese: each project's result, a killed worker,
    a refused file, the summary (a mixed batch's summary stays English)."""
    kill_the_worker_of(monkeypatch, "b")
    example = (HERE.parent / "examples" / "ja-ec-order-center.yaml").read_text(encoding="utf-8")
    files = []
    for ident in "abc":
        path = tmp_path / f"{ident}.yaml"
        text = example.replace("  id: midori-order-center-2027", f"  id: {ident}", 1)
        path.write_text(text.replace("weight: 0", "weight: -1", 1) if ident == "c" else text, encoding="utf-8")
        files.append(path)
    result = cli("build", *files, "-o", tmp_path / "out", "--only", "rfp", "-j", "2")
    assert result.exit_code == 1
    assert (tmp_path / "out" / "a" / "a-rfp.docx").exists()
    assert f"作成完了：{files[0]}（" in result.stderr
    assert f"失敗：{files[1]}\n作成処理が完了前にシグナル9で強制終了された" in result.stderr
    assert f"失敗：{files[2]}\n" in result.stderr
    assert f"3件中2件のプロジェクトが失敗した：{files[1]}、{files[2]}（1件は作成完了）" in result.stderr
    assert "出力：" in result.stdout and "wrote" not in result.stdout
    assert "FAILED" not in result.stderr and "built" not in result.stderr
