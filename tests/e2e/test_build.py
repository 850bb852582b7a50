"""End to end: `eujapan build` on the real sources into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from eujapan.sources import load_sources
from pipeline.cli import main
from schemas.tables import TABLES
from tests import support

REPO = support.REPO


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    outputs = support.build_real_sources(tmp_path_factory.mktemp("build"))
    latest = (outputs / "releases" / "LATEST").read_text().strip()
    return outputs / "releases" / latest


@pytest.mark.slow
def test_release_has_every_table_as_parquet_and_in_duckdb(release: Path) -> None:
    assert release.name == "v1.0.0"
    con = duckdb.connect(str(release / "eu_japan.duckdb"), read_only=True)
    for table in TABLES:
        parquet = pq.read_table(release / f"{table}.parquet")
        assert parquet.num_rows > 0, table
        (count,) = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        assert count == parquet.num_rows, table


@pytest.mark.slow
def test_every_published_fact_is_grounded(release: Path) -> None:
    texts = {d.source_id: d.text for d in load_sources(REPO / "sources", 5_000_000)}
    for table in ("organisation_mentions", "milestones", "deliverables"):
        rows = pq.read_table(release / f"{table}.parquet").to_pylist()
        for row in rows:
            assert texts[row["source_id"]][row["char_start"] : row["char_end"]] == row["quote"]


@pytest.mark.slow
def test_seed_facts_are_published(release: Path) -> None:
    con = duckdb.connect(str(release / "eu_japan.duckdb"), read_only=True)
    names = {r[0] for r in con.execute("SELECT name FROM organisations").fetchall()}
    assert {
        "Japan External Trade Organization",
        "EU-Japan Centre for Industrial Cooperation",
    } <= names
    (n,) = con.execute(
        "SELECT count(*) FROM milestones m JOIN organisations o USING (org_id) "
        "WHERE o.name = ? AND m.year = 1987",
        ["EU-Japan Centre for Industrial Cooperation"],
    ).fetchone()
    assert n == 3
    rows = con.execute(
        "SELECT quantity, qualifier FROM deliverables WHERE unit = ? ORDER BY quantity",
        ["recipients"],
    ).fetchall()
    assert rows == [(20000.0, "approx")]


@pytest.mark.slow
def test_rebuild_publishes_nothing_new(release: Path, capsys) -> None:
    outputs = release.parents[1]
    assert main(["build", "--sources", str(REPO / "sources"), "--outputs", str(outputs)]) == 0
    assert "nothing new published" in capsys.readouterr().out
    assert sorted(p.name for p in (outputs / "releases").iterdir() if p.name.startswith("v")) == [
        "v1.0.0"
    ]
