"""Release layout: versions, LATEST, resolving a release, which files are tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eujapan.publish import layout


def _release(releases: Path, version: str) -> Path:
    folder = releases / version
    folder.mkdir(parents=True)
    (folder / layout.MANIFEST).write_text(json.dumps({"version": version}), encoding="utf-8")
    return folder


def test_versions_sort_as_numbers_and_temporary_folders_are_not_releases(tmp_path) -> None:
    for version in ("v1.10.0", "v1.2.0", "v2.0.0"):
        _release(tmp_path, version)
    (tmp_path / f"{layout.TMP_PREFIX}v3.0.0-x").mkdir()
    assert [p.name for p in layout.list_releases(tmp_path)] == ["v1.2.0", "v1.10.0", "v2.0.0"]
    assert layout.parse_version("v1.10.0") == (1, 10, 0)
    assert layout.parse_version("1.10.0") is None


def test_latest_and_resolve(tmp_path) -> None:
    assert layout.latest_release(tmp_path) is None
    folder = _release(tmp_path, "v1.0.0")
    (tmp_path / layout.LATEST).write_text("v1.0.0\n", encoding="utf-8")
    assert layout.latest_release(tmp_path) == folder
    assert layout.resolve_release(tmp_path, "1.0.0") == folder
    assert layout.resolve_release(tmp_path, str(folder)) == folder
    with pytest.raises(FileNotFoundError, match=r"known: v1\.0\.0"):
        layout.resolve_release(tmp_path, "v9.9.9")
    (tmp_path / layout.LATEST).write_text("v2.0.0\n", encoding="utf-8")
    with pytest.raises(layout.PublishError, match="not a complete release"):
        layout.latest_release(tmp_path)


def test_changes_parquet_is_not_a_table(tmp_path) -> None:
    for name in ("sources.parquet", layout.CHANGES, "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert list(layout.table_files(tmp_path)) == ["sources"]
    assert layout.table_file("sources") == "sources.parquet"
