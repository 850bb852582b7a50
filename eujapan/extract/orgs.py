"""Organisation names in one text, grouped into per-document organisations with all their forms.

Evidence a string is an organisation, from strongest to weakest:
1. an org-name shape: capitalised words around a head noun ("Ministry of Economy, Trade and
   Industry", "EU-Japan Centre for Industrial Cooperation") or a legal form ("ZENIT GmbH");
2. an acronym definition: "Long Name (ACR)", "ACR, or the Long Name,", "ACR (Long Name)";
3. a slot that only organisations fill: "collaboration between X and Y", "X is a company",
   "the consortium X", or a list whose other members are organisations;
4. the reference list of institutions (eujapan/reference/, read by institutions.py).
Programmes, agreements, events, places and people are refused by their head noun or context.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from .institutions import Institution, eu_short_forms, find_institutions, institutions
from .lexicon import (
    DEMONYMS,
    LEGAL_SUFFIXES,
    NAME_STOPWORDS,
    NON_ORG_ACRONYMS,
    NON_ORG_CUES,
    NON_ORG_HEADS,
    ORG_HEADS,
    ORG_PREDICATES,
    ORGANS,
    PARTNER_TRIGGERS,
    PLACE_HEADS,
    is_place,
    place_country,
)
from .text import matches_at

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_WORD_INITIAL = re.compile(r"(?<![\w&-])[A-Z]")
_LIST_STOP = re.compile(r"[.;:()]|\s[–—-]\s|\n")
_DIGIT_AFTER = re.compile(r"\s*\d")
_CLAUSE_END = re.compile(r"[.:;!?](?:\s|$)|\n")
_COMMA_SPLIT = re.compile(r",\s+")
_LIST_CUE = re.compile(r"\b(?:counterparts|partners|with|including|such as)\b")
_CAPITALISED_NAME = re.compile(r"[A-Z][\w.&-]*(?:\s+[A-Z&][\w.&-]*)*")
_NAME_SPLIT = re.compile(r"[-\s.]")
_NATIONAL_PREFIX = re.compile(r"^(?:the\s+)?([A-Z][a-z]+)\s+(?=[A-Z][a-z]+\s+(?:of|for)\s)")
# `(?<![\w-])([A-Z]{2,8})(?![\w-])`, written to begin with the capital so that the engine can
# skip to capitals (the lookbehind then checks the character before it): twice as fast.
_UPPER_TOKEN = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Z]{1,7})(?![\w-])")
_LONGER_UPPER_TOKEN = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Z]{2,7})(?![\w-])")
_SHORT_FORM = re.compile(
    r"^(.+?\b(?:Cent(?:re|er)|Institute|Agency|Network|Organi[sz]ation))\s+(?:for|of)\s"
)
_WHITESPACE = re.compile(r"\s+")

# A capitalised word: "Trade", "EU-Japan", "N-SIDE", "GNSS.Asia", "R&D", "Imec’s" (minus 's).
_CAP = r"(?:(?:[A-Z]\.){2,}(?!\w)|[A-Z][\w&.\-–]*[\w&]|[A-Z]|\d+[A-Za-z]+)"
_EMPH = r"(?:\*\*|__)?"
# Joiners that may stand inside a name between capitalised words.
_JOIN = r"(?:[ \t]+(?:of|for|and|&|on|de|du|des|der|di|da|del|della|van|von|für|the|in|to|of[ \t]+the|for[ \t]+the)[ \t]+|[ \t]+-[ \t]+|[ \t]+|,[ \t]+(?=[A-Z][\w-]*(?:,|[ \t]+and[ \t]+|[ \t]+&[ \t]+))|,[ \t]+(?=[A-Z][A-Za-z]+[ \t]*\())"
# `_CAP` again, written to begin with one character class (a capital or a digit, then the
# alternatives for each): the engine can then skip to such characters instead of trying four
# alternatives at every position (chains are found 40% faster, the same ones).
_CAP_FIRST = (
    r"(?:[A-Z\d](?:(?<=[A-Z])(?:\.(?:[A-Z]\.)+(?!\w)|[\w&.\-–]*[\w&]|)|(?<=\d)\d*[A-Za-z]+))"
)
_CHAIN = re.compile(rf"{_CAP_FIRST}(?:{_EMPH}(?:{_JOIN}){_EMPH}{_CAP})*(?:{_EMPH}-{_CAP})?")
# Bounded: acronyms are short, and unbounded adjacent repeats backtrack quadratically on long
# capital runs (a fuzzed 16,000-letter line took seconds).
_ACRONYM = r"[A-Z][A-Za-z&.]{0,8}[A-Z][A-Za-z&.-]{0,8}(?![A-Za-z])|[A-Z]{2,10}s?(?![A-Za-z])"
_DEF_PAREN = re.compile(rf"\(\s*(?:the\s+)?{_EMPH}(?P<acr>{_ACRONYM}){_EMPH}\s*\)")
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
_DOMAIN_NAME = re.compile(
    r"(?<![\w@/.])[a-z][a-z0-9-]+\.(?:brussels|eu|jp|be|com|org|net|io)\b(?![/.\w])"
)
_POSSESSIVE = re.compile(r"([’']s)$")
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
# "... in <place>" ends a chain: kept in names of chambers and councils ("Chamber of Commerce
# in Japan"), cut from universities and institutes ("Kyushu University in Japan").
_LOCATIVE_TAIL = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w\-–]*(?:\s+[A-Z][\w\-–]*)?)$")
_NAMED_WITH_PLACE = {"chamber", "council", "network", "forum", "eu_institution", "government"}
_BRANCH = re.compile(
    r"^(?:[A-Z][\w-]*\s+){0,2}(?:Office|Branch|Representation|Bureau|Desk)\s+of\s+(?:the\s+)?[A-Z].*"
    r"(?:Cent(?:re|er)|Organi[sz]ation|Agency|Network|Institute|Chamber|Commission)\b"
)


# A NON_ORG_CUES match is a cue word (at most 11 letters, "publication"), up to six non-word
# characters and the end (or a final newline): it lies in the last 18 characters of a window.
_CUE_SPAN = 18


def _cue_before(window: str) -> bool:
    """`NON_ORG_CUES.search(window)`, tried only where a match can begin (`\\b` still sees the
    character before)."""
    return NON_ORG_CUES.search(window, max(0, len(window) - _CUE_SPAN)) is not None


# Entries per memoised helper below: enough for the names of many documents, small enough that
# a worker's memory stops growing after its first few hundred texts (~1 MB per helper).
_MEMO_SIZE = 8192


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
_KEY_SPELLINGS = [
    (re.compile(r"^the\s+"), ""),
    (re.compile(r"centre\b"), "center"),
    (re.compile(r"organis"), "organiz"),
    (re.compile(r"programme\b"), "program"),
]


@lru_cache(maxsize=_MEMO_SIZE)
def strip_marks(text: str) -> str:
    """A surface form without Markdown emphasis, quotes and extra spaces."""
    return _SPACES.sub(" ", _MARKS.sub("", text)).strip(" ,;:-’'")


@lru_cache(maxsize=_MEMO_SIZE)
def norm_key(name: str) -> str:
    """Spelling-insensitive key: Centre/Center, Organisation/Organization, & / and, case."""
    text = unicodedata.normalize("NFKC", strip_marks(name)).lower()
    for pattern, replacement in _KEY_SPELLINGS:
        text = pattern.sub(replacement, text)
    text = text.replace("&", " and ").replace("–", "-")
    text = text.replace("directorate-general", "directorate general")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


_WORD = re.compile(r"[\w&’'\-–]+")


@lru_cache(maxsize=_MEMO_SIZE)
def _words(name: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(name))


# The helpers below are pure functions of a name that every document calls many times over the
# same names; they are memoised (bounded, so memory does not grow with the corpus).
@lru_cache(maxsize=_MEMO_SIZE)
def head_word(name: str) -> str:
    """The noun a name is built on: the last word before 'of/for/in', else the last word."""
    words = list(_words(strip_marks(name)))
    if words and "-" in words[-1] and place_country(words[-1].rsplit("-", 1)[1]):
        words[-1] = words[-1].rsplit("-", 1)[0]  # "Network-Japan": a national node of a network
    for i, w in enumerate(words):
        if w.lower() in _CONNECTORS and i > 0:
            return words[i - 1].lower()
    if len(words) >= 2 and " ".join(words[-2:]).lower() == "round table":
        return "round table"
    return words[-1].lower() if words else ""


_COMPOUND_HEADS = {
    "round table": "forum",
    "directorate general": "eu_institution",
    "joint undertaking": "agency",
    "executive agency": "agency",
}


@lru_cache(maxsize=_MEMO_SIZE)
def _org_head_type(name: str) -> str | None:
    """Type implied by the name's head noun ("... Chamber of ..." → chamber)."""
    words = [w.lower() for w in _words(strip_marks(name))]
    before = words
    for i, w in enumerate(words):
        if w in _CONNECTORS and i > 0:
            before = words[:i]
            break
    pair = " ".join(before[-2:]).replace("-", " ")
    if pair in _COMPOUND_HEADS or " ".join(before[:2]).replace("-", " ") in _COMPOUND_HEADS:
        return _COMPOUND_HEADS.get(pair) or _COMPOUND_HEADS[" ".join(before[:2]).replace("-", " ")]
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
    initials = list(_initials(long))
    letters = [c for c in acr.upper() if c.isalpha()]
    hits = 0
    for c in letters:
        if c in initials:
            initials.remove(c)
            hits += 1
    return hits * 2 >= len(letters) + 1 and len(_initials(long)) <= len(letters) + 1


