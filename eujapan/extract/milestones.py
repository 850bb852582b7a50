"""Milestones: dated events a text reports, each with its kind (from trigger words), the date
that fits it, a title and the organisation it belongs to. An event told twice (headline and
body) is one milestone.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left

from .context import DocContext
from .dates import DateMention, find_dates
from .event_dates import (
    RELATIVE_YEAR,
    TODAY,
    clauses,
    compatible,
    dateline,
    far_event_year,
    relative_date,
    usable_dates,
)
from .milestone_dedupe import dedupe_milestones
from .model import MilestoneFact
from .names import norm_key
from .participants import participants
from .text import HISTORY_SECTIONS, Unit, clean
from .titles import ARTICLE, ENUMERATOR, MAX_WORDS, event_title, is_good_title
from .triggers import find_triggers, first_trigger
from .visit_lists import visit_list_milestones

_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_ANY_LETTER = re.compile(r"[A-Za-z]")


_LEADING_DATE_DASH = re.compile(
    r"^(?:(?:\d{1,2}(?:[–-]\d{1,2})?\s+)?[A-Z][a-z]+\.?(?:\s+\d{1,2})?,?\s+)?"
    r"(?:1[5-9]|20)\d\d\s*[–—:-]\s+"
)


def make_title(described: str, named: bool = False, trigger: int | None = None) -> str | None:
    """The event's title from its cleaned sentence, cell or list item.

    A table cell or list item that names the event (`named`) is its own title when it keeps the
    title rules; else the title is cut from the clause of its trigger (at `trigger`, or the
    first one).
    """
    if named:
        # "23 November 2023 – EBC white paper launch": the date is the row's, not the title's.
        described = _LEADING_DATE_DASH.sub("", described)
        whole = described.rstrip(" .;:")
        if is_good_title(whole):
            return whole
    if trigger is None:
        trigger = first_trigger(described)[1]
    title = event_title(described, 0 if trigger > len(described) else trigger)
    return title if title is not None and is_good_title(title) else None


# "At the 10th EU-Japan Summit held on 8 December 2001 in Brussels, ...": a meeting that frames
# the clause's event.
_EVENT_FRAME = re.compile(
    r"\s*(?:at|during|on\s+the\s+(?:occasion|margins?|sidelines)\s+of)\s+the\s+"
    r"([^,;.]{0,100}?\b(?:summit|meeting|conference|forum|dialogue|session)\b[^,;]{0,80}),\s+",
    re.I,
)
_BOTH = re.compile(
    r"\s*(?:\*\*[^*\n]{1,20}\*\*\s*:?\s*)?(?:the\s+)?(?P<a>[A-Z][^,;]{2,80}?)\s+and\s+(?:the\s+)?"
    r"(?P<b>[A-Z][^,;]{2,80}?)\s+(?:have\s+|were\s+)?both\s+",
)
_AND_END = re.compile(r"\band\s+$")
_AUXILIARY_END = re.compile(r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)$")
_YEAR_LABEL = re.compile(r"[*_\s]*(?:1[5-9]|20)\d\d[*_\s]*[:–—-]\s")
_VIRTUAL = frozenset({"online", "virtual", "hybrid", "web", "webinar"})
_MAX_LISTED = 12
_BULLET_GAP = re.compile(r"\s*(?:[•*·‣+-]|\d{1,3}[.)])?\s*")
_ITEM_TAIL = re.compile(r",?\s+(?:which|that|who|whose)\b|\s[–—-]\s|:\s")
_ITEM_ARTICLE = re.compile(r"^(?:•\s*)?(?:the|a|an)\s+", re.I)
_MAX_SUBJECT = 6  # words of a subject taken into a title cut from the rest of its clause
_NOT_A_SUBJECT = frozenset(
    {"after", "before", "during", "in", "on", "at", "since", "following", "when", "while",
     "with", "by", "for", "from", "and", "but", "as", "although", "until", "then"}
)  # fmt: skip
_CO_EVENTS = frozenset({"visit", "meeting", "agreement", "decision", "launch", "opening"})
_AND_BEFORE = re.compile(r"\s+and\s+(?:(?:on|in)\s+[\w ,]{1,25}?\s+)?$")
_PAST_VERB = re.compile(r"(?:paid|held|met|began|\w+ed)\b", re.I)
# A meeting report names its meeting near the top; a later sentence that refers back to it
# ("The Summit meeting was concluded by issuing ...") and reports an act took place then.
_TOP_UNITS = 8
_BACK_TO_MEETING = re.compile(r"\bthe\s+(?:summit(?:\s+meeting)?|meeting)\b", re.I)
_ACTS = ("decision", "agreement", "publication", "launch")  # the most telling first
# "In April 1600, ..." or "On 1 May 2004, ...": a date that opens the clause.
_LEADING_DATE = re.compile(r"\s*(?:(?:in|on|by|since)\s+)?[^,]{0,25},", re.I)

_FUTURE = re.compile(
    r"\b(?:will|shall|would|should|could|might|plans?\s+to|intends?\s+to|expected\s+to|"
    r"aims?\s+to|hopes?\s+to|is\s+to|are\s+to)\b",
    re.I,
)
_EVENT_NOUNS = re.compile(
    r"\b(?:meeting|conference|forum|workshop|mission|dialogue|seminar|summit|fair|expo|visit|"
    r"webinar|symposium|congress|exhibition|reception|ceremony|round\s?table|kick-off|days)\b",
    re.I,
)
# Hedged futures are not events yet, even with a date ("expected to be signed in 2026").
_HEDGED = re.compile(
    r"\b(?:expected\s+to|likely\s+to|(?:plans|planned|aims|hopes|hoped)\s+to|"
    r"consider(?:s|ing)|explor(?:es|ing)|weighing|mulling)\b"
    r"|(?-i:\b(?:may|might|could|would)\b)",  # lower case: "May" is a month
    re.I,
)
_FOLLOWED = re.compile(r"\b(?:followed|came\s+next|was\s+added)\b", re.I)


def _may_be_relative(sentence: str) -> bool:
    """False only when neither TODAY nor RELATIVE_YEAR can match (each phrase holds one of
    these words): most sentences are passed over without running either pattern."""
    low = sentence.lower()
    return "day" in low or "this" in low or "year" in low


def _coordinated(text: str, triggers: list[tuple[int, str]]) -> tuple[int, str, int, str] | None:
    """Where a clause joins two events of different kinds by "and" ("paid a visit to Belgium and
    on 8 December held the Summit"): (end of the first, its kind, start of the second, its
    kind). Both triggers must be verbs in the past tense."""
    for (first, first_kind), (second, second_kind) in itertools.pairwise(triggers):
        if (
            first_kind == second_kind
            or first_kind not in _CO_EVENTS
            or second_kind not in _CO_EVENTS
        ):
            continue
        joined = _AND_BEFORE.search(text, first, second)
        if joined and _PAST_VERB.match(text, first) and _PAST_VERB.match(text, second):
            return joined.start(), first_kind, joined.end(), second_kind
    return None


def _subject_before(text: str, start: int, trigger: int, first: int | None = None) -> str:
    """The short subject of the clause whose trigger is at `trigger` ("the Empire of Japan" in
    "After aligning with Britain in 1902, the Empire of Japan declared war ..."), or "". A verb
    joined by "and" to the clause's `first` trigger shares its subject ("The Agreement ... was
    signed on 30 November 2009 and entered into force ...")."""
    lo = max(text.rfind(",", start, trigger) + 1, text.rfind(";", start, trigger) + 1, start)
    if (
        first is not None
        and first < trigger
        and _AND_END.search(text, max(lo, trigger - 8), trigger)
    ):
        shared = _AUXILIARY_END.sub("", ENUMERATOR.sub("", clean(text[lo:first])))
        if shared[:1].isupper() and len(shared.split()) <= MAX_WORDS - 2:
            return shared
    subject = clean(text[lo:trigger])
    words = subject.split()
    if not words or len(words) > _MAX_SUBJECT or words[0].lower() in _NOT_A_SUBJECT:
        return ""
    if not (words[0][0].isupper() or words[0].lower() == "the") or any(
        c.isdigit() for c in subject
    ):
        return ""
    return subject


