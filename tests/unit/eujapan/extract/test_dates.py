"""Date expressions (dates.py)."""

from __future__ import annotations

import pytest

from eujapan.extract.dates import find_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signed on 1 February 2019 in Brussels", (2019, 2, 1)),
        ("Tokyo, July 3, 2023 — the agencies", (2023, 7, 3)),
        ("an MoU signed on 27.4.2018 in Tokyo", (2018, 4, 27)),
        ("launched in May 2020 by the Centre", (2020, 5, None)),
        ("published 2019-04-27", (2019, 4, 27)),
        ("established in 1987", (1987, None, None)),
    ],
)
def test_date_expressions(text: str, expected: tuple) -> None:
    dates = find_dates(text)
    assert [(d.year, d.month, d.day) for d in dates] == [expected]
