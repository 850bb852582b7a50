"""Milestone titles: a short, complete name of the event in the text's own words.

A title is 3–16 words, starts with a capital, has no ellipsis and no Markdown, and does not end
on a word that needs a continuation ("of", "the", "by"). It is cut from the clause that holds the
event's trigger: leading dates, datelines, reporting frames ("X announced that") and sentence
adverbs ("In addition,") are left out, and so are the dates themselves with their prepositions
("entered into force on 1 May 1997" -> "entered into force"). A heading or a table cell that
names the event is its own title.
"""

from __future__ import annotations

import re

from .dates import date_starts
from .lexicon import MONTH_NAMES
from .scan import matches_at

MIN_WORDS = 3
MAX_WORDS = 16
MAX_SUBJECT_WORDS = 10  # more words before the trigger are a list of who took part

# Words a title must not end on: they promise a continuation.
_DANGLING = frozenset(
    {
        "a", "an", "the", "of", "for", "and", "or", "but", "to", "in", "on", "at", "by", "with",
        "from", "into", "as", "its", "their", "his", "her", "our", "this", "that", "these",
        "those", "which", "who", "whose", "between", "among", "including", "such", "than",
        "mr", "ms", "mrs", "dr", "prof", "was", "were", "is", "are", "be", "been", "has", "have",
        "had", "will", "would", "both", "also", "after", "before", "during", "under", "over",
        "about", "per", "via", "within", "without", "toward", "towards", "amongst", "upon",
        # A reporting verb at the end: what was reported was cut off.
        "recognised", "recognized", "noted", "said", "stated", "stressed", "underlined",
        "emphasised", "emphasized", "recalled", "announced", "confirmed", "explained",
        # A participle or a purpose cut off at the word limit: what it qualified is missing.
        "focusing", "intending", "intended", "planning", "aiming", "aimed", "targeting",
        "aim", "view", "objective", "notably", "namely", "h.e",
    }
)  # fmt: skip
_WORD = re.compile(r"\S+")
# Clause ends after the trigger: a following clause is another statement.
_CLAUSE_END = re.compile(
    r"\s*(?:;|:\s|\s[–—-]\s|,\s+(?:which|who|where|whereby|following|after|as|while|whereas|with|"
    r"thus|thereby|so\s+that|with\s+the\s+aim|in\s+order|and\s+(?:the|this|it|they|we|both)\b|"
    r"but|bringing|making|marking|creating|paving|including|"
    r"(?:assisted|accompanied|attended|joined|chaired|represented)\s+by)\b|"
    # "was signed and refers to ...": what follows describes, it is no part of the event.
    r"\s+and\s+(?:refers|aims|seeks|covers|includes|provides|focuses|remains|continues|"
    r"serves|is|are|has|have)\b|"
    r"\.(?:\s|$)|\s\((?:see|cf)\b)",
    re.I,
)
# Clause starts before the trigger.
_CLAUSE_START = re.compile(r"(?:;|:\s|\.\s|\s[–—-]\s)")
_LEADING = re.compile(
    r"^(?:(?:in\s+addition|moreover|furthermore|also|additionally|meanwhile|today|yesterday|"
    r"and|but|when|while|whereas|although|"
    r"most\s+recently|recently|subsequently|finally|then|later|first(?:ly)?|second(?:ly)?|"
    r"in\s+(?:this|that)\s+(?:year|month|context)|on\s+(?:this|that)\s+(?:day|date|occasion)|"
    r"since\s+then|at\s+(?:this|that)\s+time|as\s+a\s+result|in\s+particular)\s*,?\s+)+",
    re.I,
)
# "X announced / said / confirmed that ...": the event is what follows.
_REPORTING = re.compile(
    r"^.{0,80}?\b(?:announced|said|stated|reported|noted|confirmed|declared|explained|added|"
    r"recalled|welcomed\s+the\s+fact|underlined|stressed)\s+that\s+",
    re.I,
)
# A date with the preposition that ties it to the verb, and the commas around it.
_DATE_PREP = r"(?:(?:on|in|of|since|from|as\s+of|dated|by|until|during|at\s+the\s+end\s+of)\s+)?"
_PREP_BEFORE = re.compile(_DATE_PREP + r"$", re.I)
_WEEKDAY_BEFORE = re.compile(
    r"(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s*$", re.I
)
_COMMA = re.compile(r"\s*,")
_TRAILING_PUNCT = re.compile(r"[\s,;:.–—-]+$")
_LEADING_PUNCT = re.compile(r"^[\s,;:.–—-]+")
_SPACES = re.compile(r"\s{2,}")
_TRAILING_CHARS = ",;:.–—-"  # with white space, _TRAILING_PUNCT's class


