"""The facts one document yields, as plain dataclasses: organisations, their mentions,
milestones and deliverables. Every fact that quotes the text has `quote ==
text[char_start:char_end]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # [org_key, role, start, end]: organisations named in the quote as taking part.
    participants: list[list] = field(default_factory=list)
    programme_key: str | None = None  # the programme the event is about (programmes.py)

    @property
    def date(self) -> str:
        """YYYY, YYYY-MM or YYYY-MM-DD: as precise as the text, and sortable as text."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def date_precision(self) -> str:
        return "day" if self.month and self.day else "month" if self.month else "year"


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
    measure: str = "total"  # or "rate": a count per rate_per
    rate_per: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    breakdown_country: str | None = None
    part_of_total: bool = False
    programme_key: str | None = None  # the programme the count is about (programmes.py)


@dataclass
class ProgrammeFact:
    """A programme, scheme, project or initiative as one document names it."""

    key: str  # normalised name, the document-level identity
    name: str
    forms: list[str]  # every other way this text writes it
    kind: str
    first_year: int | None
    org_keys: list[str]  # organisations the text says run, fund or launched it
    char_start: int  # the first place the text names it
    char_end: int
    quote: str


@dataclass
class RelationshipFact:
    """A tie the text states between an organisation and another one or a programme."""

    org_key: str
    relation: str
    other_org_key: str | None  # exactly one of other_org_key and programme_key is set
    programme_key: str | None
    year: int | None
    char_start: int  # the sentence, list item or cell that states it
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
    programmes: list[ProgrammeFact] = field(default_factory=list)
    relationships: list[RelationshipFact] = field(default_factory=list)

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
            "programmes": [{**vars(p), "forms": list(p.forms)} for p in self.programmes],
            "relationships": [dict(vars(r)) for r in self.relationships],
        }
