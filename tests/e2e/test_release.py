"""Releases: reproducible bytes, computed versions, exact change tables, descriptor, DuckDB comments.

The end-to-end tests share one module-scoped build of the real sources (`first`) and add the
builds they need next to it, always in temporary folders.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout, procedure
from eujapan.publish.database import VIEWS
from eujapan.publish.descriptor import DESCRIPTOR, report_errors, validate_datapackage
from eujapan.publish.diff import compare_releases, diff_tables, next_version
from eujapan.publish.parquet import write_parquet
from pipeline.cli import main
from schemas.contract import arrow_schema, columns, primary_key
from schemas.tables import TABLES
from tests import support

REPO = support.REPO
DOCS = REPO / "README.md"

NEW_TEXT = """EU-Japan Green Alliance: first results

The EU-Japan Green Alliance was launched on 27 May 2021 at the EU-Japan Summit in Brussels. \
The European Commission and the Japan Hydrogen Association signed a memorandum of cooperation \
on clean hydrogen on 14 March 2023.

Since its launch, the Alliance has organised 12 workshops on offshore wind and hydrogen, \
bringing together over 300 participants from European and Japanese companies.
"""
NEW_ENTRY = """  - id: zz_green_alliance_results
    file: zz_green_alliance_results.txt
    title: "EU-Japan Green Alliance: first results (test text)"
    publisher: written for the test suite
    url: null
    licence: CC0-1.0
    attribution: eujapan test suite
    language: en
    date_added: "2026-11-21"
"""


def _build(sources: Path, outputs: Path, home: Path) -> int:
    """`eujapan build` with Dagster's state in a temporary folder (module fixtures run before
    the per-test environment fixture, so they isolate themselves)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(home))
        mp.setenv("DAGSTER_DISABLE_TELEMETRY", "1")
        mp.setenv("EUJAPAN_OUTPUTS_DIR", str(outputs))
        return main(["build", "--sources", str(sources), "--outputs", str(outputs)])


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _ids(folder: Path, table: str) -> set[str]:
    return set(pq.read_table(folder / f"{table}.parquet").column(primary_key(table)).to_pylist())


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    """outputs folder holding v1.0.0 built from the real sources."""
    base = tmp_path_factory.mktemp("first")
    assert _build(REPO / "sources", base / "outputs", base / "dagster_home") == 0
    return base / "outputs"


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    """Another outputs folder, built from the same sources independently."""
    base = tmp_path_factory.mktemp("second")
    assert _build(REPO / "sources", base / "outputs", base / "dagster_home") == 0
    return base / "outputs"


