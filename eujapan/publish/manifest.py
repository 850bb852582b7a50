"""Writers of manifest.json and SHA256SUMS, the last two files of a release."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from schemas.contract import columns
from schemas.tables import TABLES

from .database import database_info
from .diff import ReleaseDiff
from .layout import CHECKSUMS, MANIFEST, release_files, sha256_file


def write_manifest(
    folder: Path,
    tables: Mapping[str, pd.DataFrame],
    diff: ReleaseDiff,
    *,
    name: str,
    version: str,
    created: str,
    previous: str | None,
    extractor_version: str,
    quality: Mapping | None = None,
) -> None:
    """Build facts, row counts, columns and the size and checksum of every file written so far."""
    files = {
        p.name: {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
    data = {
        "name": name,
        "version": version,
        "created": created,
        "previous": previous,
        "bump": diff.bump,
        "reasons": diff.reasons,
        "extractor_version": extractor_version,
        "counts": {t: len(tables[t]) for t in TABLES},
        "changes": diff.counts(),
        "files": files,
        "columns": {t: [c.name for c in columns(t)] for t in TABLES},
        # Precision and recall per gold split and table (eujapan/quality.py); null without gold.
        "quality": dict(quality) if quality else None,
        # Which DuckDB wrote eu_japan.duckdb and which DuckDB versions can open it.
        "duckdb": database_info(),
        # Subfolders (explorer, texts) can hold thousands of files: counted here, and every file
        # is in SHA256SUMS.
        "folders": _folders(folder),
    }
    (folder / MANIFEST).write_text(
        json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def _folders(folder: Path) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name in release_files(folder):
        top, sep, _ = name.partition("/")
        if sep:
            entry = out.setdefault(top, {"files": 0, "bytes": 0})
            entry["files"] += 1
            entry["bytes"] += (folder / name).stat().st_size
    return out


def write_checksums(folder: Path) -> dict[str, dict[str, int | str]]:
    """SHA256SUMS over every file but itself; returns {name: {bytes, sha256}}."""
    files = {}
    for name in release_files(folder):  # subfolders too (explorer/, texts/), by relative path
        path = folder / name
        files[name] = {"bytes": path.stat().st_size, "sha256": sha256_file(path)}
    (folder / CHECKSUMS).write_text(
        "".join(f"{v['sha256']}  {k}\n" for k, v in files.items()), encoding="utf-8"
    )
    return files
