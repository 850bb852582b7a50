"""Extraction of one document: organisations, their mentions, milestones and deliverables.

`extract_document` is pure: the same text always gives the same facts, in the same order, and
every fact's quote is `text[char_start:char_end]`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .dates import DateMention, find_dates, find_yearless_dates
from .forms import locate
from .grouping import group_mentions
from .lexicon import COUNTRY_NAMES, NAME_STOPWORDS, NON_OUTPUT_UNITS, OUTPUT_UNITS
from .mentions import find_mentions
from .names import DocOrg, head_word, norm_key
from .org_filter import is_organisation
from .quantities import Quantity, _is_plural_noun, find_quantities
from .text import HISTORY_SECTIONS, OUTPUT_SECTIONS, Table, Unit, clean, segment

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
# `(?<=[a-z0-9)”"])[.:;](?:\s|$)|\s[–—]\s`, written to begin with one character class (the
# engine skips to it); the lookbehinds after it check what the two alternatives check.
_TITLE_END = re.compile(r"[.:;\s](?:(?<=[a-z0-9)”\"][.:;])(?:\s|$)|(?<=\s)[–—]\s)")
# `\b(?:the|The)\s+...`, beginning with the "t"/"T" so that the engine can skip to it.
_THE_NOUN = re.compile(r"[tT](?<!\w[tT])he\s+([A-Z]?[a-z]+)\b")
_NOUN_THEN_VERB = re.compile(r"\s*(?:\*\*)?([A-Z][a-z]+)\s+(?:is\s+)?[a-z]+ed\b")
_BYLINE_PAREN = re.compile(r"^\([^)]{0,40}\)\s*")
_CAPITAL_WORD_BEFORE = re.compile(r"([A-Z][\w-]*)\s$")
_PERIOD_AFTER = re.compile(r"\s*[–—-]\s*(?:1[89]|20)\d\d")
_PERIOD_BEFORE = re.compile(r"(?:1[89]|20)\d\d\s*[–—-]\s*$")
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_ANY_LETTER = re.compile(r"[A-Za-z]")
_LOWER_TOKEN = re.compile(r"[a-z0-9]+")
_WORD_TOKEN = re.compile(r"[A-Za-z][\w-]*")
_PLAIN_COUNT = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")

# Raise when extraction output may change: cached per-document results are keyed on it.
EXTRACTOR_VERSION = "2.0.0"

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
        r"\b(?:appoint(?:ed|ment|s)?|designat(?:ed|ion)|nominated|elected|named\s+as|"
        r"took\s+up\s+(?:his|her|their|the)\s+(?:post|position|duties)|took\s+office|"
        r"assumed\s+(?:the\s+)?(?:post|office|role|position))\b", re.I)),
    ("membership", re.compile(
        r"\b(?:becomes?\s+(?:a\s+)?(?:part|member)\s+of|join(?:ed|s)|admitted|accession)\b",
        re.I)),
    ("agreement", re.compile(
        r"\b(?:sign(?:ed|s|ing|ature)?|conclu(?:ded|sion)|memorandum\s+of\s+understanding|"
        r"ratif(?:ied|ication)|agreed|renew(?:ed|s|al))\b", re.I)),
    ("extension", re.compile(
        r"\b(?:extension|extend(?:ed|s)?\s+(?:to|its|the|their|until|into)|expan(?:ded|sion))\b",
        re.I)),
    ("publication", re.compile(
        r"\b(?:publish(?:ed|es)?|publication|released?\s+(?:a|the|its))\b", re.I)),
    ("launch", re.compile(
        r"\b(?:launch(?:ed|es|ing)?|start(?:ed|s)?|introduc(?:ed|es|tion)|roll(?:ed)?\s+out|"
        r"kick(?:ed)?[\s-]off|initiat(?:ed|es)|began|begins|debut(?:ed)?|was\s+launched)\b",
        re.I)),
    ("meeting", re.compile(
        r"\b(?:summit|meeting|held|hold|holds|host|hosts|hosted|met|convened|conference|"
        r"visit(?:ed)?|t(?:ook|akes?)\s+place|organi[sz](?:ed|es)\s+"
        r"(?:a|the|regular)\s+meetings?)\b", re.I)),
    ("event", re.compile(
        r"\b(?:organi[sz]ation\s+of|organi[sz]ed|welcom(?:e|ed|ing)\s+(?:\w+\s+){0,3}delegations?|"
        r"coordination\s+with)\b", re.I)),
]  # fmt: skip
_BY_AGENT = re.compile(r"\bby\s+(?:the\s+)?$")
# "between the EU and Japan": the parties are polities, so no organisation owns the event.
_BETWEEN_POLITIES = re.compile(
    r"\bbetween\s+(?:the\s+)?(?P<a>[A-Z][\w-]*)\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w-]*)"
    r"(?![\w-]|\s+[a-z])"
)
_OUT_OF = re.compile(r"^\s*(?:out\s+)?of\s+$")
_NON_OUTPUT_CONTEXT = re.compile(
    r"\b(?:staff|employees|workforce|headcount|population|inhabitants|covering|employs|"
    r"headed\s+by|led\s+by|managed\s+by|chaired\s+by)\b[^.;]{0,20}$",
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
    wikidata_id: str | None = None


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
        """The same dict as dataclasses.asdict(self), built directly: asdict recurses
        generically and was most of the cost of writing a cache entry."""
        return {
            "source_id": self.source_id,
            "extractor_version": self.extractor_version,
            "organisations": [{**vars(o), "forms": list(o.forms)} for o in self.organisations],
            "mentions": [dict(vars(m)) for m in self.mentions],
            "milestones": [dict(vars(m)) for m in self.milestones],
            "deliverables": [dict(vars(d)) for d in self.deliverables],
        }


def _title(text: str, cleaned: str | None = None) -> str:
    title = clean(text) if cleaned is None else cleaned
    title_end = _TITLE_END.search(title)  # the part before the first end, as split()[0]
    if title_end is not None:
        title = title[: title_end.start()]
    if len(title) > 120:
        cut = title.rfind(" ", 0, 117)
        title = title[: cut if cut > 40 else 117] + "…"
    return title


# All triggers in one pass: a named group per kind, in the priority order of _TRIGGERS.
# Matched against lower-cased text, which is about twice as fast as IGNORECASE here. Every
# trigger starts with `\b`; checking it once, before the alternation, is the same pattern and
# five times faster (the engine no longer enters twelve groups at every position).
assert all(pattern.pattern.startswith(r"\b(?:") for _kind_name, pattern in _TRIGGERS)
# The leading lookahead (every trigger starts with a letter) lets the engine pass over spaces
# and punctuation at once.
_ANY_TRIGGER = re.compile(
    r"(?=[a-z])\b(?:"
    + "|".join(f"(?P<{kind}>{pattern.pattern[2:]})" for kind, pattern in _TRIGGERS)
    + ")"
)


def _kind(text: str) -> tuple[str | None, int]:
    """The kind whose trigger appears first in the text, and where."""
    m = _ANY_TRIGGER.search(text.lower())
    return (m.lastgroup, m.start()) if m else (None, len(text) + 1)


def _polity(word: str) -> bool:
    return word.lower() in COUNTRY_NAMES or word in {"EU", "Europe"}


class _DocContext:
    """What a reader knows about a document while reading its units."""

    def __init__(self, text: str, orgs: list[DocOrg], hits: list[tuple[DocOrg, int, int]]):
        self.text = text
        self.orgs = orgs
        self.hits = hits
        self.topic: DocOrg | None = None
        # Looked up per unit: hits by start offset (they come sorted), organisations by head noun.
        self._starts = [h[1] for h in hits]
        self._by_head: dict[str, list[DocOrg]] = {}
        for org in orgs:
            self._by_head.setdefault(head_word(org.name), []).append(org)

    def orgs_in(self, start: int, end: int) -> list[tuple[DocOrg, int, int]]:
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._starts, end)
        return [h for h in self.hits[lo:hi] if h[2] <= end]

    def definite_reference(self, start: int, end: int) -> DocOrg | None:
        """ "the Centre" / "The centre" refers to the one document organisation with that head."""
        for m in _THE_NOUN.finditer(self.text[start:end]):
            noun = m.group(1).lower()
            candidates = self._by_head.get(noun, [])
            if len(candidates) == 1:
                return candidates[0]
        if _NOUN_THEN_VERB.match(self.text[start:end]):
            noun = self.text[start:end].split()[0].strip("*").lower()
            candidates = self._by_head.get(noun, [])
            if len(candidates) == 1:
                return candidates[0]
        return None

    def owner(self, start: int, end: int) -> DocOrg | None:
        """The organisation a milestone in text[start:end] belongs to."""
        segment = self.text[start:end]
        inside = self.orgs_in(start, end)
        for org, s, _e in inside:
            window = self.text[max(start, s - 12) : s]
            if "by" in window and _BY_AGENT.search(window):
                return org
        polities = _BETWEEN_POLITIES.search(segment) if "between" in segment else None
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


_FUTURE = re.compile(
    r"\b(?:will|shall|would|should|could|might|plans?\s+to|intends?\s+to|expected\s+to|"
    r"aims?\s+to|hopes?\s+to|is\s+to|are\s+to)\b",
    re.I,
)
# A year glued to a name dates the event only when the name is an event's ("Expo 1958"),
# not a programme's ("Horizon 2020").
_EVENT_NAME = re.compile(
    r"^(?:expo|forum|summit|conference|fair|week|games|olympics|festival|congress|days?|"
    r"exhibition|show|cup|biennale|symposium|edition)$",
    re.I,
)
_EVENT_NOUNS = re.compile(
    r"\b(?:meeting|conference|forum|workshop|mission|dialogue|seminar|summit|fair|expo|visit|"
    r"webinar|symposium|congress|exhibition|reception|ceremony|round\s?table|kick-off|days)\b",
    re.I,
)
_DATELINE = re.compile(r"^\s*(?:[A-Z][\w .'’()/-]{1,40},\s*)?$")
# Hedged futures are not events yet, even with a date ("expected to be signed in 2026").
_HEDGED = re.compile(
    r"\b(?:expected\s+to|likely\s+to|(?:plans|planned|aims|hopes|hoped)\s+to|"
    r"consider(?:s|ing)|explor(?:es|ing)|weighing|mulling)\b"
    r"|(?-i:\b(?:may|might|could|would)\b)",  # lower case: "May" is a month
    re.I,
)
_RELATIVE_YEAR = re.compile(r"\b(last|next|previous|past)\s+year(?:['’]s)?\b", re.I)
_FOLLOWED = re.compile(r"\b(?:followed|came\s+next|was\s+added)\b", re.I)


def _dateline(text: str, units: list[Unit]) -> DateMention | None:
    """The date a news item or press release is issued: "Tokyo, July 3, 2023 —" near the top."""
    for unit in units[:6]:
        line_end = text.find("\n", unit.start, unit.end)
        line_end = unit.end if line_end < 0 else line_end
        for date in find_dates(text, unit.start, min(line_end, unit.start + 80))[:1]:
            before = text[unit.start : date.start]
            after = text[date.end : line_end].strip()
            after = _BYLINE_PAREN.sub("", after)  # "(Reuters) –"
            if date.month and _DATELINE.match(before) and (not after or after[0] in "—–-:|"):
                return date
    return None


def _usable_dates(
    text: str, start: int, end: int, doc_date: DateMention | None
) -> list[DateMention]:
    """Dates in text[start:end] that date an event (programme names and periods are not)."""
    dates = []
    for d in find_dates(text, start, end):
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
    if doc_date is not None:
        taken = [(d.start, d.end) for d in dates]
        for d in find_yearless_dates(text, start, end, doc_date.year):
            if not any(d.start < e and s < d.end for s, e in taken):
                dates.append(d)
    return sorted(dates, key=lambda d: d.start)


_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:and|but|while|whereas|then)\b)|,\s+(?=[a-z]+\s+(?:in|on)\s+\d)"
)


def _clauses(
    text: str, start: int, end: int, dates: list[DateMention]
) -> list[tuple[int, int, list[DateMention]]]:
    """Split a sentence with dates of several events into clauses, each with its dates.

    "In 2004 we established X, and in September 2016 we founded Y" is two clauses; a sentence
    whose dates all fit one event stays whole.
    """
    if _compatible(dates):
        return [(start, end, dates)]
    cuts = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)] + [end]
    clauses = []
    for lo, hi in itertools.pairwise(cuts):
        inside = [d for d in dates if lo <= d.start < hi]
        if inside:
            while hi > lo and text[hi - 1] in " ,;":
                hi -= 1
            clauses.append((lo, hi, inside))
    return clauses


def _compatible(dates: list[DateMention]) -> bool:
    """True when all dates can be one date (same year; months and days agree where given)."""
    if len({d.year for d in dates}) > 1:
        return False
    months = {d.month for d in dates if d.month}
    days = {d.day for d in dates if d.day}
    return len(months) <= 1 and len(days) <= 1


def _far_event_year(text: str, anchor: int, date: DateMention) -> bool:
    """A year read off an event name ("Expo 2025") dates only a trigger right next to it."""
    if date.month is not None:
        return False
    before = text[max(0, date.start - 20) : date.start].split()
    return bool(before) and bool(_EVENT_NAME.match(before[-1])) and abs(anchor - date.start) > 60


def _triggers(text: str) -> list[tuple[int, str]]:
    """(position, kind) of every trigger word in the text."""
    return [(m.start(), m.lastgroup) for m in _ANY_TRIGGER.finditer(text.lower())]


def _is_title(text: str) -> bool:
    words = _TITLE_WORD.findall(clean(text))
    caps = [w for w in words if w[0].isupper() or w.lower() in {"of", "for", "and", "the", "in"}]
    return len(words) >= 2 and len(caps) == len(words)


def _milestones(text: str, units: list[Unit], ctx: _DocContext) -> list[MilestoneFact]:
    facts: list[MilestoneFact] = []
    doc_date = _dateline(text, units)
    in_history: dict[str, bool] = {}

    def hedged(anchor: int, date: DateMention) -> bool:
        """A hedge between the trigger and the date ("was expected to be signed in 2026")."""
        lo, hi = sorted((anchor, date.start if date.end else anchor))
        return bool(_HEDGED.search(text[max(0, lo - 30) : hi + 1]))

    def emit(start: int, end: int, date: DateMention, kind: str) -> None:
        quote = text[start:end]
        owner = ctx.owner(start, end)
        described = clean(quote)  # the title is cut from the same cleaned text
        facts.append(
            MilestoneFact(
                year=date.year,
                month=date.month,
                day=date.day,
                org_key=norm_key(owner.name) if owner else None,
                kind=kind,
                title=_title(quote, described),
                description=described,
                char_start=start,
                char_end=end,
                quote=quote,
            )
        )

    for unit in units:
        segment_text = text[unit.start : unit.end]
        if unit.kind == "heading" or not _ANY_LETTER.search(segment_text):
            continue
        if unit.table is not None:
            role = unit.table.role(unit.column)
            if unit.year_hint is None or unit.column == 0 or role in {"date", "place"}:
                continue  # statistics, the date itself, or where it happened
            kind = _kind(segment_text)[0]
            has_roles = unit.table.has_roles()
            if role == "event":
                kind = kind or ("meeting" if _EVENT_NOUNS.search(segment_text) else "event")
            elif kind is None:
                header = unit.table.header_text[unit.column] if has_roles else ""
                header_kind = _kind(header)[0] if header else None
                if header_kind and _is_title(segment_text):
                    kind = header_kind  # "Launches" column listing launched things by name
                elif has_roles:
                    continue  # a descriptive cell next to the event
                else:
                    kind = "other"  # a year-by-year history table: every entry is an event
            dates = [
                d
                for d in find_dates(text, unit.start, unit.end)
                if d.year == unit.year_hint and d.month
            ]
            date = dates[0] if dates else None
            emit(
                unit.start,
                unit.end,
                date
                or DateMention(
                    unit.start, unit.start, unit.year_hint, unit.month_hint, unit.day_hint
                ),
                kind,
            )
            continue
        dates = _usable_dates(text, unit.start, unit.end, doc_date)
        if not dates:
            # The cheap tests first; triggers are only looked for when they can matter.
            if (
                doc_date is not None
                and unit.kind == "sentence"
                and unit.start > doc_date.end
                and segment_text[0] not in "\"“‘'"  # quoted speech reports no event
                and (triggers := _triggers(segment_text))
                and not _FUTURE.search(segment_text)
                and not _HEDGED.search(segment_text)
            ):
                relative = _RELATIVE_YEAR.search(segment_text)
                if relative:
                    step = 1 if relative.group(1).lower() == "next" else -1
                    date = DateMention(0, 0, doc_date.year + step)
                else:
                    date = DateMention(0, 0, doc_date.year, doc_date.month)
                emit(unit.start, unit.end, date, triggers[0][1])
            continue
        section_history = in_history.get(unit.section)
        if section_history is None:  # one search per section, not per unit
            section_history = in_history[unit.section] = bool(HISTORY_SECTIONS.search(unit.section))
        triggers = _triggers(segment_text)
        trigger_positions = [unit.start + p for p, _k in triggers]
        for start, end, clause_dates in _clauses(text, unit.start, unit.end, dates):
            lo, hi = bisect_left(trigger_positions, start), bisect_left(trigger_positions, end)
            clause_triggers = [(unit.start + p, k) for p, k in triggers[lo:hi]]
            if _compatible(clause_dates):
                date = max(clause_dates, key=lambda d: d.precision)
                if clause_triggers:
                    anchor, kind = min(clause_triggers, key=lambda t: abs(t[0] - date.start))
                elif section_history or (facts and _FOLLOWED.search(text[start:end])):
                    anchor, kind = date.start, facts[-1].kind if not section_history else "other"
                else:
                    continue
                if hedged(anchor, date) or _far_event_year(text, anchor, date):
                    continue
                whole = (start, end) == (unit.start, unit.end)
                emit(start, end if whole else max(end, date.end), date, kind)
                continue
            # Several dates in one clause: each with the nearest trigger before it.
            previous_end = start
            for date in clause_dates:
                before = [(p, k) for p, k in clause_triggers if previous_end <= p < date.start]
                if not before:
                    previous_end = date.end
                    continue
                anchor, kind = before[-1]
                if not hedged(anchor, date):
                    emit(anchor, date.end, date, kind)
                previous_end = date.end
    return _dedupe_milestones(facts, units)


def _tokens(text: str) -> set[str]:
    return {w for w in _LOWER_TOKEN.findall(text.lower()) if len(w) > 2}


def _dedupe_milestones(facts: list[MilestoneFact], units: list[Unit]) -> list[MilestoneFact]:
    """One event told twice (headline and body, founding and opening) is one milestone."""
    structured = {
        (u.start, u.end) for u in units if u.kind in {"cell_item", "table_cell", "list_item"}
    }
    same_event = {"founding": "start", "opening": "start"}
    tokens_of: dict[str, set[str]] = {}  # a title's tokens, made once per title in this text

    def title_tokens(title: str) -> set[str]:
        tokens = tokens_of.get(title)
        if tokens is None:
            tokens = tokens_of[title] = _tokens(title)
        return tokens

    def is_structured(f: MilestoneFact) -> bool:
        return (f.char_start, f.char_end) in structured

    def rank(f: MilestoneFact) -> tuple[int, bool]:
        # Keep the telling that dates it most precisely; at equal precision, a history-table
        # or list entry, which states it most plainly.
        return ((f.month is not None) + (f.day is not None), is_structured(f))

    kept: list[MilestoneFact] = []
    # Candidates share year and organisation; two entries of one list or table are two events,
    # so a structured fact is only compared with prose ones (keeps long tables linear).
    prose: dict[tuple, list[int]] = {}
    listed: dict[tuple, list[int]] = {}
    for fact in facts:
        key = (fact.year, fact.org_key)
        candidates = prose.get(key, []) + ([] if is_structured(fact) else listed.get(key, []))
        duplicate = None
        for index in candidates:
            other = kept[index]
            if (other.month and fact.month and other.month != fact.month) or (
                other.day and fact.day and other.day != fact.day
            ):
                continue
            same_kind = same_event.get(other.kind, other.kind) == same_event.get(
                fact.kind, fact.kind
            )
            a, b = title_tokens(other.title), title_tokens(fact.title)
            overlap = len(a & b) / max(1, min(len(a), len(b)))
            if same_kind and (
                overlap >= 0.6 or same_event.get(fact.kind) == "start" or fact.kind == "anniversary"
            ):
                duplicate = index
                break
        if duplicate is None:
            (listed if is_structured(fact) else prose).setdefault(key, []).append(len(kept))
            kept.append(fact)
        elif rank(fact) > rank(kept[duplicate]):
            if is_structured(fact) and not is_structured(kept[duplicate]):
                prose[key].remove(duplicate)
                listed.setdefault(key, []).append(duplicate)
            kept[duplicate] = fact
    return sorted(kept, key=lambda f: f.char_start)


def _plural_nouns(
    text: str, start: int, end: int, any_plural: bool = False
) -> list[tuple[str, int]]:
    """Plural nouns in text[start:end] (only countable outputs unless any_plural)."""
    return [
        (m.group(0), m.start())
        for m in _WORD_TOKEN.finditer(text[start:end])
        if _is_plural_noun(m.group(0))
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


def _deliverables(
    text: str, units: list[Unit], tables: list[Table], ctx: _DocContext
) -> list[DeliverableFact]:
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
            if low in NON_OUTPUT_UNITS:
                continue
            if _NON_OUTPUT_CONTEXT.search(text[max(unit.start, q.start - 40) : q.start]):
                continue
            if q.spelled and low not in OUTPUT_UNITS:
                continue  # "the two bodies", "two sides": number words count only outputs
            if low not in OUTPUT_UNITS and not in_outputs and unit_word[0].isupper():
                continue  # capitalised words name things ("5 Star Hotels"), they do not count
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
                )
            )
    for table in tables:
        facts += _table_totals(text, table, ctx)
    return sorted(facts, key=lambda f: f.char_start)


def extract_document(source_id: str, text: str) -> DocumentFacts:
    """All grounded facts of one text."""
    units, tables = segment(text)
    orgs = [o for o in group_mentions(text, find_mentions(text)) if o.forms and is_organisation(o)]
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
                wikidata_id=org.reference.wikidata if org.reference else None,
            )
        )
    result.mentions = [MentionFact(norm_key(o.name), s, e, text[s:e]) for o, s, e in hits]
    result.milestones = _milestones(text, units, ctx)
    result.deliverables = _deliverables(text, units, tables, ctx)
    return result
