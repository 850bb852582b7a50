"""Acronym definitions: "Long Name (ACR)", "ACR, or the Long Name", "ACR, the Long Name",
"ACR (Long Name)". A definition pairs a long form with its acronym, and the acronym's letters
must be readable off the long form (Schwartz-Hearst, in names.py).
"""

from __future__ import annotations

import re

from .lexicon import NON_ORG_ACRONYMS, ORG_HEADS
from .names import Mention, acronym_fits, initials_of, name_words, schwartz_hearst, strip_marks
from .scan import literal_starts, matches_at
from .shapes import CHAIN, EMPH, MAX_NAME_CHARS, trim_chain

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_WORD_INITIAL = re.compile(r"(?<![\w&-])[A-Z]")

# Bounded: acronyms are short, and unbounded adjacent repeats backtrack quadratically on long
# capital runs (a fuzzed 16,000-letter line took seconds).
_ACRONYM = r"[A-Z][A-Za-z&.]{0,8}[A-Z][A-Za-z&.-]{0,8}(?![A-Za-z])|[A-Z]{2,10}s?(?![A-Za-z])"
_DEF_PAREN = re.compile(rf"\(\s*(?:the\s+)?{EMPH}(?P<acr>{_ACRONYM}){EMPH}\s*\)")
# `\b` + an acronym, written to begin with its capital (both alternatives of `_ACRONYM` do):
# the engine then skips to capitals, and `(?<!\w[A-Z])` after the capital is the `\b` before it.
_WORD_START_ACRONYM = (
    r"[A-Z](?<!\w[A-Z])"
    r"(?:[A-Za-z&.]{0,8}[A-Z][A-Za-z&.-]{0,8}(?![A-Za-z])|[A-Z]{1,9}s?(?![A-Za-z]))"
)
_DEF_OR = re.compile(
    rf"(?P<acr>{_WORD_START_ACRONYM}),?\s+(?:or|i\.e\.|that is,?)\s+(?:the\s+)?(?=[A-Z])"
)
_DEF_APPOS = re.compile(r"(?P<acr>[A-Z](?<!\w[A-Z])[A-Z]{1,9}),\s+the\s+(?=[A-Z])")
_DEF_REVERSE = re.compile(r"(?P<acr>[A-Z](?<!\w[A-Z])[A-Z]{1,9})\s*\((?:the\s+)?(?=[A-Z])")
# The words after a _DEF_OR acronym, each after white space; each pattern begins with its
# literal, which the engine finds quickly.
_OR_WORDS = (
    re.compile(r"or(?<=\sor)\s"),
    re.compile(r"i\.e\.(?<=\si\.e\.)"),
    re.compile(r"that is(?<=\sthat is)"),
)
_ACRONYM_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&.-")
_LONGEST_ACRONYM = 18  # `[A-Z][A-Za-z&.]{0,8}[A-Z][A-Za-z&.-]{0,8}`


def _or_starts(text: str, start: int, end: int) -> list[int]:
    """Every position where a _DEF_OR match can begin: a capital at most 18 characters before
    the ",", or the white space, before "or", "i.e." or "that is", with only acronym
    characters between."""
    found: set[int] = set()
    for pattern in _OR_WORDS:
        for m in pattern.finditer(text, start, end):
            gap = m.start()
            while gap > 0 and text[gap - 1].isspace():
                gap -= 1
            acr_end = gap - 1 if gap and text[gap - 1] == "," else gap
            pos = acr_end
            while pos > max(0, acr_end - _LONGEST_ACRONYM) and text[pos - 1] in _ACRONYM_CHARS:
                pos -= 1
                if "A" <= text[pos] <= "Z":
                    found.add(pos)
    return sorted(found)


# What follows the acronym of _DEF_APPOS: its comma, found by its literal.
_APPOS_AFTER = re.compile(r",\s+the\s")