def _with_place(text: str, unit: Unit) -> str | None:
    """A short event cell named with its row's place: "Closing conference" and "Tokyo" ->
    "Closing conference in Tokyo", "Kick-off meeting" and "online" -> "Kick-off meeting
    (online)". None when the cell is a title of its own or the row names no place."""
    name = clean(text[unit.start : unit.end]).rstrip(" .;:")
    table = unit.table
    if is_good_title(name) or table is None or unit.row is None:
        return None
    places = [c for c in range(len(table.header)) if table.role(c) == "place"]
    row = table.rows[unit.row]
    if not places or places[0] >= len(row):
        return None
    place = clean(text[slice(*row[places[0]])])
    told = f"{name} ({place})" if place.lower() in _VIRTUAL else f"{name} in {place}"
    return told if place and is_good_title(told) else None


def _listed_after(text: str, units: list[Unit], index: int) -> list[Unit]:
    """The list items that follow a sentence ending with a colon, which they complete."""
    unit = units[index]
    if not text[unit.start : unit.end].rstrip().endswith(":"):
        return []
    items: list[Unit] = []
    for following in units[index + 1 : index + 1 + _MAX_LISTED]:
        previous = items[-1] if items else unit
        if following.kind != "list_item" or not _BULLET_GAP.fullmatch(
            text, previous.end, following.start
        ):
            break
        items.append(following)
    return items


