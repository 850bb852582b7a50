"""The reference list of institutions, kept as data, and one pass over a text to find them.

The list lives in `eujapan/reference/institutions_*.yaml` (one entry per institution: canonical
name, acronyms and aliases as written, country, type, Wikidata id, where the facts come from).
It is one kind of evidence among others: a form found here still has to be used as a name in the
text (an ambiguous acronym or a bare common noun such as "Commission" only counts when the full
name is in the same text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .lexicon import NAME_STOPWORDS
from .scan import trie_pattern

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
# Read last: its entries are dropped where another file lists the same institution.
_CORE_FILE = "institutions_core.yaml"
_AMBIGUOUS_FILE = "ambiguous_acronyms.yaml"
_SHORT_FORMS_FILE = "eu_short_forms.yaml"

# Reference types -> the published `org_type` values (schemas.tables.ORG_TYPES).
PUBLISHED_TYPE = {
    "eu_institution": "eu_institution",
    "eu_agency": "eu_agency",
    "directorate_general": "directorate_general",
    "delegation": "delegation",
    "ministry": "ministry",
    "agency": "agency",
    "government": "government",
    "intergovernmental_organisation": "intergovernmental_organisation",
    "parliament": "parliament",
    "business_federation": "business_federation",
    "chamber": "chamber",
    "research_institute": "research_institute",
    "university": "university",
    "company": "company",
    "non_profit": "non_profit",
    "network": "network",
    "consortium": "consortium",
    "exchange": "exchange",
    "bank": "bank",
    "court": "court",
    "forum": "forum",
    "other": "organisation",
    # Known so that it is never taken for an organisation: the EU, the European Community.
    "polity": "polity",
}
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_ENTRY_KEYS = ("name", "acronyms", "aliases", "country", "type", "wikidata", "checked")

# libyaml's loader where PyYAML has it: the list is read once per process, ~10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# "EUROfusion Fusion Technology Programme": a body's name inside the name of a programme.
_NAMES_A_PROGRAMME = re.compile(
    r"(?:\s+[A-Z][\w\-]*){0,4}\s+(?:Programme|Program|Project|Fund|Instrument|Scheme|Initiative)\b"
)


_POSSESSIVE_OF = re.compile(r"[’']s\s")

# "Mr Hiroyuki Takeda": a one-word name right after another capitalised word is part of a
# longer name (a person's, a company's), not a mention of its own.
_WORD_BEFORE = re.compile(r"([A-Z][a-z’'\-]+)[ \t]+$")


def _in_longer_name(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return before is not None and before.group(1).lower() not in NAME_STOPWORDS


class ReferenceError(ValueError):
    """The reference list is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Institution:
    name: str
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]
    country: str | None
    org_type: str
    wikidata: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    form: str
    institution: Institution
    is_acronym: bool


def _strip_article(form: str) -> str:
    return form[4:] if form.startswith("the ") else form


def _entry(raw: object, where: str) -> Institution:
    if not isinstance(raw, dict):
        raise ReferenceError(f"{where}: an entry must be a mapping, not {type(raw).__name__}")
    missing = [k for k in _ENTRY_KEYS if k not in raw]
    if missing:
        raise ReferenceError(f"{where}: entry {raw.get('name')!r} lacks {', '.join(missing)}")
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise ReferenceError(f"{where}: entry name {name!r} must be non-empty text")
    country, kind, qid = raw["country"], raw["type"], raw["wikidata"]
    if country is not None and not _COUNTRY.match(str(country)):
        raise ReferenceError(f"{where}: {name}: country {country!r} is not ISO 3166-1 alpha-2")
    if kind not in PUBLISHED_TYPE:
        raise ReferenceError(f"{where}: {name}: unknown type {kind!r}")
    if qid is not None and not _WIKIDATA.match(str(qid)):
        raise ReferenceError(f"{where}: {name}: Wikidata id {qid!r} is not of the form Q123")
    forms = {}
    for key in ("acronyms", "aliases"):
        values = raw[key] or []
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise ReferenceError(f"{where}: {name}: {key} must be a list of text")
        forms[key] = tuple(dict.fromkeys(_strip_article(v.strip()) for v in values))
    # A one-word alias in capitals ("ITER", "EURATOM") is read like an acronym: it may also be
    # the name of a project or a programme, so the ambiguity rules apply to it.
    shouted = tuple(a for a in forms["aliases"] if " " not in a and a.isupper())
    forms["acronyms"] = tuple(dict.fromkeys((*forms["acronyms"], *shouted)))
    forms["aliases"] = tuple(a for a in forms["aliases"] if a not in shouted)
    return Institution(
        name=name.strip(),
        acronyms=forms["acronyms"],
        aliases=tuple(a for a in forms["aliases"] if a != name.strip()),
        country=country,
        org_type=PUBLISHED_TYPE[kind],
        wikidata=qid,
    )


