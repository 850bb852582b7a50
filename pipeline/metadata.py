"""Dagster metadata made from the Pandera models and from DataFrames."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from eujapan.publish.procedure import PublishResult
from schemas.contract import columns
from schemas.tables import TABLES

MAX_PREVIEW_ROWS = 5


def column_schema(table: str) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=c.name,
                type=c.arrow or c.dtype,
                description=c.description,
                constraints=dg.TableColumnConstraints(nullable=c.nullable, unique=c.primary_key),
            )
            for c in columns(table)
        ]
    )


def _cell(value: object) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def markdown_preview(df: pd.DataFrame, rows: int = MAX_PREVIEW_ROWS) -> dg.MetadataValue:
    """A small Markdown table of the first rows (no extra dependency)."""
    head = df.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + " --- |" * len(head.columns)]
    lines += [
        "| " + " | ".join(_cell(v) for v in row) + " |" for row in head.itertuples(index=False)
    ]
    return dg.MetadataValue.md("\n".join(lines))


def violation_metadata(violations: list) -> dict[str, dg.MetadataValue]:
    """Failed-check metadata that names the table, column and failing rows."""
    if not violations:
        return {"failing_rows": dg.MetadataValue.int(0)}
    return {
        "failing_rows": dg.MetadataValue.int(sum(v.count for v in violations)),
        "failures": dg.MetadataValue.md("\n".join(f"- {v}" for v in violations)),
        "rows": dg.MetadataValue.json(
            [{"check": v.check, "column": v.column, "rows": v.rows} for v in violations]
        ),
    }


def facts_preview(facts: list, extracted: list[str], rows: int = 20) -> dg.MetadataValue:
    """Per text: extracted in this run or read from the cache, and what it gave. Extracted first."""
    done = set(extracted)
    frame = pd.DataFrame(
        [
            {
                "source_id": f.source_id,
                "this_run": "extracted" if f.source_id in done else "cached",
                "organisations": len(f.organisations),
                "mentions": len(f.mentions),
                "milestones": len(f.milestones),
                "deliverables": len(f.deliverables),
            }
            for f in sorted(facts, key=lambda f: (f.source_id not in done, f.source_id))
        ],
        columns=[
            "source_id",
            "this_run",
            "organisations",
            "mentions",
            "milestones",
            "deliverables",
        ],
    )
    return markdown_preview(frame, rows=rows)


def release_metadata(result: PublishResult, tables: dict[str, pd.DataFrame]) -> dict:
    """What `dataset_release` records: published or unchanged, version, bump and changes."""
    changes = result.diff.counts() if result.diff else {}
    return {
        "status": result.status,
        "version": result.version or "",
        "path": dg.MetadataValue.path(str(result.path) if result.path else ""),
        "previous": result.previous or "",
        "bump": (result.diff.bump if result.diff else None) or "none",
        "changes": dg.MetadataValue.json(changes),
        "preview": release_preview({t: len(tables[t]) for t in TABLES if t in tables}, changes),
    }


def release_preview(counts: dict[str, int], changes: dict[str, dict[str, int]]) -> dg.MetadataValue:
    """Rows per published table and what changed against the previous release."""
    frame = pd.DataFrame(
        [
            {
                "table": table,
                "rows": rows,
                **{k: changes.get(table, {}).get(k, 0) for k in ("added", "removed", "modified")},
            }
            for table, rows in counts.items()
        ],
        columns=["table", "rows", "added", "removed", "modified"],
    )
    return markdown_preview(frame, rows=len(frame))
