"""The Frictionless Data Package descriptor of a release, generated from the Pandera models."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from schemas.contract import columns, describe
from schemas.tables import TABLES

DESCRIPTOR = "datapackage.json"


def _sha256(path: Path) -> str:
    from .release import sha256_file  # release imports this module's writer

    return sha256_file(path)


def table_schema(table: str) -> dict:
    """Frictionless Table Schema: fields, primary key and foreign keys from the model."""
    specs = columns(table)
    fields = []
    for c in specs:
        field = {
            "name": c.name,
            "type": c.frictionless_type,
            "description": c.description,
            "constraints": {"required": not c.nullable},
        }
        if c.primary_key:
            field["constraints"]["unique"] = True
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": [c.name for c in specs if c.primary_key]}
    fks = []
    for c in specs:
        if c.foreign_key:
            target, target_col = c.foreign_key.split(".")
            fks.append(
                {"fields": [c.name], "reference": {"resource": target, "fields": [target_col]}}
            )
    if fks:
        schema["foreignKeys"] = fks
    return schema


def build_descriptor(folder: Path, context: dict) -> dict:
    dataset = context["dataset"]
    sources: pd.DataFrame = context["tables"]["sources"]
    resources = []
    for table in TABLES:
        path = folder / f"{table}.parquet"
        resources.append(
            {
                "name": table,
                "path": path.name,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "encoding": "binary",
                "bytes": path.stat().st_size,
                "hash": f"sha256:{_sha256(path)}",
                "description": describe(table),
                "schema": table_schema(table),
            }
        )
    db = folder / "eu_japan.duckdb"
    if db.exists():
        resources.append(
            {
                "name": "eu_japan_duckdb",
                "path": db.name,
                "format": "duckdb",
                "mediatype": "application/octet-stream",
                "bytes": db.stat().st_size,
                "hash": f"sha256:{_sha256(db)}",
                "description": "DuckDB database with every table, column comments and views.",
            }
        )
    source_licences = sorted(set(sources["licence"])) if len(sources) else []
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
        "sources": [
            {
                "title": row["title"],
                **({"path": row["url"]} if row["url"] else {}),
                "description": f"{row['attribution'] or row['publisher'] or ''} (licence: {row['licence']}; sha256 {row['sha256']})".strip(),
            }
            for row in sources.to_dict("records")
        ],
        "resources": resources,
    }


def write_datapackage(folder: Path, context: dict) -> None:
    descriptor = build_descriptor(folder, context)
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
