"""Word lists the extraction patterns are built from.

They describe English and the shapes of organisation names in general, never one text: a word
belongs here only if it would help on texts we have not seen.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_POSSESSIVE_END = re.compile(r"[’']s$")

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# The full month names, capitalised as written in a date ("June"), in calendar order.
MONTH_NAMES = tuple(
    max((name for name, number in MONTHS.items() if number == month), key=len).capitalize()
    for month in range(1, 13)
)

# Words that head an organisation's name, mapped to the organisation type they imply.
ORG_HEADS: dict[str, str] = {
    "organization": "agency", "organisation": "agency", "agency": "agency",
    "authority": "agency", "bureau": "agency", "office": "agency", "service": "agency",
    "administration": "agency", "directorate-general": "eu_institution",
    "directorate": "eu_institution", "commission": "eu_institution",
    "parliament": "eu_institution", "council": "council", "court": "eu_institution",
    "ministry": "ministry", "department": "ministry", "centre": "non_profit",
    "center": "non_profit", "foundation": "non_profit", "trust": "non_profit",
    "exchange": "exchange", "network": "network",
    "chamber": "chamber", "association": "network", "federation": "network",
    "confederation": "network", "keidanren": "network", "society": "network",
    "institute": "research_institute", "institution": "organisation",
    "laboratory": "research_institute", "laboratories": "research_institute",
    "observatory": "research_institute", "academy": "research_institute",
    "university": "university", "college": "university", "school": "university",
    "bank": "company", "corporation": "company", "company": "company", "group": "company",
    "holdings": "company", "industries": "company", "consortium": "consortium",
    "secretariat": "organisation", "committee": "organisation", "board": "agency",
    "delegation": "delegation", "embassy": "delegation", "undertaking": "agency",
    "cluster": "network", "politecnico": "university", "universidad": "university",
    "universität": "university", "université": "university", "università": "university",
    "universiteit": "university", "hochschule": "university", "instituto": "research_institute",
    "istituto": "research_institute", "institut": "research_institute",
    "fundación": "non_profit", "fondazione": "non_profit", "stiftung": "non_profit", "roundtable": "forum", "round table": "forum",
}  # fmt: skip

# Legal-form suffixes: a capitalised name followed by one of these is a company.
LEGAL_SUFFIXES: dict[str, str | None] = {
    "GmbH": "DE", "AG": None, "SE": None, "SA": None, "S.A.": None, "NV": None, "N.V.": None,
    "BV": "NL", "B.V.": "NL", "Ltd": None, "Ltd.": None, "Limited": None, "Inc": None,
    "Inc.": None, "Corp": None, "Corp.": None, "plc": "GB", "PLC": "GB", "K.K.": "JP",
    "Co.": None, "S.p.A.": "IT", "SpA": "IT", "SAS": "FR", "S.A.S.": "FR", "SARL": "FR",
    "Oy": "FI", "AB": "SE", "A/S": "DK", "ASA": "NO", "KG": "DE", "LLC": None,
}  # fmt: skip

# Internal bodies of an organisation, named like organisations but not ones themselves.
ORGANS = re.compile(
    r"^(?:the\s+)?(?:Board\s+of\s+(?:Directors|Governors|Trustees)|General\s+Assembly|"
    r"(?:Executive|Steering|Advisory|Management|Scientific)\s+(?:Board|Committee|Council)|"
    r"Secretariat|Secretary[- ]General|Annual\s+General\s+Meeting|"
    r"(?:Press|Public\s+Relations|Communications?|Media)\s+(?:Office|Department|Unit|Team))$",
    re.IGNORECASE,
)

# Heads that name a place, not a body: refused for shape names, allowed when a slot says "company".
PLACE_HEADS = {
    "japan", "europe", "union", "states", "kingdom", "community", "government", "republic",
    "area", "region", "prefecture", "city", "asia", "africa", "america",
}  # fmt: skip

# Heads of names that are not organisations (programmes, agreements, events, documents...).
NON_ORG_HEADS = {
    "agreement", "partnership", "programme", "program", "project", "initiative", "summit",
    "expo", "exhibition", "fair", "conference", "week", "award", "prize", "strategy", "plan",
    "act", "treaty", "decision", "regulation", "directive", "framework", "pavilion", "portal",
    "help-desk", "helpdesk", "webinar", "webinars", "newsletter", "mission", "missions",
    "report", "declaration", "memorandum", "understanding", "fellowship", "scheme",
    "insight", "platform", "policy", "news", "guide", "fact-sheet", "café", "cafe",
    "workshop", "workshops", "seminar", "seminars", "market", "industry", "economy", "manufacturing", "energy", "transformation", "connectivity", "infrastructure",
}  # fmt: skip

# Words that introduce a non-organisation name when they stand just before it.
NON_ORG_CUES = re.compile(
    r"\b(?:programme|program|project|initiative|agreement|scheme|event|fair|expo|"
    r"exhibition|conference|summit|webinars?|series|mission|version|newsletter|portal|"
    r"award|prize|directory|publication|report|strategy|plan)\W{0,6}$",
    re.IGNORECASE,
)

# Capitalised words that begin sentences or headings but never begin an organisation's name.
NAME_STOPWORDS = {
    "a", "an", "the", "this", "that", "these", "those", "its", "it", "our", "their", "his",
    "her", "we", "in", "on", "at", "by", "for", "with", "from", "as", "both", "each", "every",
    "all", "and", "or", "of", "to", "today", "yesterday", "after", "before", "since", "during",
    "launch", "opening", "signature", "extension", "publication", "coordination", "creation", "establishment", "foundation", "under",
    "through", "between", "among", "main", "also", "another", "such", "other", "more",
    "most", "first", "then", "there", "here", "when", "where", "while", "what", "which",
    "who", "how", "why", "together", "furthermore", "however", "moreover", "looking",
    "originally", "established", "founded", "via", "per", "about", "following", "members",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
    "mr", "ms", "mrs", "dr", "prof", "director", "director-general", "president", "minister",
    "commissioner", "ambassador", "chairman", "chair", "ceo", "head", "secretary", "kind",
    "type", "note", "see", "according", "based", "headquartered", "said", "says",
}  # fmt: skip

# Acronyms that are common nouns or non-organisations, never organisations on their own.
NON_ORG_ACRONYMS = {
    "EU", "EC", "UK", "US", "USA", "UN", "GDP", "SME", "SMEs", "ICT", "IT", "AI", "IoT",
    "R&D", "EPA", "SPA", "FTA", "MoU", "MOU", "FDI", "CEO", "CTO", "PhD", "B2B", "B2C",
    "COVID", "COVID19", "COVID-19", "WCM", "TPO", "TPOs", "HRTP", "GNSS", "ESG", "CO2",
    "IPR", "IP", "NGO", "NGOs", "EEA", "G7", "G20", "OK", "TV", "PR", "Q&A", "FAQ", "ID",
    "ASEAN", "EUR", "JPY", "USD", "GW", "MW", "KW", "BILAT",
}  # fmt: skip

# Nouns that, right after "cooperation with"-like words or in lists, mark a slot for partners.
PARTNER_TRIGGERS = (
    r"cooperation|collaboration|partnership|partnering|alliance|agreement|"
    r"memorandum of understanding|mou|joint venture|contract|deal|talks|dialogue|"
    r"work(?:s|ed|ing)? together|teamed up|cooperat(?:e|es|ed|ing)|collaborat(?:e|es|ed|ing)|"
    r"partner(?:s|ed)?|work(?:s|ed|ing)?(?:\s+closely)?"
)

# Nouns that, as the predicate of "X is a ...", say X is an organisation.
ORG_PREDICATES = {
    "company": "company", "firm": "company", "manufacturer": "company", "startup": "company",
    "start-up": "company", "operator": "company", "provider": "company", "group": "company",
    "corporation": "company", "enterprise": "company", "bank": "company",
    "organization": "organisation", "organisation": "organisation", "agency": "agency",
    "body": "agency", "authority": "agency", "institute": "research_institute",
    "hub": "research_institute", "centre": "research_institute",
    "center": "research_institute", "laboratory": "research_institute",
    "university": "university", "network": "network", "association": "network",
    "federation": "network", "chamber": "chamber", "consortium": "consortium",
    "exchange": "exchange", "ministry": "ministry", "forum": "forum",
    "institution": "organisation", "non-profit": "non_profit", "nonprofit": "non_profit",
    "ngo": "non_profit", "venture": "non_profit",
}  # fmt: skip

# Places below country level that commonly appear in EU-Japan texts, to tell countries.
PLACES: dict[str, str] = {
    "tokyo": "JP", "osaka": "JP", "kyoto": "JP", "kansai": "JP", "kanto": "JP",
    "yokohama": "JP", "nagoya": "JP", "kobe": "JP", "fukuoka": "JP", "sapporo": "JP",
    "hokkaido": "JP", "okinawa": "JP", "sendai": "JP", "hiroshima": "JP", "kyushu": "JP",
    "brussels": "BE", "flanders": "BE", "flemish": "BE", "wallonia": "BE", "walloon": "BE",
    "antwerp": "BE", "leuven": "BE", "ghent": "BE", "liège": "BE", "paris": "FR",
    "lyon": "FR", "berlin": "DE", "munich": "DE", "frankfurt": "DE", "hamburg": "DE",
    "düsseldorf": "DE", "bavaria": "DE", "madrid": "ES", "barcelona": "ES", "rome": "IT",
    "milan": "IT", "amsterdam": "NL", "eindhoven": "NL", "rotterdam": "NL", "vienna": "AT",
    "stockholm": "SE", "helsinki": "FI", "copenhagen": "DK", "dublin": "IE",
    "lisbon": "PT", "warsaw": "PL", "prague": "CZ", "budapest": "HU", "athens": "GR",
    "luxembourg": "LU", "geneva": "CH", "zurich": "CH", "london": "GB", "strasbourg": "FR",
}  # fmt: skip

DEMONYMS: dict[str, str] = {
    "japanese": "JP", "japan": "JP", "nippon": "JP", "european": "EU", "eu": "EU",
    "europe": "EU", "belgian": "BE", "german": "DE", "french": "FR", "italian": "IT",
    "spanish": "ES", "dutch": "NL", "austrian": "AT", "swedish": "SE", "finnish": "FI",
    "danish": "DK", "irish": "IE", "portuguese": "PT", "polish": "PL", "czech": "CZ",
    "hungarian": "HU", "greek": "GR", "luxembourgish": "LU", "estonian": "EE",
    "latvian": "LV", "lithuanian": "LT", "slovak": "SK", "slovenian": "SI",
    "croatian": "HR", "romanian": "RO", "bulgarian": "BG", "maltese": "MT",
    "cypriot": "CY", "british": "GB", "swiss": "CH", "norwegian": "NO", "american": "US",
}  # fmt: skip


def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.lower()] = country.alpha_2
    names.update({"czechia": "CZ", "korea": "KR", "south korea": "KR", "russia": "RU"})
    return names


COUNTRY_NAMES = _country_names()


# Memoised (bounded): called for every word of every candidate name, and words repeat.
@lru_cache(maxsize=8192)
def place_country(word: str) -> str | None:
    """Country code for a country, demonym or well-known place name, else None."""
    key = _POSSESSIVE_END.sub("", word.lower().strip(" .,"))
    return COUNTRY_NAMES.get(key) or DEMONYMS.get(key) or PLACES.get(key)


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country written by name ("France", "Czech Republic")."""
    return COUNTRY_NAMES.get(name.lower().strip())


