"""Every check of the contract in one function: `check_all(tables, texts)`.

Blocking checks (schema, unique key, grounding, foreign keys) stop a release; warning checks
(declared with their thresholds in each model's `__contract__`) only report. The Dagster asset
checks and the publisher's final gate both call `check_all`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from .base import ShrinkWarning, SingleSourceWarning, UnattributedWarning, WarningCheck
from .contract import columns, contract, primary_key, warning_checks
from .tables import TABLES

MAX_ROWS_IN_MESSAGE = 10


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


@dataclass(frozen=True)
class CheckSpec:
    """A check that runs on a table: its name, whether it blocks a release, what it tests."""

    table: str
    name: str
    blocking: bool
    description: str


@dataclass
class CheckResult:
    """The outcome of one check on one table."""

    spec: CheckSpec
    violations: list[Violation] = field(default_factory=list)  # blocking checks
    warned: bool = False  # warning checks
    details: dict[str, object] = field(default_factory=dict)  # figures behind a warning
    rows: pd.DataFrame | None = None  # the rows a warning is about

    @property
    def passed(self) -> bool:
        return not self.violations and not self.warned


def check_specs() -> list[CheckSpec]:
    """Every check `check_all` runs, per table: blocking ones first, then the model's warnings."""
    specs = []
    for table in TABLES:
        specs += [
            CheckSpec(
                table,
                "schema",
                True,
                f"{table} passes its Pandera model (types, nulls, ranges, allowed values).",
            ),
            CheckSpec(table, "unique_id", True, f"Primary key of {table} is unique."),
        ]
        if contract(table).grounded:
            specs.append(
                CheckSpec(
                    table,
                    "quotes_grounded",
                    True,
                    "Every quote equals the source text sliced at its offsets.",
                )
            )
        if any(c.foreign_key for c in columns(table)):
            specs.append(
                CheckSpec(
                    table,
                    "foreign_keys",
                    True,
                    "Every referenced id exists in the referenced table.",
                )
            )
        specs += [
            CheckSpec(table, w.name, False, w.description(table)) for w in warning_checks(table)
        ]
    return specs


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
    pk = primary_key(table)
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
    if not contract(table).grounded or df.empty:
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


def _warn(
    check: WarningCheck, spec: CheckSpec, df: pd.DataFrame, previous_counts: Mapping[str, int]
) -> CheckResult:
    if isinstance(check, ShrinkWarning):
        before = previous_counts.get(spec.table)
        shrink = (before - len(df)) / before if before else 0.0
        details = {
            "rows": len(df),
            "rows_in_latest_release": before or 0,
            "shrink_share": round(shrink, 4),
        }
        return CheckResult(spec, warned=shrink > check.max_share, details=details)
    if isinstance(check, UnattributedWarning):
        missing = df[df["org_id"].isna()]
        share = len(missing) / len(df) if len(df) else 0.0
        rows = missing[[primary_key(spec.table), "source_id", "quote"]]
        return CheckResult(
            spec,
            warned=share > check.max_share,
            details={"share_without_organisation": round(share, 4)},
            rows=rows,
        )
    if isinstance(check, SingleSourceWarning):
        single = df[df["source_ids"].map(len) == 1]
        rows = single[[primary_key(spec.table), "name", "source_ids"]]
        share = len(single) / len(df) if len(df) else 0.0
        sources = len({s for ids in df["source_ids"] for s in ids})
        return CheckResult(
            spec,
            warned=sources >= check.min_sources and share > check.max_share,
            details={
                "count": len(single),
                "share_in_one_source": round(share, 4),
                "max_share": check.max_share,
                "sources": sources,
            },
            rows=rows,
        )
    raise TypeError(f"no implementation for warning check {check!r}")


def check_all(
    tables: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    previous_counts: Mapping[str, int] | None = None,
) -> dict[str, dict[str, CheckResult]]:
    """Every check of every table, by table and check name (see `check_specs`).

    `previous_counts` (rows per table in the latest release) feeds the shrink warnings; without
    it they pass. A missing table fails its `schema` check.
    """
    previous_counts = previous_counts or {}
    fk = foreign_key_violations({t: df for t, df in tables.items() if t in TABLES})
    warnings = {(t, w.name): w for t in TABLES for w in warning_checks(t)}
    out: dict[str, dict[str, CheckResult]] = {t: {} for t in TABLES}
    for spec in check_specs():
        df = tables.get(spec.table)
        if df is None:
            missing = [Violation(spec.table, "table_present", None, [], 1)]
            out[spec.table][spec.name] = CheckResult(
                spec, violations=missing if spec.name == "schema" else []
            )
            continue
        if spec.name == "schema":
            result = CheckResult(spec, schema_violations(spec.table, df))
        elif spec.name == "unique_id":
            result = CheckResult(spec, unique_key_violations(spec.table, df))
        elif spec.name == "quotes_grounded":
            result = CheckResult(spec, grounding_violations(spec.table, df, texts))
        elif spec.name == "foreign_keys":
            result = CheckResult(spec, [v for v in fk if v.table == spec.table])
        else:
            result = _warn(warnings[(spec.table, spec.name)], spec, df, previous_counts)
        out[spec.table][spec.name] = result
    return out


def blocking_violations(report: Mapping[str, Mapping[str, CheckResult]]) -> list[Violation]:
    """The violations of blocking checks in a `check_all` report: what stops a release."""
    return [v for by_check in report.values() for r in by_check.values() for v in r.violations]


def all_violations(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> list[Violation]:
    """Every violation of a blocking check, over every table."""
    return blocking_violations(check_all(tables, texts))


def validate_all(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> None:
    """Raise ValidationFailed naming every broken check, or return quietly."""
    violations = all_violations(tables, texts)
    if violations:
        raise ValidationFailed(violations)
