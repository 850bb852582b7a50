"""The dates of events: the page's own date (its dateline), dates relative to it ("this May",
"three years ago"), which dates in a sentence date an event (not a programme's name or a period),
and how a sentence with the dates of several events splits into clauses.
"""

from __future__ import annotations

import calendar
import itertools
import re

from .dates import DateMention, find_dates, find_yearless_dates
from .lexicon import MONTH_NAMES, MONTHS, NAME_STOPWORDS
from .text import Unit

_BYLINE_PAREN = re.compile(r"^\([^)]{0,40}\)\s*")
_CAPITAL_WORD_BEFORE = re.compile(r"([A-Z][\w-]*)\s$")
_PERIOD_AFTER = re.compile(r"\s*[–—-]\s*(?:1[89]|20)\d\d")
_PERIOD_BEFORE = re.compile(r"(?:1[89]|20)\d\d\s*[–—-]\s*$")
# A year glued to a name dates the event only when the name is an event's ("Expo 1958"),
# not a programme's ("Horizon 2020").
_EVENT_NAME = re.compile(
    r"^(?:expo|forum|summit|conference|fair|week|games|olympics|festival|congress|days?|"
    r"exhibition|show|cup|biennale|symposium|edition)$",
    re.I,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:on|in|of|from|by|until|since|at|to|before|after|dated)\s*[,(]?\s*$", re.I
)
_DATELINE = re.compile(r"^\s*(?:[A-Z][\w .'’()/-]{1,40},\s*)?$")
TODAY = re.compile(r"\b(?:today|yesterday|this\s+(?:morning|afternoon|week))\b", re.I)
RELATIVE_YEAR = re.compile(
    r"\b(last|next|previous|past|this)\s+year(?:['’]s)?\b"
    r"|\b(?P<ago>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\s+ago\b"
    r"|\bthis\s+(?P<month>january|february|march|april|may|june|july|august|september|"
    r"october|november|december)\b",
    re.I,
)
_SMALL_NUMBERS = {
    w: n
    for n, w in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1
    )
}


def dateline(text: str, units: list[Unit]) -> DateMention | None:
    """The date a news item or press release is issued: "Tokyo, July 3, 2023 —" near the top."""
    for i, unit in enumerate(units[:6]):
        line_end = text.find("\n", unit.start, unit.end)
        line_end = unit.end if line_end < 0 else line_end
        for date in find_dates(text, unit.start, min(line_end, unit.start + 80))[:1]:
            before = text[unit.start : date.start]
            after = text[date.end : line_end].strip()
            after = _BYLINE_PAREN.sub("", after)  # "(Reuters) –"
            if date.month and _DATELINE.match(before) and (not after or after[0] in "—–-:|"):
                return date
        if unit is units[0] and line_end - unit.start < 200:
            # A title line that ends with its date: "Joint Press Conference ... June 22, 2004";
            # "... enters into force on 1 February 2019" is the event's date, not the page's.
            last = find_dates(text, unit.start, line_end)[-1:]
            if (
                last
                and last[0].month
                and not text[last[0].end : line_end].strip(" .)")
                and not _PREPOSITION_BEFORE.search(text, unit.start, last[0].start)
            ):
                return last[0]
        if (
            i < _GLUED_LINES
            and line_end - unit.start < 200
            and _any_month(text, unit.start, line_end)
            and (glued := _GLUED_DATE.search(text, unit.start, line_end))
            and (page_date := _glued(glued)) is not None
        ):
            # Scraped page metadata run into its labels: "News article7 October 2022Directorate-
            # General for Trade", "... Summit MeetingJune 22, 2004". Word-bounded dates miss it.
            return page_date
    return None


_MONTHS = "|".join(MONTH_NAMES)
_GLUED_LINES = 2  # scraped metadata stands on a page's first lines
_YEAR = r"(?:1[89]|20)\d\d"
_GLUED_DATE = re.compile(
    rf"(?<=[a-z])(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTHS})\s+(?P<year>{_YEAR})"
    rf"|(?P<month2>{_MONTHS})\s+(?P<day2>\d{{1,2}}),\s+(?P<year2>{_YEAR}))(?!\d)"
)


def _any_month(text: str, start: int, end: int) -> bool:
    return any(text.find(month, start, end) >= 0 for month in MONTH_NAMES)


