"""Shared fixtures: where the repository and its examples are, and running the CLI in-process."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


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
