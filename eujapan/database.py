"""The analyst's DuckDB file: the release's Parquet tables, commented, with ready-made views.

Table and view names and comments come from the schema models (our constants), never from input
data; they are quoted with `quote_identifier` / `quote_literal`. Data is loaded from Parquet via a
bound parameter.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from schemas.contract import columns, describe
from schemas.tables import TABLES

VIEWS: dict[str, tuple[str, str]] = {
    "milestone_timeline": (
        "Milestones in date order with the organisation's name and the source title.",
        """
        SELECT m.year, m.month, m.day, o.name AS organisation, m.kind, m.title,
               s.title AS source_title, m.quote, m.milestone_id, m.org_id, m.source_id
        FROM milestones m
        LEFT JOIN organisations o USING (org_id)
        JOIN sources s USING (source_id)
        ORDER BY m.year, m.month NULLS FIRST, m.day NULLS FIRST, m.source_id, m.char_start
        """,
    ),
    "deliverables_by_organisation": (
        "Deliverables summed per organisation and unit, with how many facts and sources back them.",
        """
        SELECT coalesce(o.name, '(unattributed)') AS organisation, d.unit,
               sum(d.quantity) AS total_quantity, count(*) AS facts,
               count(DISTINCT d.source_id) AS sources,
               bool_or(d.qualifier <> 'exact') AS includes_estimates
        FROM deliverables d
        LEFT JOIN organisations o USING (org_id)
        GROUP BY ALL
        ORDER BY organisation, total_quantity DESC
        """,
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
    ),
}


def quote_identifier(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"refusing identifier {name!r}")
    return '"' + name + '"'


def quote_literal(text: str) -> str:
    if "\x00" in text:
        raise ValueError("refusing a literal with a NUL character")
    return "'" + text.replace("'", "''") + "'"


def build_database(release_dir: Path, path: Path) -> None:
    """Write a DuckDB file holding every table of the release folder, comments and views."""
    con = duckdb.connect(str(path))
    try:
        for table in TABLES:
            ident = quote_identifier(table)
            con.execute(
                f"CREATE TABLE {ident} AS SELECT * FROM read_parquet($path)",
                {"path": str(release_dir / f"{table}.parquet")},
            )
            con.execute(f"COMMENT ON TABLE {ident} IS {quote_literal(describe(table))}")
            for col in columns(table):
                con.execute(
                    f"COMMENT ON COLUMN {ident}.{quote_identifier(col.name)} IS "
                    f"{quote_literal(col.description)}"
                )
        for view, (comment, sql) in VIEWS.items():
            con.execute(f"CREATE VIEW {quote_identifier(view)} AS {sql}")
            con.execute(f"COMMENT ON VIEW {quote_identifier(view)} IS {quote_literal(comment)}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