def _glued(m: re.Match[str]) -> DateMention | None:
    """The date a glued match gives; None for a day the month does not have."""
    year, month = int(m["year"] or m["year2"]), MONTHS[(m["month"] or m["month2"]).lower()]
    day = int(m["day"] or m["day2"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return DateMention(m.start(), m.end(), year, month, day)


def relative_date(relative: re.Match[str] | None, doc_date: DateMention) -> DateMention:
    """The date a relative phrase gives against the text's dateline ("this May", "three
    years ago", "last year"); the dateline's month when the sentence says "today"."""
    if relative is None:
        return DateMention(0, 0, doc_date.year, doc_date.month)
    if relative["month"]:
        return DateMention(0, 0, doc_date.year, MONTHS[relative["month"].lower()])
    if relative["ago"]:
        word = relative["ago"].lower()
        return DateMention(
            0, 0, doc_date.year - _SMALL_NUMBERS.get(word, int(word) if word.isdigit() else 0)
        )
    step = {"next": 1, "this": 0}.get(relative.group(1).lower(), -1)
    return DateMention(0, 0, doc_date.year + step)


def usable_dates(
    text: str, start: int, end: int, doc_date: DateMention | None
) -> list[DateMention]:
    """Dates in text[start:end] that date an event (programme names and periods are not)."""
    dates = []
    found = find_dates(text, start, end)
    # A bare year of its own ("Fair Japan 2021 ... 29 October") leaves "29 October" undated; a
    # full date of another event ("signed on 27.4.2018") does not.
    years_named = (
        any(d.year != doc_date.year and d.month is None for d in found) if doc_date else False
    )
    for d in found:
        if d.month is None:
            prev = _CAPITAL_WORD_BEFORE.search(text[max(start, d.start - 30) : d.start])
            if (
                prev
                and prev.group(1).lower() not in NAME_STOPWORDS
                and not _EVENT_NAME.match(prev.group(1))
            ):
                continue
            if _PERIOD_AFTER.match(text[d.end : d.end + 8]) or _PERIOD_BEFORE.search(
                text[max(start, d.start - 8) : d.start]
            ):
                continue  # "2014–2020" is a period
        dates.append(d)
    if doc_date is not None and not years_named:
        # The dateline's year dates "on 15 May" only where the unit names no year of its own.
        taken = [(d.start, d.end) for d in dates]
        for d in find_yearless_dates(text, start, end, doc_date.year):
            if not any(d.start < e and s < d.end for s, e in taken):
                dates.append(d)
    return sorted(dates, key=lambda d: d.start)


_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:and|but|while|whereas|then)\b)|,\s+(?=[a-z]+\s+(?:in|on)\s+\d)"
)


def clauses(
    text: str, start: int, end: int, dates: list[DateMention]
) -> list[tuple[int, int, list[DateMention]]]:
    """Split a sentence with dates of several events into clauses, each with its dates.

    "In 2004 we established X, and in September 2016 we founded Y" is two clauses; a sentence
    whose dates all fit one event stays whole.
    """
    # "the same month" is rare: one find before the pattern.
    has_same = text.find("same", start, end) >= 0
    same = [m.start() for m in _SAME_DATE.finditer(text, start, end)] if has_same else []
    if compatible(dates) and not same:
        return [(start, end, dates)]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)]
    cuts = [start, *sorted(set(breaks + same) - {start, end}), end]
    clauses: list[tuple[int, int, list[DateMention]]] = []
    for lo, hi in itertools.pairwise(cuts):
        inside = [d for d in dates if lo <= d.start < hi]
        if not inside and clauses and _SAME_DATE.search(text, lo, hi):
            # "..., and in the same month the Centre set up a Helpdesk": the date before.
            inside = clauses[-1][2]
        if inside:
            while hi > lo and text[hi - 1] in " ,;":
                hi -= 1
            clauses.append((lo, hi, inside))
    return clauses


_SAME_DATE = re.compile(
    r"\b(?:in|on|during)\s+the\s+same\s+(?:day|month|year|date|week)\b|\bat\s+the\s+same\s+time\b",
    re.I,
)


def compatible(dates: list[DateMention]) -> bool:
    """True when all dates can be one date (same year; months and days agree where given)."""
    if len({d.year for d in dates}) > 1:
        return False
    months = {d.month for d in dates if d.month}
    days = {d.day for d in dates if d.day}
    return len(months) <= 1 and len(days) <= 1


def far_event_year(text: str, anchor: int, date: DateMention) -> bool:
    """A year read off an event name ("Expo 2025") dates only a trigger right next to it."""
    if date.month is not None:
        return False
    before = text[max(0, date.start - 20) : date.start].split()
    return bool(before) and bool(_EVENT_NAME.match(before[-1])) and abs(anchor - date.start) > 60
