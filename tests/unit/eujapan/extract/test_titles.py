"""Event titles: cut from the trigger's clause, 3-16 words, no dates, frames or dangling ends."""

from __future__ import annotations

import pytest

from eujapan.extract.dates import find_dates
from eujapan.extract.titles import MAX_WORDS, event_title, is_good_title


def _title(sentence: str, trigger_word: str) -> str | None:
    dates = [(d.start, d.end) for d in find_dates(sentence, 0, len(sentence))]
    return event_title(sentence, sentence.index(trigger_word), dates)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        (
            "The cooperation programme entered into force on 1 May 1997, following an exchange.",
            "entered",
            "Cooperation programme entered into force",
        ),
        (
            "On Saturday, October 28, 2023, the two sides confirmed the agreement in principle.",
            "confirmed",
            "Two sides confirmed the agreement in principle",
        ),
        (
            "In addition, the ministry announced that the new office opened in March 2021.",
            "opened",
            "New office opened",
        ),
        ("Launch of the “Minerva” fellowship", "Launch", "Launch of the “Minerva” fellowship"),
    ],
)
def test_titles_leave_out_dates_frames_and_adverbs(sentence, trigger, expected) -> None:
    assert _title(sentence, trigger) == expected


def test_a_long_clause_is_cut_at_a_phrase_boundary_without_a_dangling_word() -> None:
    sentence = (
        "The board signed a broad memorandum on research cooperation in clean energy and advanced "
        "materials with several universities of the region and with the national laboratories "
        "of both countries in 2019."
    )
    title = _title(sentence, "signed")
    assert title is not None and is_good_title(title)
    assert len(title.split()) <= MAX_WORDS


def test_no_title_from_too_few_words() -> None:
    assert _title("Opened in 1999.", "Opened") is None


@pytest.mark.parametrize(
    ("title", "good"),
    [
        ("21st EU–Japan Summit held in Tokyo", True),
        ("Launch of the Vulcanus in Japan programme", True),
        ("The meeting was also attended by Mr", False),
        ("With a number of events running up to the…", False),
        ("Ms", False),
        ("Bridges", False),
        ("**Launch** of the programme", False),
    ],
)
def test_title_rules(title, good) -> None:
    assert is_good_title(title) is good


def test_a_title_cut_at_the_word_limit_ends_at_its_comma() -> None:
    sentence = (
        "Launch of “Step North”, a landing pad for EU-based SMEs planning to set up business "
        "in Norway, with a help-desk"
    )
    assert _title(sentence, "Launch") == "Launch of “Step North”"


def test_a_title_drops_a_leading_conjunction() -> None:
    sentence = "When formal trade relations were established in 1609 at the behest of an envoy."
    assert _title(sentence, "established") == (
        "Formal trade relations were established at the behest of an envoy"
    )


def test_a_title_does_not_end_on_an_honorific() -> None:
    title = _title("The minister held a meeting with H.E. Ms. Moe", "held")
    assert title == "Minister held a meeting"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Mr A, Director of the Bureau, and Mr B, Head of Unit, held the 10th Nordic ICT "
            "Workshop in the form of a web-conference.",
            "10th Nordic ICT Workshop held in the form of a web-conference",
        ),
        ("The ministers signed the agreement.", "Ministers signed the agreement"),
    ],
)
def test_a_title_that_would_start_with_its_verb_takes_the_headline_order(
    sentence, expected
) -> None:
    trigger = "held" if "held" in sentence else "signed"
    assert _title(sentence, trigger) == expected


def test_a_title_leaves_out_dates_relative_to_the_page() -> None:
    sentence = "The Council adopted yesterday a decision on trade."
    assert event_title(sentence, sentence.index("adopted")) == "Council adopted a decision on trade"


def test_a_title_ends_before_a_description_joined_by_and() -> None:
    sentence = "The Nordic agreement was signed in 2007 and refers to research collaboration."
    assert event_title(sentence, sentence.index("signed")) == "Nordic agreement was signed"
