"""One document's mentions grouped into its organisations, each with every form it is written in.

Long forms come first, so that acronyms and short forms attach to them; a reference entry names
the organisation it matches. Then undefined acronyms that spell a long form ("EEN"), misspelt
acronyms ("JPEX" for "JEPX") and short forms ("EU-Japan Centre") join their organisations, and
organisations whose forms collide are merged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from .forms import occurs_as_word
from .institutions import eu_short_forms
from .lexicon import DEMONYMS, LEGAL_SUFFIXES, NON_ORG_ACRONYMS, place_country
from .names import (
    MEMO_SIZE,
    DocOrg,
    Mention,
    initials_of,
    name_words,
    norm_key,
    org_head_type,
    strip_marks,
)
from .reference import reference_by_form, reference_keys

# Patterns used inside functions, compiled once: re's own cache costs a lookup per call.
_NAME_SPLIT = re.compile(r"[-\s.]")
_NATIONAL_PREFIX = re.compile(r"^(?:the\s+)?([A-Z][a-z]+)\s+(?=[A-Z][a-z]+\s+(?:of|for)\s)")
# `(?<![\w-])([A-Z]{2,8})(?![\w-])`, written to begin with the capital so that the engine can
# skip to capitals (the lookbehind then checks the character before it): twice as fast.
# A match is always a whole run of capitals between non-word characters (no shorter match is
# left to backtrack to), so the tokens of three letters or more are the longer tokens below.
_UPPER_TOKEN = re.compile(r"[A-Z](?<![\w-][A-Z])[A-Z]{1,7}(?![\w-])")
_SHORT_FORM = re.compile(
    r"^(.+?\b(?:Cent(?:re|er)|Institute|Agency|Network|Organi[sz]ation))\s+(?:for|of)\s"
)


@lru_cache(maxsize=MEMO_SIZE)
def _country_from_name(name: str) -> str | None:
    words = name_words(strip_marks(name))
    for legal, country in LEGAL_SUFFIXES.items():
        if country and name.endswith(" " + legal):
            return country
    codes = {place_country(w) for w in words if place_country(w)}
    for w in _NAME_SPLIT.split(name):
        code = place_country(w)
        if code:
            codes.add(code)
    if len(codes) == 1:
        return codes.pop()
    return None


_FOR_OF = re.compile(r"\s+(?:for|of)\s")
_FOR_OF_AHEAD = re.compile(r"(?=\s+(?:for|of)\s)")  # every position where _FOR_OF matches


def group_mentions(text: str, mentions: list[Mention]) -> list[DocOrg]:
    """Group one document's mentions into organisations (acronyms, short forms, misspellings)."""
    orgs: dict[str, DocOrg] = {}
    alias_of: dict[str, str] = {}  # norm key of any form -> key of its organisation

    def org_for(key: str) -> DocOrg | None:
        seen = set()
        while key in alias_of and key not in seen:
            seen.add(key)
            key = alias_of[key]
        return orgs.get(key)

    ref_by_form = reference_by_form()
    longer_by_prefix: dict[str, list[DocOrg]] = {}

    def add_org(name: str, m: Mention | None = None) -> DocOrg:
        key = norm_key(name)
        existing = org_for(key)
        if existing:
            return existing
        org = DocOrg(name=name, forms={name})
        orgs[key] = org
        alias_of[key] = key
        # Every prefix P with `name.startswith(P) and _FOR_OF.match(name, len(P))`, so that the
        # longer names of a short form are looked up instead of tested one by one.
        for at in _FOR_OF_AHEAD.finditer(name):
            longer_by_prefix.setdefault(name[: at.start()], []).append(org)
        return org

    # Long forms first, so acronyms and short forms attach to them.
    ordered = sorted(
        mentions, key=lambda m: (m.acronym == m.name, m.evidence == "reference", -len(m.name))
    )
    defined: dict[str, DocOrg] = {}
    for m in ordered:
        ref = ref_by_form.get(norm_key(m.name)) or (
            ref_by_form.get("acr:" + m.name) if m.acronym == m.name else None
        )
        if m.evidence == "eu_short":
            ref = ref_by_form.get(norm_key(eu_short_forms().get(m.name, "")))
            if not ref:
                continue
        if ref:
            org = add_org(ref.name)
            org.forms.add(m.name)
            org.acronym = org.acronym or next(
                (a for a in ref.acronyms if occurs_as_word(text, a)), None
            )
            org.reference = ref
            alias_of[norm_key(m.name)] = norm_key(org.name)
            if org.acronym:
                defined.setdefault(org.acronym, org)
            org.evidence.add("reference")
            continue
        if m.acronym and m.acronym != m.name:
            org = add_org(m.name)
            org.acronym = org.acronym or m.acronym
            defined.setdefault(m.acronym, org)
            alias_of[norm_key(m.acronym)] = norm_key(org.name)
        elif m.acronym and m.acronym == m.name:
            org = defined.get(m.name)
            if org is None:
                continue
        else:
            # "Japanese Ministry of ..." is the Ministry of ...; keep the national prefix as an alias.
            bare = _NATIONAL_PREFIX.sub("", m.name)
            if bare != m.name and DEMONYMS.get(m.name.split()[0].lower()):
                org = add_org(bare)
                org.forms.add(m.name)
                alias_of[norm_key(m.name)] = norm_key(org.name)
                org.country = org.country or DEMONYMS[m.name.split()[0].lower()]
            else:
                # The first organisation (in order of creation) whose name is this one + for/of.
                longer = next(iter(longer_by_prefix.get(m.name, ())), None)
                org = longer if longer is not None else add_org(m.name)
                alias_of[norm_key(m.name)] = norm_key(org.name)
        org.forms.add(m.name)
        org.evidence.add(m.evidence)
        org.org_type = org.org_type or m.org_type

    # Undefined acronyms whose letters spell a known long form ("EEN" for Enterprise Europe Network).
    # Organisations by initials, in order (no organisation is added in this loop): a lookup per
    # token instead of a pass over every organisation.
    by_initials: dict[str, list[DocOrg]] = {}
    for org in orgs.values():
        by_initials.setdefault(initials_of(org.name), []).append(org)
    # Each distinct token once, in order of first use: a token seen again finds its work done
    # (its key is now an alias) or still nothing to do.
    tokens = list(dict.fromkeys(_UPPER_TOKEN.findall(text)))
    for acr in tokens:
        if acr in NON_ORG_ACRONYMS or norm_key(acr) in alias_of:
            continue
        for org in by_initials.get(acr, ()):
            if org.acronym is None:
                org.acronym = acr
                alias_of[norm_key(acr)] = norm_key(org.name)
                defined.setdefault(acr, org)
                break
    # Misspelt acronyms: same letters, one transposition ("JPEX" for "JEPX"). Defined acronyms
    # by their sorted letters, in order (`defined` does not change in this loop).
    by_letters: dict[str, list[tuple[str, DocOrg]]] = {}
    for acr, org in defined.items():
        by_letters.setdefault("".join(sorted(acr)), []).append((acr, org))
    for token in tokens:
        if (
            len(token) < 3
            or token in defined
            or norm_key(token) in alias_of
            or token in NON_ORG_ACRONYMS
        ):
            continue
        for acr, org in by_letters.get("".join(sorted(token)), ()):
            if OSA.distance(acr, token) == 1:
                org.forms.add(token)
                alias_of[norm_key(token)] = norm_key(org.name)
                break
    # Short forms: "EU-Japan Centre" for "EU-Japan Centre for Industrial Cooperation".
    for org in orgs.values():
        short = _SHORT_FORM.match(
            org.name,
        )
        if short and len(name_words(short.group(1))) >= 2:
            form = short.group(1)
            if norm_key(form) not in alias_of and occurs_as_word(text, form):
                org.forms.add(form)
                alias_of[norm_key(form)] = norm_key(org.name)
    # Merge organisations whose forms collide (a slot name that is also a long form's acronym).
    merged: dict[int, DocOrg] = {}
    for key, org in orgs.items():
        target = org_for(key)
        if target is None:
            continue
        if target is not org:
            target.forms |= org.forms
            target.evidence |= org.evidence
            continue
        merged[id(org)] = org
    result = []
    for org in merged.values():
        if org.reference is None:
            org.reference = next(
                (
                    ref_by_form[k]
                    for f in (org.name, *sorted(org.forms))
                    for k in reference_keys(f)
                    if k in ref_by_form
                ),
                None,
            )
            if org.reference is not None:
                org.forms.add(org.name)
                org.name = org.reference.name
        if org.reference is not None:
            # The reference list knows the body: its type and country (none for an
            # intergovernmental organisation) win over what the name's shape suggests.
            org.org_type = org.reference.org_type
            org.country = org.reference.country
        else:
            org.country = org.country or _country_from_name(org.name)
            org.org_type = org.org_type or org_head_type(org.name) or "organisation"
            if org.country is None and org.org_type == "eu_institution":
                org.country = "EU"
        if org.acronym:
            org.forms.add(org.acronym)
        result.append(org)
    return result
