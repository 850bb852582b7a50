"""One event told twice is one milestone: a headline and its body, a founding and an opening, an
infobox line and the history. The telling kept dates it most precisely, then states it most
plainly (a history table or list entry), then in full (not a preview cut off by an ellipsis),
then with the fullest title.
"""

from __future__ import annotations

import re

from .model import MilestoneFact
from .text import Unit

_LOWER_TOKEN = re.compile(r"[a-z0-9]+")
# A label and its date ("Established: June 1987") tells less than the sentence.
_LABEL_AND_DATE = re.compile(r"^[A-Z][\w ]{0,25}:\s*[\w ,.]{0,20}\d{4}$")


def _tokens(text: str) -> set[str]:
    return {w for w in _LOWER_TOKEN.findall(text.lower()) if len(w) > 2}


def dedupe_milestones(facts: list[MilestoneFact], units: list[Unit]) -> list[MilestoneFact]:
    """One event told twice (headline and body, founding and opening) is one milestone."""
    structured = {
        (u.start, u.end) for u in units if u.kind in {"cell_item", "table_cell", "list_item"}
    }
    same_event = {"founding": "start", "opening": "start"}
    tokens_of: dict[str, set[str]] = {}  # a title's tokens, made once per title in this text

    def title_tokens(title: str) -> set[str]:
        tokens = tokens_of.get(title)
        if tokens is None:
            tokens = tokens_of[title] = _tokens(title)
        return tokens

    def is_structured(f: MilestoneFact) -> bool:
        return (f.char_start, f.char_end) in structured

    def rank(f: MilestoneFact) -> tuple[int, bool, bool, int]:
        # Keep the telling that dates it most precisely; at equal precision, a history-table
        # or list entry, which states it most plainly.
        # A preview cut off with an ellipsis tells it less well than the full sentence.
        whole = not f.description.endswith(("...", "…"))
        # A label and its date ("Established: June 1987") tells less than the sentence.
        structured = is_structured(f) and not _LABEL_AND_DATE.match(f.description)
        words = len(f.title.split())  # at last, the fuller title
        return ((f.month is not None) + (f.day is not None), structured, whole, words)

    kept: list[MilestoneFact] = []
    # Candidates share year and organisation; two entries of one list or table are two events,
    # so a structured fact is only compared with prose ones (keeps long tables linear).
    prose: dict[tuple, list[int]] = {}
    listed: dict[tuple, list[int]] = {}
    for fact in facts:
        key = (fact.year, fact.org_key)
        candidates = prose.get(key, []) + ([] if is_structured(fact) else listed.get(key, []))
        duplicate = None
        for index in candidates:
            other = kept[index]
            if other.char_start < fact.char_end and fact.char_start < other.char_end:
                continue  # one sentence split on purpose into its events: told once each
            if (other.month and fact.month and other.month != fact.month) or (
                other.day and fact.day and other.day != fact.day
            ):
                continue
            same_kind = same_event.get(other.kind, other.kind) == same_event.get(
                fact.kind, fact.kind
            )
            a, b = title_tokens(other.title), title_tokens(fact.title)
            overlap = len(a & b) / max(1, min(len(a), len(b)))
            if same_kind and (
                overlap >= 0.6 or same_event.get(fact.kind) == "start" or fact.kind == "anniversary"
            ):
                duplicate = index
                break
        if duplicate is None:
            (listed if is_structured(fact) else prose).setdefault(key, []).append(len(kept))
            kept.append(fact)
        elif rank(fact) > rank(kept[duplicate]):
            if is_structured(fact) and not is_structured(kept[duplicate]):
                prose[key].remove(duplicate)
                listed.setdefault(key, []).append(duplicate)
            kept[duplicate] = fact
    return sorted(kept, key=lambda f: f.char_start)
