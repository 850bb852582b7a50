"""Deliverables of a document (deliverables.py), read through extract_document."""

from __future__ import annotations

import pytest

from tests.support import extract_grounded


@pytest.mark.parametrize(
    "phrase",
    [
        "a 5-day mission",
        "for over 40 years",
        "under Horizon 2020",
        "5G networks",
        "the 160th anniversary",
        "worth €1 billion",
        "99% of tariffs",
        "in 2019",
        "on 1 February 2019",
    ],
)
def test_not_deliverables(phrase: str) -> None:
    text = f"## Deliverables\n\n* {phrase} and more\n"
    assert extract_grounded(text).deliverables == []


def test_bullet_with_two_counts_gives_two_deliverables() -> None:
    text = "## Results\n\n* 120 companies and 35 clusters took part in matchmaking missions\n"
    result = extract_grounded(text)
    assert [(d.quantity, d.unit) for d in result.deliverables] == [
        (120, "companies"),
        (35, "clusters"),
    ]


def test_crlf_and_bom_free_offsets() -> None:
    text = "## Deliverables\r\n\r\n* 1,500 executives trained\r\n* over 100 agreements signed\r\n"
    result = extract_grounded(text)
    assert [(d.quantity, d.qualifier) for d in result.deliverables] == [
        (1500, "exact"),
        (100, "at_least"),
    ]


def test_a_count_named_by_the_list_that_follows_is_no_deliverable() -> None:
    text = (
        "The activities refer to 3 research projects and facilities, set up in Japan.\n"
        "- The JT-60SA Reactor, Naka\n- The Materials Facility, Aomori\n- The Research Centre\n"
    )
    assert extract_grounded(text).deliverables == []


def test_people_who_took_part_are_counted_in_words() -> None:
    text = (
        "Almost seventy people, including academic experts and journalists, participated in "
        "the workshop."
    )
    found = [(d.quantity, d.qualifier) for d in extract_grounded(text).deliverables]
    assert found == [(70.0, "approx")]


def test_a_count_told_twice_is_one_fact_in_digits() -> None:
    text = (
        "The programme will fund a dozen joint research projects.\n\n"
        "Over three years it will support 12 joint research projects in batteries."
    )
    (count,) = extract_grounded(text).deliverables
    assert (count.quantity, count.quote) == (12.0, "12 joint research projects")


def test_agreements_a_mission_produced_are_an_output() -> None:
    text = "Participating firms reported 3 commercial agreements with Japanese partners."
    assert [d.quantity for d in extract_grounded(text).deliverables] == [3.0]


def test_the_same_count_over_two_years_is_two_facts() -> None:
    text = "The centre trained 40 engineers in 2019.\n\nThe centre trained 40 engineers in 2020."
    assert [d.period_start for d in extract_grounded(text).deliverables] == [2019, 2020]
