"""Shared fixtures: where the repository and its examples are, and running the CLI in-process."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from services import fresh_postgres_url, postgres_url, redis_url  # noqa: F401  (real servers, tests/services.py)

ROOT = Path(__file__).resolve().parent.parent

# staffing plans kept between builds (rfpgen.staffing_cache) go to a folder of this test run, not the user's
_PLAN_CACHE = tempfile.mkdtemp(prefix="rfpgen-test-cache-")
os.environ.setdefault("RFPGEN_CACHE_DIR", _PLAN_CACHE)
atexit.register(shutil.rmtree, _PLAN_CACHE, True)
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# The smallest valid project, in two halves so tests can put sections between them.
MINIMAL_HEAD = """\
schema_version: 1
project:
  id: demo
  title: Demo
  client:
    name: Demo Ltd
  language: en
  version: "1.0"
"""
MINIMAL_TAIL = """\
evaluation:
  criteria:
    - id: Q1
      name: Quality
      weight: 100
      description: How the work is run.
  price:
    formula: relative_to_lowest
"""


@pytest.fixture(scope="session", autouse=True)
def one_office():
    """The session's PDF conversions share one LibreOffice per worker (rfpgen.documents.pdf.kept_office),
    started at the first: a new one per conversion cost seconds each."""
    from rfpgen.documents.pdf import kept_office

    with kept_office():
        yield


@pytest.fixture(scope="module")
def ja():
    """The Japanese example project, loaded once per test module."""
    from documents_support import JA
    from rfpgen.validation import load_project

    return load_project(JA)


@pytest.fixture(scope="module")
def en():
    """The English example project, loaded once per test module."""
    from documents_support import EN
    from rfpgen.validation import load_project

    return load_project(EN)


@pytest.fixture
def cli():
    """Run `rfpgen ARGS...` in-process; an unexpected exception fails the test instead of being swallowed."""
    from rfpgen.cli import main

    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def write_yaml(tmp_path):
    """Write (dedented) YAML text or raw bytes to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "project.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return write


# In CI everything the tests need (LibreOffice, chromium, PostgreSQL) is installed, so a test that
# skips there hides a broken install step: it fails instead, unless it is marked optional.
def pytest_configure(config):
    config.addinivalue_line("markers", "optional: may skip in CI too (needs an opt-in setting)")


def pytest_collection_modifyitems(items):
    """Files with slow tests first, most slow tests first, then the rest, largest first: xdist hands out
    whole files in this order (`--dist loadfile --no-loadscope-reorder`), so the long files start at
    once and the short ones fill the gaps. Ordered by test count alone, a file of four long tests
    (the browser walk-throughs, the property tests) came last and ran alone while the other cores idled."""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)

    def weight(tests):
        slow = sum(1 for test in tests if test.get_closest_marker("slow"))
        return (not slow, -slow, -len(tests))

    items[:] = [item for tests in sorted(files.values(), key=weight) for item in tests]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not item.get_closest_marker("optional") \
            and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every program the tests need is installed: {reason}"


@pytest.fixture
def app(tmp_path):
    """The wizard app on a temporary instance folder (tests/web_support.py)."""
    from web_support import make_app

    app = make_app(tmp_path)
    yield app
    app.extensions["rfpgen_store"].dispose()


@pytest.fixture
def wizard(app):
    """A browser-like client of the wizard (tests/web_support.py)."""
    from web_support import Wizard

    return Wizard(app)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The wizard served by waitress on a free loopback port, for the browser tests."""
    import threading

    from waitress.server import create_server
    from web_support import make_app

    app = make_app(tmp_path_factory.mktemp("browser"))
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{wsgi.effective_port}"
    wsgi.close()
    app.extensions["rfpgen_store"].dispose()
