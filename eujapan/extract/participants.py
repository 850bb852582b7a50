"""Who took part in an event: the organisations named in its sentence, each with a role.

The role comes from the words around the name: "signed by X" or "X signed" -> signatory (for an
agreement), "hosted by X" -> host, "organised by X" / "X held" -> organiser, a party to an
agreement, negotiation or entry into force -> party; any other organisation the sentence names
as acting in the event -> participant. Organisations named inside a person's title ("Mr X,
President of the European Commission") take part through that person.
"""

from __future__ import annotations

import re

from .names import DocOrg, norm_key

_HOST = re.compile(r"\bhost(?:ed|s|ing)?\b", re.I)
_ORGANISER = re.compile(
    r"\b(?:organi[sz](?:ed|es|ing)|held|convened|launched|co-organi[sz]ed|in\s+collaboration\s+with"
    r"|together\s+with)\b",
    re.I,
)
_SIGNATORY = re.compile(r"\bsign(?:ed|s|ing|ature|atory|atories)?\b", re.I)
_PARTY_KINDS = frozenset(
    {"agreement", "negotiation", "entry_into_force", "provisional_application", "decision"}
)
_WINDOW = 40


def participants(
    text: str, start: int, end: int, kind: str, hits: list[tuple[DocOrg, int, int]]
) -> list[list]:
    """[org_key, role, start, end] for each organisation named in text[start:end] (first
    mention of each), in text order."""
    seen: set[str] = set()
    result: list[list] = []
    for org, s, e in hits:
        key = norm_key(org.name)
        if key in seen:
            continue
        seen.add(key)
        before = text[max(start, s - _WINDOW) : s]
        after = text[e : min(end, e + _WINDOW)]
        near = before + " " + after
        if _HOST.search(near):
            role = "host"
        elif kind == "agreement" and _SIGNATORY.search(near):
            role = "signatory"
        elif kind in _PARTY_KINDS:
            role = "party"
        elif _ORGANISER.search(near):
            role = "organiser"
        else:
            role = "participant"
        result.append([key, role, s, e])
    return result
