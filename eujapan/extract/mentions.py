"""Organisation names in one text: every candidate mention, from every kind of evidence.

Evidence a string is an organisation, from strongest to weakest:
1. an org-name shape: capitalised words around a head noun ("Ministry of Economy, Trade and
   Industry", "EU-Japan Centre for Industrial Cooperation") or a legal form ("ZENIT GmbH"),
   in shapes.py;
2. an acronym definition: "Long Name (ACR)", "ACR, or the Long Name,", "ACR (Long Name)",
   in acronyms.py;
3. a slot that only organisations fill: "collaboration between X and Y", "X is a company",
   "the consortium X", or a list whose other members are organisations, in slots.py;
4. the reference list of institutions (eujapan/reference/), in reference.py.
Programmes, agreements, events, places and people are refused by their head noun or context.
The mentions are then grouped into the document's organisations by grouping.py.
"""

from __future__ import annotations

import bisect
import itertools
import re

from .acronyms import acronym_definitions
from .lexicon import LEGAL_SUFFIXES, NON_ORG_HEADS, is_place
from .names import Mention, cue_before, head_word, org_head_type
from .reference import reference_mentions
from .shapes import EU_IN_TEXT, shape_names
from .slots import list_members, slot_names

# "Council Decision", "Commission Regulation": the short form names the act's author.
# `(?<![\w-])(Council|Commission|Parliament)`, with the look back after the capital, so that
# the engine skips to "C" and "P".
_AUTHOR_OF_ACT = re.compile(
    r"((?:C(?<![\w-]C)(?:ouncil|ommission)|P(?<![\w-]P)arliament))"
    r"(?=\s+(?:Decision|Regulation|Directive|"
    r"Implementing|Delegated|Recommendation|Resolution|Communication|Staff)\b)"
)


def _authors_of_acts(text: str) -> list[Mention]:
    if "Council" not in text and "Commission" not in text and "Parliament" not in text:
        return []
    return [
        Mention(m.start(), m.end(), m.group(1), "eu_short", "eu_institution")
        for m in _AUTHOR_OF_ACT.finditer(text)
        if EU_IN_TEXT.search(text)
    ]


class _Containment:
    """Is a span strictly inside one of many spans? Sorted starts and a running maximum of
    ends answer it in log time (a pairwise test was quadratic on long adversarial texts)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(set(spans))
        self.starts = [s for s, _e in self.spans]
        self.max_end = list(itertools.accumulate((e for _s, e in self.spans), max))

    def strictly(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0 or self.max_end[i] < end:
            return False
        j = bisect.bisect_left(self.spans, (start, end))
        if j == len(self.spans) or self.spans[j] != (start, end):
            return True
        # The span itself is listed: a longer one from the same start (sorted after it), or one
        # starting earlier and ending no sooner (the running maximum before it), contains it.
        same_start_longer = j + 1 < len(self.spans) and self.starts[j + 1] == start
        return same_start_longer or (j > 0 and self.max_end[j - 1] >= end)


def find_mentions(text: str) -> list[Mention]:
    """Every candidate organisation mention in the text, before grouping."""
    n = len(text)
    mentions = shape_names(text, 0, n)
    pairs = acronym_definitions(text, 0, n)
    for long_m, acr_m in pairs:
        head = head_word(long_m.name)
        legal = any(long_m.name.endswith(" " + w) for w in LEGAL_SUFFIXES)
        cue = cue_before(text[max(0, long_m.start - 40) : long_m.start])
        if (head in NON_ORG_HEADS and not legal) or cue or is_place(long_m.name):
            continue
        long_m.org_type = long_m.org_type or org_head_type(long_m.name)
        mentions += [long_m, acr_m]
    inside = _Containment(
        [(m.start, m.end) for m in mentions if m.evidence == "acronym_definition"]
    )
    mentions = [m for m in mentions if m.evidence != "shape" or not inside.strictly(m.start, m.end)]
    mentions += slot_names(text, 0, n)
    reference = reference_mentions(text)
    # "European Commission and European Medicines Agency (EMA)": a long form that holds another
    # reference name is names run together; the reference hits stand for them.
    held = sorted((r.start, r.end) for r in reference)
    mentions = [
        m
        for m in mentions
        if m.evidence != "acronym_definition" or m.acronym == m.name or not _holds(text, held, m)
    ]
    mentions += reference
    mentions += _authors_of_acts(text)
    mentions += list_members(text, 0, n)
    return mentions


def _holds(text: str, held: list[tuple[int, int]], m: Mention) -> bool:
    """Does the span of m hold one of the (sorted) spans joined to more by "and", "&" or a
    comma ("European Commission and European Medicines Agency")? A name that only begins with
    one ("Fraunhofer Institute for Silicate Research") is a name of its own. Only the spans
    that start inside m are looked at, so long texts stay linear."""
    i = bisect.bisect_left(held, (m.start, -1))
    while i < len(held) and held[i][0] < m.end:
        s, e = held[i]
        if (
            e <= m.end
            and (s, e) != (m.start, m.end)
            and (_JOINER_AFTER.match(text, e, m.end) or _JOINER_BEFORE.search(text, m.start, s))
        ):
            return True
        i += 1
    return False


_JOINER_AFTER = re.compile(r"\s*(?:,|&|and\b)")
_JOINER_BEFORE = re.compile(r"(?:,|&|\band)\s*$")