def is_place(name: str) -> bool:
    """True when the whole name is a country, region or city, not an organisation."""
    key = name.lower().strip()
    if key.startswith("the "):
        key = key[4:]
    return key in COUNTRY_NAMES or key in PLACES or key in DEMONYMS or key in {
        "europe", "asia", "africa", "america", "the eu", "eu", "kansai region",
    }  # fmt: skip


# Countable things cooperation produces; outside a "deliverables" section a count must be one.
OUTPUT_UNITS = {
    "participants", "attendees", "delegates", "students", "trainees", "interns", "fellows",
    "researchers", "scientists", "engineers", "experts", "executives", "managers", "leaders",
    "officials", "entrepreneurs", "startups", "start-ups", "companies", "firms",
    "enterprises", "smes", "businesses", "members", "partners", "organisations",
    "organizations", "institutions", "universities", "clusters", "events", "seminars",
    "webinars", "workshops", "conferences", "missions", "meetings", "sessions", "courses",
    "trainings", "fairs", "exhibitions", "delegations", "visits", "reports", "studies",
    "publications", "newsletters", "guides", "factsheets", "fact-sheets", "videos",
    "podcasts", "recipients", "subscribers", "readers", "visitors", "users", "agreements",
    "contracts", "memoranda", "partnerships", "projects", "programmes", "programs",
    "applications", "applicants", "proposals", "grants", "scholarships", "placements",
    "internships", "jobs", "patents", "alumni", "matchmakings", "consortia", "networks", "graduates", "exhibitors",
    "speakers", "pupils", "teachers", "professionals", "trainers", "mentors", "deals",
    "investments", "fellowships", "exchanges", "lectures", "b2b", "enquiries", "inquiries",
    "requests", "queries", "beneficiaries", "pilots", "services", "tools", "databases",
    "schools", "calls", "recommendations", "campaigns",
}  # fmt: skip

# Counted things that are measures, not outputs (durations, money, sizes).
NON_OUTPUT_UNITS = {
    "employees", "staff", "workers", "personnel", "directors", "seats", "shareholders",
    "states", "tariffs", "products", "goods", "items", "sides", "parties", "leaders'",
    "years", "year", "days", "day", "months", "month", "weeks", "week", "hours", "hour",
    "minutes", "seconds", "decades", "centuries", "times", "percent", "euros", "euro",
    "yen", "dollars", "tonnes", "tons", "km", "kilometres", "kilometers", "metres",
    "meters", "kg", "gw", "mw", "kw", "twh", "gwh", "points", "steps", "pages", "percents",
    "anniversaries", "generations", "billion", "million", "thousand",
    # Places counted are where something happens or sells, not what cooperation produced.
    "countries", "regions", "cities", "prefectures", "markets", "continents",
}  # fmt: skip
NON_ORG_HEADS |= PLACE_HEADS

IRREGULAR_PLURALS = {
    "people", "staff", "children", "alumni", "personnel", "women", "men", "media", "data",
    "criteria", "memoranda", "consortia", "curricula", "fish", "sheep", "series",
}  # fmt: skip
