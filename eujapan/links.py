"""The programmes and relationships tables: programmes resolved across sources like
organisations (any shared written form joins two), and each stated tie with its two ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .extract.model import DocumentFacts
from .extract.names import norm_key

OrgOf = Callable[[str, "str | None"], "str | None"]


def _case_blind(text: str) -> tuple[str, str]:
    # Case-blind order, case as tie-break: "Council" and "COUNCIL" from a set must not come out
    # in hash order, or two builds of the same texts differ.
    return (text.lower(), text)


def _loose(form: str) -> str:
    # "J-Bridge" and "J-Bridges", "A & B" and "A B": one programme across texts too.
    return norm_key(form).replace(" and ", " ").removesuffix("s")


def programme_rows(
    facts: list[DocumentFacts], org_of: OrgOf, make_id, union_find, most_common
) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """Rows of the programmes table and the programme_id of each (source_id, document key)."""
    uf = union_find()
    nodes = []
    for f in sorted(facts, key=lambda f: f.source_id):
        for p in f.programmes:
            node = f"{f.source_id}\x1f{p.key}"
            nodes.append((f.source_id, p, node))
            for form in (p.name, *p.forms):
                prefix = "acr:" if form.isupper() else "name:"
                uf.union(node, prefix + (form if form.isupper() else _loose(form)))
    clusters: dict[str, list] = defaultdict(list)
    for source_id, p, node in nodes:
        clusters[uf.find(node)].append((source_id, p))
    rows = []
    key_to_id: dict[tuple[str, str], str] = {}
    for members in clusters.values():
        name = most_common([p.name for _s, p in members], prefer_longer=True)
        programme_id = make_id("prg", norm_key(name))
        org_ids = {org_of(s, k) for s, p in members for k in p.org_keys}
        years = [p.first_year for _s, p in members if p.first_year]
        rows.append(
            {
                "programme_id": programme_id,
                "name": name,
                "aliases": sorted(
                    {f for _s, p in members for f in (p.name, *p.forms)} - {name}, key=_case_blind
                ),
                "kind": most_common([p.kind for _s, p in members if p.kind != "other"]) or "other",
                "org_ids": sorted(o for o in org_ids if o),
                "first_year": min(years) if years else None,
                "source_ids": sorted({s for s, _p in members}),
            }
        )
        for source_id, p in members:
            key_to_id[(source_id, p.key)] = programme_id
    return rows, key_to_id


def relationship_columns(
    facts: list[DocumentFacts],
    org_of: OrgOf,
    programme_of: dict[tuple[str, str], str],
    hashed,
    org_ids: set[str],
) -> tuple[dict[str, list], dict[str, set[str]]]:
    """The relationships table, one list per column; and the organisations that run, fund or
    coordinate each programme, which the programmes table adds to its org_ids."""
    table: dict[str, list] = defaultdict(list)
    runners: dict[str, set[str]] = defaultdict(set)
    for f in sorted(facts, key=lambda f: f.source_id):
        for r in f.relationships:
            org_id = org_of(f.source_id, r.org_key)
            other = org_of(f.source_id, r.other_org_key) if r.other_org_key else None
            programme_id = programme_of.get((f.source_id, r.programme_key or ""))
            if org_id not in org_ids or (other not in org_ids and programme_id is None):
                continue  # an end that did not survive resolution: no half-grounded tie
            if other == org_id:
                continue
            if programme_id and r.relation in {"runs", "funds", "coordinates", "hosts"}:
                runners[programme_id].add(org_id)
            table["relationship_id"].append(
                hashed(
                    "rel",
                    f"{f.source_id}\x1f{r.char_start}\x1f{r.relation}\x1f{org_id}\x1f"
                    f"{other or ''}\x1f{programme_id or ''}",
                )
            )
            table["org_id"].append(org_id)
            table["relation"].append(r.relation)
            table["other_org_id"].append(other)
            table["programme_id"].append(programme_id)
            table["year"].append(r.year)
            table["source_id"].append(f.source_id)
            table["char_start"].append(r.char_start)
            table["char_end"].append(r.char_end)
            table["quote"].append(r.quote)
    return table, runners