@cache
def institutions(folder: Path = REFERENCE_DIR) -> tuple[Institution, ...]:
    """Every entry of the reference files, one per institution (the core file yields)."""
    files = sorted(p for p in folder.glob("institutions_*.yaml") if p.name != _CORE_FILE)
    files.append(folder / _CORE_FILE)
    seen: dict[str, str] = {}
    result: list[Institution] = []
    for path in files:
        if not path.exists():
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []
        if not isinstance(data, list):
            raise ReferenceError(f"{path.name}: must hold a list of entries")
        for i, raw in enumerate(data):
            inst = _entry(raw, f"{path.name} entry {i + 1}")
            key = inst.name.casefold()
            if key in seen:
                if path.name == _CORE_FILE:
                    continue
                raise ReferenceError(f"{path.name}: {inst.name!r} is also listed in {seen[key]}")
            seen[key] = path.name
            result.append(inst)
    return tuple(result)


@cache
def ambiguous_acronyms(folder: Path = REFERENCE_DIR) -> frozenset[str]:
    """Acronyms that also mean other things: the data file's, and those two entries share."""
    path = folder / _AMBIGUOUS_FILE
    listed = set(yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else set()
    owners: dict[str, int] = {}
    for inst in institutions(folder):
        for acr in inst.acronyms:
            owners[acr] = owners.get(acr, 0) + 1
    return frozenset(listed | {a for a, n in owners.items() if n > 1})


@cache
def eu_short_forms(folder: Path = REFERENCE_DIR) -> dict[str, str]:
    """Bare short forms ("Council") -> the EU institution they name in a text about the EU."""
    data = yaml.safe_load((folder / _SHORT_FORMS_FILE).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ReferenceError(f"{_SHORT_FORMS_FILE}: must map short forms to canonical names")
    return {str(k): str(v) for k, v in data.items()}


def _spellings(name: str) -> list[str]:
    """A name as texts write it: with and without the serial comma before "and"."""
    variants = [name]
    if ", and " in name:
        variants.append(name.replace(", and ", " and "))
    elif "," in name and " and " in name:
        variants.append(name.replace(" and ", ", and "))
    return variants


@cache
def _matcher(
    folder: Path = REFERENCE_DIR,
) -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...], dict[str, tuple[Institution, bool]]]:
    """One pattern over every form (names also in capitals: "THE COUNCIL OF ..."); the same
    without the forms that begin with a lower-case letter, and those forms; and what each
    written form is: the first institution that lists it, and whether it is an acronym.

    The few lower-case forms ("imec", "eu-LISA") make the engine stop at most letters of a
    text; a text that writes none of them is scanned without them (the same matches)."""
    forms: dict[str, tuple[Institution, bool]] = {}
    for inst in institutions(folder):
        for name in inst.names:
            for form in _spellings(name):
                forms.setdefault(form, (inst, False))
        for acr in inst.acronyms:
            forms.setdefault(acr, (inst, True))
    # "European Parliament's Delegation ...": a form that starts with another body's name in
    # the possessive names both; matched without it, the text yields a mention of each.
    for form in [f for f in forms if _POSSESSIVE_OF.search(f)]:
        owner = _POSSESSIVE_OF.split(form, maxsplit=1)[0]
        if owner in forms and forms[owner][0] is not forms[form][0]:
            del forms[form]
    for form, (inst, is_acr) in list(forms.items()):
        if not is_acr and len(form) > 3:
            forms.setdefault(form.upper(), (inst, False))
    # Begins a word; ends one (a hyphen only when a space follows: "Japan- and EU-based").
    lower_led = tuple(sorted(f for f in forms if f[0].islower()))
    patterns = [
        re.compile("(?:" + trie_pattern(chosen, not_after=r"[\w&\-]") + r")(?![\w&]|-(?!\s))")
        for chosen in (sorted(forms), sorted(f for f in forms if f not in lower_led))
    ]
    return patterns[0], patterns[1], lower_led, forms


def find_institutions(text: str, common_nouns: frozenset[str] = frozenset()) -> list[Hit]:
    """Every use of a reference form in the text, longest first at each word, in one pass.

    A one-word alias that is a common noun ("Commission", "Centre") and an ambiguous acronym
    count only where the same text also writes one of the institution's full names.
    """
    pattern, without_lower_led, lower_led, forms = _matcher()
    if not any(form in text for form in lower_led):
        pattern = without_lower_led  # those forms cannot match here
    hits: list[Hit] = []
    for m in pattern.finditer(text):
        written = m.group()
        inst, is_acr = forms[written]
        if _NAMES_A_PROGRAMME.match(text, m.end()):
            continue
        if " " not in written and not is_acr and _in_longer_name(text, m.start()):
            continue
        hits.append(Hit(m.start(), m.end(), written, inst, is_acr))

    def is_full_name(h: Hit) -> bool:
        return not h.is_acronym and h.form.casefold() not in common_nouns

    named = {h.institution for h in hits if is_full_name(h)}
    weak = ambiguous_acronyms()
    return [
        h
        for h in hits
        if is_full_name(h) or h.institution in named or (h.is_acronym and h.form not in weak)
    ]
