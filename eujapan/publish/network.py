"""The release page's section on who works with whom: the network of partners as an adjacency
table (one row per pair and relation, with the years and the number of texts that state it) and
the programmes on a timeline (first year, then every dated milestone about them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

import pandas as pd

_MAX_ROWS = 200  # a page, not a dump: the Parquet files hold every row


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _html_table(head: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def adjacency_rows(tables: Mapping[str, pd.DataFrame]) -> list[list[object]]:
    """One row per (organisation, relation, other end): years and number of texts stating it."""
    rel = tables.get("relationships")
    if rel is None or rel.empty:
        return []
    names = dict(
        zip(tables["organisations"]["org_id"], tables["organisations"]["name"], strict=True)
    )
    programmes = tables.get("programmes")
    if programmes is not None:
        names |= dict(zip(programmes["programme_id"], programmes["name"], strict=True))
    other = rel["other_org_id"].fillna(rel["programme_id"])
    frame = pd.DataFrame(
        {
            "organisation": rel["org_id"].map(names),
            "relation": rel["relation"].str.replace("_", " "),
            "with": other.map(names),
            "year": rel["year"],
            "source_id": rel["source_id"],
        }
    )
    grouped = frame.groupby(["organisation", "relation", "with"], sort=True).agg(
        years=("year", lambda ys: ", ".join(str(int(y)) for y in sorted(set(ys.dropna())))),
        texts=("source_id", "nunique"),
    )
    return [[*key, row.years, row.texts] for key, row in grouped.iterrows()][:_MAX_ROWS]


def timeline_rows(tables: Mapping[str, pd.DataFrame]) -> list[list[object]]:
    """Programmes by first year: kind, who runs them, and the dated milestones about them."""
    programmes = tables.get("programmes")
    if programmes is None or programmes.empty:
        return []
    names = dict(
        zip(tables["organisations"]["org_id"], tables["organisations"]["name"], strict=True)
    )
    milestones = tables["milestones"]
    dated = (
        milestones[milestones["programme_id"].notna()]
        .sort_values("date")
        .groupby("programme_id")["date"]
        .agg(lambda ds: ", ".join(dict.fromkeys(ds)))
    )
    ordered = programmes.sort_values(["first_year", "name"], na_position="last")
    return [
        [
            p.first_year if pd.notna(p.first_year) else "",
            p.name,
            p.kind.replace("_", " "),
            "; ".join(names.get(o, o) for o in p.org_ids),
            dated.get(p.programme_id, ""),
            len(p.source_ids),
        ]
        for p in ordered.itertuples(index=False)
    ][:_MAX_ROWS]


def network_section(tables: Mapping[str, pd.DataFrame]) -> str:
    """The section's HTML ('' when the release has neither ties nor programmes)."""
    adjacency, timeline = adjacency_rows(tables), timeline_rows(tables)
    if not adjacency and not timeline:
        return ""
    return (
        '<section id="network"><h2>Who works with whom</h2>'
        "<p>Ties the texts state between organisations, and between organisations and "
        "programmes, one row per pair and relation (every row of "
        '<a href="relationships.parquet">relationships.parquet</a> quotes its sentence). '
        "In the DuckDB file, the view <code>organisation_partners</code> lists them both ways.</p>"
        + _html_table(["organisation", "relation", "with", "years", "texts"], adjacency)
        + "<h3>Programmes on a timeline</h3><p>By the first year a text gives; the dates are "
        "those of the milestones about the programme (view <code>programme_timeline</code>).</p>"
        + _html_table(
            ["first year", "programme", "kind", "run or funded by", "milestones", "texts"],
            timeline,
        )
        + "</section>"
    )
