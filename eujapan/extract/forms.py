"""Where a document writes its organisations: every occurrence of every form, found as a whole
word (Markdown emphasis may interrupt a name in the raw text, "Network**-Japan").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import MEMO_SIZE, DocOrg

_WHITESPACE = re.compile(r"\s+")


def occurs_as_word(text: str, form: str) -> bool:
    """`re.search(rf"(?<![\\w-]){re.escape(form)}(?![\\w-])", text)`, without compiling it."""
    if not form:
        return True
    n = len(text)
    pos = text.find(form)
    while pos >= 0:
        end = pos + len(form)
        if (pos == 0 or not _boundary_blocked(text[pos - 1])) and (
            end >= n or not _boundary_blocked(text[end])
        ):
            return True
        pos = text.find(form, pos + 1)
    return False


def locate(text: str, orgs: list[DocOrg]) -> list[tuple[DocOrg, int, int]]:
    """Every non-overlapping occurrence of every form of every organisation, longest first."""
    forms: list[tuple[str, DocOrg]] = sorted(
        ((f, o) for o in orgs for f in o.forms if len(f) >= 2),
        key=lambda fo: -len(fo[0]),
    )
    taken = bytearray(len(text))
    hits: list[tuple[DocOrg, int, int]] = []
    for form, org in forms:
        for start, end in find_form(text, form):
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            hits.append((org, start, end))
    return sorted(hits, key=lambda h: h[1])


_EMPHASIS = ("**", "__")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_form(text: str, form: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a form, as `_form_pattern(form).finditer` finds them.

    The same matches without compiling a pattern per form (compiling was most of the time spent
    here): the form's first word is found with str.find and the rest is checked in place.
    Forms that Markdown marks or odd spacing could make ambiguous use the pattern itself.
    """
    plan = _form_plan(form)
    if plan is None:
        return [(m.start(), m.end()) for m in _form_pattern(form).finditer(text)]
    key, parts = plan
    one_piece = len(parts) == 1 and len(parts[0]) == 1  # the key is the whole form ("NEDO")
    found: list[tuple[int, int]] = []
    n = len(text)
    pos = text.find(key)
    while pos >= 0:
        if pos and _boundary_blocked(text[pos - 1]):
            end = -1
        else:
            end = (
                pos + len(form)  # written as is: _match_parts would end there too
                if one_piece or text.startswith(form, pos)
                else _match_parts(text, pos, parts)
            )
        if end >= 0 and not (
            end < n
            and (
                _is_word(text[end])
                or (text[end] == "-" and end + 1 < n and _is_word(text[end + 1]))
            )
        ):
            found.append((pos, end))
            pos = text.find(key, end)
        else:
            pos = text.find(key, pos + 1)
    return found


@lru_cache(maxsize=MEMO_SIZE)
def _form_plan(form: str) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
    """How `find_form` looks for a form: the text its first word starts with, and each word's
    hyphen-separated pieces; None when the form needs its pattern."""
    parts = _WHITESPACE.split(form)
    # A later word that begins with a hyphen ("Growth - Internal Market") is read as pieces
    # split at it, the first one empty; a first word must give `find_form` a text to look for.
    if parts[0][:1] == "-" or any(not p or "*" in p or "_" in p or "\\" in p for p in parts):
        return None
    return parts[0].split("-", 1)[0], tuple(tuple(p.split("-")) for p in parts)


def _boundary_blocked(ch: str) -> bool:
    """The character before a form's start forbids a match there (`(?<![\\w-])`)."""
    return ch == "-" or _is_word(ch)


def _match_parts(text: str, pos: int, parts: tuple[tuple[str, ...], ...]) -> int:
    """End of the form's parts (each split at its hyphens) matched at `pos` (emphasis allowed
    before hyphens and around the spaces between parts), or -1."""
    n = len(text)
    for k, pieces in enumerate(parts):
        if k:
            if text.startswith(_EMPHASIS, pos):
                pos += 2
            space = pos
            while pos < n and text[pos].isspace():
                pos += 1
            if pos == space:
                return -1
            if text.startswith(_EMPHASIS, pos):
                pos += 2
        for i, piece in enumerate(pieces):
            if i:
                if text.startswith(_EMPHASIS, pos):
                    pos += 2
                if not text.startswith("-", pos):
                    return -1
                pos += 1
            if not text.startswith(piece, pos):
                return -1
            pos += len(piece)
    return pos


@lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern[str]:
    # Markdown emphasis may interrupt a name in the raw text ("Network**-Japan").
    parts = [re.escape(p) for p in _WHITESPACE.split(form)]
    body = r"(?:\*\*|__)?\s+(?:\*\*|__)?".join(parts)
    body = body.replace(r"\-", r"(?:\*\*|__)?\-")
    return re.compile(rf"(?<![\w-]){body}(?![\w]|-\w)")
