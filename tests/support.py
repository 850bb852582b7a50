"""Helpers test modules share: the test corpus, a real build into a temporary folder, Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from eujapan.cache import extract_all
from eujapan.extract import DocumentFacts, extract_document
from eujapan.sources import SourceDocument, load_catalogue, load_sources
from eujapan.tables import build_tables
from pipeline.cli import main

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"
MAX_SOURCE_BYTES = 5_000_000


@dataclass(frozen=True)
class Corpus:
    """Texts read from a sources folder, their facts and tables, built without Dagster."""

    documents: list[SourceDocument]
    facts: list[DocumentFacts]
    built: dict[str, pd.DataFrame]
    dataset: dict

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """A fresh copy of every table: a test may change its copy without touching others'."""
        return {name: df.copy() for name, df in self.built.items()}

    @property
    def texts(self) -> dict[str, str]:
        return {d.source_id: d.text for d in self.documents}


def build_corpus(sources: Path = SOURCES) -> Corpus:
    """The test corpus: every text of `sources` extracted (no cache) and built into tables."""
    documents = load_sources(sources, MAX_SOURCE_BYTES)
    facts, _, _ = extract_all(documents, None)
    dataset = load_catalogue(sources).get("dataset", {})
    return Corpus(documents, facts, build_tables(documents, facts), dataset)


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


def extract_grounded(text: str, source_id: str = "t") -> DocumentFacts:
    """The facts of a test text, after checking that every quote is the text at its offsets."""
    result = extract_document(source_id, text)
    for group in (result.mentions, result.milestones, result.deliverables):
        for fact in group:
            assert text[fact.char_start : fact.char_end] == fact.quote
    return result


def org_names(facts: DocumentFacts) -> set[str]:
    return {o.name for o in facts.organisations}
