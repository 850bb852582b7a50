"""Scanning helpers (scan.py): a pattern tried only where a match can begin finds what finditer
finds, as long as those positions include every match start."""

from __future__ import annotations

import re

from eujapan.extract.scan import matches_at


def test_matches_at_finds_what_finditer_finds() -> None:
    pattern = re.compile(r"ab+|b")
    text = "xxabbb ab b xabx"
    expected = [(m.start(), m.end()) for m in pattern.finditer(text, 1, len(text) - 1)]
    starts = [i for i, c in enumerate(text) if c in "ab"]
    found = [(m.start(), m.end()) for m in matches_at(pattern, text, starts, 1, len(text) - 1)]
    assert found == expected
    # A start inside a previous match is skipped, as finditer does not overlap matches.
    assert (3, 4) not in found
