"""Quantity phrases: a number with its qualifier and the plural noun it counts.

`1,500 executives`, `2 700 participants`, `ca 20,000 recipients`, `over 100 agreements`,
`800 to 1,000 applicants`, `about 40`. Durations, money, percentages, ordinals, years, dates,
list numbers and names with digits are refused here, not later.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import IRREGULAR_PLURALS, NON_OUTPUT_UNITS
from .scan import register_stems, stem_starts

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_UNIT_GAP = re.compile(r"[ \t\u00a0*“”\"]*")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w&’'./-]*)")
_WHITESPACE = re.compile(r"\s+")

_NUM = r"\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?!\d)|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?P<scale>million|billion|thousand|mn|bn)\b)?"
_BEFORE = (
    r"(?P<qual>more\s+than|over|at\s+least|in\s+excess\s+of|upwards\s+of|some|about|around|"
    r"approximately|approx\.?|ca\.?|circa|c\.|nearly|almost|roughly|close\s+to|an\s+estimated|"
    r"estimated|up\s+to|fewer\s+than|less\s+than|under|at\s+most|no\s+more\s+than|~|>|<|≈)"
)
# The leading lookahead only states which characters a match can start with (a digit, a
# qualifier's first letter or symbol, "from"/"between"); the engine then skips most positions
# at once instead of trying the qualifier alternation everywhere (twice as fast, same matches).
QUANTITY = re.compile(
    r"(?=[\d~<>≈]|from|between|\b[moaiusncerfl])"
    rf"(?:\b{_BEFORE}\s*)?(?:(?P<between>between|from)\s+)?"
    rf"(?<![\w.,/#€$¥£+-])(?P<num>{_NUM}){_SCALE}(?P<plus>\+)?"
    rf"(?:\s*(?:to|-|–|—|and)\s*(?P<num2>{_NUM}){_SCALE.replace('scale', 'scale2')})?"
    r"(?![\w%])",
    re.IGNORECASE,
)
_QUALIFIERS = {
    "more than": "at_least", "over": "at_least", "at least": "at_least",
    "in excess of": "at_least", "upwards of": "at_least", "some": "approx", "about": "approx",
    "around": "approx", "approximately": "approx", "approx": "approx", "approx.": "approx",
    "ca": "approx", "ca.": "approx", "circa": "approx", "c.": "approx", "nearly": "approx",
    "almost": "approx", "roughly": "approx", "close to": "approx", "an estimated": "approx",
    "estimated": "approx", "~": "approx", "≈": "approx", ">": "at_least", "up to": "at_most",
    "fewer than": "at_most", "less than": "at_most", "under": "at_most", "at most": "at_most",
    "no more than": "at_most", "<": "at_most",
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}
_CURRENCY_BEFORE = re.compile(r"(?:[€$¥£]|\b(?:EUR|USD|JPY|GBP|euros?|yen|US\$))\s*$", re.I)
_DURATION_AFTER = re.compile(
    r"^\s*-?\s*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centur(?:y|ies)|"
    r"year-old|fold|times|per\s?cent|percent|%|st\b|nd\b|rd\b|th\b|euros?|yen|dollars?|"
    r"EUR|USD|JPY)",
)
_ORDINAL_OR_NAME_BEFORE = re.compile(r"(?:\b(?:No|Nr|Art|Article|Section|Step|Phase|Round))\.?\s*$")
_TOKEN = re.compile(r"[A-Za-z][\w&’'./-]*")
_STOP = {
    "in", "of", "for", "from", "to", "with", "on", "at", "by", "per", "across", "through",
    "during", "each", "who", "which", "that", "out", "among", "between", "since", "into",
    "over", "under", "than", "as", "were", "was", "are", "is", "have", "has", "had", "will",
    "would", "can", "could", "the", "a", "an", "this", "these", "their", "its", "our",
    "whose", "where", "when", "while", "via", "like", "such",
}  # fmt: skip


_DIGIT = re.compile(r"\d")
_SEPARATORS = re.compile(r"[,\u00a0\u202f ]")
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)\d\d")
_PREV_WORD = re.compile(r"([A-Za-z][\w.-]*)\s?$")
_LIST_MARK_AFTER = re.compile(r"[.)]\s")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Quantity:
    start: int  # start of the phrase (qualifier included)
    end: int  # end of the unit noun, or of the number when no unit follows
    num_start: int
    quantity: float
    quantity_max: float | None
    qualifier: str
    unit: str | None
    unit_start: int | None = None
    spelled: bool = False  # "four joint calls": a number word, trusted only for output nouns


# Above a trillion a "count" is an identifier or noise (float precision also ends near here).
MAX_QUANTITY = 1e12


def parse_number(raw: str, scale: str | None = None) -> float:
    """`1,500` → 1500, `2 700` → 2700, `1.5` + million → 1500000."""
    digits = _SEPARATORS.sub("", raw)
    value = float(digits)
    if scale:
        value *= _SCALES[scale.lower()]
    return value


@lru_cache(maxsize=8192)  # a pure test of one word, asked for every word after every count
def is_plural_noun(token: str) -> bool:
    """A plural noun ("agreements", "start-ups", "people"), the unit a count can be of."""
    low = token.lower().strip(".’'")
    if low in IRREGULAR_PLURALS:
        return True
    if "/" in low:
        return any(is_plural_noun(part) for part in low.split("/"))
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is", "ics", "ous", "'s", "’s"))
        and low[0].isalpha()
    ) or (token[:-1].isupper() and token.endswith("s") and len(token) > 2)


def find_unit(text: str, pos: int, end: int) -> tuple[str, int, int] | None:
    """The plural noun counted by a number ending at `pos`: (unit, start, end) or None.

    Modifiers may stand between ("EU and Japanese engineering students"); the scan stops at a
    preposition, a verb in -ing, punctuation, or another number.
    """
    cursor = pos
    for _ in range(7):
        # Matched in place, not on a slice: a slice to `end` copies the rest of a long line
        # for every number (quadratic); neither pattern has an anchor, so the match is the same.
        gap = _UNIT_GAP.match(text, cursor, end)
        cursor = gap.end() if gap else cursor
        match = _TOKEN.match(text, cursor, end)
        if not match:
            return None
        word = match.group(0).rstrip(".")
        low = word.lower()
        if low in _STOP and low not in {"and"}:
            return None
        if is_plural_noun(word) and low not in {"business", "news", "series"}:
            return word, match.start(), match.start() + len(word)
        if low.endswith("ing") and len(low) > 5:
            # A gerund before a plural noun modifies it ("matchmaking workshops"); otherwise it
            # is a verb and ends the phrase ("1,500 executives participating in ...").
            following = _NEXT_WORD.match(text, match.end(), end)
            if not following or not is_plural_noun(following.group(1).rstrip(".")):
                return None
        cursor = match.start() + len(word)
        if cursor < end and text[cursor] in ",;:()[]":
            return None
    return None


WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_WORD_QUANTITY = re.compile(
    rf"(?:\b{_BEFORE}\s+)?\b(?P<word>{'|'.join(WORD_NUMBERS)})\b(?!-)", re.IGNORECASE
)


_local = threading.local()

# The number words looked for by _number_word_spans: those that begin with another one
# ("fourteen", "four") are left out. Where such a word is written, the shorter one is too, at
# the same start and inside it, so both users below get the same answers (a number word that
# fits in a range, the starts of number words) with fewer scans of the text.
_SCANNED_NUMBER_WORDS = tuple(
    w for w in WORD_NUMBERS if not any(w != v and w.startswith(v) for v in WORD_NUMBERS)
)
register_stems(_SCANNED_NUMBER_WORDS)


def _number_word_spans(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) of every number word in the text (of _SCANNED_NUMBER_WORDS) that
    begins a word (as `\\b` before it in `_WORD_QUANTITY` requires), in any letter case as
    IGNORECASE matches it (scan.stem_starts). Made once per text (kept for the text last asked
    about, per thread), not once per unit."""
    cached = getattr(_local, "spans", None)
    if cached is not None and cached[0] is text:
        return cached[1]
    index = stem_starts(text)
    spans = sorted((p, p + len(word)) for word in _SCANNED_NUMBER_WORDS for p in index[word])
    _local.spans = (text, spans)
    return spans


