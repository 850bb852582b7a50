"""The one comparison of two releases: fact-level changes and the version bump they imply.

Publishing (new tables against LATEST), `eujapan diff` (two release folders) and the changelog
all use `diff_tables`, so the version rules exist once:
- major: a table or column removed, or a column's type changed;
- minor: a table or column added, facts added or removed;
- patch: values of existing facts corrected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.contract import arrow_schema, primary_key
from schemas.tables import TABLES

from ..bulk import collector_paused
from .layout import parse_version, table_files
from .parquet import read_schema, read_table

_BUMPS = {0: None, 1: "patch", 2: "minor", 3: "major"}


@dataclass
class Change:
    table: str
    id: str
    change: str  # added / removed / modified
    columns: list[str] = field(default_factory=list)


@dataclass
class ReleaseDiff:
    bump: str | None  # "initial", "major", "minor", "patch" or None for no change
    reasons: list[str]
    changes: list[Change]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.table, {"added": 0, "removed": 0, "modified": 0})[c.change] += 1
        return out


def next_version(previous: str | None, bump: str) -> str:
    if previous is None:
        return "v1.0.0"
    major, minor, patch = parse_version(previous)
    if bump == "major":
        return f"v{major + 1}.0.0"
    if bump == "minor":
        return f"v{major}.{minor + 1}.0"
    return f"v{major}.{minor}.{patch + 1}"


def _normalise(value):
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is pd.NA:
        return None
    return value


_PLAIN = (str, int, float, bool)


def _differ(old, new) -> bool:
    """`_normalise(old) != _normalise(new)`, answered at once for equal plain values."""
    if type(old) is type(new) and type(old) in _PLAIN and old == new:
        return False
    return _normalise(old) != _normalise(new)


def _comparable(series: pd.Series, at: np.ndarray) -> np.ndarray:
    """The values at `at` as an object array: missing values None, arrays as tuples."""
    values = series.to_numpy(dtype=object, na_value=None)[at]
    values[pd.isna(series).to_numpy()[at]] = None
    if any(isinstance(v, list | tuple | np.ndarray) for v in values[:1000]):
        values = np.array(
            [
                tuple(v.tolist() if hasattr(v, "tolist") else v) if v is not None else None
                for v in values
            ]
            + [None],
            dtype=object,
        )[:-1]  # the extra None keeps numpy from building a 2-D array out of equal-length tuples
    return values


def _modified_positions(
    old: pd.Series, new: pd.Series, at_old: np.ndarray, at_new: np.ndarray
) -> list[int]:
    """Positions n where old[at_old[n]] and new[at_new[n]] differ, compared column-wise in C;
    the few candidates are confirmed value by value with `_differ`."""
    if not len(at_old):
        return []
    a, b = _comparable(old, at_old), _comparable(new, at_new)
    candidates = np.flatnonzero(a != b)
    if not len(candidates):
        return []
    old_values, new_values = old.tolist(), new.tolist()
    return [int(n) for n in candidates if _differ(old_values[at_old[n]], new_values[at_new[n]])]


def _key_column(table: str, old_names: list[str], new_names: list[str]) -> str:
    """The primary key: the model's, if both sides have it, else the first column (our order)."""
    if table in TABLES:
        pk = primary_key(table)
        if pk in old_names and pk in new_names:
            return pk
    return new_names[0]


def diff_tables(
    previous: Path | None,
    tables: Mapping[str, pd.DataFrame],
    schemas: Mapping[str, pa.Schema] | None = None,
) -> ReleaseDiff:
    """How `tables` differ from the release folder `previous`, and the version bump that implies.

    `schemas` are the Arrow schemas the new tables are (or will be) written with; by default the
    models' own."""
    with collector_paused():
        return _diff(previous, tables, schemas or {t: arrow_schema(t) for t in tables})


