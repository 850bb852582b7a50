"""Date expressions: `1 February 2019`, `July 3, 2023`, `27.4.2018`, `2019-04-27`, `May 2020`, `1987`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MONTHS

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    re.compile(r"(?<![\d.])(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:1[89]|20)\d\d)(?!\d)"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s*,?\s+(?:of\s+)?{_YEAR}\b", re.IGNORECASE),
    # a bare year; not a fiscal year ("FY2023") nor the start of a season ("2024–25")
    re.compile(r"(?<![\w.,/€$¥£–-])(?P<year>(?:1[89]|20)\d\d)(?![\d]|[.,]\d|\s*%|-?\s*(?:year|day)|[–/-]\d\d\b)"),
]  # fmt: skip


_DIGIT = re.compile(r"\d")


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
    if not _DIGIT.search(text, start, end):
        return []  # every date pattern needs a digit
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            month = _month_value(groups["month"]) if groups.get("month") else None
            if groups.get("month") and month is None:
                continue
            day = int(groups["day"]) if groups.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            found.append(DateMention(m.start(), m.end(), int(groups["year"]), month, day))
            taken.append((m.start(), m.end()))
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
    for pattern in _YEARLESS:
        for m in pattern.finditer(text, start, end):
            month = _month_value(m.group("month"))
            day = int(m.group("day"))
            # "may" is also a verb: only a capitalised month name counts without a year
            if month and 1 <= day <= 31 and m.group("month")[0].isupper():
                found.append(DateMention(m.start(), m.end(), year, month, day))
    return sorted(found, key=lambda d: d.start)
