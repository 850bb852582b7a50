"""Sentences of a text (text.py): where one ends and where it does not."""

from __future__ import annotations

import pytest

from eujapan.extract.text import clean, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


@pytest.mark.parametrize(
    "text",
    [
        "He met H.E. Ms. Kaja Kallas in Munich.",
        "Ms. J. Smith signed for the company.",
        "The call began at 12:55 p.m. Japan time and lasted an hour.",
        "Mr. Ito met the U.S. envoy.",
    ],
)
def test_initials_titles_and_times_do_not_end_a_sentence(text: str) -> None:
    assert _sentences(text + " Then they left.") == [text, "Then they left."]


@pytest.mark.parametrize("word", ["Africa", "America", "Mexico", "EU"])
def test_a_word_that_ends_like_an_abbreviation_ends_a_sentence(word: str) -> None:
    assert _sentences(f"Trade grew with {word}. Then it fell.") == [
        f"Trade grew with {word}.",
        "Then it fell.",
    ]


def test_clean_drops_footnote_marks_and_keeps_link_text() -> None:
    assert clean("share of the company.[1] More[citation needed] [a link](http://x.org)") == (
        "share of the company. More a link"
    )