def _strip_trailing(phrase: str) -> str:
    """`_TRAILING_PUNCT.sub("", phrase)`: run only when the phrase ends with one of its characters
    (most titles do not, and the search tries every space of the phrase)."""
    if phrase and (phrase[-1] in _TRAILING_CHARS or phrase[-1].isspace()):
        return _TRAILING_PUNCT.sub("", phrase)
    return phrase


def _collapse_spaces(phrase: str) -> str:
    """`_SPACES.sub(" ", phrase)`: white space other than " " is not printable, so a phrase with
    neither two spaces in a row nor such a character has nothing to collapse."""
    if "  " in phrase or not phrase.isprintable():
        return _SPACES.sub(" ", phrase)
    return phrase


# "During the bakumatsu period, X did Y": a leading adverbial phrase set off by a comma.
_FRAME = re.compile(
    r"^(?:during|after|before|following|at|in|on|with|under|since|through|amid|despite)\b"
    r"[^,;]{0,70},\s+",
    re.I,
)
# A list enumerator and a leading article, left out of titles (and of subjects, milestones.py).
ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}\)|\d{1,2}\.|[a-z]\))\s+")
ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.I)
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:1[5-9]|20)\d\d"
_DATE_PHRASE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}(?:\s*,?\s+{_YEAR})?"
    rf"|{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,?\s+{_YEAR})?"
    rf"|{_MONTH_NAME}\s*,?\s+{_YEAR}"
    rf"|{_YEAR}-\d\d-\d\d|\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}"
    rf"|{_YEAR})\b(?!['’]?s\b)",
    re.I,
)
# Dates relative to the page's own ("this May", "three years ago", "yesterday"), looked for only
# when a sentence holds one of _RELATIVE_NEEDLES; a date run into the word before it in a
# scraped heading ("Summit MeetingJune 22, 2004"), only where a month name follows a letter.
_RELATIVE_PHRASE = re.compile(
    r"\b(?:this|last|next)\s+(?:year|month|week|(?-i:" + "|".join(MONTH_NAMES) + r"))\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\b"
    r"|\b(?:today|yesterday)\b",
    re.I,
)
_GLUED_DATE = re.compile(
    r"(?:" + "|".join(MONTH_NAMES) + r")\s+\d{1,2}(?:\s*,?\s+" + _YEAR + r")?\b"
)
_GLUED_MONTH_BEFORE = re.compile(r"(?<=[a-z])(?:" + "|".join(MONTH_NAMES) + r")\s+$")


def _may_hold_relative(sentence: str) -> bool:
    """False only when _RELATIVE_PHRASE cannot match (each of its phrases holds one of these)."""
    low = sentence.lower()
    return "this " in low or "last " in low or "next " in low or " ago" in low or "day" in low


# The date is part of an act's name: "Council Decision of 8 October 2002".
_ACT_OF = re.compile(r"\b(?:decision|regulation|directive)\s+of\s+$", re.I)
_OBJECT_ENDS = (
    r"(?:in|at|on|via|with|for|between|among|to|from|by|during|under|as|after|before|which|that)"
    r"\b"
)
_VERB_THEN_OBJECT = re.compile(
    r"^(?P<verb>held|hosted|organi[sz]ed|convened|launched|opened|signed|adopted|concluded)\s+"
    r"(?:the|a|an)\s+"
    rf"(?P<object>(?:(?!{_OBJECT_ENDS})[^\s,;]+\s*){{1,8}}?)(?=\s{_OBJECT_ENDS}|[,;]|$)",
    re.I,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been)\s+$")
