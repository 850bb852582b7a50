"""What the Pandera models promise, turned into checks, Arrow types and readable errors.

Every consumer (Dagster checks, the publisher, the DuckDB comments, the data dictionary and
the Frictionless descriptor) reads the models through these helpers, so nothing is said twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from .tables import TABLES

GROUNDED_TABLES = ("organisation_mentions", "milestones", "deliverables")
MAX_ROWS_IN_MESSAGE = 10


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    dtype: str  # Pandera dtype as text
    nullable: bool
    description: str
    primary_key: bool = False
    foreign_key: str | None = None  # "table.column"
    arrow: str | None = None  # override for list columns

    @property
    def arrow_type(self) -> pa_arrow.DataType:
        if self.arrow == "list<string>":
            return pa_arrow.list_(pa_arrow.string())
        return {
            "int64": pa_arrow.int64(),
            "Int64": pa_arrow.int64(),
            "float64": pa_arrow.float64(),
            "bool": pa_arrow.bool_(),
        }.get(self.dtype, pa_arrow.string())

    @property
    def frictionless_type(self) -> str:
        if self.arrow == "list<string>":
            return "array"
        return {"int64": "integer", "Int64": "integer", "float64": "number", "bool": "boolean"}.get(
            self.dtype, "string"
        )


@dataclass
class Violation:
    """One failed check: which table, which check, which column, which rows."""

    table: str
    check: str
    column: str | None
    rows: list[dict] = field(default_factory=list)
    count: int = 0

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        shown = "; ".join(str(r) for r in self.rows[:MAX_ROWS_IN_MESSAGE])
        more = (
            f" (+{self.count - MAX_ROWS_IN_MESSAGE} more)"
            if self.count > MAX_ROWS_IN_MESSAGE
            else ""
        )
        return f"{where}: check '{self.check}' failed on {self.count} row(s): {shown}{more}"


class ValidationFailed(ValueError):
    """Raised when any table breaks its contract; nothing may be published."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__(
            "validation failed, nothing published:\n" + "\n".join(f"  - {v}" for v in violations)
        )


def describe(table: str) -> str:
    return " ".join((TABLES[table].__doc__ or table).split())


def columns(table: str) -> list[ColumnSpec]:
    """Column specs in the published order."""
    from eujapan.tables import column_order  # published order lives with the table builder

    schema = TABLES[table].to_schema()
    specs = []
    for name in column_order(table):
        col = schema.columns[name]
        meta = col.metadata or {}
        dtype = str(col.dtype)
        specs.append(
            ColumnSpec(
                name=name,
                dtype="str" if dtype in {"str", "string[pyarrow]", "string"} else dtype,
                nullable=bool(col.nullable),
                description=col.description or "",
                primary_key=bool(meta.get("primary_key")),
                foreign_key=meta.get("foreign_key"),
                arrow=meta.get("arrow"),
            )
        )
    return specs


def arrow_schema(table: str) -> pa_arrow.Schema:
    """The Parquet schema of a table, with descriptions as field metadata."""
    fields = [
        pa_arrow.field(
            c.name,
            c.arrow_type,
            nullable=c.nullable,
            metadata={"description": c.description},
        )
        for c in columns(table)
    ]
    return pa_arrow.schema(fields, metadata={"description": describe(table)})


def _rows(df: pd.DataFrame, index, cols: list[str]) -> list[dict]:
    keep = [c for c in cols if c in df.columns]
    return [
        {"row": int(i), **{c: _plain(df.at[i, c]) for c in keep}}
        for i in list(index)[:MAX_ROWS_IN_MESSAGE]
    ]


def _plain(value):
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    if hasattr(value, "item"):
        return value.item()
    return value


def schema_violations(table: str, df: pd.DataFrame) -> list[Violation]:
    """Pandera validation of one table, as Violations naming check, column and rows."""
    try:
        TABLES[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out: list[Violation] = []
        fc = exc.failure_cases
        for (check, column), group in fc.groupby(["check", "column"], dropna=False, sort=True):
            col = None if pd.isna(column) else str(column)
            idx = [i for i in group["index"].tolist() if i is not None and not pd.isna(i)]
            pk = [c for c in df.columns if c.endswith("_id")][:1]
            rows = (
                _rows(
                    df, sorted(set(int(i) for i in idx)), pk + ([col] if col in df.columns else [])
                )
                if idx
                else [{"failure_case": _plain(v)} for v in group["failure_case"].head(5)]
            )
            out.append(Violation(table, str(check), col, rows, max(len(idx), len(group))))
        return out
    except pa.errors.SchemaError as exc:  # pragma: no cover - lazy=True raises SchemaErrors
        return [Violation(table, "schema", None, [{"error": str(exc)}], 1)]
    return []


def unique_key_violations(table: str, df: pd.DataFrame) -> list[Violation]:
    pk = next(c.name for c in columns(table) if c.primary_key)
    if pk not in df.columns:
        return [Violation(table, "primary_key_present", pk, [], 1)]
    dup = df[df[pk].duplicated(keep=False)]
    return (
        [Violation(table, "unique_id", pk, _rows(df, dup.index, [pk]), len(dup))]
        if len(dup)
        else []
    )


def foreign_key_violations(tables: Mapping[str, pd.DataFrame]) -> list[Violation]:
    """Every foreign key value exists in the table it points to."""
    out = []
    for table, df in tables.items():
        for col in columns(table):
            if not col.foreign_key or col.name not in df.columns:
                continue
            target_table, target_col = col.foreign_key.split(".")
            target = tables.get(target_table)
            known = set(target[target_col]) if target is not None else set()
            values = df[col.name]
            bad = df[values.notna() & ~values.isin(known)]
            if len(bad):
                out.append(
                    Violation(
                        table,
                        f"foreign_key -> {col.foreign_key}",
                        col.name,
                        _rows(df, bad.index, [col.name]),
                        len(bad),
                    )
                )
    return out


def grounding_violations(table: str, df: pd.DataFrame, texts: Mapping[str, str]) -> list[Violation]:
    """Every quote equals the slice of its source text at its offsets."""
    if table not in GROUNDED_TABLES or df.empty:
        return []
    bad = []
    # Plain lists: iterating Arrow-backed string columns element by element is ~10x slower.
    columns_ = [df[c].tolist() for c in ("source_id", "char_start", "char_end", "quote")]
    for i, source_id, start, end, quote in zip(df.index.tolist(), *columns_, strict=True):
        text = texts.get(source_id)
        if text is None or text[int(start) : int(end)] != quote:
            bad.append(i)
    if not bad:
        return []
    return [
        Violation(
            table,
            "quote_equals_source_slice",
            "quote",
            _rows(df, bad, ["source_id", "char_start", "char_end", "quote"]),
            len(bad),
        )
    ]


def all_violations(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> list[Violation]:
    """Every contract check over every table: schema, keys, references, grounding."""
    out: list[Violation] = []
    for name in TABLES:
        if name not in tables:
            out.append(Violation(name, "table_present", None, [], 1))
            continue
        out += schema_violations(name, tables[name])
        out += unique_key_violations(name, tables[name])
        out += grounding_violations(name, tables[name], texts)
    out += foreign_key_violations(tables)
    return out


def validate_all(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> None:
    """Raise ValidationFailed naming every broken check, or return quietly."""
    violations = all_violations(tables, texts)
    if violations:
        raise ValidationFailed(violations)
