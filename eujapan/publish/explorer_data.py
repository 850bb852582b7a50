"""The explorer's data files: every table in chunks, and a search index split by word prefix.

A browser opening the explorer from disk (file://) may not fetch() JSON, but it may run scripts,
so each data file is a small script that hands its value to `EJ.put(key, value)`
(`static/explorer.js`). Nothing is ever loaded whole: a table page loads one chunk of
`CHUNK_ROWS` rows at a time, and a search loads only the shards of the words' first two letters.
At 10,000 texts (~500,000 mentions) a chunk stays ~300 kB and a shard a few kB.

Rows are read from the release's Parquet files, so the explorer shows exactly what they hold.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from schemas.contract import ColumnSpec, columns, contract, primary_key
from schemas.tables import TABLES

from .layout import table_file

CHUNK_ROWS = 1000
SHARD_CHARS = 2
# Columns shown as a row's name, in order of preference; else its primary key.
LABEL_COLUMNS = ("name", "title")
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class TableInfo:
    """What the explorer needs to know of a table, all read from its model."""

    name: str
    columns: list[ColumnSpec]
    key: str
    label: str
    entity: bool  # other tables point at it: it gets a page per row and a search index
    grounded: bool
    # (table, column) pairs whose foreign key points at this table
    referenced_by: tuple[tuple[str, str], ...]

    def targets(self) -> dict[str, str]:
        """Column -> table its foreign key points at."""
        return {c.name: c.foreign_key.split(".")[0] for c in self.columns if c.foreign_key}


def table_infos() -> dict[str, TableInfo]:
    """Every table of the models, with which ones are entities (targets of a foreign key)."""
    referenced: dict[str, list[tuple[str, str]]] = {t: [] for t in TABLES}
    for table in TABLES:
        for c in columns(table):
            if c.foreign_key:
                referenced[c.foreign_key.split(".")[0]].append((table, c.name))
    infos = {}
    for table in TABLES:
        specs = columns(table)
        names = [c.name for c in specs]
        key = primary_key(table)
        infos[table] = TableInfo(
            name=table,
            columns=specs,
            key=key,
            label=next((n for n in LABEL_COLUMNS if n in names), key),
            entity=bool(referenced[table]),
            grounded=contract(table).grounded,
            referenced_by=tuple(referenced[table]),
        )
    return infos


def read_rows(release: Path, table: str) -> list[dict]:
    """The table's rows as plain Python values (None for null), in the Parquet file's order."""
    return pq.read_table(release / table_file(table)).to_pylist()


def normalise(text: str) -> str:
    """Lower case, accents removed: what search compares ('Société' finds 'societe')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def shard_key(word: str) -> str:
    """File name of the search shard a word belongs to (explorer.js computes the same)."""
    return word[:SHARD_CHARS]


def search_text(info: TableInfo, row: dict) -> str:
    """The words a row is found by: its label and every other text column but keys and hashes."""
    parts: list[str] = []
    for c in info.columns:
        value = row.get(c.name)
        if value is None or c.primary_key or c.foreign_key or (c.dtype != "str" and not c.arrow):
            continue
        if c.name in {"sha256", "path", "url", "quote", "description"}:
            continue
        parts += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return normalise(" ".join(parts))


def _script(key: str, value: object) -> str:
    # "<" escaped so no value can close a <script> element if a page ever inlines a file.
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"EJ.put({json.dumps(key)},{data});\n"


def _chunks(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write_table_data(folder: Path, info: TableInfo, rows: list[dict]) -> int:
    """`data/<table>/<n>.js`: the rows as arrays in column order; returns the number of chunks."""
    out = folder / "data" / info.name
    out.mkdir(parents=True, exist_ok=True)
    names = [c.name for c in info.columns]
    count = 0
    for count, chunk in enumerate(_chunks(rows, CHUNK_ROWS), 1):
        values = [[row[n] for n in names] for row in chunk]
        (out / f"{count - 1}.js").write_text(
            _script(f"{info.name}/{count - 1}", values), encoding="utf-8"
        )
    return count


def write_search_index(folder: Path, info: TableInfo, rows: list[dict]) -> list[str]:
    """`search/<table>/<prefix>.js`: [id, label, words] of every row with a word starting with
    that prefix; returns the prefixes written."""
    shards: dict[str, list[list[str]]] = {}
    for row in rows:
        words = search_text(info, row)
        entry = [str(row[info.key]), str(row[info.label]), words]
        for key in sorted({shard_key(w) for w in _WORD.findall(words)}):
            shards.setdefault(key, []).append(entry)
    out = folder / "search" / info.name
    out.mkdir(parents=True, exist_ok=True)
    for key, entries in shards.items():
        (out / f"{key}.js").write_text(_script(f"search/{info.name}/{key}", entries), "utf-8")
    return sorted(shards)