_SUBORDINATE_SUBJECT = re.compile(
    r"\b(?:since|when|after|because|where|while|until|before|once)\s+(?:the\s+)?"
    r"(?P<subject>[A-Z][\w-]*(?:\s+(?:of|for|and|the|[A-Z][\w-]*))*(?:\s+\([A-Z]{2,8}\))?)"
    r"\s+$"
)
_ORDINAL_DAY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?$")


def _strip_dates(clause: str, dates: list[tuple[int, int]]) -> str:
    """The clause without its dates and the prepositions and commas that carry them."""
    for start, end in sorted(dates, reverse=True):
        if start < 0 or end > len(clause):
            continue
        # Both patterns end where the date begins: look only a few words back.
        prep = _PREP_BEFORE.search(clause, max(0, start - 24), start)
        lo = prep.start() if prep and prep.group(0) else start
        # "On Saturday, October 28, 2023," : the weekday belongs to the date.
        weekday = _WEEKDAY_BEFORE.search(clause, max(0, lo - 16), lo)
        if weekday:
            lo = weekday.start()
        hi = end
        after = clause[hi:]
        comma = _COMMA.match(after)
        if comma and (lo == 0 or clause[lo - 1 : lo] in {",", " "}):
            hi += comma.end()
        clause = (
            clause[:lo].rstrip(" ,")
            + (" " if lo and hi < len(clause) else "")
            + clause[hi:].lstrip()
        )
    return clause


def _clause_around(sentence: str, trigger: int) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, max(trigger, 0))]
    lo = starts[-1] if starts else 0
    end = _CLAUSE_END.search(sentence, max(trigger, lo))
    hi = end.start() if end else len(sentence)
    return lo, hi


def _trim_words(words: list[str]) -> list[str]:
    while words and words[-1].lower().strip(",;:()\"'“”‘’") in _DANGLING:
        words.pop()
    return words


def _fit(phrase: str, keep: int = 0) -> str | None:
    """The phrase cut to at most MAX_WORDS at a phrase boundary, without a dangling end; the
    first `keep` words (up to the event's trigger) are never cut off."""
    words = _WORD.findall(phrase)
    if len(words) > MAX_WORDS:
        # Prefer a cut before a word that opens a new phrase, as late as the limit allows.
        cut = MAX_WORDS
        for i in range(MAX_WORDS, max(MIN_WORDS, keep + 1), -1):
            if words[i].lower() in {"to", "for", "with", "which", "that", "in", "on", "at", "by",
                                    "from", "following", "after", "under", "as", "and"} or \
                    words[i - 1].endswith(","):  # fmt: skip
                cut = i
                break
        words = words[:cut]
        # A phrase set off by a comma was cut: end at the comma instead ("Launch of X, a
        # landing pad for SMEs planning" -> "Launch of X").
        commas = [i for i in range(max(keep, MIN_WORDS), len(words)) if words[i - 1].endswith(",")]
        if commas:
            words = words[: commas[-1]]
    words = _trim_words(
        [w.rstrip(",;:") if i == len(words) - 1 else w for i, w in enumerate(words)]
    )
    if len(words) < MIN_WORDS:
        return None
    title = _strip_trailing(" ".join(words))
    if title.count("(") != title.count(")"):
        title = (
            title[: title.rfind("(")].rstrip() if title.rfind("(") > 0 else title.replace("(", "")
        )
        words = _trim_words(title.split())
        if len(words) < MIN_WORDS:
            return None
        title = " ".join(words)
    return title[0].upper() + title[1:]


