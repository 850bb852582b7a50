"""Extraction of one document: organisations, their mentions, milestones and deliverables.

`extract_document` is pure: the same text always gives the same facts, in the same order, and
every fact's quote is `text[char_start:char_end]`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .dates import DateMention, find_dates
from .lexicon import COUNTRY_NAMES, NON_OUTPUT_UNITS, OUTPUT_UNITS
from .orgs import DocOrg, find_mentions, group_mentions, head_word, locate, norm_key
from .quantities import Quantity, _is_plural_noun, find_quantities
from .text import HISTORY_SECTIONS, OUTPUT_SECTIONS, Table, Unit, clean, segment

# Raise when extraction output may change: cached per-document results are keyed on it.
EXTRACTOR_VERSION = "1.0.0"

_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("entry_into_force", re.compile(
        r"\b(?:enter(?:s|ed)?\s+into\s+force|entry\s+into\s+force|came\s+into\s+force|"
        r"come\s+into\s+force|take[s]?\s+effect|took\s+effect|become\s+effective|"
        r"applied\s+on\s+a\s+provisional\s+basis|provisional(?:ly)?\s+appli)", re.I)),
    ("anniversary", re.compile(
        r"\b(?:anniversary|(?:mark|celebrat)\w*\s+\d+\s+years)", re.I)),
    ("founding", re.compile(
        r"\b(?:establish(?:ed|ment|es)?|found(?:ed|ing|ation\s+of)|set\s+up|creat(?:ed|ion)|"
        r"incorporated|inception)\b", re.I)),
    ("opening", re.compile(r"\b(?:open(?:ed|ing|s)?|inaugurat\w*)\b", re.I)),
    ("appointment", re.compile(
        r"\b(?:appoint(?:ed|ment|s)?|designat(?:ed|ion)|nominated|elected|named\s+as)\b", re.I)),
    ("membership", re.compile(
        r"\b(?:becomes?\s+(?:a\s+)?(?:part|member)\s+of|join(?:ed|s)|admitted|accession)\b",
        re.I)),
    ("agreement", re.compile(
        r"\b(?:sign(?:ed|s|ing|ature)?|conclu(?:ded|sion)|memorandum\s+of\s+understanding|"
        r"ratif(?:ied|ication)|agreed)\b", re.I)),
    ("extension", re.compile(r"\b(?:extension|extend(?:ed|s)?|expan(?:ded|sion))\b", re.I)),
    ("publication", re.compile(r"\b(?:publi(?:shed|cation|shes)|released?\s+(?:a|the|its))\b", re.I)),
    ("launch", re.compile(
        r"\b(?:launch(?:ed|es|ing)?|start(?:ed|s)?|introduc(?:ed|es|tion)|roll(?:ed)?\s+out|"
        r"kick(?:ed)?[\s-]off|initiat(?:ed|es)|began|begins|debut(?:ed)?|was\s+launched)\b",
        re.I)),
    ("meeting", re.compile(
        r"\b(?:summit|meeting|held|hosted|convened|conference|visit(?:ed)?|organi[sz](?:ed|es)\s+"
        r"(?:a|the|regular)\s+meetings?)\b", re.I)),
    ("event", re.compile(
        r"\b(?:organi[sz]ation\s+of|organi[sz]ed|welcom(?:e|ed|ing)|exhibition|expo|"
        r"coordination\s+with|participat(?:ed|ion))\b", re.I)),
]  # fmt: skip
_BY_AGENT = re.compile(r"\bby\s+(?:the\s+)?$")
# "between the EU and Japan": the parties are polities, so no organisation owns the event.
_BETWEEN_POLITIES = re.compile(
    r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][\w-]*)\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w-]*)"
    r"(?![\w-]|\s+[a-z])"
)
_OUT_OF = re.compile(r"^\s*(?:out\s+)?of\s+$")
_NON_OUTPUT_CONTEXT = re.compile(
    r"\b(?:staff|employees|workforce|headcount|population|inhabitants|covering|employs)\b[^.;]{0,20}$",
    re.I,
)


@dataclass
class OrgFact:
    key: str  # normalised name, the document-level identity
    name: str
    acronym: str | None
    forms: list[str]
    org_type: str
    country: str | None


@dataclass
class MentionFact:
    org_key: str
    char_start: int
    char_end: int
    quote: str


@dataclass
class MilestoneFact:
    year: int
    month: int | None
    day: int | None
    org_key: str | None
    kind: str
    title: str
    description: str
    char_start: int
    char_end: int
    quote: str


@dataclass
class DeliverableFact:
    org_key: str | None
    quantity: float
    quantity_max: float | None
    qualifier: str
    unit: str
    description: str
    char_start: int
    char_end: int
    quote: str


@dataclass
class DocumentFacts:
    source_id: str
    extractor_version: str
    organisations: list[OrgFact] = field(default_factory=list)
    mentions: list[MentionFact] = field(default_factory=list)
    milestones: list[MilestoneFact] = field(default_factory=list)
    deliverables: list[DeliverableFact] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> DocumentFacts:
        return cls(
            source_id=data["source_id"],
            extractor_version=data["extractor_version"],
            organisations=[OrgFact(**o) for o in data["organisations"]],
            mentions=[MentionFact(**m) for m in data["mentions"]],
            milestones=[MilestoneFact(**m) for m in data["milestones"]],
            deliverables=[DeliverableFact(**d) for d in data["deliverables"]],
        )


def _title(text: str) -> str:
    title = clean(text)
    title = re.split(r"(?<=[a-z0-9)”\"])[.:;](?:\s|$)|\s[–—]\s", title)[0]
    if len(title) > 120:
        cut = title.rfind(" ", 0, 117)
        title = title[: cut if cut > 40 else 117] + "…"
    return title


def _kind(text: str) -> tuple[str | None, int]:
    """The kind whose trigger appears first in the text, and where."""
    best: tuple[str | None, int] = (None, len(text) + 1)
    for kind, pattern in _TRIGGERS:
        m = pattern.search(text)
        if m and m.start() < best[1]:
            best = (kind, m.start())
    return best


def _polity(word: str) -> bool:
    return word.lower() in COUNTRY_NAMES or word in {"EU", "Europe"}


class _DocContext:
    """What a reader knows about a document while reading its units."""

    def __init__(self, text: str, orgs: list[DocOrg], hits: list[tuple[DocOrg, int, int]]):
        self.text = text
        self.orgs = orgs
        self.hits = hits
        self.topic: DocOrg | None = None

    def orgs_in(self, start: int, end: int) -> list[tuple[DocOrg, int, int]]:
        return [h for h in self.hits if start <= h[1] and h[2] <= end]

    def definite_reference(self, start: int, end: int) -> DocOrg | None:
        """ "the Centre" / "The centre" refers to the one document organisation with that head."""
        for m in re.finditer(r"\b(?:the|The)\s+([A-Z]?[a-z]+)\b", self.text[start:end]):
            noun = m.group(1).lower()
            candidates = [o for o in self.orgs if head_word(o.name) == noun]
            if len(candidates) == 1:
                return candidates[0]
        if re.match(r"\s*(?:\*\*)?([A-Z][a-z]+)\s+(?:is\s+)?[a-z]+ed\b", self.text[start:end]):
            noun = self.text[start:end].split()[0].strip("*").lower()
            candidates = [o for o in self.orgs if head_word(o.name) == noun]
            if len(candidates) == 1:
                return candidates[0]
        return None

    def owner(self, start: int, end: int) -> DocOrg | None:
        """The organisation a milestone in text[start:end] belongs to."""
        segment = self.text[start:end]
        inside = self.orgs_in(start, end)
        for org, s, _e in inside:
            if _BY_AGENT.search(self.text[max(start, s - 12) : s]):
                return org
        polities = _BETWEEN_POLITIES.search(segment)
        if polities and _polity(polities.group("a")) and _polity(polities.group("b")):
            return None
        ref = self.definite_reference(start, end)
        if ref is not None:
            return ref
        if inside:
            first_org, s, _e = inside[0]
            if self.topic in [o for o, _s, _e in inside]:
                return self.topic
            if s - start < 40:
                return first_org
        return self.topic or (inside[0][0] if inside else None)


def _choose_topic(ctx: _DocContext, units: list[Unit]) -> DocOrg | None:
    """The organisation a text is about: named in its title, else first in its opening lines."""
    body = [u for u in units if u.kind != "heading"]
    headings = [u for u in units if u.kind == "heading"]
    first_line_end = ctx.text.find("\n")
    first_line_end = len(ctx.text) if first_line_end < 0 else first_line_end
    for start, end in [(0, first_line_end)] + [(h.start, h.end) for h in headings[:1]]:
        found = ctx.orgs_in(start, end)
        if found:
            return found[0][0]
    for unit in body[:2]:
        found = ctx.orgs_in(unit.start, unit.end)
        if found:
            return found[0][0]
    return None


def _unit_date(text: str, unit: Unit) -> DateMention | None:
    dates = find_dates(text, unit.start, unit.end)
    if unit.year_hint is not None:
        refined = [d for d in dates if d.year == unit.year_hint and d.month]
        return refined[0] if refined else DateMention(unit.start, unit.start, unit.year_hint)
    if not dates:
        return None
    return max(dates, key=lambda d: (d.precision, -d.start))


def _milestones(text: str, units: list[Unit], ctx: _DocContext) -> list[MilestoneFact]:
    facts: list[MilestoneFact] = []
    for unit in units:
        if unit.kind == "heading" or (unit.table is not None and unit.column == 0):
            continue
        segment_text = text[unit.start : unit.end]
        date = _unit_date(text, unit)
        if date is None:
            continue
        in_history = bool(
            unit.year_hint is not None
            or HISTORY_SECTIONS.search(unit.section)
            or (unit.table is not None and HISTORY_SECTIONS.search(unit.table.section))
        )
        kind, _pos = _kind(segment_text)
        if kind is None:
            if not in_history:
                continue
            kind = "other"
        if unit.table is not None and unit.year_hint is None:
            continue  # a table cell without a year row (statistics) is not an event
        owner = ctx.owner(unit.start, unit.end)
        facts.append(
            MilestoneFact(
                year=date.year,
                month=date.month,
                day=date.day,
                org_key=norm_key(owner.name) if owner else None,
                kind=kind,
                title=_title(segment_text),
                description=clean(segment_text),
                char_start=unit.start,
                char_end=unit.end,
                quote=segment_text,
            )
        )
    return _dedupe_milestones(facts, units)


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _dedupe_milestones(facts: list[MilestoneFact], units: list[Unit]) -> list[MilestoneFact]:
    """One event told twice (headline and body, founding and opening) is one milestone."""
    structured = {
        (u.start, u.end) for u in units if u.kind in {"cell_item", "table_cell", "list_item"}
    }
    same_event = {"founding": "start", "opening": "start"}
    kept: list[MilestoneFact] = []
    for fact in facts:
        duplicate = None
        for other in kept:
            if other.year != fact.year or other.org_key != fact.org_key:
                continue
            if (other.month and fact.month and other.month != fact.month) or (
                other.day and fact.day and other.day != fact.day
            ):
                continue
            same_kind = same_event.get(other.kind, other.kind) == same_event.get(
                fact.kind, fact.kind
            )
            a, b = _tokens(other.title), _tokens(fact.title)
            overlap = len(a & b) / max(1, min(len(a), len(b)))
            if same_kind and (
                overlap >= 0.6 or same_event.get(fact.kind) == "start" or fact.kind == "anniversary"
            ):
                duplicate = other
                break
        if duplicate is None:
            kept.append(fact)
        elif (fact.char_start, fact.char_end) in structured and (
            duplicate.char_start,
            duplicate.char_end,
        ) not in structured:
            kept[kept.index(duplicate)] = fact  # a history-table entry states it most plainly
    return sorted(kept, key=lambda f: f.char_start)


def _plural_nouns(text: str, start: int, end: int) -> list[tuple[str, int]]:
    return [
        (m.group(0), m.start())
        for m in re.finditer(r"[A-Za-z][\w-]*", text[start:end])
        if _is_plural_noun(m.group(0)) and m.group(0).lower() in OUTPUT_UNITS
        for m in [m]
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


def _table_totals(text: str, table: Table, ctx: _DocContext) -> list[DeliverableFact]:
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
    facts = []
    for row in table.rows:
        if col >= len(row) or not row:
            continue
        s, e = row[col]
        label = clean(text[row[0][0] : row[0][1]])
        value = text[s:e]
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})*|\d+", value):
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
            )
        )
    return facts


def _deliverables(
    text: str, units: list[Unit], tables: list[Table], ctx: _DocContext
) -> list[DeliverableFact]:
    facts: list[DeliverableFact] = []
    for unit in units:
        if unit.kind == "heading" or (unit.table is not None and unit.year_hint is None):
            continue
        quantities = find_quantities(text, unit.start, unit.end)
        if not quantities:
            continue
        in_outputs = bool(OUTPUT_SECTIONS.search(unit.section))
        inferred = _unitless(text, unit, quantities)
        for q in quantities:
            unit_word = q.unit or inferred.get(q.num_start)
            if not unit_word:
                continue
            low = unit_word.lower()
            if low in NON_OUTPUT_UNITS or (low not in OUTPUT_UNITS and not in_outputs):
                continue
            if _NON_OUTPUT_CONTEXT.search(text[max(unit.start, q.start - 40) : q.start]):
                continue
            before = [h for h in ctx.orgs_in(unit.start, q.start)]
            owner = before[-1][0] if before and unit.kind != "list_item" else ctx.topic
            if owner is None and before:
                owner = before[-1][0]
            end = q.end
            facts.append(
                DeliverableFact(
                    org_key=norm_key(owner.name) if owner else None,
                    quantity=q.quantity,
                    quantity_max=q.quantity_max,
                    qualifier=q.qualifier,
                    unit=low
                    if not unit_word.isupper() and unit_word[:-1] != unit_word[:-1].upper()
                    else unit_word,
                    description=clean(text[unit.start : unit.end]),
                    char_start=q.start,
                    char_end=end,
                    quote=text[q.start : end],
                )
            )
    for table in tables:
        facts += _table_totals(text, table, ctx)
    return sorted(facts, key=lambda f: f.char_start)


def extract_document(source_id: str, text: str) -> DocumentFacts:
    """All grounded facts of one text."""
    units, tables = segment(text)
    orgs = [o for o in group_mentions(text, find_mentions(text)) if o.forms]
    hits = locate(text, orgs)
    mentioned = {id(o) for o, _s, _e in hits}
    orgs = [o for o in orgs if id(o) in mentioned]
    ctx = _DocContext(text, orgs, hits)
    ctx.topic = _choose_topic(ctx, units)
    result = DocumentFacts(source_id=source_id, extractor_version=EXTRACTOR_VERSION)
    for org in sorted(orgs, key=lambda o: norm_key(o.name)):
        result.organisations.append(
            OrgFact(
                key=norm_key(org.name),
                name=org.name,
                acronym=org.acronym,
                forms=sorted(org.forms - {org.name}),
                org_type=org.org_type or "organisation",
                country=org.country,
            )
        )
    result.mentions = [MentionFact(norm_key(o.name), s, e, text[s:e]) for o, s, e in hits]
    result.milestones = _milestones(text, units, ctx)
    result.deliverables = _deliverables(text, units, tables, ctx)
    return result