@pytest.fixture(scope="module")
def grown(first: Path, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of `first` rebuilt with one new source text; returns (outputs, v1.0.0 digests)."""
    base = tmp_path_factory.mktemp("grown")
    outputs = base / "outputs"
    shutil.copytree(first, outputs)
    before = _digests(outputs / "releases" / "v1.0.0")
    sources = base / "sources"
    shutil.copytree(REPO / "sources", sources)
    (sources / "zz_green_alliance_results.txt").write_text(NEW_TEXT, encoding="utf-8")
    catalogue = sources / "catalogue.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_ENTRY, encoding="utf-8"
    )
    assert _build(sources, outputs, base / "dagster_home") == 0
    return outputs, before


@pytest.fixture
def real_tables(corpus) -> dict[str, pd.DataFrame]:
    """The tables of the real sources, built without Dagster (for diff and publish tests)."""
    return corpus.tables


# Reproducible bytes --------------------------------------------------------------------------


@pytest.mark.slow
def test_two_builds_give_byte_identical_parquet_and_checksums(first: Path, second: Path) -> None:
    a, b = first / "releases" / "v1.0.0", second / "releases" / "v1.0.0"
    assert (first / "releases" / "LATEST").read_text().strip() == "v1.0.0"
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    parquet = sorted(p.name for p in a.glob("*.parquet"))
    assert parquet == sorted([f"{t}.parquet" for t in TABLES] + [layout.CHANGES])
    for name in parquet:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name

    def sums(folder: Path) -> dict[str, str]:
        lines = (folder / layout.CHECKSUMS).read_text().splitlines()
        return {line[66:]: line[:64] for line in lines}

    sums_a, sums_b = sums(a), sums(b)
    assert set(sums_a) == set(sums_b)
    for name in parquet:
        assert sums_a[name] == sums_b[name] == layout.sha256_file(a / name)


@pytest.mark.slow
def test_build_time_is_only_in_metadata_files(first: Path) -> None:
    folder = first / "releases" / "v1.0.0"
    manifest = (folder / layout.MANIFEST).read_text()
    created = re.search(r'"created": "([^"]+)"', manifest).group(1)
    for path in folder.glob("*.parquet"):
        # The full timestamp: the day alone is also a catalogue date_added value.
        assert created.encode() not in path.read_bytes(), path.name
        assert created[:16].encode() not in path.read_bytes(), path.name


@pytest.mark.slow
def test_two_builds_give_identical_duckdb_contents(first: Path, second: Path) -> None:
    a = duckdb.connect(str(first / "releases" / "v1.0.0" / layout.DATABASE), read_only=True)
    b = duckdb.connect(str(second / "releases" / "v1.0.0" / layout.DATABASE), read_only=True)
    for name in [*TABLES, *VIEWS]:
        query = f'SELECT * FROM "{name}"'
        rows_a, rows_b = a.execute(query).fetchall(), b.execute(query).fetchall()
        assert rows_a == rows_b, name
        if name in TABLES:
            assert (
                len(rows_a)
                == pq.read_metadata(first / "releases" / "v1.0.0" / f"{name}.parquet").num_rows
            )


@pytest.mark.slow
def test_third_build_into_the_first_folder_publishes_nothing(first: Path, capsys) -> None:
    releases = first / "releases"
    before = {p.name: _digests(p) for p in layout.list_releases(releases)}
    assert main(["build", "--sources", str(REPO / "sources"), "--outputs", str(first)]) == 0
    assert "nothing new published" in capsys.readouterr().out
    assert {p.name: _digests(p) for p in layout.list_releases(releases)} == before
    assert (releases / layout.LATEST).read_text().strip() == "v1.0.0"
    assert not [p for p in releases.iterdir() if p.name.startswith(".tmp")]


# A new source: MINOR, exact change table, previous release untouched ------------------------


@pytest.mark.slow
def test_new_source_gives_minor_release_listing_exactly_the_added_facts(grown) -> None:
    outputs, _ = grown
    releases = outputs / "releases"
    assert (releases / layout.LATEST).read_text().strip() == "v1.1.0"
    old, new = releases / "v1.0.0", releases / "v1.1.0"
    changes = pq.read_table(new / layout.CHANGES).to_pylist()
    for table in TABLES:
        new_ids = _ids(new, table) - _ids(old, table)
        listed = {c["id"] for c in changes if c["table"] == table and c["change"] == "added"}
        assert listed == new_ids, table
    by_table = {t: {c["id"] for c in changes if c["table"] == t} for t in TABLES}
    # The test text is about something new in every fact table; guard against a vacuous pass.
    for table in ("sources", "milestones", "deliverables", "organisation_mentions"):
        assert by_table[table], table
    assert not [c for c in changes if c["change"] == "removed"]
    modified = [c for c in changes if c["change"] == "modified"]
    for c in modified:
        assert c["columns"], c
        assert c["id"] in _ids(old, c["table"]) & _ids(new, c["table"])
    manifest = (new / layout.MANIFEST).read_text()
    assert '"bump": "minor"' in manifest
    assert '"previous": "v1.0.0"' in manifest
    changelog = (new / layout.CHANGELOG).read_text()
    assert changelog.index("## v1.1.0") < changelog.index("## v1.0.0")


@pytest.mark.slow
def test_new_source_leaves_previous_release_byte_identical(grown) -> None:
    outputs, before = grown
    assert _digests(outputs / "releases" / "v1.0.0") == before


@pytest.mark.slow
def test_organisation_gaining_a_source_is_modified_not_replaced(grown) -> None:
    outputs, _ = grown
    new = outputs / "releases" / "v1.1.0"
    changes = pq.read_table(new / layout.CHANGES).to_pylist()
    orgs = pq.read_table(new / "organisations.parquet").to_pylist()
    commission = next(o for o in orgs if o["name"] == "European Commission")
    assert "zz_green_alliance_results" in commission["source_ids"]
    entry = next(c for c in changes if c["id"] == commission["org_id"])
    assert entry["change"] == "modified"
    assert "source_ids" in entry["columns"]


@pytest.mark.slow
def test_compare_releases_agrees_with_the_published_change_table(grown) -> None:
    outputs, _ = grown
    releases = outputs / "releases"
    diff = compare_releases(releases / "v1.0.0", releases / "v1.1.0")
    assert diff.bump == "minor"
    published = {
        (c["table"], c["id"], c["change"], tuple(c["columns"]))
        for c in pq.read_table(releases / "v1.1.0" / layout.CHANGES).to_pylist()
    }
    assert {(c.table, c.id, c.change, tuple(c.columns)) for c in diff.changes} == published


# Versions computed from crafted tables ------------------------------------------------------


def _write_release(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    folder.mkdir(parents=True)
    for table, df in tables.items():
        write_parquet(df, table, folder / f"{table}.parquet")
    return folder


@pytest.mark.slow
def test_identical_tables_are_no_change(real_tables, tmp_path) -> None:
    previous = _write_release(tmp_path / "v1.0.0", real_tables)
    diff = diff_tables(previous, real_tables)
    assert diff.bump is None
    assert diff.changes == []


@pytest.mark.slow
def test_corrected_value_gives_patch(real_tables, tmp_path) -> None:
    previous = _write_release(tmp_path / "v1.0.0", real_tables)
    tables = {t: df.copy() for t, df in real_tables.items()}
    ms = tables["milestones"]
    target = ms["milestone_id"].iloc[0]
    ms.loc[ms.index[0], "title"] = ms["title"].iloc[0] + " (corrected)"
    diff = diff_tables(previous, tables)
    assert diff.bump == "patch"
    assert [(c.table, c.id, c.change, c.columns) for c in diff.changes] == [
        ("milestones", target, "modified", ["title"])
    ]
    assert next_version("v1.2.3", diff.bump) == "v1.2.4"
    current = _write_release(tmp_path / "v1.0.1", tables)
    assert compare_releases(previous, current).bump == "patch"


@pytest.mark.slow
def test_removed_fact_gives_minor(real_tables, tmp_path) -> None:
    previous = _write_release(tmp_path / "v1.0.0", real_tables)
    tables = {t: df.copy() for t, df in real_tables.items()}
    gone = tables["deliverables"]["deliverable_id"].iloc[-1]
    tables["deliverables"] = tables["deliverables"].iloc[:-1]
    diff = diff_tables(previous, tables)
    assert diff.bump == "minor"
    assert [(c.table, c.id, c.change) for c in diff.changes] == [("deliverables", gone, "removed")]
    assert next_version("v1.2.3", diff.bump) == "v1.3.0"


@pytest.mark.slow
def test_removed_column_gives_major(real_tables, tmp_path) -> None:
    previous = _write_release(tmp_path / "v1.0.0", real_tables)
    # The previous release had a column the current model no longer has.
    path = previous / "sources.parquet"
    old = pq.read_table(path)
    old = old.append_column("legacy_note", pa.array(["x"] * old.num_rows, pa.string()))
    pq.write_table(old, path)
    diff = diff_tables(previous, real_tables)
    assert diff.bump == "major"
    assert "column sources.legacy_note removed or renamed" in diff.reasons
    assert next_version("v1.2.3", diff.bump) == "v2.0.0"
    current = _write_release(tmp_path / "v2.0.0", real_tables)
    assert compare_releases(previous, current).bump == "major"


@pytest.mark.slow
def test_removed_table_gives_major(real_tables, tmp_path) -> None:
    previous = _write_release(tmp_path / "v1.0.0", real_tables)
    # A table the previous release published and the current models no longer have.
    pq.write_table(pa.table({"legacy_id": ["a", "b"]}), previous / "legacy_table.parquet")
    diff = diff_tables(previous, real_tables)
    assert diff.bump == "major"
    assert "table legacy_table removed" in diff.reasons
    current = _write_release(tmp_path / "v2.0.0", real_tables)
    assert compare_releases(previous, current).bump == "major"


@pytest.mark.slow
def test_changed_type_gives_major_and_added_column_gives_minor(real_tables, tmp_path) -> None:
    previous = _write_release(tmp_path / "v1.0.0", real_tables)
    path = previous / "milestones.parquet"
    old = pq.read_table(path)
    year = old.schema.get_field_index("year")
    as_text = pa.array([str(y) for y in old.column("year").to_pylist()], pa.string())
    pq.write_table(old.set_column(year, "year", as_text), path)
    diff = diff_tables(previous, real_tables)
    assert diff.bump == "major"
    assert any(r.startswith("column milestones.year changed type") for r in diff.reasons)

    previous2 = _write_release(tmp_path / "v1.1.0", real_tables)
    path = previous2 / "deliverables.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["quantity_max"]), path)
    diff = diff_tables(previous2, real_tables)
    assert diff.bump == "minor"
    assert "column deliverables.quantity_max added" in diff.reasons


# Publishing safety --------------------------------------------------------------------------


@pytest.mark.slow
def test_publish_patch_then_failed_publish_leaves_everything_untouched(
    real_tables, corpus, tmp_path
) -> None:
    texts = corpus.texts
    releases = tmp_path / "outputs" / "releases"
    dataset = {"name": "eu-japan-cooperation"}
    first = procedure.publish_release(
        real_tables, texts, releases, dataset=dataset, extractor_version="test"
    )
    assert (first.status, first.version) == ("published", "v1.0.0")
    tables = {t: df.copy() for t, df in real_tables.items()}
    tables["sources"].loc[tables["sources"].index[0], "title"] = "A corrected title"
    patch = procedure.publish_release(
        tables, texts, releases, dataset=dataset, extractor_version="test"
    )
    assert (patch.status, patch.version, patch.previous) == ("published", "v1.0.1", "v1.0.0")
    changes = pq.read_table(releases / "v1.0.1" / layout.CHANGES).to_pylist()
    assert changes == [
        {
            "table": "sources",
            "id": tables["sources"]["source_id"].iloc[0],
            "change": "modified",
            "columns": ["title"],
        }
    ]
    before = {p.name: _digests(p) for p in layout.list_releases(releases)}

    def broken_writer(folder: Path, context: dict) -> None:
        (folder / "partial.txt").write_text("half written")
        raise RuntimeError("writer failed")

    tables["sources"].loc[tables["sources"].index[0], "title"] = "Another title"
    with pytest.raises(RuntimeError, match="writer failed"):
        procedure.publish_release(
            tables,
            texts,
            releases,
            dataset=dataset,
            extractor_version="test",
            extra_writers=(broken_writer,),
        )
    assert (releases / layout.LATEST).read_text().strip() == "v1.0.1"
    assert {p.name: _digests(p) for p in layout.list_releases(releases)} == before
    assert sorted(p.name for p in releases.iterdir()) == [layout.LATEST, "v1.0.0", "v1.0.1"]


# Descriptor ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_descriptor_that_disagrees_with_the_data_blocks_publishing(
    real_tables, corpus, tmp_path, monkeypatch
) -> None:
    """Publishing refuses a descriptor whose fields disagree with the Parquet files."""
    from eujapan.publish import descriptor

    build = descriptor.build_descriptor

    def wrong_type(folder: Path, context: dict) -> dict:
        built = build(folder, context)
        fields = built["resources"][0]["schema"]["fields"]
        text_field = next(f for f in fields if f["type"] == "string")
        text_field["type"] = "integer"  # the Parquet column holds text
        return built

    monkeypatch.setattr(descriptor, "build_descriptor", wrong_type)
    releases = tmp_path / "releases"
    with pytest.raises(layout.PublishError, match="has type integer"):
        procedure.publish_release(
            real_tables,
            corpus.texts,
            releases,
            dataset={"name": "eu-japan-cooperation"},
            extractor_version="test",
            extra_writers=(descriptor.write_datapackage,),
        )
    assert layout.list_releases(releases) == []


@pytest.mark.slow
def test_frictionless_validates_every_release(grown) -> None:
    outputs, _ = grown
    for folder in layout.list_releases(outputs / "releases"):
        report = validate_datapackage(folder / DESCRIPTOR)
        assert report.valid, report_errors(report)
        # Our reader makes Frictionless measure the files itself.
        stats = {task.name: task.stats for task in report.tasks}
        for table in TABLES:
            assert stats[table]["bytes"] == (folder / f"{table}.parquet").stat().st_size
            assert stats[table]["rows"] == pq.read_metadata(folder / f"{table}.parquet").num_rows


@pytest.mark.slow
def test_plain_frictionless_command_validates_and_rejects(first, tmp_path) -> None:
    """The stock `frictionless validate` finds our plugin (frictionless_eujapan) by itself."""
    exe = Path(sys.executable).with_name("frictionless")
    release = first / "releases" / "v1.0.0"
    ok = subprocess.run(
        [str(exe), "validate", "--json", str(release / DESCRIPTOR)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert json.loads(ok.stdout)["valid"] is True, ok.stdout[-2000:]
    folder = tmp_path / "release"
    shutil.copytree(release, folder)
    path = folder / "deliverables.parquet"
    data = bytearray(path.read_bytes())
    data[data.rindex(b"parquet-cpp-arrow")] ^= 0x01
    path.write_bytes(bytes(data))
    bad = subprocess.run(
        [str(exe), "validate", "--json", str(folder / DESCRIPTOR)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert bad.returncode != 0
    assert json.loads(bad.stdout)["valid"] is False


@pytest.mark.slow
def test_frictionless_rejects_a_changed_byte_and_a_broken_foreign_key(first, tmp_path) -> None:
    folder = tmp_path / "release"
    shutil.copytree(first / "releases" / "v1.0.0", folder)
    path = folder / "milestones.parquet"
    data = bytearray(path.read_bytes())
    # A byte in the footer's writer name: the file still reads, only the hash can tell.
    at = data.rindex(b"parquet-cpp-arrow")
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    assert pq.read_table(path).num_rows > 0
    errors = report_errors(validate_datapackage(folder / DESCRIPTOR))
    assert [e for e in errors if "hash-count" in e and e.startswith("milestones")], errors
    # A byte in the compressed data: the file no longer reads at all.
    data[at] ^= 0x01
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    errors = report_errors(validate_datapackage(folder / DESCRIPTOR))
    assert [e for e in errors if e.startswith("milestones")], errors

    shutil.rmtree(folder)
    shutil.copytree(first / "releases" / "v1.0.0", folder)
    path = folder / "organisation_mentions.parquet"
    mentions = pq.read_table(path)
    col = mentions.schema.get_field_index("org_id")
    unknown = pa.array(["org_0000000000000000"] * mentions.num_rows, pa.string())
    pq.write_table(mentions.set_column(col, mentions.schema.field(col), unknown), path)
    # Give the descriptor the new size and hash, so only the row-level check can catch it.
    package = json.loads((folder / DESCRIPTOR).read_text())
    resource = next(r for r in package["resources"] if r["path"] == path.name)
    resource["bytes"] = path.stat().st_size
    resource["hash"] = f"sha256:{layout.sha256_file(path)}"
    (folder / DESCRIPTOR).write_text(json.dumps(package))
    errors = report_errors(validate_datapackage(folder / DESCRIPTOR))
    assert any("foreign-key" in e for e in errors), errors


@pytest.mark.slow
def test_descriptor_describes_every_file_from_the_models(first) -> None:
    folder = first / "releases" / "v1.0.0"

    def no_nan(constant: str):
        raise AssertionError(f"{constant} is not JSON")

    package = json.loads((folder / DESCRIPTOR).read_text(), parse_constant=no_nan)
    assert package["version"] == "1.0.0"
    assert package["created"] == json.loads((folder / layout.MANIFEST).read_text())["created"]
    assert {"name", "title", "licenses", "sources"} <= set(package)
    for source in package["sources"]:
        assert source["title"] and source["description"]
        assert source.get("path", "https://").startswith("http")
    assert len(package["sources"]) == pq.read_metadata(folder / "sources.parquet").num_rows
    resources = {r["name"]: r for r in package["resources"]}
    for table in TABLES:
        r = resources[table]
        assert r["path"] == f"{table}.parquet"
        assert r["hash"] == f"sha256:{layout.sha256_file(folder / r['path'])}"
        fields = r["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in columns(table)]
        assert [f["description"] for f in fields] == [c.described() for c in columns(table)]
        assert all(f["description"] for f in fields)
        assert r["schema"]["primaryKey"] == [primary_key(table)]
    fks = {
        fk["fields"][0]: fk["reference"] for fk in resources["milestones"]["schema"]["foreignKeys"]
    }
    assert fks["org_id"] == {"resource": "organisations", "fields": ["org_id"]}
    described = {r["path"] for r in package["resources"]}
    everything = {p.name for p in folder.iterdir() if p.is_file()}  # explorer/, texts/: pages
    # Only files written after the descriptor (itself, page, manifest, sums) are not resources.
    assert everything - described == {DESCRIPTOR, "index.html", layout.MANIFEST, layout.CHECKSUMS}


# DuckDB comments and the documented queries ------------------------------------------------


@pytest.mark.slow
def test_every_duckdb_table_view_and_column_has_a_comment(first) -> None:
    con = duckdb.connect(str(first / "releases" / "v1.0.0" / layout.DATABASE), read_only=True)
    tables = dict(con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
    views = dict(
        con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall()
    )
    assert set(tables) == set(TABLES)
    assert set(views) == set(VIEWS)
    assert all(c and c.strip() for c in [*tables.values(), *views.values()])
    cols = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE table_name IN (SELECT unnest($names))",
        {"names": [*TABLES, *VIEWS]},
    ).fetchall()
    assert {t for t, _, _ in cols} == set(TABLES) | set(VIEWS)
    missing = [(t, c) for t, c, comment in cols if not (comment and comment.strip())]
    assert missing == []
    for table in TABLES:
        expected = {c.name: c.described() for c in columns(table)}
        assert {c: comment for t, c, comment in cols if t == table} == expected


def _sql_blocks(markdown: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sql\n(.*?)```", markdown, re.S)]


@pytest.mark.slow
def test_readme_example_queries_run_against_a_real_release(first, monkeypatch) -> None:
    queries = _sql_blocks(DOCS.read_text(encoding="utf-8"))
    assert len(queries) == 3
    # The examples use paths relative to the repository root: outputs/releases/v1.0.0/...
    monkeypatch.chdir(first.parent)
    con = duckdb.connect(str(first / "releases" / "v1.0.0" / layout.DATABASE), read_only=True)
    for query in queries:
        rows = con.execute(query).fetchall()
        assert rows, query
        assert all(len(r) >= 2 for r in rows), query


def test_write_parquet_is_reproducible_and_follows_the_model(tmp_path) -> None:
    df = pd.DataFrame(
        {
            "source_id": ["b", "a"],
            "path": ["b.txt", "a.txt"],
            "sha256": ["0" * 64, "1" * 64],
            "bytes": [2, 1],
            "chars": [2, 1],
            "title": ["B", "A"],
            "publisher": [None, "P"],
            "url": [None, None],
            "licence": ["CC0-1.0", "CC0-1.0"],
            "attribution": [None, None],
            "language": ["en", "en"],
            "date_added": [None, "2026-01-01"],
            "in_catalogue": [False, True],
        }
    )
    write_parquet(df, "sources", tmp_path / "a.parquet")
    write_parquet(df, "sources", tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    schema = pq.read_schema(tmp_path / "a.parquet")
    assert schema.remove_metadata() == arrow_schema("sources").remove_metadata()
    assert b"pandas" not in (schema.metadata or {})
