"""Content-made IDs: stable across runs and when sources are added."""

from __future__ import annotations

import shutil
from pathlib import Path

from eujapan.extract import extract_document
from eujapan.sources import load_sources
from eujapan.tables import build_tables
from tests.support import REPO


def _tables(folder: Path):
    docs = load_sources(folder, 5_000_000)
    return build_tables(docs, [extract_document(d.source_id, d.text) for d in docs])


def test_same_input_same_ids() -> None:
    a, b = _tables(REPO / "sources"), _tables(REPO / "sources")
    for name in a:
        assert a[name].equals(b[name]), name


def test_ids_survive_adding_a_source(tmp_path) -> None:
    before = _tables(REPO / "sources")
    folder = tmp_path / "sources"
    shutil.copytree(REPO / "sources", folder)
    (folder / "new_note.txt").write_text(
        "The Japan External Trade Organization (JETRO) opened a desk in Vienna in 2021, "
        "and the Austrian Economic Chamber hosted 40 Japanese companies.",
        encoding="utf-8",
    )
    after = _tables(folder)
    for name, key in [
        ("organisations", "org_id"),
        ("milestones", "milestone_id"),
        ("deliverables", "deliverable_id"),
        ("organisation_mentions", "mention_id"),
    ]:
        assert set(before[name][key]) <= set(after[name][key]), name
    jetro = after["organisations"].set_index("name").loc["Japan External Trade Organization"]
    assert "new_note" in list(jetro["source_ids"])
    assert len(after["organisations"]) > len(before["organisations"])


def test_file_without_catalogue_entry_gets_defaults(tmp_path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "Press_Release-2024.txt").write_text("The Centre opened in 1987.", encoding="utf-8")
    (doc,) = load_sources(folder, 1000)
    assert (doc.source_id, doc.licence, doc.in_catalogue) == (
        "Press_Release-2024",
        "unknown",
        False,
    )
    assert doc.title == "Press release 2024"


def test_bad_size_limit_setting_is_named(monkeypatch, capsys) -> None:
    from pipeline.cli import main

    monkeypatch.setenv("EUJAPAN_MAX_SOURCE_BYTES", "lots")
    assert main(["build"]) == 2
    assert "EUJAPAN_MAX_SOURCE_BYTES='lots'" in capsys.readouterr().err
