"""Organisation-name shapes: capitalised chains built on an organisation head noun ("Ministry of
Economy, Trade and Industry", "EU-Japan Centre for Industrial Cooperation") or ending in a legal
form ("ZENIT GmbH"), the strongest evidence that a string names an organisation.

A chain is read from its own text first (`_chain_shapes`, memoised: chains repeat across and
within texts), then checked in its context (`shape_names`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .institutions import eu_short_forms
from .lexicon import NAME_STOPWORDS, NON_ORG_HEADS, ORG_HEADS, ORGANS
from .names import (
    COMPOUND_HEADS,
    LEGAL_ENDINGS,
    MEMO_SIZE,
    Mention,
    cue_before,
    head_word,
    name_words,
    org_head_type,
    schwartz_hearst,
    strip_marks,
)
from .scan import trie_pattern

# A capitalised word: "Trade", "EU-Japan", "N-SIDE", "GNSS.Asia", "R&D", "Imec’s" (minus 's).
_CAP = r"(?:(?:[A-Z]\.){2,}(?!\w)|[A-Z][\w&.\-–]*[\w&]|[A-Z]|\d+[A-Za-z]+)"
EMPH = r"(?:\*\*|__)?"
# Joiners that may stand inside a name between capitalised words.
_JOIN = r"(?:[ \t]+(?:of|for|and|&|on|de|du|des|der|di|da|del|della|van|von|für|the|in|to|of[ \t]+the|for[ \t]+the)[ \t]+|[ \t]+-[ \t]+|[ \t]+|,[ \t]+(?=[A-Z][\w-]*(?:,|[ \t]+and[ \t]+|[ \t]+&[ \t]+))|,[ \t]+(?=[A-Z][A-Za-z]+[ \t]*\())"
# `_CAP` again, written to begin with one character class (a capital or a digit, then the
# alternatives for each): the engine can then skip to such characters instead of trying four
# alternatives at every position (chains are found 40% faster, the same ones).
_CAP_FIRST = (
    r"(?:[A-Z\d](?:(?<=[A-Z])(?:\.(?:[A-Z]\.)+(?!\w)|[\w&.\-–]*[\w&]|)|(?<=\d)\d*[A-Za-z]+))"
)
CHAIN = re.compile(rf"{_CAP_FIRST}(?:{EMPH}(?:{_JOIN}){EMPH}{_CAP})*(?:{EMPH}-{_CAP})?")

_POSSESSIVE = re.compile(r"([’']s)$")

# "... in <place>" ends a chain: kept in names of chambers and councils ("Chamber of Commerce
# in Japan"), cut from universities and institutes ("Kyushu University in Japan").
_LOCATIVE_TAIL = re.compile(r"\s+in\s+(?:the\s+)?([A-Z][\w\-–]*(?:\s+[A-Z][\w\-–]*)?)$")
_NAMED_WITH_PLACE = {"chamber", "council", "network", "forum", "eu_institution", "government"}
_BRANCH = re.compile(
    r"^(?:[A-Z][\w-]*\s+){0,2}(?:Office|Branch|Representation|Bureau|Desk)\s+of\s+(?:the\s+)?[A-Z].*"
    r"(?:Cent(?:re|er)|Organi[sz]ation|Agency|Network|Institute|Chamber|Commission)\b"
)


_LEADING_WORD = re.compile(r"(\*\*|__)?([\w’'.&-]+)(\*\*|__)?(\s+|$)")
_TRAILING_JOINERS = re.compile(
    r"(\s+(?:of|for|and|&|on|the|in|to|-|of the|for the))+\s*$|[,\s*_]+$"
)
_LEADING_SKIP = NAME_STOPWORDS | {"of", "for", "and", "on", "in", "to"}
# What a span must end with for _TRAILING_JOINERS to match (a joiner word, or one of its
# characters), and for _POSSESSIVE (before an optional final newline, as `$` allows): most
# names end otherwise, and the searches are skipped.
_JOINER_ENDS = ("of", "for", "and", "&", "on", "the", "in", "to", "-", ",", "*", "_")
_POSSESSIVE_ENDS = ("’s", "'s", "’s\n", "'s\n")


def trim_chain(text: str, start: int, end: int) -> tuple[int, int] | None:
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
    if span.endswith(_JOINER_ENDS) or span[-1:].isspace():
        trail = _TRAILING_JOINERS.search(span)
        if trail:
            end = start + trail.start()
    if text.endswith(_POSSESSIVE_ENDS, start, end):
        possessive = _POSSESSIVE.search(text[start:end])
        if possessive:
            end -= len(possessive.group(1))
    if end <= start:
        return None
    return start, end


_COORDINATION = re.compile(r"[ \t]+(?:and|&)[ \t]+")
_SHORT_ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]{1,9}")


def _split_coordination(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Kyoto University and Tohoku University" in two, keep "Ministry of Economy, Trade
    and Industry" whole: split at "and"/"&" only when the left part ends in an organisation
    head or the right part is an acronym."""
    if text.find("and", start, end) < 0 and text.find("&", start, end) < 0:
        return [(start, end)]
    for m in _COORDINATION.finditer(text[start:end]):
        left = text[start : start + m.start()]
        right = text[start + m.end() : end]
        left_words = name_words(strip_marks(left))
        right_words = name_words(strip_marks(right))
        if not left_words or not right_words:
            continue
        left_head = left_words[-1].lower() in ORG_HEADS
        right_acronym = bool(_SHORT_ACRONYM.fullmatch(strip_marks(right)))
        right_named = org_head_type(right) is not None and len(right_words) >= 2
        if (left_head and (right_named or right_acronym)) or (
            right_acronym and org_head_type(left) is not None
        ):
            return [(start, start + m.start()), *_split_coordination(text, start + m.end(), end)]
    return [(start, end)]


