"""Deliverables: counted outputs ("over 100 partnership agreements", "1,500 executives"), each
with its unit, qualifier and the organisation it is credited to; and the stated totals of
statistics tables.
"""

from __future__ import annotations

import re

from .context import DocContext
from .count_meaning import is_party_count, is_population, period, rate_per
from .lexicon import NON_OUTPUT_UNITS, OUTPUT_UNITS, country_code
from .model import DeliverableFact
from .names import norm_key
from .quantities import Quantity, find_quantities, is_plural_noun
from .text import OUTPUT_SECTIONS, Table, Unit, clean

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_WORD_TOKEN = re.compile(r"[A-Za-z][\w-]*")
_PLAIN_COUNT = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")

_PEOPLE = frozenset({"people", "persons", "experts", "representatives"})
_TOOK_PART = re.compile(r"\b(?:participated|took\s+part|attended|joined)\b")
# The sentence ends its line and a list begins on the next: the list names what was counted.
_LIST_FOLLOWS = re.compile(r"[^\S\n]*\r?\n[^\S\n]*(?:[-*•]|\d{1,2}[.)])\s")
_DIGIT = re.compile(r"\d")
_YEAR_CELL = re.compile(r"(?:1[5-9]|20)\d\d")
_TOTAL_LABELS = frozenset({"total", "all", "sum", "overall", "grand total", "all countries"})
_OUT_OF = re.compile(r"^\s*(?:out\s+)?of\s+$")
_NON_OUTPUT_CONTEXT = re.compile(
    r"\b(?:staff|employees|workforce|headcount|population|inhabitants|covering|employs|"
    r"headed\s+by|led\s+by|managed\s+by|chaired\s+by)\b[^.;]{0,20}$",
    re.I,
)


def _plural_nouns(
    text: str, start: int, end: int, any_plural: bool = False
) -> list[tuple[str, int]]:
    """Plural nouns in text[start:end] (only countable outputs unless any_plural)."""
    return [
        (m.group(0), m.start())
        for m in _WORD_TOKEN.finditer(text[start:end])
        if is_plural_noun(m.group(0))
        and m.group(0).lower() not in NON_OUTPUT_UNITS
        and (any_plural or m.group(0).lower() in OUTPUT_UNITS)
    ]


def _unitless(text: str, unit: Unit, quantities: list[Quantity]) -> dict[int, str]:
    """Units for bare numbers in "(about 40 out of 800 to 1,000)": read from the nouns before."""
    assigned: dict[int, str] = {}
    bare = [q for q in quantities if q.unit is None]
    if not bare:
        return assigned
    nouns = [(w, unit.start + pos) for w, pos in _plural_nouns(text, unit.start, bare[0].start)]
    if not nouns:
        return assigned
    for i, q in enumerate(bare):
        if i + 1 < len(bare) and _OUT_OF.match(text[q.end : bare[i + 1].start]):
            assigned[q.num_start] = nouns[0][0]
            assigned[bare[i + 1].num_start] = nouns[-1][0]
        elif (
            q.num_start not in assigned
            and q.qualifier != "exact"
            and text[max(unit.start, q.start - 2) : q.start].strip() == "("
        ):
            assigned[q.num_start] = nouns[-1][0]  # "(about 40 each year)" counts the noun before
    return assigned


def _table_totals(text: str, table: Table, ctx: DocContext) -> list[DeliverableFact]:
    """Statistics tables: the stated total per row ("| France | 2 | ... | 42 |")."""
    header = [clean(text[s:e]).lower() for s, e in table.header]
    if "total" not in header:
        return []
    col = header.index("total")
    unit_text = f"{table.caption} {table.section}"
    nouns = [w for w, _ in _plural_nouns(unit_text, 0, len(unit_text))]
    if not nouns:
        return []
    unit = nouns[0].lower()
    # The year columns of the table (1997 ... 2009) are the period each row's total covers.
    years = [int(h) for h in header if _YEAR_CELL.fullmatch(h)]
    first, last = (min(years), max(years)) if years else period(unit_text)
    facts = []
    for row in table.rows:
        if col >= len(row) or not row:
            continue
        s, e = row[col]
        label = clean(text[row[0][0] : row[0][1]])
        value = text[s:e]
        if not _PLAIN_COUNT.fullmatch(value):
            continue
        owner = ctx.topic
        facts.append(
            DeliverableFact(
                org_key=norm_key(owner.name) if owner else None,
                quantity=float(value.replace(",", "")),
                quantity_max=None,
                qualifier="exact",
                unit=unit,
                description=f"{clean(table.caption) or unit}: {label}, total",
                char_start=s,
                char_end=e,
                quote=value,
                period_start=first,
                period_end=last,
                breakdown_country=country_code(label),
                # Rows of a breakdown add up to the table's total: never add them to it.
                part_of_total=label.lower() not in _TOTAL_LABELS,
            )
        )
    return facts


MAX_DESCRIPTION_CHARS = 600


