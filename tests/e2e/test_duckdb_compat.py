"""DuckDB 1.1 (what many analysts have) opens a release's database read-only, with its tables,
keys and comments. `make duckdb-compat` (part of `make test`) installs it in its own venv."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from eujapan.publish import layout
from eujapan.publish.database import VIEWS
from schemas.contract import columns
from schemas.tables import TABLES
from tests import support

pytestmark = pytest.mark.slow
OLD = support.REPO / ".venv-duckdb-1.1.3" / "bin" / "python"
PROBE = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
q = lambda sql: con.execute(sql).fetchall()
print(json.dumps({
    "version": duckdb.__version__,
    "tables": q("SELECT table_name, comment FROM duckdb_tables()"),
    "views": q("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"),
    "columns": q("SELECT table_name, column_name, data_type, comment FROM duckdb_columns()"),
    "keys": q("SELECT table_name, constraint_type, constraint_column_names, referenced_table "
              "FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"),
    "rows": {t: q(f'SELECT count(*) FROM "{t}"')[0][0] for t in sys.argv[2:]},
}, default=str))
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return support.build_real_sources(tmp_path_factory.mktemp("compat")) / "releases" / "v1.0.0"


def test_duckdb_1_1_opens_the_release_with_tables_keys_and_comments(release) -> None:
    if not OLD.exists():
        pytest.skip("no DuckDB 1.1 environment: run `make duckdb-compat` (make test does)")
    out = subprocess.run(
        [str(OLD), "-c", PROBE, str(release / layout.DATABASE), *TABLES],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = json.loads(out)
    assert found["version"].startswith("1.1.")
    assert {t for t, comment in found["tables"] if comment} == set(TABLES)
    assert {v for v, comment in found["views"] if comment} == set(VIEWS)
    manifest = json.loads((release / layout.MANIFEST).read_text())
    assert found["rows"] == manifest["counts"]
    keys = {(t, kind, tuple(cols)) for t, kind, cols, _ in found["keys"]}
    types = {(t, c): (dtype, comment) for t, c, dtype, comment in found["columns"]}
    for table in TABLES:
        for c in columns(table):
            dtype, comment = types[(table, c.name)]
            assert comment == c.described(), (table, c.name)
            if c.primary_key:
                assert (table, "PRIMARY KEY", (c.name,)) in keys
            if c.foreign_key:
                assert (table, "FOREIGN KEY", (c.name,)) in keys
            if c.allowed:
                assert dtype.startswith("ENUM(") and all(f"'{v}'" in dtype for v in c.allowed)
