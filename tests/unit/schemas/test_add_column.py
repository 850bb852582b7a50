"""Adding a column is a change to one model: everything downstream reads the declaration.

The test declares a new column on a subclass of one model (the only edit a developer makes),
fills it in the built table, publishes, and finds the column with its description in the
Parquet schema, the DuckDB table and its comments, the Frictionless descriptor, the data dictionary on the
release page and the Dagster column schema.
"""

from __future__ import annotations

import dataclasses
import json
import re

import duckdb
import pandera.pandas as pa
import pyarrow.parquet as pq
import pytest
from pandera.typing import Series

from eujapan.publish.descriptor import write_datapackage
from eujapan.publish.layout import DATABASE, DESCRIPTOR, PAGE, table_file
from eujapan.publish.page import write_release_page
from eujapan.publish.procedure import publish_release
from pipeline.metadata import column_schema
from schemas.checks import all_violations
from schemas.tables import TABLES, Deliverables

DESCRIPTION = "How sure the extractor is of this deliverable (0 to 1), for the test."


class DeliverablesWithConfidence(Deliverables):
    """Counted outputs of the cooperation (participants, events, reports, agreements, ...)."""

    __contract__ = dataclasses.replace(
        Deliverables.__contract__, columns=(*Deliverables.__contract__.columns, "confidence")
    )

    confidence: Series[float] = pa.Field(ge=0, le=1, description=DESCRIPTION)


@pytest.fixture
def extended(monkeypatch, corpus):
    monkeypatch.setitem(TABLES, "deliverables", DeliverablesWithConfidence)
    tables = corpus.tables
    tables["deliverables"]["confidence"] = 0.5
    return tables


def test_a_column_added_to_one_model_reaches_every_output(extended, corpus, tmp_path) -> None:
    assert all_violations(extended, corpus.texts) == []
    result = publish_release(
        extended,
        corpus.texts,
        tmp_path / "releases",
        dataset=corpus.dataset,
        extractor_version="test",
        extra_writers=(write_datapackage, write_release_page),
    )
    release = result.path

    # Parquet files carry no Arrow schema metadata (byte reproducibility): name, place, type.
    schema = pq.read_schema(release / table_file("deliverables"))
    assert schema.names[-1] == "confidence"
    assert str(schema.field("confidence").type) == "double"

    with duckdb.connect(str(release / DATABASE), read_only=True) as con:
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = $t AND column_name = $c",
            {"t": "deliverables", "c": "confidence"},
        ).fetchone()
        dtype = con.execute(
            "SELECT data_type FROM duckdb_columns() WHERE table_name = $t AND column_name = $c",
            {"t": "deliverables", "c": "confidence"},
        ).fetchone()
    assert comment == (DESCRIPTION,)
    assert dtype == ("DOUBLE",)

    package = json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "deliverables"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["confidence"]["type"] == "number"
    assert fields["confidence"]["description"] == DESCRIPTION

    page = (release / PAGE).read_text(encoding="utf-8")
    assert re.search(r"<code>confidence</code>", page)
    assert DESCRIPTION in page

    assert "confidence" in [c.name for c in column_schema("deliverables").columns]


def test_a_value_outside_the_new_columns_range_is_refused(extended, corpus) -> None:
    extended["deliverables"].loc[0, "confidence"] = 2.0
    (violation,) = all_violations(extended, corpus.texts)
    assert (violation.table, violation.column) == ("deliverables", "confidence")
