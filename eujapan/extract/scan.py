"""Scanning helpers shared by the finders (dates, organisation slots): trying a pattern only
where a match can begin. A leaf module: it imports nothing of the package.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


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
