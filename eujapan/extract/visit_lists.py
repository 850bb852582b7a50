"""Lists of visits by year under a "Visits" heading, as foreign-ministry country pages give them:

    VIP Visits
    From Japan to Spain
    Year Name
    2004 HIH The Crown Prince
    2007 Minister for Finance Omi
    Foreign Minister Aso

Every line is one visit: a line that begins with a year opens that year, a line without one is
another visit of the same year. The direction line ("From Japan to Spain") goes into the title.
"""

from __future__ import annotations

import re

from .model import MilestoneFact
from .text import Unit, clean

_HEADING = re.compile(r"^(?:[A-Z][\w-]*\s+){0,4}Visits?(?:\s+[\w-]+){0,3}$")
_DIRECTION = re.compile(r"^(?:From|To)\s+[A-Z][\w\s-]{1,40}$")
_HEADER = re.compile(r"^(?:Year|Date)\s+(?:Name|Visitor|Visitors|Person)s?$", re.I)
_ROW = re.compile(r"^(?P<year>(?:19|20)\d\d)\s+(?P<name>[A-Z].{2,80})$")
_NAME_ONLY = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){1,11}$")
MAX_ROWS = 500


def visit_list_milestones(text: str, units: list[Unit]) -> list[MilestoneFact]:
    """One `visit` milestone per line of every visits list in the text."""
    facts: list[MilestoneFact] = []
    i = 0
    while i < len(units):
        # A heading holds "Visit"; clean() only removes characters, so a unit without a "V"
        # needs no cleaning to be passed over (most units).
        if (
            units[i].kind != "sentence"
            or text.find("V", units[i].start, units[i].end) < 0
            or not _HEADING.match(clean(text[units[i].start : units[i].end]))
        ):
            i += 1
            continue
        i += 1
        direction = None
        year = None
        rows = 0
        while i < len(units) and rows < MAX_ROWS:
            unit = units[i]
            line = clean(text[unit.start : unit.end])
            if _DIRECTION.match(line) and year is None:
                direction = line[0].lower() + line[1:]
            elif _HEADER.match(line) and year is None:
                pass
            elif row := _ROW.match(line):
                year = int(row["year"])
                facts.append(_visit(text, unit, year, row["name"], direction))
                rows += 1
            elif year is not None and _NAME_ONLY.match(line) and not any(c.isdigit() for c in line):
                facts.append(_visit(text, unit, year, line, direction))
                rows += 1
            else:
                break
            i += 1
    return facts


def _visit(text: str, unit: Unit, year: int, name: str, direction: str | None) -> MilestoneFact:
    title = f"Visit of {name.strip()}" + (f", {direction}" if direction else "")
    return MilestoneFact(
        year=year,
        month=None,
        day=None,
        org_key=None,
        kind="visit",
        title=title,
        description=clean(text[unit.start : unit.end]),
        char_start=unit.start,
        char_end=unit.end,
        quote=text[unit.start : unit.end],
    )
