"""Splitting a text into units (sentences, list items, table-cell items) with exact offsets.

Offsets are code points in the decoded text. A unit also carries the context a reader uses:
the heading it sits under, a year from its table row or list marker, its table header.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .dates import DateMention, find_dates

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_NON_LETTERS = re.compile(r"[\W\d_]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$|^\s*(={1,6})\s*(.+?)\s*\3\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[*+•·‣-]|\d{1,3}[.)])\s+")
_BULLETS = "*+•·‣-"
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Items inside one table cell: " * " bullets, "<br>" breaks, "•" or "; " separators. What
# `(?:^|\s)[*•·]\s+|<br\s*/?>|\s-\s(?=[A-Z*“\"])` cuts at: a bullet that opens the cell, then
# the cuts after a space or at "<", written to begin with that character class so that the
# engine skips to it.
_CELL_OPENING_BULLET = re.compile(r"[*•·]\s+")
_CELL_ITEM_CUT = re.compile(r"[\s<](?:(?<=\s)[*•·]\s+|(?<=<)br\s*/?>|(?<=\s)-\s(?=[A-Z*“\"]))")
# Whole words only ("Africa." does not end in "ca."). A lone capital is an initial ("J. Smith",
# "H.E."); "a.m." and "p.m." are times.
_ABBREVIATIONS = (
    r"(?<![A-Za-z])(?:[A-Z]|Co|Ltd|Inc|Corp|St|Dr|Mr|Mrs|Ms|Prof|No|Nos|Vol|ca|approx|e\.g|i\.e|etc|"
    r"vs|cf|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|S\.A|N\.V|B\.V|K\.K|U\.S|"
    r"U\.K|E\.U|Art|para|Fig|pp|Gen|Sen|Rep|Hon|Jr|Sr|Mt|Ave|[ap]\.m)"
)
# Where a sentence ends: after the end mark, closing quotes and spaces before a capital. The
# match includes the end mark itself (one character before the cut) so that the pattern begins
# with a character class the engine can skip to; no match can cover another's end mark.
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u3000-\u9fff])")
_ABBREV_BEFORE = re.compile(_ABBREVIATIONS + r"\.$")
_MARKDOWN = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`|^#+\s*|^=+\s*|\s*=+$")
# The same without the alternatives that need a "=": for texts without one it removes the same
# marks, and it need not try `\s*=+$` at every space.
_MARKDOWN_NO_EQUALS = re.compile(
    r"(?=[*_`#])(?:\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|`|^#+\s*)"
)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
# Wikipedia's footnote marks: "[1]", "[12]", "[citation needed]".
_CITATION = re.compile(r"\[(?:\d{1,3}|[a-z]|citation needed|note \d+)\](?!\()")
_YEAR_ONLY = re.compile(r"^\s*(?:\*\*)?((?:1[89]|20)\d\d)(?:\*\*)?\s*$")

HISTORY_SECTIONS = re.compile(
    r"histor|timeline|milestone|chronolog|background|key dates|evolution|past", re.IGNORECASE
)
OUTPUT_SECTIONS = re.compile(
    r"deliverable|achievement|result|outcome|impact|key figures|in numbers|facts and figures|"
    r"statistic|output|track record|highlights|figures",
    re.IGNORECASE,
)


@dataclass
class Unit:
    start: int
    end: int
    kind: str  # "sentence", "list_item", "cell_item", "heading", "table_cell"
    section: str = ""
    year_hint: int | None = None
    table: Table | None = None
    row: int | None = None
    column: int | None = None
    month_hint: int | None = None
    day_hint: int | None = None


_DATE_HEADER = re.compile(r"^(?:date|dates|year|years|when|period|time)$", re.IGNORECASE)
_PLACE_HEADER = re.compile(r"^(?:venue|location|place|city|where|country)$", re.IGNORECASE)
_EVENT_HEADER = re.compile(r"\b(?:event|activity|milestone|meeting|title)s?\b", re.IGNORECASE)


@dataclass
class Table:
    header: list[tuple[int, int]]  # (start, end) of each header cell
    rows: list[list[tuple[int, int]]] = field(default_factory=list)
    caption: str = ""
    section: str = ""
    header_text: list[str] = field(default_factory=list)
    _has_roles: bool | None = field(default=None, repr=False, compare=False)

    def has_roles(self) -> bool:
        """True when some header names a date, place or event column (computed once)."""
        if self._has_roles is None:
            self._has_roles = any(self.role(i) != "other" for i in range(len(self.header)))
        return self._has_roles

    def role(self, column: int) -> str:
        """'date', 'place', 'event' or 'other', read from the header cell's words."""
        if column >= len(self.header_text):
            return "other"
        label = self.header_text[column]
        if _DATE_HEADER.match(label):
            return "date"
        if _PLACE_HEADER.match(label):
            return "place"
        if _EVENT_HEADER.search(label):
            return "event"
        return "other"


_MARKDOWN_CHARS = re.compile(r"[*_`#=]")


def clean(text: str) -> str:
    """Plain text for titles and descriptions: Markdown marks and footnote marks removed,
    spaces collapsed."""
    # The substitutions only run when their characters occur (most sentences have none).
    if "[" in text:
        text = _CITATION.sub("", _LINK.sub(r"\1", text) if "](" in text else text)
    if _MARKDOWN_CHARS.search(text):
        text = (_MARKDOWN if "=" in text else _MARKDOWN_NO_EQUALS).sub("", text)
    text = " ".join(text.split()).strip(" \t*|-–—;,:")
    return text.replace("“ ", "“").replace(" ”", "”")


