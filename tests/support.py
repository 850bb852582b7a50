"""Helpers several test modules share: a real build into a temporary folder, headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main

REPO = Path(__file__).resolve().parents[1]

# Chromium as root in a sandbox with no network: the flags the machine's probe found necessary.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build(sources: Path, outputs: Path, home: Path) -> int:
    """`eujapan build` with its own DAGSTER_HOME (module fixtures run outside monkeypatch)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(home))
        mp.setenv("DAGSTER_DISABLE_TELEMETRY", "1")
        return main(["build", "--sources", str(sources), "--outputs", str(outputs)])


def build_real_sources(base: Path) -> Path:
    """Build the repository's sources into base/outputs; return that outputs folder."""
    outputs = base / "outputs"
    assert build(REPO / "sources", outputs, base / "dagster_home") == 0
    return outputs
