"""Shared fixtures: every test writes into its own temporary folders, never into outputs/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support import REPO, SOURCES, Corpus, build_corpus

# The suite builds dozens of throw-away releases: not recording them in Dagster saves ~2.5 s each
# (subprocesses inherit this). tests/unit/pipeline/test_dagster.py checks the recording itself.
os.environ.setdefault("EUJAPAN_BUILD_RECORD", "0")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """Dagster state and default outputs go to a temporary folder for every test."""
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO / "pipeline" / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DAGSTER_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("EUJAPAN_OUTPUTS_DIR", str(tmp_path_factory.mktemp("outputs_default")))


@pytest.fixture
def sources_copy(tmp_path) -> Path:
    """A private copy of the real sources folder that a test may change."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)
    return target


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The real sources, extracted and built once per test run (tables are copied on access)."""
    return build_corpus()


@pytest.fixture
def outputs(tmp_path) -> Path:
    return tmp_path / "outputs"


EVALUATION = pytest.StashKey[list[str]]()


@pytest.fixture
def report(request):
    """Collects text for the end-of-run summary (precision and recall tables)."""
    lines = request.config.stash.setdefault(EVALUATION, [])
    return lines.append


def pytest_terminal_summary(terminalreporter, config) -> None:
    lines = config.stash.get(EVALUATION, [])
    if lines:
        terminalreporter.section("extraction against hand-annotated gold facts")
        for line in lines:
            terminalreporter.write_line(line)
