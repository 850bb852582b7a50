"""Concurrency: two builds into one outputs folder, and analysts reading while a release lands.

Builds share the outputs folder lock (`<outputs>/.lock`): a second build that reaches
publishing while the first holds it stops at once with a clear message and publishes nothing.
By default they also share DAGSTER_HOME; the CLI serialises creating the Dagster instance there,
because two processes initialising a fresh SQLite storage at once can corrupt it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout, procedure
from eujapan.publish.descriptor import write_datapackage
from eujapan.publish.page import write_release_page
from eujapan.sources import load_sources
from eujapan.verify import verify_release
from pipeline.cli import main
from tests import support

REPO = support.REPO
WRITERS = (write_datapackage, write_release_page)
QUERIES = {
    "counts": "SELECT (SELECT count(*) FROM organisations), (SELECT count(*) FROM milestones), "
    "(SELECT count(*) FROM deliverables)",
    "deliverables": "SELECT deliverable_id, quantity, quote FROM deliverables ORDER BY 1",
    "timeline": "SELECT * FROM milestone_timeline",
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_all(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}


def publish(corpus, releases: Path, drop: int | None = None) -> procedure.PublishResult:
    tables, texts, dataset = corpus.tables, corpus.texts, corpus.dataset
    tables = dict(tables)
    if drop is not None:
        tables["deliverables"] = tables["deliverables"].drop(tables["deliverables"].index[drop])
    return procedure.publish_release(
        tables,
        texts,
        releases,
        dataset=dataset,
        extractor_version="concurrency-test",
        extra_writers=WRITERS,
    )


# Analysts reading while a release is published ---------------------------------------------------


def test_a_read_only_analyst_keeps_consistent_data_while_a_release_is_published(
    corpus, tmp_path: Path, monkeypatch
) -> None:
    releases = tmp_path / "outputs" / "releases"
    publish(corpus, releases)
    old_db = releases / "v1.0.0" / layout.DATABASE
    old_stat, old_digest = old_db.stat(), digest(old_db)
    analyst = duckdb.connect(str(old_db), read_only=True)
    second = duckdb.connect(str(old_db), read_only=True)  # read-only readers do not block
    expected = read_all(analyst)
    assert expected["counts"][0][2] > 0
    seen_steps = []

    def read_during(step: str) -> None:
        # At every step of publishing, the open connection sees exactly what it saw before.
        seen_steps.append(step)
        assert read_all(analyst) == expected, step
        assert read_all(second) == expected, step

    monkeypatch.setattr(procedure, "checkpoint", read_during)
    result = publish(corpus, releases, drop=0)
    monkeypatch.undo()
    assert result.version == "v1.1.0"
    assert f"building {layout.DATABASE}" in seen_steps and "published" in seen_steps
    assert read_all(analyst) == expected
    analyst.close()
    second.close()
    # The open file was not touched: same inode, same bytes; the new release is a new file.
    new_db = result.path / layout.DATABASE
    assert (old_db.stat().st_ino, old_db.stat().st_mtime_ns) == (
        old_stat.st_ino,
        old_stat.st_mtime_ns,
    )
    assert digest(old_db) == old_digest
    assert new_db != old_db and new_db.stat().st_ino != old_stat.st_ino
    with duckdb.connect(str(new_db), read_only=True) as con:
        counts = con.execute(QUERIES["counts"]).fetchone()
    assert counts[2] == expected["counts"][0][2] - 1
    for folder in layout.list_releases(releases):
        assert verify_release(folder).ok, folder


def test_a_read_only_connection_cannot_change_a_release(corpus, tmp_path: Path) -> None:
    releases = tmp_path / "outputs" / "releases"
    publish(corpus, releases)
    db = releases / "v1.0.0" / layout.DATABASE
    before = digest(db)
    with duckdb.connect(str(db), read_only=True) as con:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM deliverables")
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("CREATE TABLE mine AS SELECT 1")
    assert digest(db) == before
    listed = [
        line.split("  ", 1)[1] for line in (db.parent / layout.CHECKSUMS).read_text().splitlines()
    ]
    # No .wal or any other file appeared next to the database.
    assert sorted(p.name for p in db.parent.iterdir()) == sorted([*listed, layout.CHECKSUMS])
    assert verify_release(db.parent, run_frictionless=False).ok


# Two builds at once -------------------------------------------------------------------------------


def test_a_publish_while_another_holds_the_outputs_lock_refuses_clearly(
    corpus, tmp_path: Path
) -> None:
    outputs = tmp_path / "outputs"
    releases = outputs / "releases"
    with procedure.outputs_lock(outputs), pytest.raises(procedure.PublishLocked) as caught:
        publish(corpus, releases)
    message = str(caught.value)
    assert "another build is publishing here" in message
    assert f"pid {os.getpid()}" in message  # says who holds it
    assert "run again" in message
    assert layout.list_releases(releases) == [] and not (releases / layout.LATEST).exists()
    # Once the lock is released, the same publish goes through.
    assert publish(corpus, releases).version == "v1.0.0"


@pytest.mark.slow
def test_cli_build_refuses_while_another_build_publishes(
    tmp_path: Path, sources_copy: Path, capsys
) -> None:
    outputs = tmp_path / "outputs"
    with procedure.outputs_lock(outputs):
        code = main(["build", "--sources", str(sources_copy), "--outputs", str(outputs)])
    err = capsys.readouterr().err
    assert code == 1
    assert "another build is publishing here" in err
    assert "nothing was published" in err
    assert "Traceback" not in err and "Stack Trace" not in err
    assert layout.list_releases(outputs / "releases") == []


def _start_build(sources: Path, outputs: Path, home: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        # Publishing is stretched (a pause at each step) so the two builds overlap there.
        procedure.PAUSE_ENV: "0.2",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "build",
            "--sources",
            str(sources),
            "--outputs",
            str(outputs),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


OTHER_TEXT = (
    "The EU-Japan Hydrogen Forum was launched in March 2024 by the European Commission. "
    "It has organised 14 workshops.\n"
)


def _source_ids(release: Path) -> list[str]:
    return sorted(pq.read_table(release / "sources.parquet").column("source_id").to_pylist())


@pytest.mark.slow
def test_builds_started_at_once_share_outputs_and_dagster_home(
    tmp_path: Path, sources_copy: Path
) -> None:
    """Two builds into one outputs folder: both finish, or one refuses with a clear message; the
    result passes `eujapan verify`. A third build of other sources into another folder, on the
    same fresh DAGSTER_HOME at the same time, publishes its own facts, not theirs (Dagster's
    default IO manager would have swapped them), and the shared home still works afterwards."""
    outputs, home = tmp_path / "outputs", tmp_path / "dagster_home"
    other_sources, other_outputs = tmp_path / "other_sources", tmp_path / "other_outputs"
    home.mkdir()
    other_sources.mkdir()
    (other_sources / "hydrogen_forum.txt").write_text(OTHER_TEXT, encoding="utf-8")
    builds = [_start_build(sources_copy, outputs, home) for _ in range(2)]
    other = _start_build(other_sources, other_outputs, home)
    results = [(b.communicate(timeout=600), b.returncode) for b in builds]
    results = [(code, out, err) for (out, err), code in results]
    _, other_err = other.communicate(timeout=600)
    assert other.returncode == 0, other_err
    codes = sorted(code for code, _out, _err in results)
    assert codes in ([0, 0], [0, 1]), results
    for code, out, err in results:
        assert "Traceback" not in err, err
        if code == 1:
            assert "another build is publishing here" in err, err
            assert "nothing was published" in err
        else:
            assert "published v1.0.0" in out or "no change against v1.0.0" in out, out
    releases = outputs / "releases"
    assert layout.list_releases(releases) == [releases / "v1.0.0"]
    assert (releases / layout.LATEST).read_text().strip() == "v1.0.0"
    assert not [p for p in releases.iterdir() if p.name.startswith(".")]
    assert main(["verify", "--outputs", str(outputs)]) == 0
    expected = sorted(d.source_id for d in load_sources(sources_copy, 5_000_000))
    assert _source_ids(releases / "v1.0.0") == expected
    assert _source_ids(other_outputs / "releases" / "v1.0.0") == ["hydrogen_forum"]
    again = _start_build(sources_copy, outputs, home)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "no change against v1.0.0" in out
