"""What a count means: is it an output of cooperation at all, a total or a rate, over what period.

- Counts that only name the parties ("two leaders", "both sides", "the two regions", "two
  agreements:" followed by their names) are not deliverables.
- Populations and market sizes ("600 million people", "127 million consumers") are not either.
- "about 40 participants a year" is a rate (per year); a count with "since 1997" or "in 2019"
  counts over that period or reference year.
"""

from __future__ import annotations

import re

# Nouns that name the parties of a bilateral text when counted by a small number.
_PARTY_UNITS = frozenset(
    {
        "leaders", "sides", "parties", "regions", "countries", "governments", "nations",
        "economies", "partners", "presidents", "ministers", "heads", "unions", "blocs",
        "administrations", "delegations",
    }
)  # fmt: skip
# Acts counted by a small number are usually named right after ("two agreements: the EPA and
# the SPA"), or are the parties' own ("both agreements"); counted as what a mission produced
# ("3 commercial agreements signed") they are outputs.
_ACT_UNITS = frozenset({"agreements", "documents", "declarations"})
_BOTH_BEFORE = re.compile(r"\b(?:both|the|these|those|its|their)\s+$", re.I)
# Nouns of populations and markets: counted people, not outputs.
_POPULATION_UNITS = frozenset(
    {"consumers", "citizens", "inhabitants", "residents", "population", "people", "persons"}
)
_POPULATION_FLOOR = 100_000  # "almost seventy people took part" is a count of participants
# "two agreements were concluded in 2018:" then the list: the count names what follows.
_NAMED_AFTER = re.compile(r"^[^.;\n]{0,80}?(?::|\bnamely\b|\bi\.e\.)", re.I)
_RATE = re.compile(
    r"^[^.;\n]{0,60}?\b(?:a|per|each|every)\s+(year|month|week|annum)\b"
    r"|^[^.;\n]{0,40}?\b(annually|yearly|monthly|weekly)\b",
    re.I,
)
_RATE_BEFORE = re.compile(r"\b(?:each|every)\s+(year|month|week)\b[^.;\n]{0,60}$", re.I)
_PER = {"annum": "year", "annually": "year", "yearly": "year", "monthly": "month", "weekly": "week"}
_SINCE = re.compile(
    r"\b(?:since|from)\s+(?:(?:its|the)\s+\w+\s+in\s+)?((?:1[89]|20)\d\d)"
    r"(?:\s*(?:to|until|[–—-])\s*((?:1[89]|20)\d\d))?",
    re.I,
)
_SPAN = re.compile(r"\b((?:1[89]|20)\d\d)\s*[–—-]\s*((?:1[89]|20)\d\d|\d\d)\b")
_IN_YEAR = re.compile(r"\b(?:in|during|for)\s+((?:1[89]|20)\d\d)\b(?!\s*[–—-]\s*\d)")


def is_party_count(
    quantity: float, unit: str, after: str, list_follows: bool = False, before: str | None = None
) -> bool:
    """True when the count only names the parties or the things named right after it (after a
    colon, or in the list that begins on the next line: `list_follows`)."""
    low = unit.lower()
    if low in _PARTY_UNITS and quantity <= 3:
        return True
    if low in _ACT_UNITS and quantity <= 3 and (before is None or _BOTH_BEFORE.search(before)):
        return True
    named_after = list_follows or bool(_NAMED_AFTER.match(after))
    return quantity <= 5 and named_after and low not in {"participants"}


def is_population(quantity: float, unit: str) -> bool:
    """True for populations and market sizes rather than people who took part."""
    low = unit.lower().rstrip("’'")
    return low in _POPULATION_UNITS and (quantity >= _POPULATION_FLOOR or low == "consumers")


def rate_per(before: str, after: str) -> str | None:
    """'year', 'month' or 'week' when the count is given per period, else None."""
    m = _RATE.match(after)
    if m:
        word = (m.group(1) or m.group(2)).lower()
        return _PER.get(word, word)
    m = _RATE_BEFORE.search(before)
    return m.group(1).lower() if m else None


def period(context: str) -> tuple[int | None, int | None]:
    """(first year, last year) the count covers when the text says so, else (None, None).

    "since 1997" -> (1997, None); "1997-2009" -> (1997, 2009); "in 2019" -> (2019, 2019).
    """
    m = _SPAN.search(context)
    if m:
        first = int(m.group(1))
        last = m.group(2)
        last_year = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        if last_year >= first:
            return first, last_year
    m = _SINCE.search(context)
    if m:
        return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    m = _IN_YEAR.search(context)
    if m:
        year = int(m.group(1))
        return year, year
    return None, None