_INITIALS_SKIP = {"of", "for", "and", "the", "&", "on", "in", "de", "du", "des", "der", "to"}
_INITIALS_SPLIT = re.compile(r"[\s-]+")


@lru_cache(maxsize=_MEMO_SIZE)
def _initials(name: str) -> str:
    parts = _INITIALS_SPLIT.split(strip_marks(name))
    return "".join(
        p[0] for p in parts if p and p.lower() not in _INITIALS_SKIP and p[0].isalpha()
    ).upper()


_LEADING_WORD = re.compile(r"(\*\*|__)?([\w’'.&-]+)(\*\*|__)?(\s+|$)")
_TRAILING_JOINERS = re.compile(
    r"(\s+(?:of|for|and|&|on|the|in|to|-|of the|for the))+\s*$|[,\s*_]+$"
)
_LEADING_SKIP = NAME_STOPWORDS | {"of", "for", "and", "on", "in", "to"}


def _trim_chain(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop leading stopwords ("The", "Launch of the") and trailing joiners from a name span."""
    span = text[start:end]
    while True:
        m = _LEADING_WORD.match(span)
        if not m:
            break
        word = m.group(2).lower()
        if word in _LEADING_SKIP:
            start += m.end()
            span = text[start:end]
            continue
        break
    span = text[start:end]
    trail = _TRAILING_JOINERS.search(span)
    if trail:
        end = start + trail.start()
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive:
        end -= len(possessive.group(1))
    if end <= start:
        return None
    return start, end


_CAPITALISED_WORD = re.compile(r"\b([A-Z][a-z]+)\s+")


def _cut_before_stop(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep the part of a chain after the last stopword inside it ("Through J-Bridge" → "J-Bridge")."""
    for m in _CAPITALISED_WORD.finditer(text[start:end]):
        if m.group(1).lower() in NAME_STOPWORDS and m.start() == 0:
            return start + m.end(), end
    return start, end


_COORDINATION = re.compile(r"[ \t]+(?:and|&)[ \t]+")
_SHORT_ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]{1,9}")


