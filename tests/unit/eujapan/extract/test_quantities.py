"""Counted phrases and numbers (quantities.py)."""

from __future__ import annotations

import pytest

from eujapan.extract.quantities import find_quantities, find_spelled_quantities, parse_number


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,500", 1500), ("2 700", 2700), ("25,000", 25000), ("1.5", 1.5), ("12", 12)],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("phrase", "quantity", "quantity_max", "qualifier", "unit"),
    [
        ("1,500 executives took part", 1500, None, "exact", "executives"),
        ("about 2 700 participants", 2700, None, "approx", "participants"),
        ("ca 20,000 recipients", 20000, None, "approx", "recipients"),
        ("over 100 partnership agreements", 100, None, "at_least", "agreements"),
        ("more than 60 companies", 60, None, "at_least", "companies"),
        ("800 to 1,000 applicants", 800, 1000, "range", "applicants"),
        ("up to 30 start-ups", 30, None, "at_most", "start-ups"),
        ("900 EU and Japanese engineering students", 900, None, "exact", "students"),
    ],
)
def test_quantity_phrases(phrase, quantity, quantity_max, qualifier, unit) -> None:
    (q,) = find_quantities(phrase, 0, len(phrase))
    assert (q.quantity, q.quantity_max, q.qualifier, q.unit) == (
        quantity,
        quantity_max,
        qualifier,
        unit,
    )


@pytest.mark.parametrize("word", ["ſix", "SİX", "ſeven"])
def test_number_words_in_odd_letter_cases_are_skipped_not_a_crash(word: str) -> None:
    found = find_spelled_quantities(f"We trained {word} engineers.", 0, 30)
    assert all(q.quantity in {6.0, 7.0} for q in found)
