"""Date expressions: `1 February 2019`, `July 3, 2023`, `27.4.2018`, `2019-04-27`, `May 2020`, `1987`."""

from __future__ import annotations

import calendar
import itertools
import re
import threading
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from .lexicon import MONTHS
from .scan import matches_at, register_stems, short_text_stem_starts, stem_starts

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# Years 1500-2099: EU-Japan relations go back to the 16th century ("arrived in Japan in 1549").
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    re.compile(r"(?<![\d.])(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:1[89]|20)\d\d)(?!\d)"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s*,?\s+(?:of\s+)?{_YEAR}\b", re.IGNORECASE),
    # a bare year; not a fiscal year ("FY2023") nor the start of a season ("2024–25")
    re.compile(r"(?<![\w.,/€$¥£–-])(?P<year>(?:1[5-9]|20)\d\d)(?![\d]|[.,]\d|\s*%|-?\s*(?:year|day)|[–/-]\d\d\b|['’]?s\b)"),
]  # fmt: skip


_DIGIT = re.compile(r"\d")
# `\d\d*`, not `\d+`: a pattern must begin with a character class (not a repeat of one) for
# the engine to skip to the digits instead of trying every position.
_DIGIT_RUN = re.compile(r"\d\d*")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
register_stems(_MONTH_STEMS)
# Where each pattern can start: at the start of a run of digits, or at a month name.
_STARTS_WITH_MONTH = (False, False, False, True, True, False)
_YEARLESS_STARTS_WITH_MONTH = (False, True)
# `(?:1[5-9]|20)\d\d`: how a year begins.
_YEAR_STARTS = ("15", "16", "17", "18", "19", "20")
# Before 1800 a bare number is more often a count than a year: "1600 students". Such a year
# counts only after a word that introduces a year ("in 1549", "since 1609").
_OLD_YEAR_CUE = re.compile(r"\b(?:in|In|since|Since|from|From|until|by|of|around|circa|c\.)\s+$")
# Patterns with a month name (`_MONTH`) in them.
_NEEDS_MONTH = (False, False, True, True, True, False)


class _StartIndex:
    """Where a date can start in one text, found once and reused by every call on that text.

    Every pattern begins either with digits that no digit precedes (its lookbehind or `\\b`
    says so) or with a month name at a word start. Trying each pattern only there, in text
    order and skipping past each match, finds exactly what `finditer` finds, without the
    engine trying every position (the month-name patterns ran at ~5 MB/s that way).
    """

    def __init__(self, text: str, remember: bool = True):
        self.digits = [m.start() for m in _DIGIT_RUN.finditer(text)]
        # Month names where a word begins ("decision" holds none), in any letter case.
        if remember:
            index = stem_starts(text)
            self.months = sorted(p for stem in _MONTH_STEMS for p in index[stem])
        else:
            self.months = short_text_stem_starts(text, _MONTH_STEMS)

    def has_month(self, start: int, end: int) -> bool:
        """False only when no month name can begin in text[start:end]."""
        i = bisect_left(self.months, start)
        return i < len(self.months) and self.months[i] < end

    def finditer(
        self, pattern: re.Pattern[str], text: str, start: int, end: int, month_first: bool
    ) -> Iterator[re.Match[str]]:
        starts = self.months if month_first else self.digits
        yield from matches_at(
            pattern, text, itertools.islice(starts, bisect_left(starts, start), None), start, end
        )


def date_starts(text: str) -> list[int]:
    """Every position where a date phrase can begin in a short text (a sentence): the starts of
    its digit runs and of its month names, as `_StartIndex` finds them. Not kept: a title's
    sentence is read once."""
    index = _StartIndex(text, remember=False)
    return sorted({*index.digits, *index.months})


_local = threading.local()


_KEPT = 4  # a document and the short strings read while reading it (a title's sentence)


