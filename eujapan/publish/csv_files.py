"""Writer of the CSV copy of every table: `<table>.csv`, read from the table's Parquet file.

The CSV is made from the Parquet file of the same release, not from the DataFrames, so the two
cannot disagree (`tests/e2e/test_explorer.py` reads both back and compares them). Encoding as
Frictionless reads it (datapackage.json describes each CSV with the model's schema): UTF-8, comma,
a header row, RFC 4180 quoting, empty field for null, `true`/`false`, lists as JSON arrays.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pyarrow.parquet as pq

from schemas.tables import TABLES

from .layout import table_file


def csv_file(table: str) -> str:
    return f"{table}.csv"


def csv_cell(value: object) -> str:
    """One value as CSV text, the way the descriptor's field types say it is written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        # Whole numbers without ".0", so "100" reads back as the integer it was counted as.
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_csv(parquet: Path, path: Path) -> None:
    """One Parquet table as CSV, row by row in the Parquet file's order (sorted by key)."""
    data = pq.read_table(parquet)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(data.column_names)
        for batch in data.to_batches(max_chunksize=10_000):
            columns = [column.to_pylist() for column in batch.columns]
            writer.writerows([csv_cell(v) for v in row] for row in zip(*columns, strict=True))


def write_csv_files(folder: Path, context: dict) -> None:
    """A release writer: `<table>.csv` beside every `<table>.parquet`."""
    for table in TABLES:
        write_csv(folder / table_file(table), folder / csv_file(table))
