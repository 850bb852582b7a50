"""Slots only organisations fill: "collaboration between X and Y", "X works with", "X's
partners", "X is a company", "X, a start-up", "the consortium X", and the members of a list
whose other members are organisations ("bodies such as X, Y", "X, Y and related institutions").

The name in a slot has no shape of its own to go by, so it is refused by its head noun, a cue
before it, or being a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import (
    NAME_STOPWORDS,
    NON_ORG_ACRONYMS,
    NON_ORG_HEADS,
    ORG_HEADS,
    ORG_PREDICATES,
    ORGANS,
    PARTNER_TRIGGERS,
    PLACE_HEADS,
    is_place,
)
from .names import Mention, cue_before, head_word, strip_marks
from .scan import gap_starts, matches_at, register_stems, stem_starts
from .shapes import trim_chain

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_LIST_STOP = re.compile(r"[.;:()]|\s[–—-]\s|\n")
_DIGIT_AFTER = re.compile(r"\s*\d")
_CLAUSE_END = re.compile(r"[.:;!?](?:\s|$)|\n")
_COMMA_SPLIT = re.compile(r",\s+")
_LIST_CUE = re.compile(r"\b(?:counterparts|partners|with|including|such as)\b")
_CAPITALISED_NAME = re.compile(r"[A-Z][\w.&-]*(?:\s+[A-Z&][\w.&-]*)*")

_DOMAIN_NAME = re.compile(
    r"(?<![\w@/.])[a-z][a-z0-9-]+\.(?:brussels|eu|jp|be|com|org|net|io)\b(?![/.\w])"
)

_CAPITALISED_WORD = re.compile(r"\b([A-Z][a-z]+)\s+")


def _cut_before_stop(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep the part of a chain after the last stopword inside it ("Through J-Bridge" → "J-Bridge")."""
    for m in _CAPITALISED_WORD.finditer(text[start:end]):
        if m.group(1).lower() in NAME_STOPWORDS and m.start() == 0:
            return start + m.end(), end
    return start, end


_SLOT_NAME = (
    r"(?:\*\*|__)?(?P<name>(?:[A-Z][\w.&\-–]*[\w&]|[a-z]+\.[a-z]+)(?:[ \t]+[A-Z][\w.&\-–]*[\w&])*)"
)
_PARTNER_SLOT = re.compile(
    rf"\b(?i:{PARTNER_TRIGGERS})\s+(?:\w+\s+){{0,2}}?(?:with|between|among)\s+(?:the\s+)?{_SLOT_NAME}"
)
_SUBJECT_SLOT = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n)){_SLOT_NAME}\s+(?:(?:has|have|had)\s+)?"
    r"(?i:work(?:s|ed)?|cooperat(?:es|ed)|collaborat(?:es|ed)|partner(?:s|ed)|teamed\s+up|"
    r"join(?:s|ed)\s+forces)\s+(?:\w+\s+)?with\b",
    re.MULTILINE,
)
_POSSESSIVE_SLOT = re.compile(
    rf"{_SLOT_NAME}[’']s\s+(?:[\w-]+\s+){{0,2}}(?i:{PARTNER_TRIGGERS}|expertise|technology)\b"
)
_COPULA_SLOT = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n)){_SLOT_NAME}(?:,[^,]{{3,80}},)?\s+is\s+(?:a|an|the)\s+"
    r"(?P<pred>(?:[\w-]+\s+){0,7}[\w-]+)",
    re.MULTILINE,
)
# "organised by Flanders Investment & Trade (FIT)": the agent of organising, hosting or
# funding, defined with its acronym, is an organisation (a person has no acronym).
# Matched at each " by " whose verb stands right before it (most texts hold several " by ").
_AGENT_VERB = re.compile(
    r"(?<![\w-])(?:co-?)?(?:organi[sz]ed|hosted|funded|coordinated|managed|run)$"
)
_AGENT_SLOT = re.compile(
    r" by\s+(?:the\s+)?(?P<name>[A-Z][\w.-]*(?:[ \t]+(?:&|of|for|and|[A-Z][\w.-]*)){0,8})"
    r"(?=\s*\([A-Z][A-Za-z&]{1,9}\))"
)
_PREDICATE_STOP = {"in", "of", "for", "that", "which", "with", "to", "from", "by", "on", "at"}
_APPOS_SLOT = re.compile(
    rf"{_SLOT_NAME},\s+(?:a|an)\s+(?:[\w-]+\s+){{0,4}}?(?P<noun>company|firm|manufacturer|start-?up|agency|institute|organi[sz]ation|university|consortium|network|association|chamber|operator|provider|body)\b"
)
_TYPE_BEFORE_SLOT = re.compile(
    r"\b(?P<noun>company|firm|consortium|agency|start-?up|institute|university|organi[sz]ation|"
    rf"network|association)\s+{_SLOT_NAME}"
)


