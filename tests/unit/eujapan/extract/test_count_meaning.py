"""What a count means: parties, populations, rates and periods are told apart."""

from __future__ import annotations

import pytest

from eujapan.extract.count_meaning import is_party_count, is_population, period, rate_per


@pytest.mark.parametrize(
    ("quantity", "unit", "after", "party"),
    [
        (2, "leaders", " met in Tokyo", True),
        (2, "regions", " share values", True),
        (2, "agreements", " were concluded in 2018: the EPA and the SPA", True),
        (37, "meetings", " have been held", False),
        (4, "workshops", " were organised", False),
    ],
)
def test_party_counts(quantity, unit, after, party) -> None:
    assert is_party_count(quantity, unit, after) is party


@pytest.mark.parametrize(
    ("before", "party"),
    [("signed ", False), ("reported ", False), ("the ", True), ("both of ", False)],
)
def test_acts_counted_as_outputs_or_as_the_parties_own(before, party) -> None:
    assert is_party_count(3, "agreements", " with Japanese partners", before=before) is party


def test_populations_are_not_participants() -> None:
    assert is_population(650_000_000, "people")
    assert is_population(127_000_000, "consumers’")
    assert not is_population(70, "people")


def test_rates() -> None:
    assert rate_per("selected (", " out of 800 to 1,000 each year)") == "year"
    assert rate_per("", " trainees annually") == "year"
    assert rate_per("each year the Centre welcomes ", " students") == "year"
    assert rate_per("", " students took part") is None


def test_periods() -> None:
    assert period("Number of participants per year and country 1997-2009") == (1997, 2009)
    assert period("since its launch in 1997") == (1997, None)
    assert period("in 2019 the Centre") == (2019, 2019)
    assert period("over the years") == (None, None)
