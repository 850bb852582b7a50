"""One Pandera model per published table: the whole description of the data.

Validation, the builder's column order, Dagster column schemas and asset checks, DuckDB DDL and
comments, the data dictionary and the Frictionless descriptor all read these models. Field
`metadata` carries what Pandera has no slot for: `primary_key`, `foreign_key` ("table.column")
and `arrow` (the Parquet type of list columns); `__contract__` carries the published name and
column order, whether rows are grounded in source text, and the warning checks with their
thresholds (see `schemas.base`).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .base import (
    GROUNDING_COLUMNS,
    ID_PATTERN,
    SHRINK,
    SOURCE_ID_PATTERN,
    Contract,
    SingleSourceWarning,
    TableModel,
    UnattributedWarning,
)
from .base import foreign_key as _fk
from .base import primary_key as _pk
from .base import string_list as _list

QUALIFIERS = ("exact", "at_least", "at_most", "approx", "range")
ORG_TYPES = (
    "agency",
    "bank",
    "business_federation",
    "chamber",
    "company",
    "consortium",
    "council",
    "court",
    "delegation",
    "directorate_general",
    "eu_agency",
    "eu_institution",
    "exchange",
    "forum",
    "government",
    "intergovernmental_organisation",
    "ministry",
    "network",
    "non_profit",
    "organisation",
    "parliament",
    "research_institute",
    "university",
)
MILESTONE_KINDS = (
    "agreement",
    "anniversary",
    "appointment",
    "decision",
    "entry_into_force",
    "event",
    "extension",
    "founding",
    "launch",
    "meeting",
    "membership",
    "negotiation",
    "opening",
    "other",
    "provisional_application",
    "publication",
    "visit",
)
DATE_PRECISIONS = ("year", "month", "day")
PARTICIPANT_ROLES = ("party", "organiser", "host", "signatory", "participant")
MEASURES = ("total", "rate")
RATE_PERIODS = ("year", "month", "week")
PROGRAMME_KINDS = (
    "training",
    "fellowship",
    "exchange",
    "research_framework",
    "business_support",
    "funding_instrument",
    "project",
    "dialogue",
    "initiative",
    "other",
)
RELATIONS = (
    "founded_by",
    "joint_venture_of",
    "partner_of",
    "member_of",
    "part_of",
    "coordinates",
    "secretariat_of",
    "funds",
    "runs",
    "signed_agreement_with",
    "hosts",
    "cooperates_with",
)


class _Grounded(TableModel):
    """Columns every grounded fact carries: where in which text it was read."""

    source_id: Series[str] = _fk(
        "sources.source_id", "Source text the fact was read from.", str_matches=SOURCE_ID_PATTERN
    )
    char_start: Series[int] = pa.Field(
        ge=0, description="Start of the quote: Unicode code point offset in the decoded text."
    )
    char_end: Series[int] = pa.Field(
        gt=0, description="End of the quote (exclusive), code points; quote = text[start:end]."
    )
    quote: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Verbatim text[char_start:char_end]."
    )

    @pa.dataframe_check(error="char_end must be greater than char_start")
    @classmethod
    def span_is_positive(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_end"] > df["char_start"]

    @pa.dataframe_check(error="quote length must equal char_end - char_start")
    @classmethod
    def quote_length_matches_span(cls, df: pd.DataFrame) -> pd.Series:
        return df["quote"].str.len() == (df["char_end"] - df["char_start"])


class Sources(TableModel):
    """The texts the facts were read from: one row per file in the sources folder."""

    __contract__ = Contract(
        table="sources",
        columns=(
            "source_id",
            "path",
            "sha256",
            "bytes",
            "chars",
            "title",
            "publisher",
            "url",
            "licence",
            "attribution",
            "language",
            "date_added",
            "in_catalogue",
        ),
    )

    source_id: Series[str] = _pk(
        "Stable identifier of the text (catalogue id, else derived from the file name).",
        str_matches=SOURCE_ID_PATTERN,
    )
    path: Series[str] = pa.Field(description="Path of the file relative to the sources folder.")
    sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes, as stored."
    )
    bytes: Series[int] = pa.Field(gt=0, description="Size of the file in bytes.")
    chars: Series[int] = pa.Field(gt=0, description="Length of the decoded text in code points.")
    title: Series[str] = pa.Field(description="Title of the text.")
    publisher: Series[str] = pa.Field(nullable=True, description="Who published the text.")
    url: Series[str] = pa.Field(nullable=True, description="Where the text was published.")
    licence: Series[str] = pa.Field(description="Licence under which the text is reused.")
    attribution: Series[str] = pa.Field(
        nullable=True, description="Attribution to show when reusing facts from this text."
    )
    language: Series[str] = pa.Field(description="Language of the text (ISO 639-1).")
    date_added: Series[str] = pa.Field(
        nullable=True, description="Date the text was added to the collection (YYYY-MM-DD)."
    )
    in_catalogue: Series[bool] = pa.Field(
        description="True if described in sources/catalogue.yaml, false if metadata is derived."
    )

    class Config:
        ordered = True


class Organisations(TableModel):
    """Organisations named in the texts, one row per organisation across all sources."""

    __contract__ = Contract(
        table="organisations",
        columns=(
            "org_id",
            "name",
            "acronym",
            "aliases",
            "country",
            "org_type",
            "wikidata_id",
            "source_ids",
            "mention_count",
        ),
        warnings=(SHRINK, SingleSourceWarning()),
    )

    org_id: Series[str] = _pk(
        "Stable identifier made from the organisation's normalised name.",
        str_matches=ID_PATTERN,
    )
    name: Series[str] = pa.Field(description="Canonical (longest, most often written) full name.")
    acronym: Series[str] = pa.Field(nullable=True, description="Acronym, when one is used.")
    aliases: Series[object] = _list(
        "Other ways the texts write it: acronyms, spellings, misspellings (list of strings)."
    )
    country: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 country; EU for EU bodies; null for intergovernmental "
        "organisations and when unknown.",
    )
    org_type: Series[str] = pa.Field(
        isin=ORG_TYPES,
        description="Kind of organisation; from the reference list when it knows the body, "
        "else from the name's head word or the sentence; 'organisation' when nothing says more.",
    )
    wikidata_id: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^Q[1-9][0-9]*$",
        description="Wikidata item of the organisation (from the hand-checked reference list "
        "in eujapan/reference/); null when unknown.",
    )
    source_ids: Series[object] = _list("Sources that mention it (list of source_id).")
    mention_count: Series[int] = pa.Field(ge=1, description="Number of grounded mentions.")

    class Config:
        ordered = True


class OrganisationMentions(_Grounded):
    """Every place an organisation is named, with the exact words used."""

    __contract__ = Contract(
        table="organisation_mentions",
        columns=("mention_id", "org_id", *GROUNDING_COLUMNS),
        grounded=True,
    )

    mention_id: Series[str] = _pk(
        "Identifier made from source, offsets and organisation.", str_matches=ID_PATTERN
    )
    org_id: Series[str] = _fk("organisations.org_id", "Organisation named here.")


class Milestones(_Grounded):
    """Dated events in the life of the cooperation: one row per event per source."""

    __contract__ = Contract(
        table="milestones",
        columns=(
            "milestone_id",
            "date",
            "date_precision",
            "year",
            "month",
            "day",
            "org_id",
            "programme_id",
            "event_id",
            "kind",
            "title",
            "description",
            *GROUNDING_COLUMNS,
        ),
        grounded=True,
        # More facts than this without an organisation is suspicious.
        warnings=(SHRINK, UnattributedWarning(max_share=0.5)),
    )

    milestone_id: Series[str] = _pk(
        "Identifier made from source, date, kind and title.", str_matches=ID_PATTERN
    )
    date: Series[str] = pa.Field(
        str_matches=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$",
        description="Date of the event as the text gives it: YYYY, YYYY-MM or YYYY-MM-DD "
        "(sorts in time order as text).",
    )
    date_precision: Series[str] = pa.Field(
        isin=DATE_PRECISIONS, description="How precise the date is: year, month or day."
    )
    year: Series[int] = pa.Field(ge=1500, le=2100, description="Year of the event.")
    month: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1, le=12, description="Month (1-12) when the text gives one."
    )
    day: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1, le=31, description="Day of the month when the text gives one."
    )
    org_id: Series[str] = _fk(
        "organisations.org_id",
        "Organisation the event belongs to; null when the text names none.",
        nullable=True,
    )
    programme_id: Series[str] = _fk(
        "programmes.programme_id",
        "Programme the event is about (named in its title); null when none.",
        nullable=True,
    )
    event_id: Series[str] = _fk(
        "events.event_id",
        "The real event: milestones of different texts that report the same event share it.",
        str_matches=ID_PATTERN,
    )
    kind: Series[str] = pa.Field(isin=MILESTONE_KINDS, description="Kind of event.")
    title: Series[str] = pa.Field(
        description="Name of the event in the text's own words: 3-16 words, no Markdown, no "
        "ellipsis (from the heading or cell that names it, else from its trigger's clause)."
    )
    description: Series[str] = pa.Field(description="The sentence or list item, cleaned.")


class MilestoneParticipants(_Grounded):
    """Organisations the text names as taking part in a milestone, with their role."""

    __contract__ = Contract(
        table="milestone_participants",
        columns=("participant_id", "milestone_id", "org_id", "role", *GROUNDING_COLUMNS),
        grounded=True,
        warnings=(SHRINK,),
    )

    participant_id: Series[str] = _pk(
        "Identifier made from the milestone, the organisation and the role.", str_matches=ID_PATTERN
    )
    milestone_id: Series[str] = _fk("milestones.milestone_id", "The event.")
    org_id: Series[str] = _fk("organisations.org_id", "The organisation taking part.")
    role: Series[str] = pa.Field(
        isin=PARTICIPANT_ROLES,
        description="party (of an agreement or talks), organiser, host, signatory, or "
        "participant; the quote is the organisation's name inside the event's sentence.",
    )


class Deliverables(_Grounded):
    """Counted outputs of the cooperation (participants, events, reports, agreements, ...)."""

    __contract__ = Contract(
        table="deliverables",
        columns=(
            "deliverable_id",
            "org_id",
            "programme_id",
            "quantity",
            "quantity_max",
            "qualifier",
            "unit",
            "measure",
            "rate_per",
            "period_start",
            "period_end",
            "breakdown_country",
            "part_of_total",
            "description",
            *GROUNDING_COLUMNS,
        ),
        grounded=True,
        warnings=(SHRINK, UnattributedWarning(max_share=0.5)),
    )

    deliverable_id: Series[str] = _pk(
        "Identifier made from source, unit and its occurrence.", str_matches=ID_PATTERN
    )
    org_id: Series[str] = _fk(
        "organisations.org_id", "Organisation credited; null when unknown.", nullable=True
    )
    programme_id: Series[str] = _fk(
        "programmes.programme_id",
        "Programme the count is about (named in its phrase or list item); null when none.",
        nullable=True,
    )
    quantity: Series[float] = pa.Field(
        gt=0, le=1e12, description="The count as a number (lower bound); finite and positive."
    )
    quantity_max: Series[float] = pa.Field(
        nullable=True, ge=0, description="Upper bound when the text gives a range, else null."
    )
    qualifier: Series[str] = pa.Field(
        isin=QUALIFIERS,
        description="exact; at_least ('over 100'); at_most; approx ('ca 20,000'); range.",
    )
    unit: Series[str] = pa.Field(description="What was counted (plural noun, lower case).")
    measure: Series[str] = pa.Field(
        isin=MEASURES,
        description="total: a count over the period; rate: a count per rate_per "
        "('about 40 participants a year'). Totals and rates never add up together.",
    )
    rate_per: Series[str] = pa.Field(
        nullable=True, isin=RATE_PERIODS, description="For a rate: per year, month or week."
    )
    period_start: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1500, le=2100, description="First year the count covers, when given."
    )
    period_end: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=1500,
        le=2100,
        description="Last year the count covers, when given (equal to period_start for a "
        "reference year; null for 'since 1997').",
    )
    breakdown_country: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^[A-Z]{2}$",
        description="For a row of a statistics table: the country it counts (ISO 3166-1).",
    )
    part_of_total: Series[bool] = pa.Field(
        description="True for a row of a breakdown (a statistics table's per-country row): "
        "add it only to its siblings, never to the total it is part of."
    )
    description: Series[str] = pa.Field(description="The phrase or list item, cleaned.")

    @pa.dataframe_check(error="a range needs quantity_max >= quantity")
    @classmethod
    def range_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        is_range = df["qualifier"] == "range"
        return ~is_range | (df["quantity_max"].fillna(-1) >= df["quantity"])


class Programmes(TableModel):
    """Programmes, schemes, projects and initiatives, one row per programme across all sources."""

    __contract__ = Contract(
        table="programmes",
        columns=(
            "programme_id",
            "name",
            "aliases",
            "kind",
            "org_ids",
            "first_year",
            "source_ids",
        ),
    )

    programme_id: Series[str] = _pk(
        "Stable identifier made from the programme's normalised name.", str_matches=ID_PATTERN
    )
    name: Series[str] = pa.Field(description="Canonical (most often written, longest) name.")
    aliases: Series[object] = _list(
        "Other ways the texts write it: acronyms, spellings, plural forms (list of strings)."
    )
    kind: Series[str] = pa.Field(
        isin=PROGRAMME_KINDS,
        description="training, fellowship, exchange, research_framework, business_support, "
        "funding_instrument, project, dialogue, initiative or other; from its head noun or the "
        "words around its first mention.",
    )
    org_ids: Series[object] = _list(
        "Organisations the texts say run, fund, coordinate or launched it (list of org_id)."
    )
    first_year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=1500,
        le=2100,
        description="Earliest year a text says it was launched or started; null when none does.",
    )
    source_ids: Series[object] = _list("Sources that name it (list of source_id).")

    class Config:
        ordered = True


class Events(TableModel):
    """Real events, each once: the milestones of several texts that report it share its id."""

    __contract__ = Contract(
        table="events",
        columns=(
            "event_id",
            "date",
            "date_precision",
            "year",
            "kind",
            "title",
            "milestone_ids",
            "source_ids",
            "source_count",
        ),
    )

    event_id: Series[str] = _pk(
        "Identifier made from the first of its milestones.", str_matches=ID_PATTERN
    )
    date: Series[str] = pa.Field(
        str_matches=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$",
        description="Best-known date: the most precise date a report gives (YYYY[-MM[-DD]]).",
    )
    date_precision: Series[str] = pa.Field(
        isin=DATE_PRECISIONS, description="How precise the date is: year, month or day."
    )
    year: Series[int] = pa.Field(ge=1500, le=2100, description="Year of the event.")
    kind: Series[str] = pa.Field(isin=MILESTONE_KINDS, description="Kind of event.")
    title: Series[str] = pa.Field(description="Title of the report with the best-known date.")
    milestone_ids: Series[object] = _list("The milestones that report it (list of milestone_id).")
    source_ids: Series[object] = _list("Every source that reports it (list of source_id).")
    source_count: Series[int] = pa.Field(ge=1, description="Number of sources that report it.")

    class Config:
        ordered = True


class Relationships(_Grounded):
    """Ties a text states between two organisations, or an organisation and a programme."""

    __contract__ = Contract(
        table="relationships",
        columns=(
            "relationship_id",
            "org_id",
            "relation",
            "other_org_id",
            "programme_id",
            "year",
            *GROUNDING_COLUMNS,
        ),
        grounded=True,
    )

    relationship_id: Series[str] = _pk(
        "Identifier made from source, offsets, relation and both ends.", str_matches=ID_PATTERN
    )
    org_id: Series[str] = _fk(
        "organisations.org_id", "The organisation the tie is stated of (its subject)."
    )
    relation: Series[str] = pa.Field(
        isin=RELATIONS,
        description="org_id <relation> the other end: founded_by, joint_venture_of, partner_of, "
        "member_of, part_of, coordinates, secretariat_of, funds, runs, signed_agreement_with, "
        "hosts, cooperates_with.",
    )
    other_org_id: Series[str] = _fk(
        "organisations.org_id",
        "The other end when it is an organisation; null when it is a programme.",
        nullable=True,
    )
    programme_id: Series[str] = _fk(
        "programmes.programme_id",
        "The other end when it is a programme; null when it is an organisation.",
        nullable=True,
    )
    year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1500, le=2100, description="Year the text dates the tie; null if none."
    )

    @pa.dataframe_check(error="exactly one of other_org_id and programme_id must be set")
    @classmethod
    def one_other_end(cls, df: pd.DataFrame) -> pd.Series:
        return df["other_org_id"].notna() ^ df["programme_id"].notna()


# Publication order matters: referenced tables come first.
TABLES: dict[str, type[TableModel]] = {
    model.__contract__.table: model
    for model in (
        Sources,
        Organisations,
        Programmes,
        OrganisationMentions,
        Events,
        Milestones,
        MilestoneParticipants,
        Deliverables,
        Relationships,
    )
}