def _split_coordination(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Kyoto University and Tohoku University" in two, keep "Ministry of Economy, Trade
    and Industry" whole: split at "and"/"&" only when the left part ends in an organisation
    head or the right part is an acronym."""
    for m in _COORDINATION.finditer(text[start:end]):
        left = text[start : start + m.start()]
        right = text[start + m.end() : end]
        left_words = _words(strip_marks(left))
        right_words = _words(strip_marks(right))
        if not left_words or not right_words:
            continue
        left_head = left_words[-1].lower() in ORG_HEADS
        right_acronym = bool(_SHORT_ACRONYM.fullmatch(strip_marks(right)))
        right_named = _org_head_type(right) is not None and len(right_words) >= 2
        if (left_head and (right_named or right_acronym)) or (
            right_acronym and _org_head_type(left) is not None
        ):
            return [(start, start + m.start()), *_split_coordination(text, start + m.end(), end)]
    return [(start, end)]


def _shape_names(text: str, start: int, end: int) -> list[Mention]:
    """Org-name shapes: capitalised chains that contain an organisation head or legal form."""
    found: list[Mention] = []
    eu_context: bool | None = None
    for m in _CHAIN.finditer(text, start, end):
        base = m.start()
        for record in _chain_shapes(m.group(0)):
            kind, s, e = record[0], base + record[1], base + record[2]
            if kind == "acronym":
                _, _, _, long_name, acr_start, acr, acr_end = record
                found.append(Mention(s, e, long_name, "acronym_definition", None, acr))
                found.append(
                    Mention(base + acr_start, base + acr_end, acr, "acronym_definition", None, acr)
                )
                continue
            name, org_type = record[3], record[4]
            if kind == "eu_short":
                if eu_context is None:
                    eu_context = bool(_EU_IN_TEXT.search(text))
                if eu_context:
                    found.append(Mention(s, e, name, "eu_short", org_type))
                continue
            legal = record[5]
            before = text[max(start, s - 40) : s]
            if _cue_before(before) and not legal and org_type not in {"ministry"}:
                continue
            if _POSSESSIVE_BEFORE.search(text[max(start, s - 3) : s]) and org_type in {
                "ministry",
                "agency",
                "organisation",
                "research_institute",
            }:
                continue  # "NEDO's Hydrogen Technology Department" is a unit of NEDO
            found.append(Mention(s, e, name, "shape", org_type))
    return found


# Longer capitalised chains are run-on text, not names; bounding them keeps the work per chain
# constant on adversarial lines (80,000 characters of "Kyoto University and ...").
MAX_NAME_CHARS = 200
_EU_IN_TEXT = re.compile(r"\b(?:EU|European)\b")
_POSSESSIVE_BEFORE = re.compile(r"[’']s\s+$")
_TRAILING_ACRONYM = re.compile(r"\s([A-Z]{2,6})$")
_LEGAL_ENDINGS = tuple(" " + w for w in LEGAL_SUFFIXES)
_PLURAL_HEADS = {w + "s" for w in ORG_HEADS}


@lru_cache(maxsize=_MEMO_SIZE)
def _chain_shapes(chain: str) -> tuple[tuple, ...]:
    """What a capitalised chain holds, from its own text alone (offsets relative to it).

    Records: ("acronym", s, long_end, long_name, acr_start, acr, e) for "Long Name ACR";
    ("eu_short", s, e, name, org_type) for a bare "Council" that counts in EU context;
    ("shape", s, e, name, org_type, legal) for a name the caller still checks in context.
    Chains repeat across and within texts ("The", "Japan", names), so this is memoised.
    """
    records: list[tuple] = []
    spans: list[tuple[int, int]] = []
    if len(chain) > MAX_NAME_CHARS:
        return ()  # no organisation's name is this long; only pathological text gets here
    span = _trim_chain(chain, 0, len(chain))
    if span:
        spans += _split_coordination(chain, *span)
    for s, e in spans:
        name = strip_marks(chain[s:e])
        words = _words(name)
        if not words:
            continue
        if len(words) >= 2 and name.upper() == name and not any(c.isdigit() for c in name):
            continue  # a shouted heading ("ROUND TABLE CALENDAR"), not a name
        located = _LOCATIVE_TAIL.search(chain, s, e)
        if located and located.start() > s:
            before_tail = strip_marks(chain[s : located.start()])
            legal_form = before_tail.endswith(_LEGAL_ENDINGS)
            head_type = "company" if legal_form else _org_head_type(before_tail)
            if head_type and head_type not in _NAMED_WITH_PLACE:
                e = located.start()  # "Kyushu University in Japan" is in Japan
                name = strip_marks(chain[s:e])
                words = _words(name)
        trailing = _TRAILING_ACRONYM.search(name)
        if (
            trailing
            and _org_head_type(name[: trailing.start()])
            and schwartz_hearst(trailing.group(1), name[: trailing.start()])
        ):
            # "Fraunhofer Institute for Silicate Research ISC": the acronym follows the name
            acr = trailing.group(1)
            acr_start = s + chain[s:e].rfind(acr)
            long_end = acr_start - 1
            records.append(
                ("acronym", s, long_end, strip_marks(chain[s:long_end]), acr_start, acr, e)
            )
            continue
        legal = name.endswith(_LEGAL_ENDINGS)
        org_type = "company" if legal else _org_head_type(name)
        if org_type is None:
            continue
        head = head_word(name)
        if head in NON_ORG_HEADS and not legal:
            continue
        if name.lower().replace("-", " ") in _COMPOUND_HEADS:
            continue  # "Round Table" alone refers back to a named one
        if len(words) == 1 or (legal and len(words) < 2):
            if name in eu_short_forms():
                records.append(("eu_short", s, e, name, org_type))
            continue  # a bare head noun ("the Centre") is a reference, not a name
        if words[-1].lower() in {"organisations", "organizations", "institutions", "agencies"}:
            continue
        if words[-1].endswith("s") and words[-1].lower() in _PLURAL_HEADS:
            continue  # plural head: a class of bodies ("Trade Promotion Organisations")
        if _BRANCH.match(name) or ORGANS.match(name):
            continue  # a branch or an organ ("Board of Directors") is named by its parent
        records.append(("shape", s, e, name, org_type, legal))
    return tuple(records)


def _long_form_before(text: str, lo: int, paren: int) -> tuple[int, int] | None:
    """The capitalised name that ends right before an acronym's '(' (or inside '(...)')."""
    seg_end = paren
    while seg_end > lo and text[seg_end - 1] in ' *_"”':
        seg_end -= 1
    if seg_end > lo and text[seg_end - 1] == ")":
        inner = text.rfind("(", lo, seg_end)
        if inner >= 0:
            return _trim_chain(text, inner + 1, seg_end - 1)
    best = None
    lo = max(lo, seg_end - MAX_NAME_CHARS)
    # endpos past the "(" so a join's lookahead for it can see it
    for m in _CHAIN.finditer(text, lo, min(len(text), paren + 1)):
        if seg_end - 2 <= m.end() <= seg_end:
            best = (m.start(), m.end())
    return _trim_chain(text, *best) if best else None


def _acronym_definitions(text: str, start: int, end: int) -> list[tuple[Mention, Mention]]:
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
            first = _words(tail)[0].lower() if _words(tail) else ""
            if schwartz_hearst(acr, tail) and (
                len(_initials(tail)) <= len(acr) + 2 or first in ORG_HEADS
            ):
                s = s + cut
                break
        long_name = strip_marks(text[s:e])
        if len(_words(long_name)) < 2:
            continue
        a_start = m.start("acr")
        pairs.append(
            (
                Mention(s, e, long_name, "acronym_definition", acronym=acr),
                Mention(a_start, a_start + len(acr), acr, "acronym_definition", acronym=acr),
            )
        )
    for pattern in (_DEF_OR, _DEF_APPOS, _DEF_REVERSE):
        for m in pattern.finditer(text, start, end):
            acr = m.group("acr")
            if acr in NON_ORG_ACRONYMS:
                continue
            chain = _CHAIN.match(text, m.end(), end)
            if not chain:
                continue
            span = _trim_chain(text, chain.start(), chain.end())
            if not span:
                continue
            long_name = strip_marks(text[span[0] : span[1]])
            if not acronym_fits(acr, long_name) or len(_words(long_name)) < 2:
                continue
            pairs.append(
                (
                    Mention(span[0], span[1], long_name, "acronym_definition", acronym=acr),
                    Mention(m.start("acr"), m.end("acr"), acr, "acronym_definition", acronym=acr),
                )
            )
    return pairs


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
_PREDICATE_STOP = {"in", "of", "for", "that", "which", "with", "to", "from", "by", "on", "at"}
_APPOS_SLOT = re.compile(
    rf"{_SLOT_NAME},\s+(?:a|an)\s+(?:[\w-]+\s+){{0,4}}?(?P<noun>company|firm|manufacturer|start-?up|agency|institute|organi[sz]ation|university|consortium|network|association|chamber|operator|provider|body)\b"
)
_TYPE_BEFORE_SLOT = re.compile(
    r"\b(?P<noun>company|firm|consortium|agency|start-?up|institute|university|organi[sz]ation|"
    rf"network|association)\s+{_SLOT_NAME}"
)


_AND_SLOT_NAME = re.compile(rf"\s+and\s+(?:the\s+)?{_SLOT_NAME}")
_COPULA_NEEDS = re.compile(r"\sis\s+(?:a|an|the)\s")
_APPOS_NEEDS = re.compile(r",\s+an?\s")
_TYPE_NOUNS = (
    "company", "firm", "consortium", "agency", "start-up", "startup", "institute", "university",
    "organisation", "organization", "network", "association",
)  # fmt: skip


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
# Letters that IGNORECASE matches to ASCII letters although str.lower() does not give them
# (dotless i, dotted capital I, long s): with any of them, the plain scan is used.
_CASE_FOLD_ODDITIES = ("\u0131", "\u0130", "\u017f")
_NAME_CHARS_EXTRA = ".&-–"


def _clause_starts(text: str, start: int, end: int) -> list[int]:
    """Where `(?:^|(?<=[.!?]\\s)|(?<=\\n))` holds in text[start:end] (MULTILINE `^`)."""
    return [start, *(m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 2), end))]