def shape_names(text: str, start: int, end: int) -> list[Mention]:
    """Org-name shapes: capitalised chains that contain an organisation head or legal form."""
    found: list[Mention] = []
    eu_context: bool | None = None
    for m in CHAIN.finditer(text, start, end):
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
                    eu_context = bool(EU_IN_TEXT.search(text))
                if eu_context:
                    found.append(Mention(s, e, name, "eu_short", org_type))
                continue
            legal = record[5]
            before = text[max(start, s - 40) : s]
            if cue_before(before) and not legal and org_type not in {"ministry"}:
                continue
            if _POSSESSIVE_BEFORE.search(text[max(start, s - 3) : s]) and org_type in {
                "ministry",
                "agency",
                "organisation",
                "research_institute",
            }:
                continue  # "NEDO's Hydrogen Technology Department" is a unit of NEDO
            if org_type == "delegation" and name.startswith(("Embassy", "Consulate")):
                city = _MISSION_CITY.match(text, e, end)
                if city:  # "Embassy of Japan, Berlin": which embassy is part of its name
                    e, name = city.end(), name + text[e : city.end()]
            found.append(Mention(s, e, name, "shape", org_type))
    return found


_MISSION_CITY = re.compile(r",[ \t]+[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?(?=[ \t]*(?:$|[\n.;)]))", re.M)


# Longer capitalised chains are run-on text, not names; bounding them keeps the work per chain
# constant on adversarial lines (80,000 characters of "Kyoto University and ...").
MAX_NAME_CHARS = 200
EU_IN_TEXT = re.compile(r"\b(?:EU|European)\b")
_POSSESSIVE_BEFORE = re.compile(r"[’']s\s+$")
_TRAILING_ACRONYM = re.compile(r"\s([A-Z]{2,6})$")
_PLURAL_HEADS = {w + "s" for w in ORG_HEADS}

# A quick test that a chain cannot hold a name (most chains: "The", "Japan", "In September").
# Every name kept has a word whose lower-case pieces (split at hyphens) hold a piece of an
# organisation head, or ends in a legal form. Strip_marks deletes no more than "*", "_" and
# quotes, so such a piece, or " " + legal form, is also in the chain once all of those are
# deleted (and spaces collapsed): without one, `_chain_shapes` has nothing to return.
_SPACES = re.compile(r"\s+")
_DELETED_MARKS = str.maketrans("", "", '*_“”"‘')
_HEAD_PIECE = re.compile(
    trie_pattern(sorted({p for h in (*ORG_HEADS, *COMPOUND_HEADS) for p in re.split(r"[- ]", h)}))
)
_LEGAL_ENDING = re.compile("|".join(map(re.escape, LEGAL_ENDINGS)))


def _may_hold_name(chain: str) -> bool:
    # The marks but '"' are not ASCII; most chains hold none, and translate is slow.
    has_marks = "*" in chain or "_" in chain or '"' in chain or not chain.isascii()
    plain = chain.translate(_DELETED_MARKS) if has_marks else chain
    if _HEAD_PIECE.search(plain.lower()):
        return True
    # A legal form follows a space: a chain of one word holds none.
    return _SPACES.search(plain) is not None and bool(_LEGAL_ENDING.search(_SPACES.sub(" ", plain)))


@lru_cache(maxsize=MEMO_SIZE)
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
    if not _may_hold_name(chain):
        return ()
    span = trim_chain(chain, 0, len(chain))
    if span:
        spans += _split_coordination(chain, *span)
    for s, e in spans:
        name = strip_marks(chain[s:e])
        words = name_words(name)
        if not words:
            continue
        if len(words) >= 2 and name.upper() == name and not any(c.isdigit() for c in name):
            continue  # a shouted heading ("ROUND TABLE CALENDAR"), not a name
        located = _LOCATIVE_TAIL.search(chain, s, e)
        if located and located.start() > s:
            before_tail = strip_marks(chain[s : located.start()])
            legal_form = before_tail.endswith(LEGAL_ENDINGS)
            head_type = "company" if legal_form else org_head_type(before_tail)
            if head_type and head_type not in _NAMED_WITH_PLACE:
                e = located.start()  # "Kyushu University in Japan" is in Japan
                name = strip_marks(chain[s:e])
                words = name_words(name)
        trailing = _TRAILING_ACRONYM.search(name)
        if (
            trailing
            and org_head_type(name[: trailing.start()])
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
        legal = name.endswith(LEGAL_ENDINGS)
        org_type = "company" if legal else org_head_type(name)
        if org_type is None:
            continue
        head = head_word(name)
        if head in NON_ORG_HEADS and not legal:
            continue
        if name.lower().replace("-", " ") in COMPOUND_HEADS:
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