def date_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of the date phrases in a short sentence ("1 May 1997", "June 20, 1999", "1987").

    Lighter than dates.find_dates, which indexes a whole document: a title only needs to know
    what to leave out, not what the date is.
    """
    # Every phrase begins with a digit run or a month name: it is tried only there.
    starts = date_starts(sentence)
    spans = [m.span() for m in matches_at(_DATE_PHRASE, sentence, starts, 0, len(sentence))]
    extra = []
    if _may_hold_relative(sentence):
        extra = [m.span() for m in _RELATIVE_PHRASE.finditer(sentence)]
    for digits in starts:
        # A month name run into the word before it ends right before the digits.
        # White space must come right before the digits (the pattern ends with `\s+$`).
        glued = (
            _GLUED_MONTH_BEFORE.search(sentence, max(0, digits - 12), digits)
            if sentence[digits - 1 : digits].isspace()
            else None
        )
        if glued and (date := _GLUED_DATE.match(sentence, glued.start())):
            extra.append(date.span())
    if extra:
        found = sorted(spans + extra)
        # A glued date holds the year the digit runs found: keep the longer span only.
        spans = [
            (s, e)
            for s, e in found
            if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in found)
        ]
    return spans


def event_title(
    sentence: str, trigger: int, dates: list[tuple[int, int]] | None = None
) -> str | None:
    """A title for the event whose trigger is at `trigger` in the cleaned sentence.

    `dates` are (start, end) spans of the dates in the sentence (found here when None). None
    when no phrase of MIN_WORDS..MAX_WORDS words can be made.
    """
    if dates is None:
        dates = date_spans(sentence)
    lo, hi = _clause_around(sentence, trigger)
    word = _WORD.match(sentence, trigger)
    trigger_word = word.group(0) if word else ""
    subject_words = len(_WORD.findall(sentence, lo, trigger))
    # The long subject of a passive, without commas, is one name ("The Agreement on Cooperation
    # in Science and Technology between Japan and the European Community was signed"): it stays.
    one_name = (
        subject_words <= MAX_WORDS - 1
        and "," not in sentence[lo:trigger]
        and bool(_PASSIVE_BEFORE.search(sentence, max(lo, trigger - 12), trigger))
    )
    if subject_words > MAX_SUBJECT_WORDS and not one_name:
        # "Mr A, Prime Minister of Japan, Mr B, President of ..., met in Tokyo for the 19th
        # Summit": a long list of who took part; the event is what follows. A subordinate
        # clause's own subject stays ("... since the European Union (EU) enlarged to 25").
        named = _SUBORDINATE_SUBJECT.search(sentence, max(lo, trigger - 120), trigger)
        lo = named.start("subject") if named else trigger
    inside = [
        (s - lo, e - lo)
        for s, e in dates
        if lo <= s and e <= hi and not _ACT_OF.search(sentence, max(lo, s - 16), s)
    ]
    clause = _strip_dates(sentence[lo:hi], inside)
    clause = _LEADING_PUNCT.sub("", clause)
    # Every reporting frame ends with "that": without it (most clauses) there is no match.
    reported = _REPORTING.match(clause) if "that" in clause.lower() else None
    if reported and len(clause) - reported.end() > 15:
        clause = clause[reported.end() :]
    clause = _LEADING.sub("", clause)
    framed = _FRAME.match(clause)
    if framed and len(_WORD.findall(clause[framed.end() :])) >= MIN_WORDS:
        clause = clause[framed.end() :]
    clause = ARTICLE.sub("", clause)
    clause = _strip_trailing(_collapse_spaces(clause))
    clause = ENUMERATOR.sub("", clause)
    if not clause or _ORDINAL_DAY.match(clause):
        return None
    clause = _object_first(clause)
    at = clause.find(trigger_word) if trigger_word else -1
    return _fit(clause, len(_WORD.findall(clause[:at])) + 1 if at >= 0 else 0)


def _object_first(clause: str) -> str:
    """A clause that starts with its verb gets the headline order: "held the 10th Workshop in
    Tokyo" -> "10th Workshop held in Tokyo" (the subject was a list of who took part)."""
    m = _VERB_THEN_OBJECT.match(clause)
    if not m:
        return clause
    rest = clause[m.end("object") :]
    reordered = f"{m.group('object').rstrip()} {m.group('verb').lower()}{rest}"
    return reordered if len(_WORD.findall(reordered)) >= MIN_WORDS else clause


def is_good_title(title: str) -> bool:
    """The rules a published title keeps (used by the checks and the evaluation)."""
    words = _WORD.findall(title)
    return (
        MIN_WORDS <= len(words) <= MAX_WORDS
        and not title[:1].islower()
        and "…" not in title
        and "..." not in title
        and not any(mark in title for mark in ("**", "__", "[", "](", "|", "#"))
        and words[-1].lower().strip(",;:()\"'“”‘’") not in _DANGLING
    )
