"""Scanning helpers shared by the finders: trying a pattern only where a match can begin, and
finding those places (the words every finder looks for, in one scan per text; literals; the
words or white space before a place). A leaf module: it imports nothing of the package.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence

_local = threading.local()


# The words whose places the finders ask `stem_starts` for, registered by each finder when it
# is imported (in lower case), and the one scan that finds them all.
_stems: set[str] = set()
_Scan = tuple[re.Pattern[str], re.Pattern[str]]  # the scan, and the match at the text's start
_index: tuple[int, _Scan, dict[str, tuple[str, ...]]] | None = None
_folding: tuple[int, _Scan] | None = None


def register_stems(stems: Iterable[str]) -> None:
    """Add words to those `stem_starts` finds (a finder registers its own when imported)."""
    _stems.update(s.lower() for s in stems)


# Letters that IGNORECASE matches to "i" and "s" although str.lower() keeps them apart (dotless
# i, long s): in a text with one of them, or whose lower-case form is longer ("İ"), the stems
# are looked for with IGNORECASE itself (slower, and compiled only then).
_FOLDED_APART = ("\u0131", "\u017f")


def _scan_of(flags: int) -> _Scan:
    """A character that is no word character, then the stems looked ahead at (so that none
    hides another): the pattern begins with that class, which the engine skips to."""
    trie = trie_pattern(sorted(_stems))
    return re.compile(r"[^\w](?=(" + trie + "))", flags), re.compile(trie, flags)


def compile_stems() -> tuple[_Scan, dict[str, tuple[str, ...]]]:
    """The scan for the registered stems, and for each stem those it begins with (every stem
    found at a place where the longest one is found); compiled again only when stems were
    added since. Done when the package is imported, as its other patterns are compiled."""
    global _index
    if _index is None or _index[0] != len(_stems):
        stems = sorted(_stems)
        prefixes = {s: tuple(t for t in stems if s.startswith(t)) for s in stems}
        _index = (len(_stems), _scan_of(0), prefixes)
    return _index[1], _index[2]


def _folding_scan() -> _Scan:
    global _folding
    if _folding is None or _folding[0] != len(_stems):
        _folding = (len(_stems), _scan_of(re.IGNORECASE))
    return _folding[1]


def stem_starts(text: str, remember: bool = True) -> dict[str, list[int]]:
    """For each registered stem, ascending positions where a word of the text begins with it,
    in any letter case (as IGNORECASE matches it). Made once per text (kept for the text last
    asked about, per thread) in one scan, instead of a str.find per word per finder.

    Every finder that asks for a stem needs it where a word begins (its pattern has `\\b` or
    white space before it); one that needs a letter case checks it at the places given.
    A short text read once (a title's sentence) is not remembered, so that it does not push
    out its document's.
    """
    cached = getattr(_local, "stems", None)
    if cached is not None and cached[0] is text:
        return cached[1]
    plain, prefixes = compile_stems()
    low = text.lower()
    # Lower-casing keeps every character's place and changes no character's being a word
    # character, so the lower-case text is scanned (case-sensitive: twice as fast) unless
    # IGNORECASE would fold a letter there that lower() does not.
    if len(low) == len(text) and not any(c in text for c in _FOLDED_APART):
        (scan, at_start), searched = plain, low
    else:
        (scan, at_start), searched = _folding_scan(), text
    found: dict[str, list[int]] = {s: [] for s in prefixes}
    first = at_start.match(searched)
    hits = [(0, first.group())] if first else []
    hits += [(m.end(), m.group(1)) for m in scan.finditer(searched)]
    for pos, written in hits:
        # A spelling that lower-cases to no stem (a letter IGNORECASE folds unlike casefold):
        # the place is kept for every stem, which only adds places to try.
        for stem in prefixes.get(written.casefold(), prefixes):
            found[stem].append(pos)
    if remember:
        _local.stems = (text, found)
    return found


def short_text_stem_starts(text: str, stems: Iterable[str]) -> list[int]:
    """What `stem_starts` gives for a few of its stems, for a short text read once (a title's
    sentence): found with str.find in the lower-case text, cheaper there than the scan."""
    low = text.lower()
    if len(low) != len(text) or any(c in text for c in _FOLDED_APART):
        index = stem_starts(text, remember=False)
        return sorted(p for stem in stems for p in index[stem])
    found: list[int] = []
    for stem in stems:
        pos = low.find(stem)
        while pos >= 0:
            if pos == 0 or not _is_word_char(low[pos - 1]):
                found.append(pos)
            pos = low.find(stem, pos + 1)
    return sorted(found)


def matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int], start: int, end: int
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text, start, end)` yields, trying the pattern only at `starts`.

    `starts` (ascending) must hold every position where a match can begin; the caller knows
    them from a literal every match begins or ends with. The engine then works only there,
    not at every character. The pattern must not match the empty string.
    """
    resume = start
    for pos in starts:
        if pos < resume:
            continue
        if pos >= end:
            break
        m = pattern.match(text, pos, end)
        if m is not None:
            yield m
            resume = m.end()


def literal_starts(text: str, literals: Iterable[str]) -> list[int]:
    """Sorted positions where one of the literals begins in text (case-sensitive)."""
    found: list[int] = []
    for literal in literals:
        pos = text.find(literal)
        while pos >= 0:
            found.append(pos)
            pos = text.find(literal, pos + 1)
    found.sort()
    return found


def gap_starts(text: str, anchors: Iterable[int]) -> list[int]:
    """Where the run of white space that ends at each anchor begins (no position for an anchor
    that no white space precedes)."""
    found: list[int] = []
    for anchor in anchors:
        gap = anchor
        while gap > 0 and text[gap - 1].isspace():
            gap -= 1
        if gap < anchor:
            found.append(gap)
    return found


def word_hits(
    text: str, words: Sequence[str], plus_ends: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, word) of what `(?<![\\w-])(?:w1|w2|...)(?![\\w-])` finds with finditer,
    the words escaped and in order of preference (with `plus_ends`, no word ends before "+"
    either), without compiling a pattern for each text's words.

    At each position the engine takes the first word written there whose ends pass the look
    around it (a failed look ahead makes it try the next word), leftmost first, resuming after
    each match: the same is done here from the places str.find gives.
    """
    n = len(text)
    best: dict[int, int] = {}  # start -> index of the preferred word that matches there
    for rank, word in enumerate(words):
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            if (
                (pos == 0 or not _is_word_or_hyphen(text[pos - 1]))
                and (
                    end == n
                    or not (_is_word_or_hyphen(text[end]) or (plus_ends and text[end] == "+"))
                )
                and rank < best.get(pos, len(words))
            ):
                best[pos] = rank
            pos = text.find(word, pos + 1)
    hits: list[tuple[int, int, str]] = []
    resume = 0
    for pos in sorted(best):
        if pos >= resume:
            word = words[best[pos]]
            hits.append((pos, pos + len(word), word))
            resume = pos + len(word)
    return hits


def _is_word_or_hyphen(ch: str) -> bool:
    return ch == "-" or _is_word_char(ch)


def _is_word_char(ch: str) -> bool:
    """`\\w` of a str pattern (the engine's test is the same: alphanumeric or "_")."""
    return ch.isalnum() or ch == "_"


def word_starts_before(text: str, anchors: Iterable[int], words: int) -> list[int]:
    """Where each of the `words` words before each anchor begins, nearest first per anchor.

    A word is a maximal run of `\\w` characters, and only whitespace may stand between it and
    the next word or the anchor: the starts of a pattern such as `\\b(?:is|was)\\s+part`,
    read back from where its rarer word ("part") was found.
    """
    found: list[int] = []
    for anchor in anchors:
        pos = anchor
        for _ in range(words):
            gap = pos
            while gap > 0 and text[gap - 1].isspace():
                gap -= 1
            word = gap
            while word > 0 and _is_word_char(text[word - 1]):
                word -= 1
            if gap == pos or word == gap:
                break
            found.append(word)
            pos = word
    return found


def trie_pattern(words: list[str], not_after: str = "") -> str:
    """A regex matching exactly the given words, as a character trie (longest match first):
    the engine walks one branch per character instead of trying every word in turn.

    With `not_after` (a character class), no match begins right after such a character: the
    look back is written after each first character rather than before the trie, so that the
    pattern begins with a literal per branch and the engine skips to those characters."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, root: bool = False) -> str:
        ends = "" in node
        branches = [
            re.escape(ch)
            + (f"(?<!{not_after}{re.escape(ch)})" if root and not_after else "")
            + emit(child)
            for ch, child in node.items()
            if ch != ""
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(trie, root=True)
