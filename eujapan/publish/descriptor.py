"""Writer of datapackage.json, the Frictionless descriptor of a release, generated from the models.

Publishing checks that the descriptor agrees with the files (`descriptor_problems`, from Parquet
metadata); `validate_datapackage` runs the full Frictionless validation over every row with the
Parquet reader of `eujapan.frictionless_parquet` (see there why the stock one cannot check our
files), as `eujapan verify` and the tests do.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa_arrow
import pyarrow.parquet as pq

from schemas.contract import columns, describe
from schemas.tables import TABLES

from .csv_files import csv_file
from .layout import CHANGELOG, CHANGES, DATABASE, DESCRIPTOR, sha256_file, table_file


def _text(value: Any) -> str | None:
    """A catalogue value as text, or None when missing (pandas gives NaN for missing strings)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def table_schema(table: str, resource_suffix: str = "") -> dict:
    """Frictionless Table Schema: fields, primary key and foreign keys from the model.

    `resource_suffix` names the resources foreign keys point to ("_csv": the CSV copies).
    """
    specs = columns(table)
    fields = []
    for c in specs:
        field = {
            "name": c.name,
            "type": c.frictionless_type,
            "description": c.described(),
            "constraints": {"required": not c.nullable},
        }
        if c.allowed:
            field["constraints"]["enum"] = list(c.allowed)
        if c.primary_key:
            field["constraints"]["unique"] = True
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": [c.name for c in specs if c.primary_key]}
    fks = []
    for c in specs:
        if c.foreign_key:
            target, target_col = c.foreign_key.split(".")
            fks.append(
                {
                    "fields": [c.name],
                    "reference": {"resource": target + resource_suffix, "fields": [target_col]},
                }
            )
    if fks:
        schema["foreignKeys"] = fks
    return schema


def _arrow_to_frictionless(dtype: pa_arrow.DataType) -> str:
    if pa_arrow.types.is_integer(dtype):
        return "integer"
    if pa_arrow.types.is_floating(dtype):
        return "number"
    if pa_arrow.types.is_boolean(dtype):
        return "boolean"
    if pa_arrow.types.is_list(dtype):
        return "array"
    return "string"


def parquet_file_schema(path: Path) -> dict:
    """Table Schema of a Parquet file that carries its own descriptions (changes.parquet)."""
    fields = []
    for f in pq.read_schema(path):
        meta = f.metadata or {}
        fields.append(
            {
                "name": f.name,
                "type": _arrow_to_frictionless(f.type),
                "description": meta.get(b"description", b"").decode("utf-8"),
                "constraints": {"required": not f.nullable},
            }
        )
    return {"fields": fields}


def _file_resource(path: Path, **extra: Any) -> dict:
    return {
        "name": extra.pop("name"),
        "path": path.name,
        **extra,
        "bytes": path.stat().st_size,
        "hash": f"sha256:{sha256_file(path)}",
    }


def build_descriptor(folder: Path, context: dict) -> dict:
    dataset = context["dataset"]
    sources: pd.DataFrame = context["tables"]["sources"]
    resources = [
        _file_resource(
            folder / table_file(table),
            name=table,
            type="table",
            format="parquet",
            mediatype="application/vnd.apache.parquet",
            description=describe(table),
            schema=table_schema(table),
        )
        for table in TABLES
    ]
    resources += [
        _file_resource(
            folder / csv_file(table),
            name=f"{table}_csv",
            type="table",
            format="csv",
            mediatype="text/csv",
            encoding="utf-8",
            description=f"{describe(table)} (CSV copy of {table_file(table)}; lists as JSON "
            "arrays, null as an empty field)",
            schema=table_schema(table, "_csv"),
        )
        for table in TABLES
        if (folder / csv_file(table)).exists()
    ]
    if (folder / CHANGES).exists():
        resources.append(
            _file_resource(
                folder / CHANGES,
                name="changes",
                type="table",
                format="parquet",
                mediatype="application/vnd.apache.parquet",
                description="Fact-level changes against the previous release "
                "(every fact is 'added' in the first release).",
                schema=parquet_file_schema(folder / CHANGES),
            )
        )
    if (folder / CHANGELOG).exists():
        resources.append(
            _file_resource(
                folder / CHANGELOG,
                name="changelog",
                format="md",
                mediatype="text/markdown",
                encoding="utf-8",
                description="Human-readable summary of every release up to this one.",
            )
        )
    if (folder / DATABASE).exists():
        resources.append(
            _file_resource(
                folder / DATABASE,
                name="eu_japan_duckdb",
                format="duckdb",
                mediatype="application/octet-stream",
                description="DuckDB database with every table, column comments and views.",
            )
        )
    source_licences = sorted({_text(v) or "unknown" for v in sources["licence"]})
    described_sources = []
    for row in sources.to_dict("records"):
        credit = _text(row["attribution"]) or _text(row["publisher"])
        details = f"licence: {_text(row['licence']) or 'unknown'}; sha256 {row['sha256']}"
        entry: dict[str, str] = {"title": str(row["title"])}
        if _text(row["url"]):
            entry["path"] = _text(row["url"])
        entry["description"] = f"{credit} ({details})" if credit else details
        described_sources.append(entry)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": dataset.get("name", "eu-japan-cooperation"),
        "title": dataset.get("title", "EU-Japan Cooperation Dataset"),
        "description": (
            "Organisations, milestones and deliverables of EU-Japan cooperation, extracted from "
            "public texts; every fact carries its source, character offsets and verbatim quote."
        ),
        "version": context["version"].lstrip("v"),
        "created": context["created"],
        "licenses": [
            {
                "name": dataset.get("licence", "CC-BY-4.0"),
                "path": dataset.get("licence_url", "https://creativecommons.org/licenses/by/4.0/"),
                "title": "Dataset licence (facts and structure)",
            },
            *[{"name": lic, "title": f"Source text licence: {lic}"} for lic in source_licences],
        ],
        "sources": described_sources,
        "resources": resources,
    }


