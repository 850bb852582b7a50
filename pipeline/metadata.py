"""Dagster metadata made from the Pandera models and from DataFrames."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from schemas.contract import columns

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
