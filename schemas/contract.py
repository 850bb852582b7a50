"""The models' declarations read back as plain values: columns in published order, keys, types.

Every consumer (the table builder, Dagster column schemas and checks, the publisher, DuckDB DDL
and comments, the data dictionary and the Frictionless descriptor) reads the models through
these helpers, so nothing is said twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa_arrow

from .base import Contract, WarningCheck
from .tables import TABLES


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    dtype: str  # Pandera dtype as text
    nullable: bool
    description: str
    primary_key: bool = False
    foreign_key: str | None = None  # "table.column"
    arrow: str | None = None  # override for list columns
    # The values a coded column may take (its Pandera `isin` check), in the model's order; None
    # for free columns. DuckDB makes them an ENUM, the descriptor an `enum` constraint.
    allowed: tuple[str, ...] | None = None

    def described(self) -> str:
        """The description with the allowed values spelled out (comments, data dictionary)."""
        if not self.allowed:
            return self.description
        return f"{self.description} Allowed values: {', '.join(self.allowed)}."

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

    @property
    def duckdb_type(self) -> str:
        if self.arrow == "list<string>":
            return "VARCHAR[]"
        return {"int64": "BIGINT", "Int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN"}.get(
            self.dtype, "VARCHAR"
        )


def contract(table: str) -> Contract:
    return TABLES[table].__contract__


def describe(table: str) -> str:
    return " ".join((TABLES[table].__doc__ or table).split())


def columns(table: str) -> list[ColumnSpec]:
    """Column specs in the published order the model declares."""
    schema = TABLES[table].to_schema()
    order = contract(table).columns
    if sorted(order) != sorted(schema.columns):
        raise ValueError(
            f"{table}: __contract__.columns {list(order)} do not match the model's fields "
            f"{list(schema.columns)}"
        )
    specs = []
    for name in order:
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
                allowed=_allowed_values(col),
            )
        )
    return specs


def _allowed_values(col: object) -> tuple[str, ...] | None:
    for check in getattr(col, "checks", None) or []:
        if check.name == "isin":
            return tuple(str(v) for v in check.statistics["allowed_values"])
    return None


def column_order(table: str) -> list[str]:
    return list(contract(table).columns)


def primary_key(table: str) -> str:
    return next(c.name for c in columns(table) if c.primary_key)


def grounded_tables() -> tuple[str, ...]:
    """Tables whose every row quotes its source text."""
    return tuple(t for t in TABLES if contract(t).grounded)


def warning_checks(table: str) -> tuple[WarningCheck, ...]:
    return contract(table).warnings


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
