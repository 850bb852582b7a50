"""Extraction of one document: organisations, their mentions, milestones and deliverables.

`extract_document` is pure: the same text always gives the same facts, in the same order, and
every fact's quote is `text[char_start:char_end]`. Each kind of fact has its module: the
organisations come from mentions.py and grouping.py, milestones from milestones.py,
deliverables from deliverables.py; the facts themselves are the dataclasses of model.py.
"""

from __future__ import annotations

from .context import DocContext, choose_topic
from .deliverables import find_deliverables
from .forms import locate
from .grouping import group_mentions
from .mentions import find_mentions
from .milestones import find_milestones
from .model import DocumentFacts, MentionFact, OrgFact
from .names import norm_key
from .org_filter import is_organisation
from .programmes import find_programmes, tag_programmes
from .relationships import find_relationships
from .scan import compile_stems
from .text import segment

# Raise when extraction output may change: cached per-document results are keyed on it. It lives
# next to extract_document, which stamps it on its results, so that patching this module's
# value (as the pipeline tests do) changes both the stamp and the cache key.
EXTRACTOR_VERSION = "2.24.0"

# Every finder has registered the words it looks for where words begin (they are all imported
# above): the scan for them is compiled now, with the package's other patterns.
compile_stems()


def extract_document(source_id: str, text: str) -> DocumentFacts:
    """All grounded facts of one text."""
    units, tables = segment(text)
    orgs = [o for o in group_mentions(text, find_mentions(text)) if o.forms and is_organisation(o)]
    hits = locate(text, orgs)
    mentioned = {id(o) for o, _s, _e in hits}
    orgs = [o for o in orgs if id(o) in mentioned]
    ctx = DocContext(text, orgs, hits)
    ctx.topic = choose_topic(ctx, units)
    result = DocumentFacts(source_id=source_id, extractor_version=EXTRACTOR_VERSION)
    by_key: dict[str, OrgFact] = {}
    for org in sorted(orgs, key=lambda o: norm_key(o.name)):
        key = norm_key(org.name)
        if key in by_key:
            # Two groups that came to the same name ("X" and "X GmbH") are one organisation.
            same = by_key[key]
            same.forms = sorted((set(same.forms) | org.forms) - {same.name})
            continue
        by_key[key] = OrgFact(
            key=key,
            name=org.name,
            acronym=org.acronym,
            forms=sorted(org.forms - {org.name}),
            org_type=org.org_type or "organisation",
            country=org.country,
            wikidata_id=org.reference.wikidata if org.reference else None,
        )
    result.organisations = list(by_key.values())
    result.mentions = [MentionFact(norm_key(o.name), s, e, text[s:e]) for o, s, e in hits]
    result.milestones = find_milestones(text, units, ctx)
    result.deliverables = find_deliverables(text, units, tables, ctx)
    # Programmes and the ties between organisations and programmes (issue 14).
    bounds = [(u.start, u.end) for u in units]
    result.programmes = find_programmes(text, orgs, result.milestones, bounds)
    tag_programmes(result.programmes, result.milestones, "title")
    tag_programmes(result.programmes, result.deliverables, "description")
    result.relationships = find_relationships(text, units, ctx, result.programmes)
    return result