def _index(text: str) -> _StartIndex:
    """The start index of a text, kept for the last few texts asked about (per thread): reading
    a sentence's title between two look-ups in its document must not rebuild the document's."""
    entries: list[tuple[str, _StartIndex]] | None = getattr(_local, "entries", None)
    if entries is None:
        entries = _local.entries = []
    for kept, index in entries:
        if kept is text:
            return index
    index = _StartIndex(text)
    entries.insert(0, (text, index))
    del entries[_KEPT:]
    return index


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        return 1 + (self.month is not None) + (self.day is not None)


def _month_value(raw: str) -> int | None:
    if raw.isdigit():
        value = int(raw)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(raw.lower().rstrip("."))


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Non-overlapping dates in text[start:end], most precise pattern first, in text order."""
    end = len(text) if end is None else end
    index = _index(text)
    digits = index.digits
    lo, hi = bisect_left(digits, start), bisect_left(digits, end)
    if lo >= hi:
        # Every date has a run of digits that begins inside the range (after a space, a mark
        # or a lookbehind that no digit may precede): none begins here, so there is no date.
        return []
    has_month = index.has_month(start, end)
    # Where each pattern can begin, narrowed by what its first characters must be: a year
    # starts with "18", "19" or "20" and an ISO date has "-" after it; "27.4.2018" has "." or
    # "/" after its day. Fewer calls into the engine; the same matches.
    numbers = digits[lo:hi]
    years = [p for p in numbers if text[p : p + 2] in _YEAR_STARTS]
    dotted = [p for p in numbers if "." in text[p + 1 : p + 3] or "/" in text[p + 1 : p + 3]]
    if not (has_month or years or dotted):
        return []  # only the month-name patterns could begin at these numbers
    iso = [p for p in years if text[p + 4 : p + 5] == "-"]
    found: list[DateMention] = []
    taken = bytearray(end - start)  # positions already inside a more precise date
    months: list[int] = []
    if has_month:
        months = index.months[bisect_left(index.months, start) : bisect_left(index.months, end)]
    candidates = (iso, dotted, numbers, months, months, years)
    for pattern, starts, needs_month in zip(_PATTERNS, candidates, _NEEDS_MONTH, strict=True):
        if (needs_month and not has_month) or not starts:
            continue  # no month name, or no place to begin, in the range: no match
        for m in matches_at(pattern, text, starts, start, end):
            if taken.find(1, m.start() - start, m.end() - start) >= 0:
                continue
            groups = m.groupdict()
            month = _month_value(groups["month"]) if groups.get("month") else None
            if groups.get("month") and month is None:
                continue
            day = int(groups["day"]) if groups.get("day") else None
            year = int(groups["year"])
            if (
                year < 1800
                and month is None
                and not _OLD_YEAR_CUE.search(text, max(0, m.start() - 8), m.start())
            ):
                continue
            if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
                continue  # "30 February 2020" is no date
            found.append(DateMention(m.start(), m.end(), year, month, day))
            taken[m.start() - start : m.end() - start] = b"\x01" * (m.end() - m.start())
    return sorted(found, key=lambda d: d.start)


_YEARLESS = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*\d)", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d|\w)", re.IGNORECASE),
]


def find_yearless_dates(text: str, start: int, end: int, year: int) -> list[DateMention]:
    """ "on 15 May" in a text whose dateline gives the year: dated with that year."""
    found = []
    if not _DIGIT.search(text, start, end):
        return found
    index = _index(text)
    if not index.has_month(start, end):
        return found  # both patterns need a month name
    for pattern, month_first in zip(_YEARLESS, _YEARLESS_STARTS_WITH_MONTH, strict=True):
        for m in index.finditer(pattern, text, start, end, month_first):
            month = _month_value(m.group("month"))
            day = int(m.group("day"))
            if month and day > calendar.monthrange(year, month)[1]:
                continue
            # "may" is also a verb: only a capitalised month name counts without a year
            if month and 1 <= day <= 31 and m.group("month")[0].isupper():
                found.append(DateMention(m.start(), m.end(), year, month, day))
    return sorted(found, key=lambda d: d.start)