def _diff(
    previous: Path | None, tables: Mapping[str, pd.DataFrame], schemas: Mapping[str, pa.Schema]
) -> ReleaseDiff:
    if previous is None:
        changes = [
            Change(t, str(i), "added")
            for t, df in tables.items()
            for i in df[_key_column(t, list(df.columns), list(df.columns))].tolist()
        ]
        # Not a bump of anything: the first release is "initial" (it still gets v1.0.0).
        return ReleaseDiff("initial", ["first release"], changes)
    reasons: list[str] = []
    rank = 0  # 3 major, 2 minor, 1 patch
    changes: list[Change] = []
    old_files = table_files(previous)
    for table in sorted(set(tables) | set(old_files)):
        if table not in tables:
            reasons.append(f"table {table} removed")
            rank = max(rank, 3)
            continue
        new = tables[table]
        if table not in old_files:
            reasons.append(f"table {table} added")
            rank = max(rank, 2)
            key = _key_column(table, list(new.columns), list(new.columns))
            changes += [Change(table, str(i), "added") for i in new[key].tolist()]
            continue
        old_cols = {f.name: f.type for f in read_schema(old_files[table])}
        new_cols = {f.name: f.type for f in schemas[table]}
        for col in old_cols:
            if col not in new_cols:
                reasons.append(f"column {table}.{col} removed or renamed")
                rank = max(rank, 3)
            elif old_cols[col] != new_cols[col]:
                reasons.append(
                    f"column {table}.{col} changed type {old_cols[col]} -> {new_cols[col]}"
                )
                rank = max(rank, 3)
        for col in new_cols:
            if col not in old_cols:
                reasons.append(f"column {table}.{col} added")
                rank = max(rank, 2)
        key = _key_column(table, list(old_cols), list(new_cols))
        old = read_table(previous, table)
        # Arrow strings iterate ~10x slower than a plain list.
        old_rows = {str(k): i for i, k in enumerate(old[key].tolist())}
        new_rows = {str(k): i for i, k in enumerate(new[key].tolist())}
        shared_cols = [c for c in new_cols if c in old_cols and c != key]
        changes += [Change(table, k, "added") for k in sorted(new_rows.keys() - old_rows.keys())]
        changes += [Change(table, k, "removed") for k in sorted(old_rows.keys() - new_rows.keys())]
        common = sorted(new_rows.keys() & old_rows.keys())
        at_old = np.fromiter((old_rows[k] for k in common), dtype=np.int64, count=len(common))
        at_new = np.fromiter((new_rows[k] for k in common), dtype=np.int64, count=len(common))
        changed_cols: dict[int, list[str]] = {}
        for c in shared_cols:
            for n in _modified_positions(old[c], new[c], at_old, at_new):
                changed_cols.setdefault(n, []).append(c)
        changes += [
            Change(table, common[n], "modified", changed_cols[n]) for n in sorted(changed_cols)
        ]
    kinds = {c.change for c in changes}
    if "added" in kinds or "removed" in kinds:
        rank = max(rank, 2)
        reasons.append("facts added or removed")
    if "modified" in kinds:
        rank = max(rank, 1)
        reasons.append("values of existing facts corrected")
    return ReleaseDiff(_BUMPS[rank], reasons, changes)


def compare_releases(old: Path, new: Path) -> ReleaseDiff:
    """What changed from release `old` to release `new`, read from their Parquet files only."""
    files = table_files(new)
    tables = {t: read_table(new, t) for t in files}
    return diff_tables(old, tables, {t: read_schema(p) for t, p in files.items()})


# A row is named by the first of these columns its table has (organisation name, source title,
# milestone title, ...); the id alone says nothing to a reader.
LABEL_COLUMNS = ("name", "title", "description", "quote")
MAX_LABEL = 70


def release_labels(release: Path) -> dict[str, dict[str, str]]:
    """table -> id -> a short readable name of the row, read from the release's Parquet files."""
    out: dict[str, dict[str, str]] = {}
    for table, path in table_files(release).items():
        try:
            names = pq.read_schema(path).names
            label = next((c for c in LABEL_COLUMNS if c in names), None)
            if label is None or not names:
                continue
            data = pq.read_table(path, columns=[names[0], label]).to_pydict()
        except (OSError, pa.ArrowException):
            continue  # labels are a courtesy: the comparison itself names a broken file
        out[table] = {
            str(k): _shorten(str(v)) for k, v in zip(data[names[0]], data[label], strict=True)
        }
    return out


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def format_diff(
    old_name: str,
    new_name: str,
    diff: ReleaseDiff,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The comparison as text: the bump and its reasons, then per table every changed id with
    its name or title from `labels` (table -> id -> text) when given."""
    labels = labels or {}
    if diff.bump is None:
        return f"{old_name} -> {new_name}: no change"
    lines = [f"{old_name} -> {new_name}: {diff.bump} change"]
    lines += [f"  - {reason}" for reason in diff.reasons]
    counts = diff.counts()
    marks = {"added": "+", "removed": "-", "modified": "~"}
    for table in sorted(counts):
        c = counts[table]
        lines.append(
            f"\n{table}: {c['added']} added, {c['removed']} removed, {c['modified']} modified"
        )
        for change in sorted(
            (x for x in diff.changes if x.table == table),
            key=lambda x: (list(marks).index(x.change), x.id),
        ):
            cols = f"  ({', '.join(change.columns)})" if change.columns else ""
            label = labels.get(table, {}).get(change.id)
            named = f"  {label}" if label else ""
            lines.append(f"  {marks[change.change]} {change.id}{named}{cols}")
    return "\n".join(lines)
