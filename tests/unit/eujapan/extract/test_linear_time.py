"""Extraction is linear in the length of a line, whatever the line holds (issue 16).

`find_quantities` used to search back to the line start for every number and copy the rest of
the line for every unit it looked for: a 2 MB line of numbers took minutes. The first test
counts the characters it copies or searches, which does not depend on the machine's speed;
the second times a whole extraction of a line and of one four times as long.
"""

from __future__ import annotations

import gc
import time

import pytest

from eujapan.extract import extract_document
from eujapan.extract.quantities import find_quantities

LINES = ["7 ", "1. ", "over 12 partnership agreements ", "    3", "between 4 and 9 events; "]


class _Counted(str):
    """A text that counts the characters its slices copy and its searches pass over."""

    touched = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        _Counted.touched += max(1, len(part))
        return part

    def rfind(self, sub, start=None, end=None):
        found = str.rfind(self, sub, start, end)
        stop = len(self) if end is None else end
        _Counted.touched += stop - (found if found >= 0 else (start or 0))
        return found

    def find(self, sub, start=None, end=None):
        found = str.find(self, sub, start, end)
        stop = len(self) if end is None else end
        _Counted.touched += (found if found >= 0 else stop) - (start or 0)
        return found


@pytest.mark.parametrize("unit", LINES)
def test_find_quantities_touches_each_character_a_bounded_number_of_times(unit: str) -> None:
    per_char = []
    for repeat in (2_000, 8_000):
        line = _Counted(unit * repeat)
        _Counted.touched = 0
        assert find_quantities(line, 0, len(line)) is not None
        per_char.append(_Counted.touched / len(line))
    # Linear: the work per character does not grow with the line (before the fix it grew
    # with it, to thousands of characters copied per character at these lengths).
    assert per_char[1] < 1.2 * per_char[0] + 1, per_char
    assert per_char[1] < 100, per_char


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        extract_document("line", text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.slow
def test_a_line_of_numbers_four_times_as_long_takes_about_four_times_as_long() -> None:
    short = " ".join(str(i % 97 + 1) for i in range(15_000))
    long = " ".join(str(i % 97 + 1) for i in range(60_000))
    gc.disable()  # the collector's pauses grow with the heap, not with the text
    try:
        _best_time(short)  # warm caches (lexicons, compiled patterns)
        ratio = _best_time(long) / _best_time(short)
    finally:
        gc.enable()
    assert ratio < 8, f"4x the line took {ratio:.1f}x the time"