class DescriptorInvalid(ValueError):
    """Frictionless found the descriptor or a resource invalid; the release is not published."""


def write_datapackage(folder: Path, context: dict) -> None:
    """Write datapackage.json and refuse the release unless Frictionless finds it valid."""
    descriptor = build_descriptor(folder, context)
    path = folder / DESCRIPTOR
    path.write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
        encoding="utf-8",
    )
    problems = descriptor_problems(folder, descriptor)
    if problems:
        raise DescriptorInvalid(
            "datapackage.json does not describe the files of the release:\n"
            + "\n".join(f"  - {p}" for p in problems[:20])
        )


def descriptor_problems(folder: Path, descriptor: dict) -> list[str]:
    """Where the descriptor disagrees with the files it describes, read from Parquet metadata.

    Publishing runs this instead of a full Frictionless pass: the rows were already validated by
    the Pandera models the descriptor is generated from, and Frictionless checks every row in
    Python (~12 s per 1,000 documents, plus ~1 s to import). `eujapan verify` and the tests run
    the full Frictionless validation on releases.
    """
    problems = [f"package: {key} missing" for key in ("name", "version") if not descriptor.get(key)]
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    for name, resource in resources.items():
        path = folder / str(resource.get("path", ""))
        if path.parent != folder or not path.is_file():
            problems.append(f"{name}: file {resource.get('path')!r} is not in the release")
            continue
        if resource.get("bytes") != path.stat().st_size:
            problems.append(f"{name}: bytes {resource.get('bytes')} != {path.stat().st_size}")
        schema = resource.get("schema")
        if resource.get("format") != "parquet" or schema is None:
            continue
        meta = pq.read_metadata(path)
        arrow = meta.schema.to_arrow_schema()
        fields = schema.get("fields", [])
        if [f["name"] for f in fields] != arrow.names:
            problems.append(
                f"{name}: fields {[f['name'] for f in fields]} != columns {arrow.names}"
            )
            continue
        for i, field in enumerate(fields):
            actual = _arrow_to_frictionless(arrow.field(i).type)
            if field.get("type") != actual:
                problems.append(
                    f"{name}: field {field['name']} has type {field.get('type')} in {DESCRIPTOR} "
                    f"but {actual} in {path.name}"
                )
            if field.get("constraints", {}).get("required") and _null_count(meta, field["name"]):
                problems.append(f"{name}: required field {field['name']} holds nulls")
        names = set(arrow.names)
        for key in schema.get("primaryKey", []):
            if key not in names:
                problems.append(f"{name}: primary key {key} is not a column")
        for fk in schema.get("foreignKeys", []):
            target = resources.get(fk["reference"]["resource"])
            target_fields = {f["name"] for f in (target or {}).get("schema", {}).get("fields", [])}
            if not set(fk["reference"]["fields"]) <= target_fields:
                problems.append(f"{name}: foreign key {fk} points to no such resource field")
    return problems


def _null_count(meta: pq.FileMetaData, name: str) -> int:
    """Nulls in a flat column according to the row-group statistics (nested columns: 0)."""
    total = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for j in range(group.num_columns):
            col = group.column(j)
            if col.path_in_schema == name and col.statistics is not None:
                total += col.statistics.null_count if col.statistics.has_null_count else 0
    return total


def report_errors(report) -> list[str]:
    """One line per Frictionless error: resource, row, field and message."""
    lines = []
    for task in report.tasks:
        for error in task.errors:
            where = [task.name]
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            if row:
                where.append(f"row {row}")
            if field:
                where.append(f"field {field}")
            lines.append(f"{', '.join(where)}: [{error.type}] {error.message}")
    lines += [f"package: [{e.type}] {e.message}" for e in report.errors]
    return lines


def validate_datapackage(path: Path):
    """Frictionless validation of a release descriptor and every row it describes; returns the
    `frictionless.Report`."""
    from ..frictionless_parquet import validate  # frictionless takes a second to import

    return validate(path)