def _row_date(text: str, cell: tuple[int, int]) -> DateMention | None:
    """The date a table row is about, when its first cell holds a date and little else."""
    start, end = cell
    year_match = _YEAR_ONLY.match(text[start:end])
    if year_match:
        return DateMention(start, end, int(year_match.group(1)))
    dates = find_dates(text, start, end)
    if not dates:
        return None
    rest = _NON_LETTERS.sub("", text[start : dates[0].start] + text[dates[-1].end : end])
    return dates[0] if len(rest) <= 3 else None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line break (\\n, \\r\\n or lone \\r)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "|"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "|"):
        end -= 1
    return start, end


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]; abbreviations and initials do not end one."""
    spans: list[tuple[int, int]] = []
    cursor = start
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        cut = start + match.start() + 1  # after the end mark
        before = text[max(cursor, cut - 12) : cut]
        if _ABBREV_BEFORE.search(before.rstrip('"”’)]')):
            continue
        s, e = _trim(text, cursor, cut)
        if e > s:
            spans.append((s, e))
        cursor = start + match.end()
    s, e = _trim(text, cursor, end)
    if e > s:
        spans.append((s, e))
    return spans


def _cell_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one table cell into its bulleted items (or keep it whole)."""
    cell = text[start:end]
    # Bullets and "<br>" cut a cell; a " - " does not. Without a bullet or "<" there is no cut.
    if not any(c in cell for c in "*•·<"):
        return [_trim(text, start, end)]
    opening = _CELL_OPENING_BULLET.match(cell)
    found = _CELL_ITEM_CUT.finditer(cell, opening.end() if opening else 0)
    cuts = [m for m in (opening, *found) if m is not None and m.group(0).strip() != "-"]
    if not cuts:
        return [_trim(text, start, end)]
    items: list[tuple[int, int]] = []
    cursor = 0
    for m in cuts:
        items.append(_trim(text, start + cursor, start + m.start()))
        cursor = m.end()
    items.append(_trim(text, start + cursor, end))
    return [(s, e) for s, e in items if e > s]


def _table_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    line = text[start:end]
    pipes = []  # unescaped "|"
    i = line.find("|")
    while i >= 0:
        if i == 0 or line[i - 1] != "\\":
            pipes.append(i)
        i = line.find("|", i + 1)
    if not pipes:
        return []
    bounds = pipes[:]
    if line[: pipes[0]].strip():
        bounds.insert(0, -1)
    if line[pipes[-1] + 1 :].strip():
        bounds.append(len(line))
    return [_trim(text, start + a + 1, start + b) for a, b in itertools.pairwise(bounds)]


def segment(text: str) -> tuple[list[Unit], list[Table]]:
    """Units and tables of a text, in reading order."""
    units: list[Unit] = []
    tables: list[Table] = []
    section = ""
    table: Table | None = None
    paragraph: list[tuple[int, int]] = []
    caption_line = ""  # the last paragraph line, cleaned only if a table follows it

    def flush_paragraph() -> None:
        if not paragraph:
            return
        for s, e in paragraph:
            for ss, se in split_sentences(text, s, e):
                units.append(Unit(ss, se, "sentence", section))
        paragraph.clear()

    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        stripped = line.strip()
        if not stripped:
            flush_paragraph()
            table = None
            continue
        # A heading's first mark is "#" or "=", a list item's a bullet or a digit: most lines
        # are tried with neither pattern.
        first = stripped[0]
        heading = _HEADING.match(line) if first in "#=" else None
        if heading and not stripped.startswith("|"):
            flush_paragraph()
            table = None
            s, e = _trim(text, line_start, line_end)
            section = clean(heading.group(2) or heading.group(4) or "")
            units.append(Unit(s, e, "heading", section))
            continue
        if stripped.startswith("|") or (table is not None and "|" in stripped):
            flush_paragraph()
            if _TABLE_SEP.match(line):
                continue
            cells = _table_cells(text, line_start, line_end)
            if table is None:
                table = Table(
                    header=cells,
                    caption=clean(caption_line),
                    section=section,
                    header_text=[clean(text[s:e]) for s, e in cells],
                )
                tables.append(table)
                row_index = -1
            else:
                table.rows.append(cells)
                row_index = len(table.rows) - 1
            hint = _row_date(text, cells[0]) if cells else None
            for column, (cs, ce) in enumerate(cells):
                if ce <= cs:
                    continue
                items = _cell_items(text, cs, ce)
                kind = "cell_item" if len(items) > 1 else "table_cell"
                for s, e in items:
                    units.append(
                        Unit(
                            s,
                            e,
                            kind,
                            section,
                            hint.year if hint else None,
                            table,
                            row_index,
                            column,
                            hint.month if hint else None,
                            hint.day if hint else None,
                        )
                    )
            continue
        table = None
        item = _LIST_ITEM.match(line) if first in _BULLETS or first.isdigit() else None
        if item:
            flush_paragraph()
            s, e = _trim(text, line_start + item.end(), line_end)
            if e > s:
                units.append(Unit(s, e, "list_item", section))
            continue
        caption_line = stripped
        paragraph.append((line_start, line_end))
    flush_paragraph()
    return units, tables