_AND_SLOT_NAME = re.compile(rf"\s+and\s+(?:the\s+)?{_SLOT_NAME}")
# `\sis\s+(?:a|an|the)\s`, the space before "is" looked back at: the pattern begins with its
# literal, which the engine finds quickly.
_COPULA_NEEDS = re.compile(r"is(?<=\sis)\s+(?:a|an|the)\s")
_APPOS_NEEDS = re.compile(r",\s+an?\s")


# Where the slot patterns can begin. Each slot pattern is tried only where a match can start,
# found from a literal every match contains; `finditer` tried it at every character (the slot
# scans were a sixth of all extraction time) and found the same matches.
_CLAUSE_START = re.compile(r"[\n.!?](?:(?<=\n)|\s)")  # "\n" or [.!?]\s, one class first
_TYPE_NOUN_STEMS = (
    "company", "firm", "consortium", "agency", "start", "institute", "university", "organi",
    "network", "association",
)  # fmt: skip
# Every alternative of PARTNER_TRIGGERS begins with one of these (in any letter case).
_PARTNER_STEMS = (
    "cooperat", "collaborat", "partner", "alliance", "agreement", "memorandum", "mou", "joint",
    "contract", "deal", "talks", "dialogue", "work", "teamed",
)  # fmt: skip
_NAME_CHARS_EXTRA = ".&-–"


def _clause_starts(text: str, start: int, end: int) -> list[int]:
    """Where `(?:^|(?<=[.!?]\\s)|(?<=\\n))` holds in text[start:end] (MULTILINE `^`)."""
    return [start, *(m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 2), end))]


def _literal_starts(text: str, start: int, end: int, stems: tuple[str, ...]) -> list[int]:
    """Sorted positions in text[start:end] where one of the stems begins (as written)."""
    found: list[int] = []
    for stem in stems:
        pos = text.find(stem, start, end)
        while pos >= 0:
            found.append(pos)
            pos = text.find(stem, pos + 1, end)
    found.sort()
    return found


def _word_starts(text: str, start: int, end: int, stems: tuple[str, ...]) -> list[int]:
    """Ascending positions in text[start:end] where a word begins with one of the stems, in
    any letter case: every pattern tried at them has `\\b` before its word, and checks its
    letter case itself."""
    index = stem_starts(text)
    return sorted(p for stem in stems for p in index[stem] if start <= p < end)


def _is_name_char(ch: str) -> bool:
    """`[\\w.&\\-–]`: a character a slot name's word is made of."""
    return ch.isalnum() or ch == "_" or ch in _NAME_CHARS_EXTRA


def _name_windows(text: str, anchors: list[int], start: int) -> list[int]:
    """Every position where a `_SLOT_NAME` ending at one of the anchors can begin.

    A slot name is one word, then words that each start with a capital after spaces or tabs.
    Walking back from the anchor over such capitalised words reaches the first word; the name
    begins inside it, or two characters earlier ("**").
    """
    positions: list[int] = []
    last = start
    for anchor in anchors:
        i = anchor
        while True:
            j = i
            while j > start and _is_name_char(text[j - 1]):
                j -= 1
            k = j
            while k > start and text[k - 1] in " \t":
                k -= 1
            if (
                j < i
                and "A" <= text[j] <= "Z"
                and k < j
                and k > start
                and _is_name_char(text[k - 1])
            ):
                i = k
                continue
            break
        lo = max(last, j - 2, start)
        positions.extend(range(lo, anchor))
        last = max(last, anchor)
    return positions


