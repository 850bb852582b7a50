"""Programmes, schemes, projects and initiatives one text names, each with every form it is
written in, its kind, and the year a text says it started.

A name is taken only where the text says it is one (precision first), from general shapes:
- a name before a programme noun: "the Vulcanus in Japan program", "the ITER project",
  "the ESPRIT and BRITE/EURAM programmes", "the “Renewable Energy” programme";
- a name headed by one: "EU 7th Research Framework Programme", "Industrialised Countries
  Instrument (ICI)" (its acronym becomes a form);
- a quoted name after a programme or mission noun, or opening a "Launch of “X”" item:
  'training missions in Japan, “Japan Industry Insight” (also known as HRTP)';
- an apposition or a copula: '“Minerva”, a 6-month fellowship scheme', "Erasmus+ is the EU's
  flagship education initiative", "initiatives like J-Bridge", "programmes such as Erasmus Mundus".
Forms that differ by a plural s ("J-Bridge", "J-Bridges") are one programme.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .forms import find_form
from .model import MilestoneFact, ProgrammeFact
from .names import DocOrg, norm_key
from .scan import (
    gap_starts,
    literal_starts,
    matches_at,
    register_stems,
    stem_starts,
    word_hits,
    word_starts_before,
)

_HEADS = r"(?:programmes?|programs?|projects?|initiatives?|schemes?|fellowships?)"
_NAME_WORD = r"[A-Z0-9][\w+/.&'’-]*"
_JOIN = r"(?:[ \t]+(?:in|of|to|for|on|and|&|de)[ \t]+|[ \t]+)"
# A capitalised name run, at most six words, ending just before the end of the window.
_NAME_BEFORE_HEAD = re.compile(
    r"(?:[“\"]\s*(?P<quoted>[^”\"\n]{2,60}?)\s*[”\"]|(?P<caps>"
    + _NAME_WORD
    + r"(?:"
    + _JOIN
    + _NAME_WORD
    + r"){0,5}))(?:\*\*)?$"
)
# The lower-case head noun a name stands before. `\s+` after a name character is written as
# `\s`, a look back at that character and `\s*` (the same matches). It is tried only where a
# match can begin: where the white space before a programme noun begins, or the white space
# before the word before it.
_HEAD_AFTER_NAME = re.compile(
    r"\s(?<=[\w”\"+*]\s)\s*(?:(?:cooperation|exchange|training|research|fellowship|flagship)\s+)?"
    r"(?P<head>" + _HEADS + r")\b"
)
# Names headed by a capitalised programme noun, with an optional acronym after them.
_HEADED = re.compile(
    r"(?<![\w-])(?P<name>(?:" + _NAME_WORD + r"(?:\s+(?:of|for|on|and|&|the|in)){0,2}\s+){1,6}"
    r"(?:Programme|Program|Project|Initiative|Scheme|Instrument|Fund))(?![\w-])"
    r"(?:\s*\((?P<acr>[A-Z][A-Za-z0-9+-]{1,9})\))?"
)
# A numbered or yearly series of meetings is a programme of dialogue: "the 29th Japan-EU ICT
# Policy Dialogue" -> "Japan-EU ICT Policy Dialogue", "the annual European Higher Education
# Fair". Summits and conferences are not (a summit is the parties meeting, not a programme).
_SERIES_HEADS = ("Dialogue", "Workshop", "Symposium", "Forum", "Seminar", "Fair")
_SERIES = re.compile(
    r"(?<![\w-])(?:\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|annual)\s+(?P<name>(?:" + _NAME_WORD + r"[ \t]+(?:(?:of|for|on|and|&|in)[ \t]+)?)"
    r"{1,7}(?:" + "|".join(_SERIES_HEADS) + r"))(?![\w-])"
)
_HEADED_START = re.compile(r"(?:Programme|Program|Project|Initiative|Scheme|Instrument|Fund)\b")
# A quoted name right after a programme or mission noun ("missions in Japan on “X”"), or after
# "Launch of" that opens a list item or cell item.
_QUOTED_AFTER = re.compile(
    r"(?:\b(?:programmes?|programs?|projects?|initiatives?|schemes?|missions?)\b[^“”\"\n.;]{0,40}?"
    r"|(?:^|\*\s+|\|\s*)(?:\*\*)?Launch(?:\*\*)?\s+of\s+(?:\*\*)?)"
    r"(?:\*\*)?[“\"](?P<name>[^”\"\n]{2,60}?)[”\"](?:\*\*)?"
    r"(?P<after>\s*\((?:also\s+known\s+as|aka|or)\s+(?:\*\*)?(?P<aka>[A-Z][\w-]{1,12})(?:\*\*)?\))?",
    re.M,
)
_PREPOSITIONS = r"(?:in|for|of|on|to|with|by|at|from|and|as)"
# Compiled once (re's own cache costs a look-up per call).
_WORD_AFTER = re.compile(r"\s*(?:\*\*)?\s*([a-z]+)")
_HEAD_OR_PREPOSITION = re.compile(_HEADS + "|" + _PREPOSITIONS)
_TAIL_SPLIT = re.compile(r"[.\s]")
# '“Minerva”, a 6-month in-house fellowship scheme'; "Erasmus+ is the EU's flagship initiative".
_APPOSITION = re.compile(
    r"(?:[“\"](?P<quoted>[^”\"\n]{2,60}?)[”\"](?:\*\*)?|(?P<caps>"
    + _NAME_WORD
    + r"(?:"
    + _JOIN
    + _NAME_WORD
    + r"){0,4}))"
    r"(?:,\s+|\s+is\s+)(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?" + _HEADS + r"\b"
)
# Every position where the end of _APPOSITION (after its name) matches: one character is
# consumed and the rest is a lookahead, so that overlapping ends are all found.
_APPOSITION_END = re.compile(
    r"[,\s](?=(?<=,)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?" + _HEADS + r"\b"
    r"|(?<=\s)\s*is\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?" + _HEADS + r"\b)"
)
_NAME_START = re.compile(r"[“\"A-Z0-9]")
# On the reversed text: the seven runs of non-space characters before a position. Between the
# start of an apposition's end and its programme noun stand at most six ("is", an article and
# four words).
_TOKENS_BACK = re.compile(r"(?:\s*\S+){0,7}")
_LONGEST_HEAD = len("fellowships") + 1  # and the character after it, for `\b`
# What the programme nouns of _HEADS, _LIKE and _QUOTED_AFTER begin with. Every pattern tried
# at them has `\b` or white space before the noun: where a word begins with one of them, in
# any letter case (scan.stem_starts), is where to try.
_HEAD_STEMS = ("program", "project", "initiative", "scheme", "fellowship")
register_stems((*_HEAD_STEMS, "mission"))
_LIKE = re.compile(
    r"\b" + _HEADS + r"\s+(?:like|such\s+as|called|named)\s+(?P<name>" + _NAME_WORD + r"(?:"
    r"\s+" + _NAME_WORD + r"){0,4})"
)
# What is never a programme's name by itself: polities, determiners, generic words.
_GENERIC = {
    "eu",
    "japan",
    "european",
    "japanese",
    "europe",
    "the",
    "this",
    "that",
    "these",
    "our",
    "its",
    "their",
    "each",
    "new",
    "a",
    "an",
    "eu japan",
    "japan eu",
    "community",
    "union",
    "commission",
    "framework",
    "research",
    "pilot",
    "joint",
    "national",
    "international",
    "bilateral",
    "other",
    "such",
    "any",
    "all",
    "both",
    "several",
    "many",
    "some",
    "one",
    "two",
    "three",
    "in",
    "research and innovation",
}
_LEADING = re.compile(r"^(?:(?:The|the|This|An?|Our|Its|Their|Each|In|Of)\s+)+")
_MARKS = re.compile(r"\*\*|__")
_DATE_WORD = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\d{1,4}(?:\s|$))"
)
_KIND_CUES = (
    ("fellowship", re.compile(r"\bfellowships?\b", re.I)),
    ("training", re.compile(r"\btraining\b", re.I)),
    ("exchange", re.compile(r"\b(?:exchanges?|internships?|traineeships?|mobility|students?)\b")),
    ("research_framework", re.compile(r"\b(?:[Rr]esearch|[Ff]ramework [Pp]rogramme)\b")),
    ("business_support", re.compile(r"\b(?:SMEs?|start-?ups|companies|business(?:es)?)\b")),
    ("funding_instrument", re.compile(r"\b(?:[Ii]nstrument|[Ff]und(?:ing)?)\b")),
    ("dialogue", re.compile(r"\b[Dd]ialogue\b")),
    ("project", re.compile(r"\b[Pp]rojects?\b")),
    ("initiative", re.compile(r"\b[Ii]nitiatives?\b")),
)
_HEAD_KIND = {
    "instrument": "funding_instrument",
    "fund": "funding_instrument",
    "project": "project",
    "initiative": "initiative",
    "scheme": "other",
    "fellowship": "fellowship",
    **dict.fromkeys(("dialogue", "workshop", "symposium", "forum", "seminar"), "dialogue"),
}
_START_KINDS = {"launch", "founding", "opening", "entry_into_force"}


def _clean_name(raw: str) -> str | None:
    name = _LEADING.sub("", _MARKS.sub("", raw).strip(" ,;:-'’")).strip()
    if len(name) < 2 or norm_key(name) in _GENERIC or not any(c.isupper() for c in name):
        return None
    words = name.split()
    if _DATE_WORD.match(name):
        return None  # "In September 2013, a new project": a date, not a name
    tail = _TAIL_SPLIT.split(name)[-1]
    if tail.endswith(("'s", "’s")) or tail.lower() in {
        "the",
        "this",
        "that",
        "a",
        "an",
        "its",
        "our",
    }:
        return None  # "the EU's initiative", "Japan.The initiative": no name
    if len(words) > 8 or words[-1].lower() in {"and", "of", "for", "in", "to", "on", "the"}:
        return None
    return name


def _loose_key(name: str) -> str:
    """The key two spellings of one name share: "J-Bridge"/"J-Bridges", "A & B"/"A B"."""
    return norm_key(name).replace(" and ", " ").removesuffix("s")


class _Found:
    """A programme as this text names it, while it is being read."""

    def __init__(self, name: str, start: int, end: int, context: str, head: str | None):
        self.name = name
        self.forms = {name}
        self.start, self.end = start, end
        self.context = context
        self.head = head


def _candidates(text: str) -> list[tuple[str, int, int, str | None, str | None]]:
    """(name, start, end, head noun, acronym) of every place the text says a name is one."""
    found: list[tuple[str, int, int, str | None, str | None]] = []
    index = stem_starts(text)
    heads = sorted(p for stem in _HEAD_STEMS for p in index[stem])
    for m in matches_at(_HEAD_AFTER_NAME, text, _head_after_starts(text, heads), 0, len(text)):
        window_start = max(0, m.start() - 90)
        before = _NAME_BEFORE_HEAD.search(text, window_start, m.start())
        if before is None:
            continue
        head = m.group("head").lower().rstrip("s")
        raw = before.group("quoted") or before.group("caps")
        start = before.start("quoted") if before.group("quoted") else before.start("caps")
        if head.endswith("programme") or head.endswith("program") or head.startswith("project"):
            # "the ESPRIT and BRITE/EURAM programmes": a plural head names each.
            parts = raw.split(" and ") if m.group("head").endswith("s") else [raw]
        else:
            parts = [raw]
        offset = start
        for part in parts:
            at = text.find(part, offset)
            if at >= 0:
                found.append((part, at, at + len(part), head, None))
                offset = at + len(part)
    for m in _HEADED_START.finditer(text):
        window_start = max(0, m.start() - 120)
        for h in _HEADED.finditer(text, window_start, m.end() + 14):
            if h.end("name") == m.end():
                found.append((h.group("name"), h.start("name"), h.end("name"), None, h["acr"]))
                break
    for head_at in literal_starts(text, _SERIES_HEADS):
        head_end = text.find(" ", head_at)
        head_end = len(text) if head_end < 0 else head_end
        for h in _SERIES.finditer(text, max(0, head_at - 120), head_end):
            if h.start("name") <= head_at < h.end("name"):
                found.append((h["name"], h.start("name"), h.end("name"), None, None))
                break
    for m in matches_at(_QUOTED_AFTER, text, _quoted_after_starts(text, heads), 0, len(text)):
        after = text[m.end() : m.end() + 12]
        # '"About Japan" webinars': a series of something else, not a programme's name.
        word_after = _WORD_AFTER.match(after)
        if word_after and not _HEAD_OR_PREPOSITION.fullmatch(word_after.group(1)):
            continue
        found.append((m["name"], m.start("name"), m.end("name"), None, m["aka"]))
    for m in matches_at(_APPOSITION, text, _apposition_starts(text, heads), 0, len(text)):
        group = "quoted" if m["quoted"] else "caps"
        found.append((m[group], m.start(group), m.end(group), None, None))
    for m in matches_at(_LIKE, text, heads, 0, len(text)):
        found.append((m["name"], m.start("name"), m.end("name"), None, None))
    return found


def _head_after_starts(text: str, heads: list[int]) -> list[int]:
    """Every position where a _HEAD_AFTER_NAME match can begin: where the white space before a
    programme noun begins, or the white space before the word before it (the noun's modifier).
    """
    modifiers = word_starts_before(text, heads, 1)
    return sorted({*gap_starts(text, heads), *gap_starts(text, modifiers)})


def _quoted_after_starts(text: str, heads: list[int]) -> list[int]:
    """Every position where a _QUOTED_AFTER match can begin: a programme or mission noun, or,
    before "Launch", a line start, "*" or "|"."""
    if "“" not in text and '"' not in text:
        return []
    starts = heads + stem_starts(text)["mission"]
    if "Launch" in text:
        starts += [0, *(i + 1 for i in literal_starts(text, ("\n",)))]
        starts += literal_starts(text, ("*", "|"))
    return sorted(set(starts))


def _apposition_starts(text: str, heads: list[int]) -> list[int]:
    """Every position where an _APPOSITION match can begin: its name is on one line and ends
    where _APPOSITION_END matches, so it begins on that line before that end. Those ends are
    looked for only in the few words before each programme noun (`heads`)."""
    if not heads:
        return []
    n = len(text)
    backwards = text[::-1]
    ends: set[int] = set()
    for head in heads:
        floor = n - _TOKENS_BACK.match(backwards, n - head).end()
        window = _APPOSITION_END.finditer(text, floor, min(n, head + _LONGEST_HEAD))
        ends.update(m.start() for m in window)
    starts: set[int] = set()
    covered = 0  # names before here are in already
    for pos in sorted(ends):
        # The line's start, looked for back to `covered` only (linear on a long line).
        newline = text.rfind("\n", covered, pos)
        lo = newline + 1 if newline >= 0 else covered
        starts.update(m.start() for m in _NAME_START.finditer(text, lo, pos))
        covered = pos
    return sorted(starts)


def find_programmes(
    text: str,
    orgs: list[DocOrg],
    milestones: list[MilestoneFact],
    unit_bounds: list[tuple[int, int]],
) -> list[ProgrammeFact]:
    """The programmes a text names, in order of first mention (no organisation is one)."""
    org_keys = {norm_key(f) for o in orgs for f in (o.name, *o.forms)}
    starts = [s for s, _e in unit_bounds]
    by_key: dict[str, _Found] = {}
    for raw, start, end, head, acr in sorted(_candidates(text), key=lambda c: c[1]):
        name = _clean_name(raw)
        if name is None or norm_key(name) in org_keys:
            continue
        lead = raw.find(name)
        start += max(0, lead)
        end = start + len(name)
        key = _loose_key(name)
        found = by_key.get(key)
        if found is None:
            i = bisect_right(starts, start) - 1
            lo, hi = unit_bounds[i] if i >= 0 else (start, end)
            found = _Found(name, start, end, text[lo : max(hi, end)], head)
            by_key[key] = found
        found.forms.add(name)
        found.head = found.head or head
        if acr and norm_key(acr) not in org_keys:
            found.forms.add(acr)
            by_key.setdefault(_loose_key(acr), found)
    programmes = list({id(f): f for f in by_key.values()}.values())
    # A form written with a plural s elsewhere ("J-Bridges") is the same programme.
    for p in programmes:
        for form in list(p.forms):
            if len(form) >= 4 and find_form(text, form + "s"):
                p.forms.add(form + "s")
    result = []
    years, owners = _start_years(milestones, programmes)
    for p in sorted(programmes, key=lambda f: f.start):
        result.append(
            ProgrammeFact(
                key=norm_key(p.name),
                name=p.name,
                forms=sorted(p.forms - {p.name}),
                kind=_kind(p),
                first_year=years.get(id(p)),
                org_keys=sorted(owners.get(id(p), set())),
                char_start=p.start,
                char_end=p.end,
                quote=text[p.start : p.end],
            )
        )
    return result


def _kind(p: _Found) -> str:
    last = p.name.split()[-1].lower()
    if last in _HEAD_KIND:
        return _HEAD_KIND[last]
    if "framework programme" in p.name.lower():
        return "research_framework"
    for kind, cue in _KIND_CUES:
        if cue.search(p.context):
            return kind
    return _HEAD_KIND.get(p.head or "", "other")


def programme_forms(programmes: list[ProgrammeFact]) -> list[str]:
    """Every form of every programme, longest first (the order find_forms prefers them in)."""
    return sorted({f for p in programmes for f in (p.name, *p.forms)}, key=lambda f: (-len(f), f))


def find_forms(text: str, forms: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, form) where the text writes one of the programme_forms as a whole word (not
    before "+"), the longest first at each place, left to right without overlaps."""
    return word_hits(text, forms, plus_ends=True)


def programme_of_form(programmes: list[ProgrammeFact]) -> dict[str, ProgrammeFact]:
    return {f: p for p in programmes for f in (p.name, *p.forms)}


def _start_years(
    milestones: list[MilestoneFact], programmes: list[_Found]
) -> tuple[dict[int, int], dict[int, set[str]]]:
    """The earliest year a launch-like milestone names each programme, and who launched it."""
    forms = {f: p for p in programmes for f in p.forms}
    starts = [m for m in milestones if m.kind in _START_KINDS]
    if not forms or not starts:
        return {}, {}
    longest_first = sorted(forms, key=lambda f: -len(f))
    years: dict[int, int] = {}
    owners: dict[int, set[str]] = {}
    for m in starts:
        hits = word_hits(m.title, longest_first)
        if not hits:
            continue
        p = forms[hits[0][2]]
        years[id(p)] = min(years.get(id(p), m.year), m.year)
        if m.kind == "launch" and m.org_key:
            owners.setdefault(id(p), set()).add(m.org_key)
    return years, owners


def tag_programmes(programmes: list[ProgrammeFact], facts: list, field: str) -> None:
    """Give each milestone or deliverable the programme its `field` (title, description)
    names first."""
    if not programmes:
        return
    by_form = programme_of_form(programmes)
    forms = programme_forms(programmes)
    for fact in facts:
        hits = find_forms(getattr(fact, field), forms)
        if hits:
            fact.programme_key = by_form[hits[0][2]].key
