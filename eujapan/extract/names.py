"""What the organisation finders share: a mention, a document's organisation, and the pure
functions of a name (its key, head noun, type, initials) that every kind of evidence asks.

The name helpers are memoised (bounded): every document calls them many times over the same
names. Nothing here reads a text; the finders (shapes, acronyms, slots, reference) do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .institutions import Institution
from .lexicon import LEGAL_SUFFIXES, NON_ORG_CUES, ORG_HEADS, place_country

# " GmbH", " K.K.", ...: a name ending in one is a company's, whatever its head noun.
LEGAL_ENDINGS = tuple(" " + w for w in LEGAL_SUFFIXES)
_CONNECTORS = {
    "of",
    "for",
    "in",
    "on",
    "di",
    "de",
    "da",
    "del",
    "della",
    "van",
    "von",
    "für",
    "des",
    "du",
}

# A NON_ORG_CUES match is a cue word (at most 11 letters, "publication"), up to six non-word
# characters and the end (or a final newline): it lies in the last 18 characters of a window.
_CUE_SPAN = 18


def cue_before(window: str) -> bool:
    """`NON_ORG_CUES.search(window)`, tried only where a match can begin (`\\b` still sees the
    character before)."""
    return NON_ORG_CUES.search(window, max(0, len(window) - _CUE_SPAN)) is not None


# Entries per memoised helper below: enough for the names of many documents, small enough that
# a worker's memory stops growing after its first few hundred texts (~1 MB per helper).
MEMO_SIZE = 8192


@dataclass
class Mention:
    start: int
    end: int
    name: str  # cleaned surface form
    evidence: str  # which rule found it
    org_type: str | None = None
    acronym: str | None = None  # when this mention defines or is an acronym


@dataclass
class DocOrg:
    """One organisation within one document, with every form the document uses."""

    name: str
    acronym: str | None = None
    forms: set[str] = field(default_factory=set)
    org_type: str | None = None
    country: str | None = None
    evidence: set[str] = field(default_factory=set)
    reference: Institution | None = None  # the reference entry it was matched to, if any


_MARKS = re.compile(r"\*\*|__|[“”\"‘]")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")
# (pattern, replacement, the literal a match needs: most names hold none, and are not searched)
_KEY_SPELLINGS = [
    (re.compile(r"^the\s+"), "", "the"),
    (re.compile(r"centre\b"), "center", "centre"),
    (re.compile(r"organis"), "organiz", "organis"),
    (re.compile(r"programme\b"), "program", "programme"),
]


@lru_cache(maxsize=MEMO_SIZE)
def strip_marks(text: str) -> str:
    """A surface form without Markdown emphasis, quotes and extra spaces."""
    return _SPACES.sub(" ", _MARKS.sub("", text)).strip(" ,;:-’'")


@lru_cache(maxsize=MEMO_SIZE)
def norm_key(name: str) -> str:
    """Spelling-insensitive key: Centre/Center, Organisation/Organization, & / and, case."""
    text = unicodedata.normalize("NFKC", strip_marks(name)).lower()
    for pattern, replacement, needed in _KEY_SPELLINGS:
        if needed in text:
            text = pattern.sub(replacement, text)
    text = text.replace("&", " and ").replace("–", "-")
    text = text.replace("directorate-general", "directorate general")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


_WORD = re.compile(r"[\w&’'\-–]+")


@lru_cache(maxsize=MEMO_SIZE)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a name: letters, digits, "&", apostrophes and hyphens."""
    return tuple(_WORD.findall(name))


# The helpers below are pure functions of a name that every document calls many times over the
# same names; they are memoised (bounded, so memory does not grow with the corpus).
@lru_cache(maxsize=MEMO_SIZE)
def head_word(name: str) -> str:
    """The noun a name is built on: the last word before 'of/for/in', else the last word."""
    words = list(name_words(strip_marks(name)))
    if words and "-" in words[-1] and place_country(words[-1].rsplit("-", 1)[1]):
        words[-1] = words[-1].rsplit("-", 1)[0]  # "Network-Japan": a national node of a network
    for i, w in enumerate(words):
        if w.lower() in _CONNECTORS and i > 0:
            return words[i - 1].lower()
    if len(words) >= 2 and " ".join(words[-2:]).lower() == "round table":
        return "round table"
    return words[-1].lower() if words else ""


COMPOUND_HEADS = {
    "round table": "forum",
    "directorate general": "eu_institution",
    "joint undertaking": "agency",
    "executive agency": "agency",
}


@lru_cache(maxsize=MEMO_SIZE)
def org_head_type(name: str) -> str | None:
    """Type implied by the name's head noun ("... Chamber of ..." → chamber)."""
    words = [w.lower() for w in name_words(strip_marks(name))]
    before = words
    for i, w in enumerate(words):
        if w in _CONNECTORS and i > 0:
            before = words[:i]
            break
    pair = " ".join(before[-2:]).replace("-", " ")
    if pair in COMPOUND_HEADS or " ".join(before[:2]).replace("-", " ") in COMPOUND_HEADS:
        return COMPOUND_HEADS.get(pair) or COMPOUND_HEADS[" ".join(before[:2]).replace("-", " ")]
    head = head_word(name)
    return ORG_HEADS.get(head)


def schwartz_hearst(short: str, long: str) -> bool:
    """True when the acronym's letters can be read off the long form (Schwartz & Hearst 2003)."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = long.lower()
    if len(letters) < 2:
        return False
    s, t = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        while t >= 0 and (text[t] != c or (s == 0 and t > 0 and text[t - 1].isalnum())):
            t -= 1
        if t < 0:
            return False
        t -= 1
        s -= 1
    return True


def acronym_fits(acr: str, long: str) -> bool:
    """Stricter than Schwartz-Hearst alone: most letters must start a word of the long form."""
    if not schwartz_hearst(acr, long):
        return False
    initials = list(initials_of(long))
    letters = [c for c in acr.upper() if c.isalpha()]
    hits = 0
    for c in letters:
        if c in initials:
            initials.remove(c)
            hits += 1
    return hits * 2 >= len(letters) + 1 and len(initials_of(long)) <= len(letters) + 1


_INITIALS_SKIP = {"of", "for", "and", "the", "&", "on", "in", "de", "du", "des", "der", "to"}
_INITIALS_SPLIT = re.compile(r"[\s-]+")


@lru_cache(maxsize=MEMO_SIZE)
def initials_of(name: str) -> str:
    """The first letters of a name's words, joiners skipped ("Enterprise Europe Network": EEN)."""
    parts = _INITIALS_SPLIT.split(strip_marks(name))
    return "".join(
        p[0] for p in parts if p and p.lower() not in _INITIALS_SKIP and p[0].isalpha()
    ).upper()
