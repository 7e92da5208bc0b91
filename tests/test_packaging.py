"""The wheel works on its own: built from the repository, installed in a fresh virtual environment and
run from another folder, it finds its schema, starters and templates without the checkout.

The runtime dependencies are not downloaded again for every test run: the fresh environment sees the
test environment's installed distributions through a path file (which exposes the packages but not
the editable rfpgen, whose hook only runs from a site directory), and the test checks that every
requirement the wheel declares is met there. Set RFPGEN_TEST_WHEEL_FROM_INDEX=1 to install the wheel
with its dependencies from the package index instead (slow the first time; pip's cache helps after).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

BIN = "Scripts" if os.name == "nt" else "bin"
FROM_INDEX = os.environ.get("RFPGEN_TEST_WHEEL_FROM_INDEX") == "1"
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", "*.pyc", "build", "dist", "*.egg-info",
                                   ".pytest_cache", ".hypothesis", "out", "instance", "node_modules")


def _run(args, cwd, timeout=300, **kw):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PYTHONNOUSERSITE"] = "1"
    env.update(kw.pop("env", {}))
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, **kw)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the working tree (so the build leaves no trace in the repository)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", source], cwd=work)
    (built,) = (work / "dist").glob("rfpgen-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (and nothing from the checkout)."""
    home = tmp_path_factory.mktemp("venv") / "env"
    python = home / BIN / ("python.exe" if os.name == "nt" else "python")
    if FROM_INDEX:
        _run([sys.executable, "-m", "venv", home], cwd=home.parent)
        _run([python, "-m", "pip", "install", "--quiet", wheel], cwd=home.parent, timeout=1800)
        return home
    _run([sys.executable, "-m", "venv", "--without-pip", home], cwd=home.parent)
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel],
         cwd=home.parent)
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=home.parent)
    here = {str(Path(p).resolve()) for p in sys.path if p.endswith("site-packages")}
    (Path(site.stdout.strip()) / "_test_dependencies.pth").write_text("\n".join(sorted(here)) + "\n")
    return home


def test_wheel_contains_the_package_its_data_and_the_top_level_folders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set()
    for path in (ROOT / "rfpgen").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            expected.add(path.relative_to(ROOT).as_posix())
    for path in (ROOT / "schemas").glob("*.json"):
        expected.add(f"rfpgen/schemas/{path.name}")
    for path in (ROOT / "templates").glob("*/*.docx"):
        expected.add(f"rfpgen/templates/{path.relative_to(ROOT / 'templates').as_posix()}")
    assert {"rfpgen/schemas/project.schema.json", "rfpgen/starter/ja.yaml", "rfpgen/starter/en.yaml"} <= expected
    missing = sorted(expected - names)
    assert not missing, ("files of the checkout missing from the wheel (add them to packages / package-data in "
                         "pyproject.toml):\n  " + "\n  ".join(missing))


def test_installed_wheel_runs_from_another_folder(venv, tmp_path):
    rfpgen = venv / BIN / "rfpgen"
    python = venv / BIN / "python"
    where = _run([python, "-c", "import rfpgen, sys; print(rfpgen.__file__); print(sys.prefix)"], cwd=tmp_path)
    module_file, prefix = where.stdout.split("\n")[:2]
    assert Path(module_file).resolve().is_relative_to(venv.resolve()), module_file
    assert not Path(module_file).resolve().is_relative_to(ROOT.resolve())
    assert Path(prefix).resolve() == venv.resolve()

    for lang in ("en", "ja"):
        _run([rfpgen, "init", "--lang", lang, f"p-{lang}.yaml"], cwd=tmp_path)
        result = _run([rfpgen, "validate", f"p-{lang}.yaml"], cwd=tmp_path)
        assert result.stdout == f"p-{lang}.yaml: {'有効' if lang == 'ja' else 'valid'}\n"

    schema = json.loads(_run([rfpgen, "schema"], cwd=tmp_path).stdout)
    assert schema["title"] == "rfpgen project file"
    assert _run([rfpgen, "--version"], cwd=tmp_path).stdout.startswith("rfpgen, version ")
    assert _run([python, "-m", "rfpgen", "--version"], cwd=tmp_path).stdout.startswith("rfpgen, version ")

    for example in EXAMPLES:
        shutil.copy(example, tmp_path / example.name)
        assert _run([rfpgen, "validate", example.name], cwd=tmp_path).stdout == f"{example.name}: {'有効' if example.name.startswith('ja-') else 'valid'}\n"


def test_installed_wheel_finds_its_data_inside_the_environment(venv, tmp_path):
    script = ("from rfpgen.resources import data_dir; from rfpgen.starter import STARTER_DIR; "
              "print(data_dir('schemas')); print(data_dir('templates')); print(STARTER_DIR)")
    found = _run([venv / BIN / "python", "-c", script], cwd=tmp_path).stdout.split()
    for folder in found:
        assert Path(folder).resolve().is_relative_to(venv.resolve()), folder
        assert Path(folder).is_dir()


@pytest.mark.optional
@pytest.mark.skipif(FROM_INDEX, reason="dependencies came from the package index")
def test_declared_dependencies_are_met_in_the_fresh_environment(venv, tmp_path):
    script = """
import importlib.metadata as md
from packaging.requirements import Requirement
dist = md.distribution("rfpgen")
problems = []
for spec in dist.requires or []:
    req = Requirement(spec)
    if req.marker and not req.marker.evaluate({"extra": ""}):
        continue
    try:
        version = md.version(req.name)
    except md.PackageNotFoundError:
        problems.append(f"{req.name}: not installed")
        continue
    if not req.specifier.contains(version, prereleases=True):
        problems.append(f"{req.name} {version} does not satisfy {req.specifier}")
print("\\n".join(problems) or "ok")
"""
    assert _run([venv / BIN / "python", "-c", script], cwd=tmp_path).stdout.strip() == "ok"
