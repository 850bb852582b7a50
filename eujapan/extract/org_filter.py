"""Which grouped names are organisations: programmes, meetings, fora of states and topics are not.

A name the reference list knows is an organisation. Any other name must not be headed by a word
for a programme, agreement, event or document, must not be a meeting's committee or working
group or a forum of states ("G7"), and needs an organisation head word, a legal form or a slot
that says what it is ("X, a company", "cooperation with X"); a name with none of those would
get the catch-all type, and is left out (a missed fact is better than a wrong one).
"""

from __future__ import annotations

import re

from .lexicon import NON_ORG_HEADS
from .names import DocOrg, head_word

# Evidence from the sentence around a name that says it is a body.
_SLOT_EVIDENCE = frozenset({"partner_slot", "definition", "typed", "list_member"})
# "X, a consortium", "the company X": the sentence says what it is, whatever its last word.
_TYPED_EVIDENCE = frozenset({"definition", "typed"})
# Bodies of a meeting or an agreement, and fora of states: named like organisations, not ones.
_MEETING_BODY = re.compile(
    r"\b(?:Working|Steering|Expert|Experts'?|Contact|Task|Study|Advisory|Coordination|"
    r"Consultative|Joint|High[- ]Level|Management|Monitoring|Review|Drafting|Ad[- ]Hoc)\s+"
    r"(?:Group|Groups|Committee|Force|Team|Panel|Party)\b"
    r"|^(?:the\s+)?(?:Working|Steering|Expert)\s+Group\b"
    r"|^G-?\d{1,2}$"
)
_MORE_NON_ORG_HEADS = frozenset(
    {
        "masters", "mobility", "instrument", "law", "sea", "systems", "year", "dialogue",
        "meeting", "meetings", "symposium", "session", "round", "talks", "convention",
        "protocol", "charter", "statement", "communiqué", "communique", "action", "alliance",
        "roadmap", "agenda", "task", "group", "committee", "studies", "education", "research",
        "technology", "science", "innovation", "cooperation", "co-operation", "relations",
    }
)  # fmt: skip


def is_organisation(org: DocOrg) -> bool:
    """True if the grouped name is kept as an organisation (see the module's rules)."""
    if org.reference is not None:
        return org.reference.org_type != "polity"
    name = org.name
    if _MEETING_BODY.search(name):
        return False
    if org.evidence & _TYPED_EVIDENCE and org.org_type not in (None, "organisation"):
        return True
    head = head_word(name).lower()
    if head in NON_ORG_HEADS or head in _MORE_NON_ORG_HEADS:
        return org.org_type == "company" and "shape" in org.evidence and " " in name
    if org.org_type in (None, "organisation"):
        return bool(org.evidence & _SLOT_EVIDENCE)
    return True
