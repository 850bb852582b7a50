"""Writer of the analyst's DuckDB file: the release's tables, commented, with ready-made views.

Each table is created from its model (column order, types, NOT NULL, primary and foreign keys,
coded columns as ENUM types), then filled from Parquet. The file is written in the storage format
of DuckDB 1.1 (`STORAGE_VERSION`), so the DuckDB most analysts have opens it; the library that
wrote it may be newer (its version goes into manifest.json, see `database_info`).

Table and view names and comments come from the schema models (our constants), never from input
data; they are quoted with `quote_identifier` / `quote_literal`. Data is loaded from Parquet via a
bound parameter.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.contract import ColumnSpec, columns, describe
from schemas.tables import TABLES

from .layout import table_file

# Oldest DuckDB that must open the file. DuckDB 2.0 writes its own, newer format unless told to;
# `make duckdb-compat` installs this version for the test that opens a release with it.
STORAGE_VERSION = "v1.1.0"
_ALIAS = "release"

# A view column is described by the model column it copies ("table.column") or in words.
VIEWS: dict[str, tuple[str, str, dict[str, str]]] = {
    "milestone_timeline": (
        "Milestones in date order with the organisation's name and the source title.",
        """
        SELECT m.date, m.date_precision, m.year, m.month, m.day, o.name AS organisation, m.kind,
               m.title, s.title AS source_title, m.quote, m.milestone_id, m.org_id, m.source_id
        FROM milestones m
        LEFT JOIN organisations o USING (org_id)
        JOIN sources s USING (source_id)
        ORDER BY m.date, m.source_id, m.char_start
        """,
        {
            "date": "milestones.date",
            "date_precision": "milestones.date_precision",
            "year": "milestones.year",
            "month": "milestones.month",
            "day": "milestones.day",
            "organisation": "Name of the organisation the event belongs to; null when none.",
            "kind": "milestones.kind",
            "title": "milestones.title",
            "source_title": "Title of the source text the event was read from.",
            "quote": "milestones.quote",
            "milestone_id": "milestones.milestone_id",
            "org_id": "milestones.org_id",
            "source_id": "milestones.source_id",
        },
    ),
    "deliverables_by_organisation": (
        "Totals summed per organisation and unit, like with like: only measure = 'total' and "
        "part_of_total = false (rates such as 'a year' and the per-country rows of a breakdown "
        "are left out), and a count stated by several texts (same organisation, unit, quantity "
        "and period) is added once.",
        """
        WITH counts AS (
            SELECT org_id, unit, quantity, period_start, period_end,
                   count(*) AS facts, list(DISTINCT source_id) AS source_ids,
                   bool_or(qualifier <> 'exact') AS estimate
            FROM deliverables
            WHERE measure = 'total' AND NOT part_of_total
            GROUP BY ALL
        )
        SELECT coalesce(o.name, '(unattributed)') AS organisation, c.unit,
               sum(c.quantity) AS total_quantity, sum(c.facts) AS facts,
               len(list_distinct(flatten(list(c.source_ids)))) AS sources,
               bool_or(c.estimate) AS includes_estimates
        FROM counts c
        LEFT JOIN organisations o USING (org_id)
        GROUP BY ALL
        ORDER BY organisation, total_quantity DESC
        """,
        {
            "organisation": "Organisation credited, or '(unattributed)' when the text names none.",
            "unit": "deliverables.unit",
            "total_quantity": "Sum of the distinct total counts (lower bounds) of this unit; "
            "rates and breakdown rows are not included.",
            "facts": "Number of deliverable facts summed.",
            "sources": "Number of distinct source texts behind them.",
            "includes_estimates": "True if any summed quantity is not exact (at least, approx, ...).",
        },
    ),
    "organisation_overview": (
        "One row per organisation with counts of mentions, milestones, deliverables and sources.",
        """
        SELECT o.org_id, o.name, o.acronym, o.country, o.org_type,
               len(o.source_ids) AS sources, o.mention_count AS mentions,
               (SELECT count(*) FROM milestones m WHERE m.org_id = o.org_id) AS milestones,
               (SELECT count(*) FROM deliverables d WHERE d.org_id = o.org_id) AS deliverables,
               (SELECT min(year) FROM milestones m WHERE m.org_id = o.org_id) AS first_year
        FROM organisations o
        ORDER BY milestones DESC, mentions DESC, o.name
        """,
        {
            "org_id": "organisations.org_id",
            "name": "organisations.name",
            "acronym": "organisations.acronym",
            "country": "organisations.country",
            "org_type": "organisations.org_type",
            "sources": "Number of source texts that mention the organisation.",
            "mentions": "organisations.mention_count",
            "milestones": "Number of milestones attributed to the organisation.",
            "deliverables": "Number of deliverables credited to the organisation.",
            "first_year": "Year of its earliest milestone; null when it has none.",
        },
    ),
    "organisation_partners": (
        "Every stated tie of an organisation, read from either end: the organisation, the "
        "relation as the text states it, the partner (organisation or programme) and the quote.",
        """
        SELECT r.org_id, o.name AS organisation, r.relation, 'subject' AS side,
               coalesce(r.other_org_id, r.programme_id) AS partner_id,
               coalesce(p.name, pr.name) AS partner, r.year, r.source_id, r.quote,
               r.relationship_id
        FROM relationships r
        JOIN organisations o ON o.org_id = r.org_id
        LEFT JOIN organisations p ON p.org_id = r.other_org_id
        LEFT JOIN programmes pr ON pr.programme_id = r.programme_id
        UNION ALL
        SELECT r.other_org_id, p.name, r.relation, 'object', r.org_id, o.name, r.year,
               r.source_id, r.quote, r.relationship_id
        FROM relationships r
        JOIN organisations o ON o.org_id = r.org_id
        JOIN organisations p ON p.org_id = r.other_org_id
        ORDER BY organisation, partner, year
        """,
        {
            "org_id": "The organisation whose partners are listed.",
            "organisation": "Its name.",
            "relation": "relationships.relation",
            "side": "subject: the organisation is the subject of the relation (org_id of "
            "relationships); object: it is the other end.",
            "partner_id": "org_id or programme_id of the other end.",
            "partner": "Name of the other end.",
            "year": "relationships.year",
            "source_id": "relationships.source_id",
            "quote": "relationships.quote",
            "relationship_id": "relationships.relationship_id",
        },
    ),
    "programme_timeline": (
        "Each programme with the dated milestones about it, in date order, and its first year.",
        """
        SELECT p.programme_id, p.name AS programme, p.kind, p.first_year, m.date, m.kind AS event,
               m.title, m.source_id, m.milestone_id
        FROM programmes p
        LEFT JOIN milestones m USING (programme_id)
        ORDER BY p.first_year NULLS LAST, p.name, m.date
        """,
        {
            "programme_id": "programmes.programme_id",
            "programme": "programmes.name",
            "kind": "programmes.kind",
            "first_year": "programmes.first_year",
            "date": "milestones.date",
            "event": "Kind of the milestone (milestones.kind); null when none is dated.",
            "title": "milestones.title",
            "source_id": "milestones.source_id",
            "milestone_id": "milestones.milestone_id",
        },
    ),
}


def view_column_descriptions(view: str) -> dict[str, str]:
    """Descriptions of a view's columns, copied from the models where the column is copied."""
    out = {}
    for name, text in VIEWS[view][2].items():
        table, _, column = text.partition(".")
        if table in TABLES and column and " " not in text:
            spec = {c.name: c for c in columns(table)}[column]
            out[name] = spec.described()
        else:
            out[name] = text
    return out