def _description(text: str, unit: Unit, start: int, end: int) -> str:
    """The cleaned unit around a fact; very long units are cut to a window around it."""
    lo, hi = unit.start, unit.end
    if hi - lo > MAX_DESCRIPTION_CHARS:
        lo = max(lo, start - MAX_DESCRIPTION_CHARS // 2)
        hi = min(hi, end + MAX_DESCRIPTION_CHARS // 2)
    return clean(text[lo:hi])


def _label_unit(text: str, unit: Unit) -> str | None:
    """In a key-figures table ("| Member companies | 1,250 |"), the noun the row label counts."""
    table = unit.table
    if table is None or unit.row is None or unit.row < 0 or len(table.header) > 3:
        return None
    row = table.rows[unit.row]
    if unit.column == 0 or not row:
        return None
    nouns = _plural_nouns(text, row[0][0], row[0][1], any_plural=True)
    return nouns[0][0] if nouns else None


def find_deliverables(
    text: str, units: list[Unit], tables: list[Table], ctx: DocContext
) -> list[DeliverableFact]:
    """Counted outputs in the text's units and statistics tables' totals, in text order."""
    facts: list[DeliverableFact] = []
    outputs_section: dict[str, bool] = {}
    for unit in units:
        if unit.kind == "heading":
            continue
        if unit.table is not None and unit.year_hint is None and len(unit.table.header) > 3:
            continue  # statistics tables: their stated totals are read below
        quantities = find_quantities(text, unit.start, unit.end)
        if not quantities:
            continue
        in_outputs = outputs_section.get(unit.section)
        if in_outputs is None:  # one search per section, not per unit
            in_outputs = outputs_section[unit.section] = bool(OUTPUT_SECTIONS.search(unit.section))
        inferred = _unitless(text, unit, quantities)
        label_unit = _label_unit(text, unit)
        for q in quantities:
            unit_word = q.unit or inferred.get(q.num_start) or label_unit
            if not unit_word:
                continue
            low = unit_word.lower()
            if low in _PEOPLE and _TOOK_PART.search(text, q.end, unit.end):
                low = "participants"  # "almost seventy people ... participated in the workshop"
            if low in NON_OUTPUT_UNITS:
                continue
            if _NON_OUTPUT_CONTEXT.search(text[max(unit.start, q.start - 40) : q.start]):
                continue
            if q.spelled and low not in OUTPUT_UNITS:
                continue  # "the two bodies", "two sides": number words count only outputs
            if low not in OUTPUT_UNITS and not in_outputs and unit_word[0].isupper():
                continue  # capitalised words name things ("5 Star Hotels"), they do not count
            after = text[q.end : unit.end]
            list_follows = unit.kind == "sentence" and _LIST_FOLLOWS.match(text, unit.end)
            before_count = text[max(unit.start, q.start - 12) : q.start]
            if is_party_count(
                q.quantity, low, after, bool(list_follows), before_count
            ) or is_population(q.quantity, low):
                continue  # "two leaders", "the two regions", "650 million people"
            per = rate_per(text[max(unit.start, q.start - 60) : q.start], after)
            first, last = period(text[unit.start : unit.end]) if per is None else (None, None)
            before = ctx.orgs_in(unit.start, q.start)
            owner = before[-1][0] if before and unit.kind != "list_item" else ctx.topic
            if owner is None and before:
                owner = before[-1][0]
            description = _description(text, unit, q.start, q.end)
            if label_unit and unit.table is not None and unit.row is not None:
                label = unit.table.rows[unit.row][0]
                description = f"{clean(text[label[0] : label[1]])}: {description}"
            facts.append(
                DeliverableFact(
                    org_key=norm_key(owner.name) if owner else None,
                    quantity=q.quantity,
                    quantity_max=q.quantity_max,
                    qualifier=q.qualifier,
                    unit=unit_word if unit_word.isupper() or unit_word[:-1].isupper() else low,
                    description=description,
                    char_start=q.start,
                    char_end=q.end,
                    quote=text[q.start : q.end],
                    measure="rate" if per else "total",
                    rate_per=per,
                    period_start=first,
                    period_end=last,
                )
            )
    for table in tables:
        facts += _table_totals(text, table, ctx)
    return sorted(_dedupe(facts), key=lambda f: f.char_start)


def _dedupe(facts: list[DeliverableFact]) -> list[DeliverableFact]:
    """A count told twice ("a dozen joint research projects" in the lead, "12 joint research
    projects" in the body) is one fact: the telling in digits is kept, else the first. Parts of
    a table are each their own fact."""
    kept: dict[tuple, DeliverableFact] = {}
    parts = []
    for fact in facts:
        if fact.part_of_total or fact.breakdown_country:
            parts.append(fact)
            continue
        # "100 participants" in 2019 and in 2020 are two counts.
        key = (
            fact.quantity,
            fact.quantity_max,
            fact.unit,
            fact.measure,
            fact.rate_per,
            fact.period_start,
            fact.period_end,
        )
        other = kept.get(key)
        if other is None or (_DIGIT.search(fact.quote) and not _DIGIT.search(other.quote)):
            kept[key] = fact
    return parts + list(kept.values())
