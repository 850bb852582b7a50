"""Visits lists by year: each line is a visit, lines without a year keep the year above."""

from __future__ import annotations

from tests.support import extract_grounded


def test_every_line_of_a_visits_list_is_a_visit_of_its_year() -> None:
    text = (
        "Relations\n\nThe two countries established relations in 1950.\n\n"
        "Official Visits\n\nFrom France to Japan\n\nYear Name\n\n"
        "2011 Minister of Culture Martin\n\nPrime Minister Dubois\n\n"
        "2015 President Leroy\n\nTrade\n\n40 billion euro (2015)\n"
    )
    visits = [m for m in extract_grounded(text).milestones if m.kind == "visit"]
    assert [(m.year, m.title) for m in visits] == [
        (2011, "Visit of Minister of Culture Martin, from France to Japan"),
        (2011, "Visit of Prime Minister Dubois, from France to Japan"),
        (2015, "Visit of President Leroy, from France to Japan"),
    ]


def test_a_visit_line_outside_a_visits_list_is_not_one() -> None:
    text = "Annual report\n\n2011 Minister of Culture Martin\n\nPrime Minister Dubois\n"
    assert [m for m in extract_grounded(text).milestones if m.kind == "visit"] == []