def quote_identifier(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"refusing identifier {name!r}")
    return '"' + name + '"'


def quote_literal(text: str) -> str:
    if "\x00" in text:
        raise ValueError("refusing a literal with a NUL character")
    return "'" + text.replace("'", "''") + "'"


def database_info() -> dict[str, str]:
    """What wrote the DuckDB file and which DuckDB versions read it (manifest.json, page)."""
    return {
        "library_version": duckdb.__version__,
        "storage_version": STORAGE_VERSION,
        "readable_by": f"DuckDB {STORAGE_VERSION.lstrip('v')} and later",
    }


def enum_type(table: str, spec: ColumnSpec) -> str:
    """Name of the ENUM type of a coded column: one type per table and column."""
    return f"{table}_{spec.name}"


def _column_ddl(table: str, spec: ColumnSpec) -> str:
    """A column of CREATE TABLE, typed and constrained as the model declares it."""
    kind = quote_identifier(enum_type(table, spec)) if spec.allowed else spec.duckdb_type
    null = "" if spec.nullable else " NOT NULL"
    key = " PRIMARY KEY" if spec.primary_key else ""
    if spec.foreign_key:
        target, column = spec.foreign_key.split(".")
        key += f" REFERENCES {quote_identifier(target)} ({quote_identifier(column)})"
    return f"{quote_identifier(spec.name)} {kind}{null}{key}"


