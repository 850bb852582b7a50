"""Every model rejects what it must, and the error names table, check, column and rows."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas.checks import ValidationFailed, all_violations, validate_all
from schemas.contract import columns
from schemas.tables import TABLES
from tests import support

REPO = support.REPO


@pytest.fixture
def good(corpus) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    return corpus.tables, corpus.texts


def _broken(good, table: str, column: str, value, row: int = 0):
    tables, texts = good
    copy = {k: v.copy() for k, v in tables.items()}
    df = copy[table]
    df[column] = df[column].astype(object)
    df.at[row, column] = value
    return copy, texts


def test_real_tables_pass(good) -> None:
    assert all_violations(*good) == []


def test_every_column_is_described() -> None:
    for table in TABLES:
        for col in columns(table):
            assert col.description.strip(), f"{table}.{col.name}"


@pytest.mark.parametrize(
    ("table", "column", "value", "check"),
    [
        ("milestones", "year", 1066, "greater_than_or_equal_to"),
        ("milestones", "month", 13, "less_than_or_equal_to"),
        ("milestones", "kind", "party", "isin"),
        ("deliverables", "qualifier", "roughly", "isin"),
        ("deliverables", "quantity", 0.0, "greater_than(0)"),
        ("organisations", "country", "Japan", "str_matches"),
        ("sources", "sha256", "not-a-hash", "str_matches"),
    ],
)
def test_bad_values_are_named(good, table, column, value, check) -> None:
    tables, texts = _broken(good, table, column, value)
    with pytest.raises(ValidationFailed) as err:
        validate_all(tables, texts)
    message = str(err.value)
    assert f"{table}.{column}" in message
    assert check in message
    assert "row" in message


def test_span_must_be_positive(good) -> None:
    tables, texts = _broken(
        good, "milestones", "char_end", int(good[0]["milestones"].at[0, "char_start"])
    )
    messages = [str(v) for v in all_violations(tables, texts)]
    assert any("char_end must be greater than char_start" in m for m in messages)


def test_duplicate_ids_are_refused(good) -> None:
    tables, texts = good
    copy = dict(tables)
    copy["deliverables"] = pd.concat(
        [tables["deliverables"], tables["deliverables"].head(1)], ignore_index=True
    )
    violations = all_violations(copy, texts)
    assert any(v.table == "deliverables" and v.column == "deliverable_id" for v in violations)


def test_unknown_org_id_is_refused(good) -> None:
    tables, texts = _broken(good, "milestones", "org_id", "org_0000000000000000")
    violations = all_violations(tables, texts)
    (fk,) = [v for v in violations if v.check.startswith("foreign_key")]
    assert (fk.table, fk.column, fk.count) == ("milestones", "org_id", 1)
    assert fk.rows[0]["org_id"] == "org_0000000000000000"


def test_quote_must_equal_source_slice(good) -> None:
    tables, texts = good
    copy = {k: v.copy() for k, v in tables.items()}
    df = copy["deliverables"]
    df.at[0, "quote"] = df.at[0, "quote"][:-1] + "X"
    violations = all_violations(copy, texts)
    (bad,) = [v for v in violations if v.check == "quote_equals_source_slice"]
    assert bad.table == "deliverables" and bad.rows[0]["row"] == 0


def test_unknown_column_is_refused(good) -> None:
    tables, texts = good
    copy = dict(tables)
    copy["sources"] = tables["sources"].assign(secret="x")
    assert any(v.table == "sources" for v in all_violations(copy, texts))


def test_validation_skips_pandera_optional_imports() -> None:
    """A build (whose entry point is the `pipeline` package) validates tables without importing
    dask.dataframe or hypothesis (1-2 s of a small build), and the checks still run: a bad row is
    still refused in that process."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import pipeline\n"
        "from pathlib import Path\n"
        "from eujapan.extract import extract_document\n"
        "from eujapan.sources import load_sources\n"
        "from eujapan.tables import build_tables\n"
        "from schemas.checks import all_violations\n"
        "docs = load_sources(Path('sources'), 5_000_000)\n"
        "tables = build_tables(docs, [extract_document(d.source_id, d.text) for d in docs])\n"
        "texts = {d.source_id: d.text for d in docs}\n"
        "assert not all_violations(tables, texts)\n"
        "tables['milestones'].loc[0, 'month'] = 13\n"
        "assert all_violations(tables, texts)\n"
        "print(sorted(m for m in ('dask.dataframe', 'hypothesis') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_importing_the_models_leaves_pandera_as_it_is() -> None:
    """Only the program's entry point switches Pandera's integrations off: a user of `schemas`
    keeps them (the models build and validate with Pandera's own dask check)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import schemas.checks, schemas.contract\n"
        "from schemas.tables import TABLES\n"
        "for model in TABLES.values(): model.to_schema()\n"
        "dask = sys.modules.get('pandera.typing.dask')\n"
        "print(dask is not None and getattr(dask, '__file__', None) is not None)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"


def test_warning_checks_pass_on_the_real_build_and_fire_on_a_real_problem(good) -> None:
    """A warning that fires on every healthy build teaches operators to ignore warnings."""
    from schemas.checks import check_all

    tables, texts = good
    counts = {t: len(df) for t, df in tables.items()}
    report = check_all(tables, texts, counts)
    warned = [(t, n) for t, by in report.items() for n, r in by.items() if r.warned]
    assert warned == []

    # Organisations no longer joined across sources: each keeps only its first source.
    broken = {k: v.copy() for k, v in tables.items()}
    broken["organisations"]["source_ids"] = broken["organisations"]["source_ids"].map(
        lambda ids: list(ids)[:1]
    )
    result = check_all(broken, texts, counts)["organisations"]["organisations_in_one_source"]
    assert result.warned and result.details["share_in_one_source"] == 1.0

    # Half the table lost against the latest release.
    shrunk = {k: v.copy() for k, v in tables.items()}
    shrunk["milestones"] = shrunk["milestones"].iloc[: len(shrunk["milestones"]) // 2]
    report = check_all(shrunk, texts, counts)
    assert report["milestones"]["row_count_vs_latest_release"].warned
