"""From per-document facts to the published tables: one organisation across all sources, IDs from content.

IDs are hashes of content, never of row order: the same input always gives the same IDs, and an
organisation keeps its `org_id` when sources are added, as long as its canonical name stays.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from operator import attrgetter

import pandas as pd

from schemas.base import GROUNDING_COLUMNS
from schemas.contract import column_order, primary_key
from schemas.tables import TABLES

from .bulk import collector_paused
from .events import assign_events
from .extract.model import DocumentFacts
from .extract.names import norm_key
from .links import programme_rows, relationship_columns
from .sources import SourceDocument


def make_id(prefix: str, *parts: object) -> str:
    """`prefix_` + 16 hex digits of SHA-256 over the parts (unit-separator joined)."""
    return _hashed(prefix, "\x1f".join(["" if p is None else str(p) for p in parts]))


def _hashed(prefix: str, payload: str) -> str:
    return f"{prefix}_{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:16]}"


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _case_blind(text: str) -> tuple[str, str]:
    # Case-blind order, case as tie-break: "Council" and "COUNCIL" from a set must not come out
    # in hash order, or two builds of the same texts differ.
    return (text.lower(), text)


def _most_common(values: list, prefer_longer: bool = False):
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], -len(str(v)) if prefer_longer else 0, str(v)))[
        0
    ]


def _occurrence_ids(prefix: str, keys: list[str]) -> list[str]:
    """IDs for rows whose content key may repeat within a source: the n-th repeat gets n.

    `keys` are the unit-separator-joined parts (see `make_id`); the count is the last part."""
    seen: Counter = Counter()
    ids = []
    for key in keys:
        n = seen[key]
        ids.append(_hashed(prefix, f"{key}\x1f{n}"))
        seen[key] = n + 1
    return ids


_NON_WORD_RUN = re.compile(r"\W+")


def _norm_text(text: str) -> str:
    return _NON_WORD_RUN.sub(" ", text.lower()).strip()


def _part(value: object) -> str:
    return "" if value is None else str(value)


def _frame(name: str, data: list[dict] | dict[str, list]) -> pd.DataFrame:
    """A DataFrame with exactly the model's columns, in a stable order, typed as the model says.

    `data` is a list of rows or, faster for big tables, one list per column."""
    model = TABLES[name]
    schema = model.to_schema()
    columns = column_order(name)
    df = pd.DataFrame(data, columns=columns)
    for col in columns:
        dtype = str(schema.columns[col].dtype)
        if dtype == "Int64":
            df[col] = pd.array(df[col].tolist(), dtype="Int64")
        elif dtype.startswith("int"):
            df[col] = df[col].astype("int64")
        elif dtype.startswith("float"):
            df[col] = df[col].astype("float64")
        elif dtype == "bool":
            df[col] = df[col].astype("bool")
        elif dtype.startswith("str") or dtype == "string[pyarrow]":
            df[col] = df[col].astype("str").where(df[col].notna(), None)
    pk = primary_key(name)
    return df.sort_values(pk, kind="stable").reset_index(drop=True) if len(df) else df


_GROUNDING = GROUNDING_COLUMNS[1:]  # source_id is filled per source, not read from the fact


def _own_columns(name: str) -> tuple[str, ...]:
    """The columns a fact object carries itself: all but the key, organisation and grounding."""
    skip = {primary_key(name), "org_id", "programme_id", "event_id", *GROUNDING_COLUMNS}
    return tuple(c for c in column_order(name) if c not in skip)


def _extend(
    table: dict[str, list], own: tuple, facts: list, source_id: str, org_of, programme_of
) -> None:
    """Append the facts of one source to a column-wise table (milestones or deliverables)."""
    table["org_id"] += [org_of(source_id, f.org_key) for f in facts]
    table["programme_id"] += [programme_of.get((source_id, f.programme_key)) for f in facts]
    for col in (*own, *_GROUNDING):
        table[col] += list(map(attrgetter(col), facts))
    table["source_id"] += [source_id] * len(facts)


def build_tables(
    documents: list[SourceDocument], facts: list[DocumentFacts]
) -> dict[str, pd.DataFrame]:
    """All published tables from the documents and their extracted facts."""
    with collector_paused():
        return _build_tables(documents, facts)


def _build_tables(
    documents: list[SourceDocument], facts: list[DocumentFacts]
) -> dict[str, pd.DataFrame]:
    by_source = {f.source_id: f for f in facts}
    texts = {d.source_id: d.text for d in documents}
    # 1. Organisations across sources: any shared written form joins two document organisations.
    uf = _UnionFind()
    doc_orgs = []
    for f in sorted(facts, key=lambda f: f.source_id):
        for org in f.organisations:
            node = f"{f.source_id}\x1f{org.key}"
            doc_orgs.append((f.source_id, org, node))
            uf.union(node, "name:" + org.key)
            for form in org.forms:
                key = norm_key(form)
                if form.isupper() or (org.acronym and form == org.acronym):
                    uf.union(node, "acr:" + form)
                elif len(key.split()) >= 2:
                    uf.union(node, "name:" + key)
            if org.acronym:
                uf.union(node, "acr:" + org.acronym)
            if org.wikidata_id:
                uf.union(node, "wd:" + org.wikidata_id)
    clusters: dict[str, list] = defaultdict(list)
    for source_id, org, node in doc_orgs:
        clusters[uf.find(node)].append((source_id, org))

    org_rows = []
    doc_key_to_id: dict[tuple[str, str], str] = {}
    for members in clusters.values():
        # Where the reference list knows the body, its canonical name, type and country win.
        known = [(s, o) for s, o in members if o.wikidata_id] or members
        name = _most_common([o.name for _s, o in known], prefer_longer=True)
        org_id = make_id("org", norm_key(name))
        # Ties broken by the form itself: "Council" and "COUNCIL" sorted by str.lower alone kept
        # the set's order, which changes with the process's hash seed (a false patch release).
        aliases = sorted(
            {f for _s, o in members for f in [o.name, *o.forms]} - {name}, key=_case_blind
        )
        types = [o.org_type for _s, o in known if o.org_type != "organisation"]
        org_rows.append(
            {
                "org_id": org_id,
                "name": name,
                "acronym": _most_common([o.acronym for _s, o in members]),
                "aliases": aliases,
                "country": _most_common([o.country for _s, o in known]),
                "org_type": _most_common(types) or "organisation",
                "wikidata_id": _most_common([o.wikidata_id for _s, o in members]),
                "source_ids": sorted({s for s, _o in members}),
                "mention_count": 0,
            }
        )
        for source_id, org in members:
            doc_key_to_id[(source_id, org.key)] = org_id

    def org_of(source_id: str, key: str | None) -> str | None:
        return doc_key_to_id.get((source_id, key)) if key else None

    programme_list, programme_of = programme_rows(facts, org_of, make_id, _UnionFind, _most_common)

    # One list per column: a dict per row costs ~3x more at several hundred thousand rows.
    mentions: dict[str, list] = defaultdict(list)
    milestones: dict[str, list] = defaultdict(list)
    participants: dict[str, list] = defaultdict(list)
    deliverables: dict[str, list] = defaultdict(list)
    for source_id in sorted(by_source):
        f = by_source[source_id]
        kept = [(m, org_of(source_id, m.org_key)) for m in f.mentions]
        kept = [(m, org_id) for m, org_id in kept if org_id is not None]
        mentions["mention_id"] += [
            _hashed("men", f"{source_id}\x1f{m.char_start}\x1f{m.char_end}\x1f{org_id}")
            for m, org_id in kept
        ]
        mentions["org_id"] += [org_id for _m, org_id in kept]
        mentions["source_id"] += [source_id] * len(kept)
        for col in _GROUNDING:
            mentions[col] += [getattr(m, col) for m, _o in kept]
        keys = [
            f"{source_id}\x1f{m.year}\x1f{_part(m.month)}\x1f{m.kind}\x1f{_norm_text(m.title)}"
            for m in f.milestones
        ]
        milestone_ids = _occurrence_ids("mil", keys)
        milestones["milestone_id"] += milestone_ids
        _extend(
            milestones, _own_columns("milestones"), f.milestones, source_id, org_of, programme_of
        )
        text = texts.get(source_id, "")
        for milestone_id, m in zip(milestone_ids, f.milestones, strict=True):
            for org_key, role, start, end in m.participants:
                org_id = org_of(source_id, org_key)
                if org_id is None:
                    continue
                participants["participant_id"].append(
                    _hashed("par", f"{milestone_id}\x1f{org_id}\x1f{role}")
                )
                participants["milestone_id"].append(milestone_id)
                participants["org_id"].append(org_id)
                participants["role"].append(role)
                participants["source_id"].append(source_id)
                participants["char_start"].append(start)
                participants["char_end"].append(end)
                participants["quote"].append(text[start:end])
        keys = [
            f"{source_id}\x1f{_part(d.unit)}\x1f{_norm_text(d.description)}" for d in f.deliverables
        ]
        deliverables["deliverable_id"] += _occurrence_ids("del", keys)
        _extend(
            deliverables,
            _own_columns("deliverables"),
            f.deliverables,
            source_id,
            org_of,
            programme_of,
        )
    counts = Counter(mentions["org_id"])
    org_rows = [r for r in org_rows if counts[r["org_id"]]]
    for r in org_rows:
        r["mention_count"] = counts[r["org_id"]]
    # Issue 14: ties between organisations and programmes, and one event across sources.
    relationships, runners = relationship_columns(
        facts, org_of, programme_of, _hashed, {r["org_id"] for r in org_rows}
    )
    for row in programme_list:
        row["org_ids"] = sorted(set(row["org_ids"]) | runners.get(row["programme_id"], set()))
    milestone_frame = _frame("milestones", dict(milestones))
    participant_frame = _frame("milestone_participants", dict(participants))
    event_ids, events = assign_events(milestone_frame, participant_frame, _hashed)
    milestone_frame["event_id"] = event_ids.astype("str")
    return {
        "sources": _frame("sources", [d.metadata() for d in documents]),
        "organisations": _frame("organisations", org_rows),
        "programmes": _frame("programmes", programme_list),
        "organisation_mentions": _frame("organisation_mentions", dict(mentions)),
        "events": _frame("events", events),
        "milestones": milestone_frame,
        "milestone_participants": participant_frame,
        "deliverables": _frame("deliverables", dict(deliverables)),
        "relationships": _frame("relationships", dict(relationships)),
    }