def _may_hold_number_word(text: str, start: int, end: int) -> bool:
    """False only when `_WORD_QUANTITY` cannot match: no number word that begins a word and
    ends inside text[start:end], in any letter case."""
    spans = _number_word_spans(text)
    for i in range(bisect_left(spans, (start, start)), len(spans)):
        s, e = spans[i]
        if s >= end:
            break
        if e <= end:
            return True
    return False


def _word_quantity_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_WORD_QUANTITY.finditer(text, start, end)`, searched from the qualifier words before each
    number word (as `_quantity_matches` does for digits)."""
    spans = _number_word_spans(text)
    words = (spans[i][0] for i in range(bisect_left(spans, (start, start)), len(spans)))
    yield from _matches_from_anchors(_WORD_QUANTITY, text, words, start, end)


def find_spelled_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """Counts written as words ("four matchmaking workshops"); durations are refused."""
    found = []
    if not _may_hold_number_word(text, start, end):
        return found
    for m in _word_quantity_matches(text, start, end):
        # IGNORECASE lets "ſix" (long s) and "SİX" (dotted capital I) match a number word that
        # str.lower() does not give back; such spellings are no count we can read.
        number = WORD_NUMBERS.get(m.group("word").lower())
        if number is None:
            continue
        after = text[m.end() : min(end, m.end() + 16)]
        if _DURATION_AFTER.match(after):
            continue
        unit = find_unit(text, m.end(), end)
        if not unit or unit[0].lower() in NON_OUTPUT_UNITS:
            continue
        qualifier = _QUALIFIERS.get(_WHITESPACE.sub(" ", (m.group("qual") or "").lower()), "exact")
        found.append(
            Quantity(
                start=m.start(),
                end=unit[2],
                num_start=m.start("word"),
                quantity=float(number),
                quantity_max=None,
                qualifier=qualifier,
                unit=unit[0],
                unit_start=unit[1],
                spelled=True,
            )
        )
    return found


# Where QUANTITY's number can begin (its own lookbehind, then a digit). The digit comes first
# and the look back covers the character before it, so that the engine skips to digits.
_NUM_START = re.compile(r"\d(?<![\w.,/#€$¥£+-]\d)")
# What may stand between a match's start and its number: the qualifier and "between"/"from"
# (letters, "approx.", "~", "<", ">", "≈"), at most four words, and spaces.
_PHRASE_MARKS = ".~<>≈"


# _phrase_floor's walk as one forward match over the reversed text: up to four runs of letters
# or marks, each after optional spaces (possessive: runs are taken whole, as the walk does).
_REVERSED_PHRASE = re.compile(r"(?:\s*+(?:[^\W\d_]|[.~<>≈])++){0,4}")


def _reversed(text: str) -> str:
    """The text reversed, made once per text (kept for the text last asked about, per thread)."""
    cached = getattr(_local, "reversed", None)
    if cached is not None and cached[0] is text:
        return cached[1]
    backwards = text[::-1]
    _local.reversed = (text, backwards)
    return backwards


def _phrase_floor(text: str, num: int, floor: int) -> int:
    """No QUANTITY match whose number begins at `num` starts before the returned position.

    Walking back from the number over at most four words of letters and marks, and the spaces
    between them, reaches the start of any qualifier and "between"/"from" before it. (Letters
    here are `[^\\W\\d_]`, a few more characters than str.isalpha: they only move the bound
    further back, which keeps it a bound.)
    """
    n = len(text)
    m = _REVERSED_PHRASE.match(_reversed(text), n - num, n - floor)
    return n - m.end()  # the pattern can match the empty string: there is always a match


def _quantity_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`QUANTITY.finditer(text, start, end)`, without scanning the text between numbers.

    Every match holds a number, and at most a few qualifier words stand before it, so no match
    begins between the end of one match and the qualifier words before the next number: the
    search resumes there. Found this way, the matches are exactly those of `finditer`.
    """
    numbers = (number.start() for number in _NUM_START.finditer(text, start, end))
    yield from _matches_from_anchors(QUANTITY, text, numbers, start, end)


def _matches_from_anchors(
    pattern: re.Pattern[str], text: str, anchors: Iterator[int], start: int, end: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, start, end)` for a pattern whose every match holds one of the
    ascending `anchors` (a number, a number word) with at most the qualifier words of
    `_phrase_floor` before it: each search starts at the floor of the next anchor not yet passed."""
    resume = start
    for anchor in anchors:
        if anchor >= end:
            return
        if anchor < resume:
            continue
        m = pattern.search(text, _phrase_floor(text, anchor, resume), end)
        if m is None:
            return
        yield m
        resume = m.end()


def _ends_with(pattern: re.Pattern[str], window: str, longest: int) -> bool:
    """`pattern.search(window)` for a pattern that is a word of at most `longest` characters
    followed by spaces to the end (`\\s*$`): such a match begins within `longest` characters of
    the last non-space, so the search starts there (a `\\b` still sees the character before)."""
    return pattern.search(window, max(0, len(window.rstrip()) - longest)) is not None


def _at_line_start(text: str, pos: int) -> bool:
    """Only white space between the start of the line and `pos`. Walks back over that white
    space alone (stopping at the first other character), not to the line start: on a long line
    of numbers a search back to the newline for every number made extraction quadratic."""
    i = pos
    while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """Counted quantities in text[start:end] that are not durations, money, years or names."""
    found: list[Quantity] = []
    # Most units hold neither a digit nor a number word: nothing to look for.
    if not _DIGIT.search(text, start, end):
        return find_spelled_quantities(text, start, end)
    for m in _quantity_matches(text, start, end):
        num_start = m.start("num")
        raw = m.group("num")
        # Every refusal below is a plain test without side effects, so the cheap ones go first:
        # most numbers in a text are years and are refused right here.
        plain = _SEPARATORS.sub("", raw)
        if _YEAR_DIGITS.fullmatch(plain) and not m.group("num2"):
            continue  # a year
        if "." in raw and not m.group("scale"):
            continue  # decimals are measures or version numbers, not counts
        before = text[max(start, num_start - 24) : num_start]
        after = text[m.end() : min(end, m.end() + 16)]
        if _ends_with(_CURRENCY_BEFORE, text[max(start, m.start() - 6) : m.start()], 5) or (
            _ends_with(_CURRENCY_BEFORE, before, 5)
        ):
            continue
        if _DURATION_AFTER.match(after) or _ends_with(_ORDINAL_OR_NAME_BEFORE, before, 8):
            continue
        # Glued to a capitalised word ("Horizon 2020", "Expo 1958", "Society 5.0"): a name.
        prev = _PREV_WORD.search(text[max(start, num_start - 30) : num_start])
        if prev and prev.group(1)[0].isupper() and not m.group("qual"):
            prev_word = prev.group(1)
            if prev_word.lower() not in {"launch", "over", "some", "about", "around"}:
                continue
        if _LIST_MARK_AFTER.match(after) and _at_line_start(text, num_start):
            continue  # a list number
        quantity = parse_number(raw, m.group("scale"))
        if not 0 < quantity <= MAX_QUANTITY:
            continue  # "0 meetings" counts nothing; a 400-digit number is no count either
        qualifier = _QUALIFIERS.get(_SPACES.sub(" ", (m.group("qual") or "").lower()), "exact")
        if m.group("plus"):
            qualifier = "at_least"
        quantity_max = None
        phrase_end = m.end()
        if m.group("num2"):
            second = parse_number(m.group("num2"), m.group("scale2") or m.group("scale"))
            joiner = text[m.end("num") : m.start("num2")].strip().lower()
            if joiner == "and" and not m.group("between"):
                phrase_end = m.end("num")  # "30 X and 40 Y" is two counts, handled separately
            elif second > quantity:
                quantity_max, qualifier = second, "range"
            else:
                phrase_end = m.end("num")
        unit = find_unit(text, phrase_end, end)
        if unit and unit[0].lower() in NON_OUTPUT_UNITS:
            continue
        found.append(
            Quantity(
                start=m.start() if m.group("qual") or m.group("between") else num_start,
                end=unit[2] if unit else phrase_end,
                num_start=num_start,
                quantity=quantity,
                quantity_max=quantity_max,
                qualifier=qualifier,
                unit=unit[0] if unit else None,
                unit_start=unit[1] if unit else None,
            )
        )
    taken = [(q.start, q.end) for q in found]
    found += [
        q
        for q in find_spelled_quantities(text, start, end)
        if not any(q.start < e and s < q.end for s, e in taken)
    ]
    return sorted(found, key=lambda q: q.start)
