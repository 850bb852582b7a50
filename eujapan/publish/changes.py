"""Writer of changes.parquet: one row per fact added, removed or modified against the last release."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .diff import Change

SCHEMA = pa.schema(
    [
        pa.field(
            "table",
            pa.string(),
            nullable=False,
            metadata={"description": "Published table the fact belongs to."},
        ),
        pa.field(
            "id",
            pa.string(),
            nullable=False,
            metadata={"description": "Primary key of the fact in that table."},
        ),
        pa.field(
            "change",
            pa.string(),
            nullable=False,
            metadata={"description": "added, removed or modified against the previous release."},
        ),
        pa.field(
            "columns",
            pa.list_(pa.string()),
            nullable=False,
            metadata={"description": "For modified facts, the columns whose values changed."},
        ),
    ],
    metadata={"description": "Fact-level changes against the previous release."},
)


def write_changes(changes: list[Change], path: Path) -> None:
    ordered = sorted(changes, key=attrgetter("table", "change", "id"))
    arrow = pa.Table.from_pydict(
        {
            "table": [c.table for c in ordered],
            "id": [c.id for c in ordered],
            "change": [c.change for c in ordered],
            "columns": [c.columns for c in ordered],
        },
        schema=SCHEMA,
    )
    pq.write_table(arrow, path, compression="zstd", store_schema=False)