def _item_name(text: str, item: Unit) -> str:
    """What a list item names: its words before a relative clause or a dash."""
    name = _ITEM_TAIL.split(clean(text[item.start : item.end]), maxsplit=1)[0]
    return _ITEM_ARTICLE.sub("", name).strip(" ,;.")


def _reported_meeting(facts: list[MilestoneFact], units: list[Unit]) -> MilestoneFact | None:
    """The meeting a page reports on: a dated meeting told near its top."""
    top = units[min(len(units), _TOP_UNITS) - 1].end if units else 0
    for fact in facts:
        if fact.char_start > top:
            return None
        if fact.kind == "meeting" and fact.month:
            return fact
    return None


def _date_of(fact: MilestoneFact) -> DateMention:
    return DateMention(fact.char_start, fact.char_start, fact.year, fact.month, fact.day)


def _is_title(text: str) -> bool:
    words = _TITLE_WORD.findall(clean(text))
    caps = [w for w in words if w[0].isupper() or w.lower() in {"of", "for", "and", "the", "in"}]
    return len(words) >= 2 and len(caps) == len(words)


def find_milestones(text: str, units: list[Unit], ctx: DocContext) -> list[MilestoneFact]:
    """Dated events in the text's units, in text order, one per event."""
    facts: list[MilestoneFact] = []
    doc_date = dateline(text, units)
    in_history: dict[str, bool] = {}

    def hedged(anchor: int, date: DateMention) -> bool:
        """A hedge between the trigger and the date ("was expected to be signed in 2026")."""
        lo, hi = sorted((anchor, date.start if date.end else anchor))
        return bool(_HEDGED.search(text[max(0, lo - 30) : hi + 1]))

    def emit(
        start: int,
        end: int,
        date: DateMention,
        kind: str,
        named: bool = False,
        subject: str = "",
        anchor: int | None = None,
        title: str | None = None,
    ) -> bool:
        """Add the milestone quoting text[start:end]; False when it has no complete title."""
        quote = text[start:end]
        described = clean(quote)  # the title is cut from the same cleaned text
        # `subject`: who did it, when the quote is the second of two joined events; `anchor`:
        # the trigger the title is cut around, when it is not the quote's first.
        at = None
        if anchor is not None:
            word = text[anchor : anchor + 20].split()[0]
            found = described.find(word, max(0, len(clean(text[start:anchor])) - 3))
            at = found if found >= 0 else None
            if at is not None and subject:
                at += len(subject) + 1  # the title is cut from "{subject} {described}"
        if title is None:
            title = make_title(f"{subject} {described}" if subject else described, named, at)
        if subject and title is not None and not title.startswith(ARTICLE.sub("", subject)[:8]):
            # The subject was cut as too long for a clause title; it is the clause's own.
            told = f"{ARTICLE.sub('', subject)} {title[:1].lower()}{title[1:]}"
            title = told if is_good_title(told) else title
        if title is None:
            return False  # no complete name for the event: better no row than a fragment
        owner = ctx.owner(start, end)
        facts.append(
            MilestoneFact(
                year=date.year,
                month=date.month,
                day=date.day,
                org_key=norm_key(owner.name) if owner else None,
                kind=kind,
                title=title,
                description=described,
                char_start=start,
                char_end=end,
                quote=quote,
                participants=participants(text, start, end, kind, ctx.orgs_in(start, end)),
            )
        )
        return True

    for index, unit in enumerate(units):
        segment_text = text[unit.start : unit.end]
        if unit.kind == "heading" or not _ANY_LETTER.search(segment_text):
            continue
        if segment_text.rstrip('"”’)* ').endswith("?"):
            continue  # a question ("As we mark 160 years, what is your vision?") reports nothing
        if unit.table is not None:
            role = unit.table.role(unit.column)
            if unit.year_hint is None or unit.column == 0 or role in {"date", "place"}:
                continue  # statistics, the date itself, or where it happened
            kind = first_trigger(segment_text)[0]
            has_roles = unit.table.has_roles()
            if role == "event":
                kind = kind or ("meeting" if _EVENT_NOUNS.search(segment_text) else "event")
            elif kind is None:
                header = unit.table.header_text[unit.column] if has_roles else ""
                header_kind = first_trigger(header)[0] if header else None
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
            title = _with_place(text, unit) if role == "event" else None
            emit(
                unit.start,
                unit.end,
                date
                or DateMention(
                    unit.start, unit.start, unit.year_hint, unit.month_hint, unit.day_hint
                ),
                kind,
                named=True,
                title=title,
            )
            continue
        dates = usable_dates(text, unit.start, unit.end, doc_date)
        if not dates:
            # The cheap tests first; triggers are only looked for when they can matter.
            if (
                doc_date is not None
                and unit.kind == "sentence"
                and unit.start > doc_date.end
                and segment_text[0] not in "\"“‘'"  # quoted speech reports no event
                # The dateline dates only what the sentence says happened today or yesterday.
                and _may_be_relative(segment_text)
                and (TODAY.search(segment_text) or RELATIVE_YEAR.search(segment_text))
                and (triggers := find_triggers(segment_text))
                and not _FUTURE.search(segment_text)
                and not _HEDGED.search(segment_text)
            ):
                relative = RELATIVE_YEAR.search(segment_text)
                date = relative_date(relative, doc_date)
                # The event is the one whose trigger stands nearest to "this May".
                near = relative.start() if relative else 0
                position, kind = min(triggers, key=lambda t: abs(t[0] - near))
                emit(unit.start, unit.end, date, kind, anchor=unit.start + position)
            elif (
                unit.kind == "sentence"
                and ("eeting" in segment_text or "ummit" in segment_text)  # before the pattern
                and _BACK_TO_MEETING.search(segment_text)
                and (meeting := _reported_meeting(facts, units))
                and (acts := [k for _p, k in find_triggers(segment_text) if k in _ACTS])
                and not _FUTURE.search(segment_text)
                and not _HEDGED.search(segment_text)
            ):
                # A meeting report: what "the Summit" did took place on the meeting's date.
                emit(unit.start, unit.end, _date_of(meeting), min(acts, key=_ACTS.index))
            continue
        section_history = in_history.get(unit.section)
        if section_history is None:  # one search per section, not per unit
            section_history = in_history[unit.section] = bool(HISTORY_SECTIONS.search(unit.section))
        triggers = find_triggers(segment_text)
        listed = unit.kind != "sentence"  # a list item or cell names its event
        trigger_positions = [unit.start + p for p, _k in triggers]
        for start, end, clause_dates in clauses(text, unit.start, unit.end, dates):
            lo, hi = bisect_left(trigger_positions, start), bisect_left(trigger_positions, end)
            clause_triggers = [(unit.start + p, k) for p, k in triggers[lo:hi]]
            if compatible(clause_dates):
                date = max(clause_dates, key=lambda d: d.precision)
                if clause_triggers:
                    anchor, kind = min(clause_triggers, key=lambda t: abs(t[0] - date.start))
                    frame = _EVENT_FRAME.match(text, start, end)
                    acts = [t for t in clause_triggers if frame and t[0] >= frame.end()]
                    if frame and acts and acts[0][1] != "meeting" and not hedged(acts[0][0], date):
                        # "At the 10th Summit held on 8 December 2001, an Action Plan was
                        # adopted": the meeting is one event, what it did another.
                        emit(*frame.span(1), date, "meeting")
                        anchor, kind = acts[0]
                elif section_history or (facts and _FOLLOWED.search(text[start:end])):
                    anchor, kind = date.start, facts[-1].kind if not section_history else "other"
                elif unit.kind == "list_item" and _YEAR_LABEL.match(text, unit.start):
                    # A timeline's entry ("- **2014**: Workshop at the IAE in Tokyo ..."): every
                    # entry is an event, as in a year-by-year history table.
                    anchor = date.start
                    kind = "meeting" if _EVENT_NOUNS.search(segment_text) else "other"
                else:
                    continue
                if hedged(anchor, date) or far_event_year(text, anchor, date):
                    continue
                whole = (start, end) == (unit.start, unit.end)
                items = _listed_after(text, units, index) if whole and not listed else []
                done = text[anchor : anchor + 20].split()[0].lower() if items else ""
                if items and done.endswith("ed"):
                    # "Two landmark agreements were concluded in 2018:" and a list naming them:
                    # one event per item, quoted from the sentence to the item.
                    for item in items:
                        name = _item_name(text, item)
                        if name and is_good_title(f"{name} {done}"):
                            emit(unit.start, item.end, date, kind, title=f"{name} {done}")
                    continue
                pair = (
                    _BOTH.match(text, start, end) if text.find(" both ", start, end) > 0 else None
                )
                if pair and clause_triggers and clause_triggers[0][0] >= pair.end():
                    # "The EPA and the SPA both signed in Tokyo on 17 July": two signings.
                    rest = clean(text[pair.end() : end])
                    for name in ("a", "b"):
                        told = make_title(f"{clean(pair[name])} {rest}")
                        emit(pair.start(name), end, date, kind, title=told)
                    continue
                split = None if listed else _coordinated(text, clause_triggers)
                if split is not None:
                    # "X paid a visit to Belgium and on 8 December held the Summit": two events.
                    emit(start, split[0], date, split[1])
                    subject = ENUMERATOR.sub("", clean(text[start : clause_triggers[0][0]]))
                    short = subject[:1].isupper() and len(subject.split()) <= _MAX_SUBJECT
                    emit(split[2], end, date, split[3], subject=subject if short else "")
                    continue
                emit(start, end if whole else max(end, date.end), date, kind, named=listed)
                continue
            # Several dates in one clause: each with the nearest trigger before it, a leading
            # date ("In April 1600, the ship arrived ...") with the first trigger after it. A
            # trigger dates one event only.
            previous_end = start
            used: set[int] = set()
            for i, date in enumerate(clause_dates):
                before = [
                    (p, k)
                    for p, k in clause_triggers
                    if previous_end <= p < date.start and p not in used
                ]
                quote = (before[-1][0], date.end) if before else None
                if not before and i == 0 and _LEADING_DATE.match(text, start, date.end + 2):
                    following = clause_dates[1].start if len(clause_dates) > 1 else end
                    before = [(p, k) for p, k in clause_triggers if date.end <= p < following]
                    cut = text.rfind(",", before[0][0], following) if before else -1
                    quote = (start, cut if cut > 0 else following)
                if quote is not None and before:
                    anchor, kind = before[-1] if quote[0] != start else before[0]
                    used.add(anchor)
                    if not hedged(anchor, date):
                        subject = (
                            _subject_before(text, start, anchor, clause_triggers[0][0])
                            if quote[0] == anchor
                            else ""
                        )
                        if not emit(*quote, date, kind, subject=subject) and quote[0] == anchor:
                            # "signed on 30 November 2009" names nothing: quote the clause
                            # from its start ("The Agreement on ... was signed ...").
                            emit(previous_end, date.end, date, kind, anchor=anchor)
                previous_end = date.end
    # Visits lists are read apart: their lines look alike to the dedupe, but each is a visit.
    listed_visits = [v for v in visit_list_milestones(text, units) if is_good_title(v.title)]
    return sorted(dedupe_milestones(facts, units) + listed_visits, key=lambda f: f.char_start)