def _literal_starts(
    text: str, start: int, end: int, stems: tuple[str, ...], fold: bool
) -> list[int] | None:
    """Sorted positions in text[start:end] where one of the stems begins (any letter case when
    `fold`); None when case folding cannot be read off str.lower() for this text."""
    hay = text
    if fold:
        hay = text.lower()
        if len(hay) != len(text) or any(c in text for c in _CASE_FOLD_ODDITIES):
            return None
    found: list[int] = []
    for stem in stems:
        pos = hay.find(stem, start, end)
        while pos >= 0:
            found.append(pos)
            pos = hay.find(stem, pos + 1, end)
    found.sort()
    return found


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
    anchors = _literal_starts(text, start, end, ("’s", "'s"), fold=False) or []
    return matches_at(_POSSESSIVE_SLOT, text, _name_windows(text, anchors, start), start, end)


def _partner_slots(text: str, region: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_PARTNER_SLOT.finditer(text, start, end)`, tried where a partner trigger begins."""
    starts = _literal_starts(text, start, end, _PARTNER_STEMS, fold=True)
    if starts is None:
        return _PARTNER_SLOT.finditer(text, start, end)
    return matches_at(_PARTNER_SLOT, text, starts, start, end)


def _slot_names(text: str, start: int, end: int) -> list[Mention]:
    """Names in slots only organisations fill: partners, definitions, typed appositions."""
    found: list[Mention] = []

    def add(m: re.Match, evidence: str, org_type: str | None, group: str = "name") -> None:
        s, e = m.start(group), m.end(group)
        span = _cut_before_stop(text, s, e)
        span = _trim_chain(text, *span)
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
        if _cue_before(text[max(start, span[0] - 30) : span[0]]):
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
            span = _trim_chain(text, s, name_end)
            if span:
                name = strip_marks(text[span[0] : span[1]])
                if (
                    name
                    and not is_place(name)
                    and head_word(name) not in NON_ORG_HEADS
                    and name.lower() not in ORG_HEADS
                ):
                    found.append(Mention(span[0], span[1], name, "partner_slot"))
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
    typed = _literal_starts(text, start, end, _TYPE_NOUN_STEMS, fold=False)
    for m in matches_at(_TYPE_BEFORE_SLOT, text, typed, start, end):
        noun = m.group("noun").lower()
        add(m, "typed", ORG_PREDICATES.get(noun))
    return found


# "Council Decision", "Commission Regulation": the short form names the act's author.
_AUTHOR_OF_ACT = re.compile(
    r"(?<![\w-])(Council|Commission|Parliament)(?=\s+(?:Decision|Regulation|Directive|"
    r"Implementing|Delegated|Recommendation|Resolution|Communication|Staff)\b)"
)


def _authors_of_acts(text: str) -> list[Mention]:
    if "Council" not in text and "Commission" not in text and "Parliament" not in text:
        return []
    return [
        Mention(m.start(), m.end(), m.group(1), "eu_short", "eu_institution")
        for m in _AUTHOR_OF_ACT.finditer(text)
        if _EU_IN_TEXT.search(text)
    ]


# One-word aliases that are also common nouns ("Commission", "Centre"): they count only where the
# text also writes the full name.
_COMMON_HEADS = (
    frozenset(ORG_HEADS)
    | frozenset(w + "s" for w in ORG_HEADS)
    | frozenset(NON_ORG_HEADS)
    | {"alliance", "union", "diet", "codex", "assembly"}
)


def _reference_mentions(text: str) -> list[Mention]:
    return [
        Mention(h.start, h.end, h.form, "reference", h.institution.org_type,
                h.form if h.is_acronym else None)
        for h in find_institutions(text, _COMMON_HEADS)
    ]  # fmt: skip


_SUCH_AS = re.compile(
    r"\b(?:organi[sz]ations|institutions|institutes|companies|firms|agencies|universities|bodies|"
    r"partners|members|associations|banks|ministries)(?:,)?\s+(?:such\s+as|including|like)\s+"
)
# Every alternative of _SUCH_AS begins with one of these.
_SUCH_AS_STEMS = (
    "organi", "institut", "compan", "firms", "agenc", "universit", "bodies", "partners",
    "members", "associations", "banks", "ministries",
)  # fmt: skip
_SUCH_AS_ITEM = re.compile(
    r"(?:the\s+)?([A-Z][\w.&\-–]*(?:[ \t]+(?:of|for|de|the)?[ \t]*[A-Z][\w.&\-–]*)*)"
)
_LIST_END = re.compile(
    r"\s\s*and\s+(?:other|related|partner|further|local|national|regional)\s+"
    r"(?:institutions|organi[sz]ations|agencies|bodies|partners|stakeholders|companies)"
)


def _list_members(text: str, start: int, end: int) -> list[Mention]:
    """Items of a list that ends "... and related institutions" or follows "bodies such as"."""
    found: list[Mention] = []
    for m in matches_at(
        _SUCH_AS, text, _literal_starts(text, start, end, _SUCH_AS_STEMS, fold=False), start, end
    ):
        stop = _LIST_STOP.search(text[m.end() : end])
        lo, hi = m.end(), m.end() + (stop.start() if stop else end - m.end())
        for item in _SUCH_AS_ITEM.finditer(text[lo:hi]):
            s, e = lo + item.start(1), lo + item.end(1)
            name = strip_marks(text[s:e])
            if _DIGIT_AFTER.match(text[e : e + 3]):
                continue  # "Horizon 2020": a programme, not a body
            if name and not is_place(name) and name not in NON_ORG_ACRONYMS:
                found.append(Mention(s, e, name, "list_member"))
    for m in _LIST_END.finditer(text, start, end):
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
    mentions = _shape_names(text, 0, n)
    pairs = _acronym_definitions(text, 0, n)
    for long_m, acr_m in pairs:
        head = head_word(long_m.name)
        legal = any(long_m.name.endswith(" " + w) for w in LEGAL_SUFFIXES)
        cue = _cue_before(text[max(0, long_m.start - 40) : long_m.start])
        if (head in NON_ORG_HEADS and not legal) or cue or is_place(long_m.name):
            continue
        long_m.org_type = long_m.org_type or _org_head_type(long_m.name)
        mentions += [long_m, acr_m]
    inside = _Containment(
        [(m.start, m.end) for m in mentions if m.evidence == "acronym_definition"]
    )
    mentions = [m for m in mentions if m.evidence != "shape" or not inside.strictly(m.start, m.end)]
    mentions += _slot_names(text, 0, n)
    reference = _reference_mentions(text)
    # "European Commission and European Medicines Agency (EMA)": a long form that holds another
    # reference name is names run together; the reference hits stand for them.
    held = [(r.start, r.end) for r in reference]
    mentions = [
        m
        for m in mentions
        if m.evidence != "acronym_definition" or m.acronym == m.name or not _holds(held, m)
    ]
    mentions += reference
    mentions += _authors_of_acts(text)
    mentions += _list_members(text, 0, n)
    return mentions


@lru_cache(maxsize=_MEMO_SIZE)
def _country_from_name(name: str) -> str | None:
    words = _words(strip_marks(name))
    for legal, country in LEGAL_SUFFIXES.items():
        if country and name.endswith(" " + legal):
            return country
    codes = {place_country(w) for w in words if place_country(w)}
    for w in _NAME_SPLIT.split(name):
        code = place_country(w)
        if code:
            codes.add(code)
    if len(codes) == 1:
        return codes.pop()
    return None


def _holds(held: list[tuple[int, int]], m: Mention) -> bool:
    """Does the span of m hold one of the given spans, and more than it?"""
    return any(s >= m.start and e <= m.end and (s, e) != (m.start, m.end) for s, e in held)


def _reference_keys(name: str) -> list[str]:
    """Keys to look a name up by: as written, without a national prefix ("Japanese ..."), and
    without a legal form ("... GmbH")."""
    keys = [norm_key(name)]
    first, _, rest = name.partition(" ")
    if rest and DEMONYMS.get(first.lower()):
        keys.append(norm_key(rest))
    keys += [norm_key(name[: -len(s)]) for s in _LEGAL_ENDINGS if name.endswith(s)]
    return keys


def load_reference() -> None:
    """Read and index the reference list now rather than on the first text."""
    _ref_by_form()
    find_institutions("", _COMMON_HEADS)
    eu_short_forms()


@cache
def _ref_by_form() -> dict[str, Institution]:
    """Normalised name or alias, or "acr:" + acronym -> reference institution."""
    ref_by_form: dict[str, Institution] = {}
    for inst in institutions():
        for form in inst.names:
            ref_by_form.setdefault(norm_key(form), inst)
        for acr in inst.acronyms:
            ref_by_form.setdefault("acr:" + acr, inst)
    return ref_by_form


_FOR_OF = re.compile(r"\s+(?:for|of)\s")
_FOR_OF_AHEAD = re.compile(r"(?=\s+(?:for|of)\s)")  # every position where _FOR_OF matches


def _occurs_as_word(text: str, form: str) -> bool:
    """`re.search(rf"(?<![\\w-]){re.escape(form)}(?![\\w-])", text)`, without compiling it."""
    if not form:
        return True
    n = len(text)
    pos = text.find(form)
    while pos >= 0:
        end = pos + len(form)
        if (pos == 0 or not _boundary_blocked(text[pos - 1])) and (
            end >= n or not _boundary_blocked(text[end])
        ):
            return True
        pos = text.find(form, pos + 1)
    return False


def group_mentions(text: str, mentions: list[Mention]) -> list[DocOrg]:
    """Group one document's mentions into organisations (acronyms, short forms, misspellings)."""
    orgs: dict[str, DocOrg] = {}
    alias_of: dict[str, str] = {}  # norm key of any form -> key of its organisation

    def org_for(key: str) -> DocOrg | None:
        seen = set()
        while key in alias_of and key not in seen:
            seen.add(key)
            key = alias_of[key]
        return orgs.get(key)

    ref_by_form = _ref_by_form()
    longer_by_prefix: dict[str, list[DocOrg]] = {}

    def add_org(name: str, m: Mention | None = None) -> DocOrg:
        key = norm_key(name)
        existing = org_for(key)
        if existing:
            return existing
        org = DocOrg(name=name, forms={name})
        orgs[key] = org
        alias_of[key] = key
        # Every prefix P with `name.startswith(P) and _FOR_OF.match(name, len(P))`, so that the
        # longer names of a short form are looked up instead of tested one by one.
        for at in _FOR_OF_AHEAD.finditer(name):
            longer_by_prefix.setdefault(name[: at.start()], []).append(org)
        return org

    # Long forms first, so acronyms and short forms attach to them.
    ordered = sorted(
        mentions, key=lambda m: (m.acronym == m.name, m.evidence == "reference", -len(m.name))
    )
    defined: dict[str, DocOrg] = {}
    for m in ordered:
        ref = ref_by_form.get(norm_key(m.name)) or (
            ref_by_form.get("acr:" + m.name) if m.acronym == m.name else None
        )
        if m.evidence == "eu_short":
            ref = ref_by_form.get(norm_key(eu_short_forms().get(m.name, "")))
            if not ref:
                continue
        if ref:
            org = add_org(ref.name)
            org.forms.add(m.name)
            org.acronym = org.acronym or next(
                (a for a in ref.acronyms if _occurs_as_word(text, a)), None
            )
            org.reference = ref
            alias_of[norm_key(m.name)] = norm_key(org.name)
            if org.acronym:
                defined.setdefault(org.acronym, org)
            org.evidence.add("reference")
            continue
        if m.acronym and m.acronym != m.name:
            org = add_org(m.name)
            org.acronym = org.acronym or m.acronym
            defined.setdefault(m.acronym, org)
            alias_of[norm_key(m.acronym)] = norm_key(org.name)
        elif m.acronym and m.acronym == m.name:
            org = defined.get(m.name)
            if org is None:
                continue
        else:
            # "Japanese Ministry of ..." is the Ministry of ...; keep the national prefix as an alias.
            bare = _NATIONAL_PREFIX.sub("", m.name)
            if bare != m.name and DEMONYMS.get(m.name.split()[0].lower()):
                org = add_org(bare)
                org.forms.add(m.name)
                alias_of[norm_key(m.name)] = norm_key(org.name)
                org.country = org.country or DEMONYMS[m.name.split()[0].lower()]
            else:
                # The first organisation (in order of creation) whose name is this one + for/of.
                longer = next(iter(longer_by_prefix.get(m.name, ())), None)
                org = longer if longer is not None else add_org(m.name)
                alias_of[norm_key(m.name)] = norm_key(org.name)
        org.forms.add(m.name)
        org.evidence.add(m.evidence)
        org.org_type = org.org_type or m.org_type

    # Undefined acronyms whose letters spell a known long form ("EEN" for Enterprise Europe Network).
    # Organisations by initials, in order (no organisation is added in this loop): a lookup per
    # token instead of a pass over every organisation.
    by_initials: dict[str, list[DocOrg]] = {}
    for org in orgs.values():
        by_initials.setdefault(_initials(org.name), []).append(org)
    for m in _UPPER_TOKEN.finditer(text):
        acr = m.group(1)
        if acr in NON_ORG_ACRONYMS or norm_key(acr) in alias_of:
            continue
        for org in by_initials.get(acr, ()):
            if org.acronym is None:
                org.acronym = acr
                alias_of[norm_key(acr)] = norm_key(org.name)
                defined.setdefault(acr, org)
                break
    # Misspelt acronyms: same letters, one transposition ("JPEX" for "JEPX"). Defined acronyms
    # by their sorted letters, in order (`defined` does not change in this loop).
    by_letters: dict[str, list[tuple[str, DocOrg]]] = {}
    for acr, org in defined.items():
        by_letters.setdefault("".join(sorted(acr)), []).append((acr, org))
    for m in _LONGER_UPPER_TOKEN.finditer(text):
        token = m.group(1)
        if token in defined or norm_key(token) in alias_of or token in NON_ORG_ACRONYMS:
            continue
        for acr, org in by_letters.get("".join(sorted(token)), ()):
            if OSA.distance(acr, token) == 1:
                org.forms.add(token)
                alias_of[norm_key(token)] = norm_key(org.name)
                break
    # Short forms: "EU-Japan Centre" for "EU-Japan Centre for Industrial Cooperation".
    for org in orgs.values():
        short = _SHORT_FORM.match(
            org.name,
        )
        if short and len(_words(short.group(1))) >= 2:
            form = short.group(1)
            if norm_key(form) not in alias_of and _occurs_as_word(text, form):
                org.forms.add(form)
                alias_of[norm_key(form)] = norm_key(org.name)
    # Merge organisations whose forms collide (a slot name that is also a long form's acronym).
    merged: dict[int, DocOrg] = {}
    for key, org in orgs.items():
        target = org_for(key)
        if target is None:
            continue
        if target is not org:
            target.forms |= org.forms
            target.evidence |= org.evidence
            continue
        merged[id(org)] = org
    result = []
    for org in merged.values():
        if org.reference is None:
            org.reference = next(
                (
                    ref_by_form[k]
                    for f in (org.name, *sorted(org.forms))
                    for k in _reference_keys(f)
                    if k in ref_by_form
                ),
                None,
            )
            if org.reference is not None:
                org.forms.add(org.name)
                org.name = org.reference.name
        if org.reference is not None:
            # The reference list knows the body: its type and country (none for an
            # intergovernmental organisation) win over what the name's shape suggests.
            org.org_type = org.reference.org_type
            org.country = org.reference.country
        else:
            org.country = org.country or _country_from_name(org.name)
            org.org_type = org.org_type or _org_head_type(org.name) or "organisation"
            if org.country is None and org.org_type == "eu_institution":
                org.country = "EU"
        if org.acronym:
            org.forms.add(org.acronym)
        result.append(org)
    return result


def locate(text: str, orgs: list[DocOrg]) -> list[tuple[DocOrg, int, int]]:
    """Every non-overlapping occurrence of every form of every organisation, longest first."""
    forms: list[tuple[str, DocOrg]] = sorted(
        ((f, o) for o in orgs for f in o.forms if len(f) >= 2),
        key=lambda fo: -len(fo[0]),
    )
    taken = bytearray(len(text))
    hits: list[tuple[DocOrg, int, int]] = []
    for form, org in forms:
        for start, end in find_form(text, form):
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            hits.append((org, start, end))
    return sorted(hits, key=lambda h: h[1])


_EMPHASIS = ("**", "__")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_form(text: str, form: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a form, as `_form_pattern(form).finditer` finds them.

    The same matches without compiling a pattern per form (compiling was most of the time spent
    here): the form's first word is found with str.find and the rest is checked in place.
    Forms that Markdown marks or odd spacing could make ambiguous use the pattern itself.
    """
    plan = _form_plan(form)
    if plan is None:
        return [(m.start(), m.end()) for m in _form_pattern(form).finditer(text)]
    key, parts = plan
    one_piece = len(parts) == 1 and len(parts[0]) == 1  # the key is the whole form ("NEDO")
    found: list[tuple[int, int]] = []
    n = len(text)
    pos = text.find(key)
    while pos >= 0:
        if pos and _boundary_blocked(text[pos - 1]):
            end = -1
        else:
            end = (
                pos + len(form)  # written as is: _match_parts would end there too
                if one_piece or text.startswith(form, pos)
                else _match_parts(text, pos, parts)
            )
        if end >= 0 and not (
            end < n
            and (
                _is_word(text[end])
                or (text[end] == "-" and end + 1 < n and _is_word(text[end + 1]))
            )
        ):
            found.append((pos, end))
            pos = text.find(key, end)
        else:
            pos = text.find(key, pos + 1)
    return found


@lru_cache(maxsize=_MEMO_SIZE)
def _form_plan(form: str) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
    """How `find_form` looks for a form: the text its first word starts with, and each word's
    hyphen-separated pieces; None when the form needs its pattern."""
    parts = _WHITESPACE.split(form)
    if any(not p or "*" in p or "_" in p or "\\" in p or p[0] == "-" for p in parts):
        return None
    return parts[0].split("-", 1)[0], tuple(tuple(p.split("-")) for p in parts)


def _boundary_blocked(ch: str) -> bool:
    """The character before a form's start forbids a match there (`(?<![\\w-])`)."""
    return ch == "-" or _is_word(ch)


def _match_parts(text: str, pos: int, parts: tuple[tuple[str, ...], ...]) -> int:
    """End of the form's parts (each split at its hyphens) matched at `pos` (emphasis allowed
    before hyphens and around the spaces between parts), or -1."""
    n = len(text)
    for k, pieces in enumerate(parts):
        if k:
            if text.startswith(_EMPHASIS, pos):
                pos += 2
            space = pos
            while pos < n and text[pos].isspace():
                pos += 1
            if pos == space:
                return -1
            if text.startswith(_EMPHASIS, pos):
                pos += 2
        for i, piece in enumerate(pieces):
            if i:
                if text.startswith(_EMPHASIS, pos):
                    pos += 2
                if not text.startswith("-", pos):
                    return -1
                pos += 1
            if not text.startswith(piece, pos):
                return -1
            pos += len(piece)
    return pos


@lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern[str]:
    # Markdown emphasis may interrupt a name in the raw text ("Network**-Japan").
    parts = [re.escape(p) for p in _WHITESPACE.split(form)]
    body = r"(?:\*\*|__)?\s+(?:\*\*|__)?".join(parts)
    body = body.replace(r"\-", r"(?:\*\*|__)?\-")
    return re.compile(rf"(?<![\w-]){body}(?![\w]|-\w)")
