"""Ties a text states between two organisations, or an organisation and a programme.

Every tie is read from one sentence, list item or cell, which is its quote, and both ends are
named there (or resolved from "the Centre", an acronym or another form the text defines).
A cue phrase says which tie it is; its ends sit in fixed places around it:
- "between": "a joint venture between A and B", "the collaboration between A and B";
- "possessive": "A's technical cooperation with B";
- "after": the subject before the cue, the other end right after it ("A signs a Memorandum of
  Understanding with B", "A becomes part of the consortium B", "A is appointed coordinator of
  B", "A, a member of B", "A together with B and C");
- "agent": a passive whose agent is the doer ("P, funded by A": A funds P; "run by", "hosted
  by"; "A was founded by B", "A was absorbed by B").
"A's B" where B is a directorate-general or delegation says B is part of A.
An end must start right where the cue leaves off, so a cue followed by anything else ("in
cooperation with local members of EEN") gives no tie: a missed tie is better than a wrong one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .context import DocContext
from .dates import find_dates
from .model import ProgrammeFact, RelationshipFact
from .names import head_word, norm_key
from .programmes import find_forms, programme_forms, programme_of_form
from .scan import literal_starts, matches_at, register_stems, stem_starts, word_starts_before
from .text import Unit

_THE = r"(?:the\s+)?"
_CUES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (shape, relation, re.compile(pattern))
    for shape, relation, pattern in (
        ("between", "joint_venture_of", r"\b(?:joint\s+)?venture\s+between\s+" + _THE),
        (
            "between",
            "cooperates_with",
            r"\b(?:collaboration|cooperation|co-operation|partnership)\s+between\s+" + _THE,
        ),
        (
            "possessive",
            "cooperates_with",
            r"['’]s\s+(?:[a-z-]+\s+){0,2}(?:cooperation|collaboration|partnership)\s+with\s+"
            + _THE,
        ),
        (
            "after",
            "signed_agreement_with",
            r"\bsign(?:s|ed)?\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:Memorandum\s+of\s+"
            r"Understanding|MoU|MOU|[Aa]greement|[Aa]ccord|[Cc]ontract)\s+with\s+" + _THE,
        ),
        (
            "after",
            "part_of",
            r"\b(?:becomes?|became|is|was|are|were)\s+(?:now\s+)?(?:a\s+)?part\s+of\s+"
            + _THE
            + r"(?:(?:[\w-]+\s+){0,3}(?:consortium|network|alliance|association|group|platform)"
            r"\s+)?",
        ),
        ("after", "member_of", r"\b(?:an?|the)\s+member\s+of\s+" + _THE),
        ("after", "coordinates", r"\b[Cc]oordinator\s+(?:of|for)\s+" + _THE),
        ("after", "secretariat_of", r"\b[Ss]ecretariat\s+(?:of|for|to)\s+" + _THE),
        (
            "after",
            "cooperates_with",
            r"\b(?:in\s+(?:close\s+)?(?:collaboration|cooperation|co-operation|partnership)\s+"
            r"with|together\s+with)\s+" + _THE,
        ),
        ("agent", "funds", r"\b(?:funded|financed|sponsored|co-funded)\s+by\s+" + _THE),
        ("agent", "runs", r"\b(?:run|managed|operated|implemented|organi[sz]ed)\s+by\s+" + _THE),
        ("agent", "hosts", r"\bhosted\s+by\s+" + _THE),
        ("agent_of", "founded_by", r"\b(?:founded|established|set\s+up|created)\s+by\s+" + _THE),
        ("agent_of", "part_of", r"\b(?:acquired|absorbed|taken\s+over)\s+by\s+" + _THE),
        ("after", "part_of", r"\bwas\s+sold\s+to\s+" + _THE),
        ("after", "funds", r"\b(?:sponsored|sponsors|funds|financed|finances)\s+" + _THE),
    )
)
# Where each cue's matches can begin, so that its pattern is tried only there (a pattern that
# begins with `\b` would be tried at every character): (words it begins with, rarer words it
# holds, how many words before those it may begin). E.g. "is now part of" begins at most three
# words before "part".
_STARTS: tuple[tuple[tuple[str, ...], tuple[str, ...], int], ...] = (
    (("joint", "venture"), (), 0),
    (("collaboration", "cooperation", "co-operation", "partnership"), (), 0),
    (("'s", "’s"), (), 0),
    (("sign",), (), 0),
    ((), ("part",), 3),
    ((), ("member",), 1),
    (("Coordinator", "coordinator"), (), 0),
    (("Secretariat", "secretariat"), (), 0),
    (("together",), ("collaboration", "cooperation", "co-operation", "partnership"), 2),
    (("funded", "financed", "sponsored", "co-funded"), (), 0),
    (("run", "managed", "operated", "implemented", "organised", "organized"), (), 0),
    (("hosted",), (), 0),
    (("founded", "established", "set", "created"), (), 0),
    (("acquired", "absorbed", "taken"), (), 0),
    ((), ("sold",), 1),
    (("sponsored", "sponsors", "funds", "financed", "finances"), (), 0),
)
assert len(_STARTS) == len(_CUES)
_POSSESSIVE_CUE = 2  # the one cue that begins with no word: at "'s"
assert _STARTS[_POSSESSIVE_CUE][0] == ("'s", "’s")
# Where those words begin a word, found with every finder's words in one scan per text.
register_stems(w for lead, inner, _n in _STARTS for w in (*lead, *inner) if w[0].isalnum())
# Characters that may stand between a cue and its end: Markdown emphasis, quotes, spaces.
_SKIP = re.compile(r"[\s*_“”\"‘’']*(?:the\s+)?(?:\*\*)?")
_AND_NEXT = re.compile(r"\s*(?:,\s*)?and\s+(?:the\s+)?")
_PAREN = re.compile(r"\s*\([^()]{0,160}\)")
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\bwhile\b|\bwhereas\b|\bbut\b")
_POSSESSIVE = re.compile(r"(?:\*\*)?['’]s\s+(?:\*\*)?")
_SUB_UNIT_TYPES = {"directorate_general", "delegation"}
_SUB_UNIT_HEADS = {"delegation", "directorate-general", "unit", "department", "office"}
_MAX_SUBJECT_GAP = 80
_CAPITAL_WORD = re.compile(r"(?<![\w(])[A-Z][a-z]+\b(?!\))")
_THE_COMPANY = re.compile(r"\b[Tt]he\s+company\b")


class _Ends:
    """Where the text names organisations and programmes: (start, end, kind, key), sorted."""

    def __init__(self, text: str, ctx: DocContext, programmes: list[ProgrammeFact]):
        self.ctx = ctx
        ends = [(s, e, "org", norm_key(o.name)) for o, s, e in ctx.hits]
        self.types = {norm_key(o.name): o for o, _s, _e in ctx.hits}
        if programmes:
            by_form = programme_of_form(programmes)
            taken = [(s, e) for s, e, _k, _key in ends]
            for start, end, form in find_forms(text, programme_forms(programmes)):
                i = bisect_right(taken, (start, len(text))) - 1
                if i >= 0 and taken[i][1] > start:
                    continue  # inside an organisation's name
                ends.append((start, end, "prog", by_form[form].key))
        self.ends = sorted(ends)
        self.starts = [e[0] for e in self.ends]

    def at(self, pos: int, limit: int) -> tuple | None:
        """The end that starts at pos (after emphasis, quotes and spaces), before limit."""
        i = bisect_left(self.starts, pos)
        if i < len(self.ends) and self.ends[i][0] <= pos + 3 and self.ends[i][1] <= limit:
            return self.ends[i]
        return None

    def before(self, text: str, lo: int, pos: int) -> tuple | None:
        """The last end in text[lo:pos] with no clause break between it and pos."""
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.ends[i][1] > pos:
            i -= 1
        if i >= 0 and self.ends[i][0] >= lo:
            end = self.ends[i]
            gap = text[end[1] : pos]
            # A capitalised word between ("Nokia Data was sold"): the real subject may be a
            # name the text did not resolve, so no tie rather than a wrong end.
            if (
                len(gap) <= _MAX_SUBJECT_GAP
                and not _CLAUSE_BREAK.search(gap)
                and not _CAPITAL_WORD.search(gap)
            ):
                return end
        ref = self.ctx.definite_reference(lo, pos)
        topic = self.ctx.topic
        if ref is None and topic is not None and topic.org_type == "company":
            # "The company was founded as ...": in a text about a company, that company.
            ref = topic if _THE_COMPANY.search(text, lo, pos) else None
        if ref is not None:
            return (lo, lo, "org", norm_key(ref.name))
        return None


def _after(text: str, ends: _Ends, pos: int, limit: int) -> tuple | None:
    """The end right after a cue; "the European Commission's Directorate-General ..." is the
    directorate-general, not the Commission."""
    pos = _SKIP.match(text, pos, limit).end()
    found = ends.at(pos, limit)
    if found is not None and found[2] == "org":
        owned = _POSSESSIVE.match(text, found[1], limit)
        if owned:
            inner = ends.at(owned.end(), limit)
            if inner is not None:
                return inner
    return found


def _coordinated(text: str, ends: _Ends, first: tuple, limit: int) -> list[tuple]:
    """The first end and those joined to it by "and": "A (ACR) and the B (BCR)"."""
    found = [first]
    pos = first[1]
    while True:
        while (paren := _PAREN.match(text, pos, limit)) is not None:
            pos = paren.end()
        joined = _AND_NEXT.match(text, pos, limit)
        if joined is None:
            return found
        nxt = _after(text, ends, joined.end(), limit)
        if nxt is None:
            return found
        found.append(nxt)
        pos = nxt[1]


def _second_party(text: str, ends: _Ends, first: tuple, limit: int) -> tuple | None:
    """In "between A (...) and B", the first organisation named after the "and" of A."""
    pos = first[1]
    while (paren := _PAREN.match(text, pos, limit)) is not None:
        pos = paren.end()
    joined = _AND_NEXT.match(text, pos, limit)
    if joined is None:
        return None
    window = text[joined.end() : min(limit, joined.end() + 60)]
    if _CLAUSE_BREAK.search(window.split("(")[0]):
        return None
    i = bisect_left(ends.starts, joined.end())
    while i < len(ends.ends) and ends.ends[i][1] <= limit:
        end = ends.ends[i]
        # Allowed between: "the Japanese Government (" ... the organisation in the brackets.
        if end[0] - joined.end() <= 60:
            return end
        break
    return None


def _cue_starts(text: str) -> list[list[int]]:
    """For each cue, ascending positions that hold every position where a match can begin.

    Every cue begins where a word begins (the possessive at "'s"), with one of its words or a
    few words before one of them, so the word starts where a cue word is written (in its
    letter case) are all its matches can begin at or be read back from.
    """
    index = stem_starts(text)

    def written(words: tuple[str, ...]) -> list[int]:
        return [p for w in words for p in index[w.lower()] if text.startswith(w, p)]

    found: list[list[int]] = []
    for k, (lead, inner, words) in enumerate(_STARTS):
        starts = literal_starts(text, lead) if k == _POSSESSIVE_CUE else written(lead)
        if inner:
            starts += word_starts_before(text, written(inner), words)
        found.append(sorted(set(starts)))
    return found


def _year(text: str, unit: Unit) -> int | None:
    if unit.year_hint is not None:
        return unit.year_hint
    years = {d.year for d in find_dates(text, unit.start, unit.end)}
    return years.pop() if len(years) == 1 else None


def find_relationships(
    text: str, units: list[Unit], ctx: DocContext, programmes: list[ProgrammeFact]
) -> list[RelationshipFact]:
    """Every tie the text states, in text order, once per unit, ends and relation."""
    ends = _Ends(text, ctx, programmes)
    bounds = [u for u in units if u.kind != "heading"]
    starts = [u.start for u in bounds]
    found: dict[tuple, RelationshipFact] = {}

    def add(unit: Unit, relation: str, a: tuple, b: tuple) -> None:
        if a[2] != "org" or a[3] == b[3]:
            return
        key = (unit.start, relation, a[3], b[3])
        if key in found:
            return
        found[key] = RelationshipFact(
            org_key=a[3],
            relation=relation,
            other_org_key=b[3] if b[2] == "org" else None,
            programme_key=b[3] if b[2] == "prog" else None,
            year=_year(text, unit),
            char_start=unit.start,
            char_end=unit.end,
            quote=text[unit.start : unit.end],
        )

    for (shape, relation, cue), starts_at in zip(_CUES, _cue_starts(text), strict=True):
        for m in matches_at(cue, text, starts_at, 0, len(text)):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or bounds[i].end < m.end():
                continue
            unit = bounds[i]
            if shape == "between":
                first = _after(text, ends, m.end(), unit.end)
                second = _second_party(text, ends, first, unit.end) if first else None
                if first is None or second is None:
                    continue
                if relation == "joint_venture_of":
                    subject = ends.before(text, unit.start, m.start())
                    if subject is not None:
                        add(unit, relation, subject, first)
                        add(unit, relation, subject, second)
                else:
                    add(unit, relation, first, second)
                continue
            other = _after(text, ends, m.end(), unit.end)
            if other is None:
                continue
            if shape == "possessive":
                i_subject = bisect_left(ends.starts, m.start()) - 1
                subject = ends.ends[i_subject] if i_subject >= 0 else None
                if subject is None or subject[1] != m.start():
                    continue
            else:
                subject = ends.before(text, unit.start, m.start())
                if subject is None:
                    continue
            if shape == "agent":
                add(unit, relation, other, subject)  # the agent does it to the subject
            elif shape == "agent_of":
                add(unit, relation, subject, other)
            else:
                for each in _coordinated(text, ends, other, unit.end):
                    add(unit, relation, subject, each)
    _sub_units(text, ends, bounds, starts, add)
    _co_subjects(text, ends, bounds, starts, add)
    return sorted(found.values(), key=lambda r: (r.char_start, r.relation, r.org_key))


def _sub_units(text: str, ends: _Ends, bounds: list[Unit], starts: list[int], add) -> None:
    """ "The European Parliament's Delegation for relations with Japan": part of it."""
    for j, (s, e, kind, key) in enumerate(ends.ends):
        if kind != "org" or j + 1 >= len(ends.ends):
            continue
        owned = _POSSESSIVE.match(text, e)
        if owned is None:
            continue
        inner = ends.at(owned.end(), owned.end() + 200)
        if inner is None or inner[2] != "org":
            continue
        org = ends.types.get(inner[3])
        if org is None:
            continue
        if org.org_type not in _SUB_UNIT_TYPES and head_word(org.name) not in _SUB_UNIT_HEADS:
            continue
        i = bisect_right(starts, s) - 1
        if i >= 0 and bounds[i].end >= inner[1]:
            add(bounds[i], "part_of", inner, (s, e, kind, key))


# "A (ACR) and the B held the 10th X Workshop": the subjects of one act cooperate, and each runs
# the programme it holds.
_SUBJECT_LEAD = re.compile(r"(?:.*,\s*)?(?:[Tt]he\s+)?", re.S)  # the unit's start or a frame
_CO_VERB = re.compile(
    r"\s*,?\s*(?:jointly\s+)?(?:held|organi[sz]ed|co-organi[sz]ed|hosted|co-hosted|convened|"
    r"launched|signed)\b"
)
_HELD_OBJECT = re.compile(r"\s+(?:the|a|an)\s+(?:\d{1,3}(?:st|nd|rd|th)\s+|annual\s+)?")


def _co_subjects(text: str, ends: _Ends, bounds: list[Unit], starts: list[int], add) -> None:
    """Organisations named together as the subject of one act ("A and B held ...")."""
    for first in ends.ends:
        i = bisect_right(starts, first[0]) - 1
        if first[2] != "org" or i < 0 or bounds[i].end < first[1]:
            continue
        unit = bounds[i]
        if first[0] - unit.start > 120 or not _SUBJECT_LEAD.fullmatch(text, unit.start, first[0]):
            continue
        chain = _coordinated(text, ends, first, unit.end)
        if len(chain) < 2:
            continue
        pos = chain[-1][1]
        while (paren := _PAREN.match(text, pos, unit.end)) is not None:
            pos = paren.end()
        verb = _CO_VERB.match(text, pos, unit.end)
        if verb is None:
            continue
        for other in chain[1:]:
            add(unit, "cooperates_with", first, other)
        held = _HELD_OBJECT.match(text, verb.end(), unit.end)
        programme = ends.at(held.end(), unit.end) if held else None
        if programme is not None and programme[2] == "prog":
            for each in chain:
                add(unit, "runs", each, programme)
