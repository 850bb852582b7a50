"""The reference list of institutions (eujapan/reference/, read by institutions.py) as evidence:
the reference names a text writes, and the entry a name or acronym points to.
"""

from __future__ import annotations

from functools import cache

from .institutions import Institution, eu_short_forms, find_institutions, institutions
from .lexicon import DEMONYMS, NON_ORG_HEADS, ORG_HEADS
from .names import LEGAL_ENDINGS, Mention, norm_key

# One-word aliases that are also common nouns ("Commission", "Centre"): they count only where the
# text also writes the full name.
COMMON_HEADS = (
    frozenset(ORG_HEADS)
    | frozenset(w + "s" for w in ORG_HEADS)
    | frozenset(NON_ORG_HEADS)
    | {"alliance", "union", "diet", "codex", "assembly"}
)


def reference_mentions(text: str) -> list[Mention]:
    """Every name or acronym of a reference institution that the text writes."""
    return [
        Mention(h.start, h.end, h.form, "reference", h.institution.org_type,
                h.form if h.is_acronym else None)
        for h in find_institutions(text, COMMON_HEADS)
    ]  # fmt: skip


def reference_keys(name: str) -> list[str]:
    """Keys to look a name up by: as written, without a national prefix ("Japanese ..."), and
    without a legal form ("... GmbH")."""
    keys = [norm_key(name)]
    first, _, rest = name.partition(" ")
    if rest and DEMONYMS.get(first.lower()):
        keys.append(norm_key(rest))
    keys += [norm_key(name[: -len(s)]) for s in LEGAL_ENDINGS if name.endswith(s)]
    return keys


def load_reference() -> None:
    """Read and index the reference list now rather than on the first text."""
    reference_by_form()
    find_institutions("", COMMON_HEADS)
    eu_short_forms()


@cache
def reference_by_form() -> dict[str, Institution]:
    """Normalised name or alias, or "acr:" + acronym -> reference institution."""
    ref_by_form: dict[str, Institution] = {}
    for inst in institutions():
        for form in inst.names:
            ref_by_form.setdefault(norm_key(form), inst)
        for acr in inst.acronyms:
            ref_by_form.setdefault("acr:" + acr, inst)
    return ref_by_form
