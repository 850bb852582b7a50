"""The one diff: publishing (tables against a folder) and `eujapan diff` (folder against folder)
are the same function, so they cannot disagree on the bump or on a single fact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from eujapan.publish.diff import compare_releases, diff_tables, next_version
from eujapan.publish.layout import table_file
from eujapan.publish.parquet import write_parquet


def _write(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    folder.mkdir(parents=True)
    for table, df in tables.items():
        write_parquet(df, table, folder / table_file(table))
    return folder


@pytest.fixture
def previous(corpus, tmp_path) -> Path:
    return _write(tmp_path / "v1.0.0", corpus.tables)


def _both(previous: Path, tables: dict[str, pd.DataFrame], tmp_path: Path):
    """The diff as publishing computes it and as `eujapan diff` does, from files."""
    return diff_tables(previous, tables), compare_releases(
        previous, _write(tmp_path / "new", tables)
    )


def test_same_tables_no_change(previous, corpus, tmp_path) -> None:
    for diff in _both(previous, corpus.tables, tmp_path):
        assert (diff.bump, diff.changes) == (None, [])


def test_corrected_value_is_a_patch_and_both_paths_agree(previous, corpus, tmp_path) -> None:
    tables = corpus.tables
    tables["milestones"].loc[0, "title"] = "A corrected title"
    published, compared = _both(previous, tables, tmp_path)
    assert published == compared
    assert published.bump == "patch"
    (change,) = published.changes
    assert (change.table, change.change, change.columns) == ("milestones", "modified", ["title"])


def test_removed_fact_is_minor_and_removed_column_major(previous, corpus, tmp_path) -> None:
    tables = corpus.tables
    tables["deliverables"] = tables["deliverables"].iloc[1:]
    assert diff_tables(previous, tables).bump == "minor"
    del tables["deliverables"]
    removed = diff_tables(previous, tables)
    assert removed.bump == "major" and "table deliverables removed" in removed.reasons


def test_first_release_and_next_versions(corpus) -> None:
    first = diff_tables(None, corpus.tables)
    # The first release bumps nothing: it is "initial", not "major".
    assert first.bump == "initial" and {c.change for c in first.changes} == {"added"}
    assert next_version(None, "initial") == "v1.0.0"
    assert [next_version("v1.2.3", b) for b in ("major", "minor", "patch")] == [
        "v2.0.0",
        "v1.3.0",
        "v1.2.4",
    ]


def test_format_diff_names_rows_beside_their_ids(previous, corpus, tmp_path) -> None:
    from eujapan.publish.diff import format_diff, release_labels

    tables = corpus.tables
    org = tables["organisations"].iloc[0]
    tables["organisations"].loc[tables["organisations"].index[0], "country"] = "ZZ"
    diff = diff_tables(previous, tables)
    labels = release_labels(previous)
    text = format_diff("v1.0.0", "v1.0.1", diff, labels)
    assert f"~ {org['org_id']}  {org['name']}  (country)" in text
    # Without labels, ids alone (the old output).
    assert f"~ {org['org_id']}  (country)" in format_diff("v1.0.0", "v1.0.1", diff)
