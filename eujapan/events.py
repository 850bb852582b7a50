"""Events across sources: milestones of different texts that report the same real event share
an `event_id`, and the events table lists each event once with its best-known date.

Two milestones of different sources are one event when they have the same kind, dates that can
be one date (same year; month and day agree where both give one) and either an organisation
taking part in common or titles that share most of their content words. Candidates are only
compared within one (kind, year), so the work grows with the events of a year, not the corpus.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd

_WORD = re.compile(r"[a-z0-9]+")
# Words every EU-Japan title may hold: sharing them says nothing about the event.
_COMMON = {
    "the",
    "and",
    "for",
    "of",
    "on",
    "in",
    "between",
    "with",
    "eu",
    "japan",
    "japanese",
    "european",
    "union",
    "signature",
    "signed",
    "signing",
    "sign",
    "signs",
    "launch",
    "launched",
    "new",
}
_MIN_OVERLAP = 0.6


def _content(title: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(title.lower()) if len(w) > 2 and w not in _COMMON)


def _same_date(a, b) -> bool:
    """Month and day agree wherever both milestones give one."""
    for x, y in ((a.month, b.month), (a.day, b.day)):
        if pd.notna(x) and pd.notna(y) and x != y:
            return False
    return True


def assign_events(
    milestones: pd.DataFrame, participants: pd.DataFrame, hashed
) -> tuple[pd.Series, list[dict]]:
    """The event_id of every milestone (in its row order) and the rows of the events table."""
    orgs = participants.groupby("milestone_id")["org_id"].agg(frozenset).to_dict()
    parent = {mid: mid for mid in milestones["milestone_id"]}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _key, group in milestones.groupby(["kind", "year"], sort=False):
        rows = list(group.itertuples(index=False))
        if len(rows) < 2 or group["source_id"].nunique() < 2:
            continue
        words = {r.milestone_id: _content(r.title) for r in rows}
        for a, b in combinations(rows, 2):
            if a.source_id == b.source_id or not _same_date(a, b):
                continue
            wa, wb = words[a.milestone_id], words[b.milestone_id]
            overlap = len(wa & wb) / max(1, min(len(wa), len(wb)))
            shared_org = orgs.get(a.milestone_id, frozenset()) & orgs.get(
                b.milestone_id, frozenset()
            )
            if overlap >= _MIN_OVERLAP or (shared_org and overlap >= 0.3):
                ra, rb = find(a.milestone_id), find(b.milestone_id)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[int]] = defaultdict(list)
    for i, mid in enumerate(milestones["milestone_id"]):
        members[find(mid)].append(i)
    event_of: dict[str, str] = {}
    events = []
    precision_rank = {"year": 0, "month": 1, "day": 2}
    for root, idx in members.items():
        group = milestones.iloc[idx]
        event_id = hashed("evt", root)
        best_rank = max(precision_rank[p] for p in group["date_precision"])
        precise = group[group["date_precision"].map(precision_rank) == best_rank]
        date = Counter(precise["date"]).most_common(1)[0][0]
        first = precise[precise["date"] == date].iloc[0]
        sources = sorted(set(group["source_id"]))
        events.append(
            {
                "event_id": event_id,
                "date": date,
                "date_precision": first["date_precision"],
                "year": int(first["year"]),
                "kind": first["kind"],
                "title": first["title"],
                "milestone_ids": sorted(group["milestone_id"]),
                "source_ids": sources,
                "source_count": len(sources),
            }
        )
        for mid in group["milestone_id"]:
            event_of[mid] = event_id
    return milestones["milestone_id"].map(event_of), events