def _acronym_starts(text: str, marks: list[int]) -> list[int]:
    """Where the run of capitals before each mark (a comma, a parenthesis) begins, white space
    between them skipped; ascending, runs of two capitals or more.

    A _DEF_APPOS or _DEF_REVERSE acronym is a whole run of capitals (no word character before
    it, its comma or parenthesis after it), so each pattern is tried only at those starts, not
    at every capital of the text."""
    found: set[int] = set()
    for mark in marks:
        end = mark
        while end > 0 and text[end - 1].isspace():
            end -= 1
        pos = end
        while pos > 0 and "A" <= text[pos - 1] <= "Z":
            pos -= 1
        if end - pos >= 2:
            found.add(pos)
    return sorted(found)


def _long_form_before(text: str, lo: int, paren: int) -> tuple[int, int] | None:
    """The capitalised name that ends right before an acronym's '(' (or inside '(...)')."""
    seg_end = paren
    while seg_end > lo and text[seg_end - 1] in ' *_"”':
        seg_end -= 1
    if seg_end > lo and text[seg_end - 1] == ")":
        inner = text.rfind("(", lo, seg_end)
        if inner >= 0:
            return trim_chain(text, inner + 1, seg_end - 1)
    best = None
    lo = max(lo, seg_end - MAX_NAME_CHARS)
    # endpos past the "(" so a join's lookahead for it can see it
    for m in CHAIN.finditer(text, lo, min(len(text), paren + 1)):
        if seg_end - 2 <= m.end() <= seg_end:
            best = (m.start(), m.end())
    return trim_chain(text, *best) if best else None


def acronym_definitions(text: str, start: int, end: int) -> list[tuple[Mention, Mention]]:
    """Pairs (long form, acronym) defined in text[start:end]."""
    pairs: list[tuple[Mention, Mention]] = []
    for m in _DEF_PAREN.finditer(text, start, end):
        acr = m.group("acr").rstrip(".")
        if acr in NON_ORG_ACRONYMS or not sum(c.isupper() for c in acr) >= 2:
            continue
        span = _long_form_before(text, max(start, m.start() - 160), m.start())
        if not span:
            continue
        s, e = span
        # Keep the shortest tail of the chain whose letters give the acronym, when one does.
        name = text[s:e]
        # The longest tail whose letters give the acronym without many spare words, or that
        # starts on an organisation head ("Organization for ..."); else the whole chain.
        for cut in [mm.start() for mm in _WORD_INITIAL.finditer(name)]:
            tail = name[cut:]
            first = name_words(tail)[0].lower() if name_words(tail) else ""
            if schwartz_hearst(acr, tail) and (
                len(initials_of(tail)) <= len(acr) + 2 or first in ORG_HEADS
            ):
                s = s + cut
                break
        long_name = strip_marks(text[s:e])
        if len(name_words(long_name)) < 2:
            continue
        a_start = m.start("acr")
        pairs.append(
            (
                Mention(s, e, long_name, "acronym_definition", acronym=acr),
                Mention(a_start, a_start + len(acr), acr, "acronym_definition", acronym=acr),
            )
        )
    appos = _acronym_starts(text, [m.start() for m in _APPOS_AFTER.finditer(text, start, end)])
    reverse = _acronym_starts(text, literal_starts(text, ("(",)))
    for matches in (
        matches_at(_DEF_OR, text, _or_starts(text, start, end), start, end),
        matches_at(_DEF_APPOS, text, appos, start, end),
        matches_at(_DEF_REVERSE, text, reverse, start, end),
    ):
        for m in matches:
            acr = m.group("acr")
            if acr in NON_ORG_ACRONYMS:
                continue
            chain = CHAIN.match(text, m.end(), end)
            if not chain:
                continue
            span = trim_chain(text, chain.start(), chain.end())
            if not span:
                continue
            long_name = strip_marks(text[span[0] : span[1]])
            if not acronym_fits(acr, long_name) or len(name_words(long_name)) < 2:
                continue
            pairs.append(
                (
                    Mention(span[0], span[1], long_name, "acronym_definition", acronym=acr),
                    Mention(m.start("acr"), m.end("acr"), acr, "acronym_definition", acronym=acr),
                )
            )
    return pairs