def _create_table(con: duckdb.DuckDBPyConnection, table: str, release_dir: Path) -> None:
    ident = quote_identifier(table)
    specs = columns(table)
    for spec in specs:
        if spec.allowed:
            values = ", ".join(quote_literal(v) for v in spec.allowed)
            con.execute(
                f"CREATE TYPE {quote_identifier(enum_type(table, spec))} AS ENUM ({values})"
            )
    con.execute(f"CREATE TABLE {ident} ({', '.join(_column_ddl(table, c) for c in specs)})")
    names = ", ".join(quote_identifier(c.name) for c in specs)
    con.execute(
        f"INSERT INTO {ident} SELECT {names} FROM read_parquet($path)",
        {"path": str(release_dir / table_file(table))},
    )
    con.execute(f"COMMENT ON TABLE {ident} IS {quote_literal(describe(table))}")
    for col in specs:
        con.execute(
            f"COMMENT ON COLUMN {ident}.{quote_identifier(col.name)} IS "
            f"{quote_literal(col.described())}"
        )


def build_database(release_dir: Path, path: Path) -> None:
    """Write a DuckDB file holding every table of the release folder, comments and views."""
    con = duckdb.connect(":memory:")
    try:
        # ATTACH takes no bound parameters; the path is ours (the release folder being written).
        con.execute(
            f"ATTACH {quote_literal(str(path))} AS {quote_identifier(_ALIAS)} "
            f"(STORAGE_VERSION {quote_literal(STORAGE_VERSION)})"
        )
        con.execute(f"USE {quote_identifier(_ALIAS)}")
        for table in TABLES:  # referenced tables come first, as foreign keys need
            _create_table(con, table, release_dir)
        for view, (comment, sql, _) in VIEWS.items():
            _create_view(con, view, comment, sql)
        con.execute("CHECKPOINT")
        con.execute("USE memory")
        con.execute(f"DETACH {quote_identifier(_ALIAS)}")
    finally:
        con.close()


def _create_view(con: duckdb.DuckDBPyConnection, view: str, comment: str, sql: str) -> None:
    ident = quote_identifier(view)
    con.execute(f"CREATE VIEW {ident} AS {sql}")
    con.execute(f"COMMENT ON VIEW {ident} IS {quote_literal(comment)}")
    described = view_column_descriptions(view)
    actual = [
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $view "
            "AND database_name = $db ORDER BY column_index",
            {"view": view, "db": _ALIAS},
        ).fetchall()
    ]
    if set(actual) != set(described):
        # A view edited without its descriptions would ship uncommented columns.
        raise ValueError(f"view {view}: columns {actual} but descriptions for {sorted(described)}")
    for name in actual:
        con.execute(
            f"COMMENT ON COLUMN {ident}.{quote_identifier(name)} IS "
            f"{quote_literal(described[name])}"
        )
