"""Whether the latest release was written in an older form than this publisher writes.

Same tables, but files an analyst now gets that the latest release lacks (a DuckDB file older
DuckDB versions can open, the explorer, CSV): worth a patch release, or nobody would get them
until the data changes.
"""

from __future__ import annotations

from pathlib import Path

from schemas.tables import TABLES

from .csv_files import csv_file
from .database import STORAGE_VERSION
from .explorer import EXPLORER
from .layout import read_manifest


def outdated_files(previous: Path) -> list[str]:
    """What `previous` lacks that a release written now has; empty when nothing."""
    reasons = []
    duckdb = read_manifest(previous).get("duckdb") or {}
    if duckdb.get("storage_version") != STORAGE_VERSION:
        reasons.append(f"eu_japan.duckdb rewritten in storage format {STORAGE_VERSION}")
    if not (previous / EXPLORER / "index.html").is_file():
        reasons.append("explorer and source texts added")
    if not all((previous / csv_file(t)).is_file() for t in TABLES):
        reasons.append("CSV copy of every table added")
    return reasons
