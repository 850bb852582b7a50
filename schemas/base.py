"""What every table model shares: the contract slots Pandera has no room for, and field helpers.

A model says everything about its table next to its fields. Pandera reads the fields; the rest
of the project reads `__contract__` (column order, grounding, warning checks) and the field
`metadata` (`primary_key`, `foreign_key` as "table.column", `arrow` for list columns), always
through `schemas.contract`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

ID_PATTERN = r"^[a-z]+_[0-9a-f]{16}$"
SOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
GROUNDING_COLUMNS = ("source_id", "char_start", "char_end", "quote")


@dataclass(frozen=True)
class ShrinkWarning:
    """Warn when the table has lost more than `max_share` of its rows against the latest release."""

    max_share: float
    name: str = "row_count_vs_latest_release"

    def description(self, table: str) -> str:
        return (
            f"Warns when {table} shrinks by more than {self.max_share:.0%} against the latest "
            "release."
        )


@dataclass(frozen=True)
class UnattributedWarning:
    """Warn when more than `max_share` of the rows have no organisation (`org_id` null)."""

    max_share: float
    name: str = "facts_with_organisation"

    def description(self, table: str) -> str:
        return f"Warns when more than {self.max_share:.0%} of {table} have no organisation."


@dataclass(frozen=True)
class SingleSourceWarning:
    """Warn when more than `max_share` of the rows name one source only in `source_ids`.

    Most organisations are named by one text (83 % of them over the 42 texts of v1.1.0), so a
    warning per such row fired on every healthy build. What is worth a look is the share going
    up to nearly all of them: organisations no longer joined across sources. Below
    `min_sources` texts in the table the share says nothing, and the check passes.
    """

    max_share: float = 0.9
    min_sources: int = 5
    name: str = "organisations_in_one_source"

    def description(self, table: str) -> str:
        return (
            f"Warns when more than {self.max_share:.0%} of {table} are named by one source only "
            f"(not joined across sources), once they come from {self.min_sources} sources or more."
        )


WarningCheck = ShrinkWarning | UnattributedWarning | SingleSourceWarning
# A table losing more than this share of rows against LATEST is suspicious, whatever the table.
SHRINK = ShrinkWarning(max_share=0.2)


@dataclass(frozen=True)
class Contract:
    """The model's promises beyond Pandera's: published name and column order, grounding, warnings."""

    table: str
    columns: tuple[str, ...]  # published column order (Parquet, DuckDB, descriptor, dictionary)
    grounded: bool = False  # every row quotes its source text at char_start:char_end
    warnings: tuple[WarningCheck, ...] = (SHRINK,)


class TableModel(pa.DataFrameModel):
    """Base of every published table: no column outside the model is accepted."""

    __contract__: Contract  # set by every concrete model

    class Config:
        strict = True
        ordered = False


def primary_key(description: str, **kwargs: object) -> object:
    """The table's primary key: unique, never null."""
    return pa.Field(description=description, unique=True, metadata={"primary_key": True}, **kwargs)


def foreign_key(target: str, description: str, **kwargs: object) -> object:
    """A reference to `target` ("table.column"); null allowed only if `nullable=True` is passed."""
    return pa.Field(description=description, metadata={"foreign_key": target}, **kwargs)


def string_list(description: str) -> object:
    """A list-of-strings column (Pandera sees objects; Parquet gets list<string>)."""
    return pa.Field(description=description, metadata={"arrow": "list<string>"})
