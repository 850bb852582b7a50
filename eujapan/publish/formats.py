"""Whether the latest release was written in an older form than this publisher writes.

Same tables, but files an analyst now gets that the latest release lacks (a DuckDB file older
DuckDB versions can open, the explorer, CSV): worth a patch release, or nobody would get them
until the data changes.
"""

from __future__ import annotations

from pathlib import Path

from .database import STORAGE_VERSION
from .layout import read_manifest


def outdated_files(previous: Path) -> list[str]:
    """What `previous` lacks that a release written now has; empty when nothing.

    Only the DuckDB storage format is compared: every release has a database, while the other
    files depend on the writers a caller passes (the explorer and CSV came with the same change,
    so the first release in the new format brings them too).
    """
    duckdb = read_manifest(previous).get("duckdb") or {}
    if duckdb.get("storage_version") != STORAGE_VERSION:
        return [
            f"eu_japan.duckdb rewritten in storage format {STORAGE_VERSION}, readable by "
            "older DuckDB; explorer, source texts and CSV added"
        ]
    return []
