"""What a reader knows about a document while reading its units: where its organisations are
written, which one the text is about (its topic), and which one owns an event.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .lexicon import COUNTRY_NAMES
from .names import DocOrg, head_word
from .text import Unit

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
# `\b(?:the|The)\s+...`, beginning with the "t"/"T" so that the engine can skip to it.
_THE_NOUN = re.compile(r"[tT](?<!\w[tT])he\s+([A-Z]?[a-z]+)\b")
_NOUN_THEN_VERB = re.compile(r"\s*(?:\*\*)?([A-Z][a-z]+)\s+(?:is\s+)?[a-z]+ed\b")

_BY_AGENT = re.compile(r"\bby\s+(?:the\s+)?$")
# "between the EU and Japan": the parties are polities, so no organisation owns the event.
_BETWEEN_POLITIES = re.compile(
    r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][\w-]*)\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w-]*)"
    r"(?![\w-]|\s+[a-z])"
)


def _polity(word: str) -> bool:
    return word.lower() in COUNTRY_NAMES or word in {"EU", "Europe"}


class DocContext:
    """What a reader knows about a document while reading its units."""

    def __init__(self, text: str, orgs: list[DocOrg], hits: list[tuple[DocOrg, int, int]]):
        self.text = text
        self.orgs = orgs
        self.hits = hits
        self.topic: DocOrg | None = None
        # Looked up per unit: hits by start offset (they come sorted), organisations by head noun.
        self._starts = [h[1] for h in hits]
        self._by_head: dict[str, list[DocOrg]] = {}
        for org in orgs:
            self._by_head.setdefault(head_word(org.name), []).append(org)

    def orgs_in(self, start: int, end: int) -> list[tuple[DocOrg, int, int]]:
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._starts, end)
        return [h for h in self.hits[lo:hi] if h[2] <= end]

    def definite_reference(self, start: int, end: int) -> DocOrg | None:
        """ "the Centre" / "The centre" refers to the one document organisation with that head."""
        for m in _THE_NOUN.finditer(self.text[start:end]):
            noun = m.group(1).lower()
            candidates = self._by_head.get(noun, [])
            if len(candidates) == 1:
                return candidates[0]
        if _NOUN_THEN_VERB.match(self.text[start:end]):
            noun = self.text[start:end].split()[0].strip("*").lower()
            candidates = self._by_head.get(noun, [])
            if len(candidates) == 1:
                return candidates[0]
        return None

    def owner(self, start: int, end: int) -> DocOrg | None:
        """The organisation a milestone in text[start:end] belongs to."""
        segment = self.text[start:end]
        inside = self.orgs_in(start, end)
        for org, s, _e in inside:
            window = self.text[max(start, s - 12) : s]
            if "by" in window and _BY_AGENT.search(window):
                return org
        polities = _BETWEEN_POLITIES.search(segment) if "between" in segment else None
        if polities and _polity(polities.group("a")) and _polity(polities.group("b")):
            return None
        ref = self.definite_reference(start, end)
        if ref is not None:
            return ref
        if inside:
            first_org, s, _e = inside[0]
            if self.topic in [o for o, _s, _e in inside]:
                return self.topic
            if s - start < 40:
                return first_org
        return self.topic or (inside[0][0] if inside else None)


def choose_topic(ctx: DocContext, units: list[Unit]) -> DocOrg | None:
    """The organisation a text is about: named in its title, else first in its opening lines."""
    body = [u for u in units if u.kind != "heading"]
    headings = [u for u in units if u.kind == "heading"]
    first_line_end = ctx.text.find("\n")
    first_line_end = len(ctx.text) if first_line_end < 0 else first_line_end
    for start, end in [(0, first_line_end)] + [(h.start, h.end) for h in headings[:1]]:
        found = ctx.orgs_in(start, end)
        if found:
            return found[0][0]
    for unit in body[:2]:
        found = ctx.orgs_in(unit.start, unit.end)
        if found:
            return found[0][0]
    return None