def _possessive_slots(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_POSSESSIVE_SLOT.finditer(text, start, end)`: the name ends at a "’s" or "'s"."""
    anchors = _literal_starts(text, start, end, ("’s", "'s"))
    return matches_at(_POSSESSIVE_SLOT, text, _name_windows(text, anchors, start), start, end)


def _partner_slots(text: str, region: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_PARTNER_SLOT.finditer(text, start, end)`, tried where a partner trigger begins."""
    return matches_at(
        _PARTNER_SLOT, text, _word_starts(text, start, end, _PARTNER_STEMS), start, end
    )


def slot_names(text: str, start: int, end: int) -> list[Mention]:
    """Names in slots only organisations fill: partners, definitions, typed appositions."""
    found: list[Mention] = []

    def add(m: re.Match, evidence: str, org_type: str | None, group: str = "name") -> None:
        s, e = m.start(group), m.end(group)
        span = _cut_before_stop(text, s, e)
        span = trim_chain(text, *span)
        if not span:
            return
        name = strip_marks(text[span[0] : span[1]])
        if not name or is_place(name) or name in NON_ORG_ACRONYMS or name.lower() in ORG_HEADS:
            return  # a bare head noun ("the Ministry") refers back, it does not name
        head = head_word(name)
        refused = (
            NON_ORG_HEADS - PLACE_HEADS if evidence in {"definition", "typed"} else NON_ORG_HEADS
        )
        if head in refused or name.lower() in NAME_STOPWORDS or ORGANS.match(name):
            return
        if cue_before(text[max(start, span[0] - 30) : span[0]]):
            return
        found.append(Mention(span[0], span[1], name, evidence, org_type))

    region = text[start:end]
    # A pattern that needs a literal the text lacks cannot match: skip its scan.
    partner = any(w in region for w in ("with", "between", "among"))
    for m in _partner_slots(text, region, start, end) if partner else ():
        add(m, "partner_slot", None)
        tail = _AND_SLOT_NAME.match(text[m.end() : end])
        if tail:
            s = m.end() + tail.start("name")
            name_end = m.end() + tail.end("name")
            span = trim_chain(text, s, name_end)
            if span:
                name = strip_marks(text[span[0] : span[1]])
                if (
                    name
                    and not is_place(name)
                    and head_word(name) not in NON_ORG_HEADS
                    and name.lower() not in ORG_HEADS
                ):
                    found.append(Mention(span[0], span[1], name, "partner_slot"))
    at = text.find(" by ", start, end)
    while at >= 0:
        if _AGENT_VERB.search(text, max(start, at - 14), at) and (
            m := _AGENT_SLOT.match(text, at, end)
        ):
            add(m, "partner_slot", None)
        at = text.find(" by ", at + 4, end)
    possessive = "’s" in region or "'s" in region
    for m in _possessive_slots(text, start, end) if possessive else ():
        add(m, "partner_slot", None)
    clause_starts = None
    if "with" in region:
        clause_starts = _clause_starts(text, start, end)
        for m in matches_at(_SUBJECT_SLOT, text, clause_starts, start, end):
            add(m, "partner_slot", None)
    copula = _COPULA_NEEDS.search(region) is not None
    if copula and clause_starts is None:
        clause_starts = _clause_starts(text, start, end)
    for m in matches_at(_COPULA_SLOT, text, clause_starts, start, end) if copula else ():
        for word in m.group("pred").lower().split():
            if word in _PREDICATE_STOP:
                break
            if word in ORG_PREDICATES:
                add(m, "definition", ORG_PREDICATES[word])
                break
    appositive = [a.start() for a in _APPOS_NEEDS.finditer(text, start, end)]
    for m in matches_at(_APPOS_SLOT, text, _name_windows(text, appositive, start), start, end):
        add(m, "definition", ORG_PREDICATES.get(m.group("noun").lower()))
    typed = _word_starts(text, start, end, _TYPE_NOUN_STEMS)
    for m in matches_at(_TYPE_BEFORE_SLOT, text, typed, start, end):
        noun = m.group("noun").lower()
        add(m, "typed", ORG_PREDICATES.get(noun))
    return found


_SUCH_AS = re.compile(
    r"\b(?:organi[sz]ations|institutions|institutes|companies|firms|agencies|universities|bodies|"
    r"partners|members|associations|banks|ministries)(?:,)?\s+(?:such\s+as|including|like)\s+"
)
# Every alternative of _SUCH_AS begins with one of these.
_SUCH_AS_STEMS = (
    "organi", "institut", "compan", "firms", "agenc", "universit", "bodies", "partners",
    "members", "associations", "banks", "ministries",
)  # fmt: skip
register_stems((*_PARTNER_STEMS, *_TYPE_NOUN_STEMS, *_SUCH_AS_STEMS))
_SUCH_AS_ITEM = re.compile(
    r"(?:the\s+)?([A-Z][\w.&\-–]*(?:[ \t]+(?:of|for|de|the)?[ \t]*[A-Z][\w.&\-–]*)*)"
)
_LIST_END = re.compile(
    r"\s\s*and\s+(?:other|related|partner|further|local|national|regional)\s+"
    r"(?:institutions|organi[sz]ations|agencies|bodies|partners|stakeholders|companies)"
)
# Its "and ..." alone: it begins with a literal, which the engine finds quickly.
_LIST_END_AND = re.compile(
    r"and\s+(?:other|related|partner|further|local|national|regional)\s+"
    r"(?:institutions|organi[sz]ations|agencies|bodies|partners|stakeholders|companies)"
)


def list_members(text: str, start: int, end: int) -> list[Mention]:
    """Items of a list that ends "... and related institutions" or follows "bodies such as"."""
    found: list[Mention] = []
    for m in matches_at(_SUCH_AS, text, _word_starts(text, start, end, _SUCH_AS_STEMS), start, end):
        stop = _LIST_STOP.search(text[m.end() : end])
        lo, hi = m.end(), m.end() + (stop.start() if stop else end - m.end())
        for item in _SUCH_AS_ITEM.finditer(text[lo:hi]):
            s, e = lo + item.start(1), lo + item.end(1)
            name = strip_marks(text[s:e])
            if _DIGIT_AFTER.match(text[e : e + 3]):
                continue  # "Horizon 2020": a programme, not a body
            if name and not is_place(name) and name not in NON_ORG_ACRONYMS:
                found.append(Mention(s, e, name, "list_member"))
    # A match begins where the white space before its "and ..." begins (or at `start`).
    ands = gap_starts(text, [m.start() for m in _LIST_END_AND.finditer(text, start, end)])
    for m in matches_at(_LIST_END, text, sorted({max(g, start) for g in ands}), start, end):
        boundaries = list(_CLAUSE_END.finditer(text[start : m.start()]))
        lo = start + boundaries[-1].end() if boundaries else start
        items = _COMMA_SPLIT.split(text[lo : m.start()])
        cursor = lo
        for item in items:
            item_start = text.find(item, cursor)
            cursor = item_start + len(item)
            if _LIST_CUE.search(item):
                item = _LIST_CUE.split(item)[-1]
                item_start = cursor - len(item)
            stripped = item.strip()
            if not stripped:
                continue
            s = item_start + item.index(stripped)
            e = s + len(stripped)
            paren = stripped.find(" (")
            if paren > 0:
                e = s + paren
            name = strip_marks(text[s:e])
            if not name or is_place(name) or len(name) > 80:
                continue
            # A known name (an acronym definition) still gains the list's evidence.
            if _CAPITALISED_NAME.fullmatch(name) or _DOMAIN_NAME.fullmatch(name):
                found.append(Mention(s, e, name, "list_member"))
    return found
