"""Strict matching: a row counts only if its quote overlaps a place where the evidence stands."""

from __future__ import annotations

from eujapan.evaluate import evaluate_document
from eujapan.extract.model import DocumentFacts, MilestoneFact

SENTENCE = "The programme entered into force on 1 May 1997."
TEXT = f"{SENTENCE}\n\nOther news follows here.\n\n{SENTENCE}\n"


def _milestone(start: int, end: int) -> MilestoneFact:
    return MilestoneFact(
        year=1997,
        month=5,
        day=1,
        org_key=None,
        kind="entry_into_force",
        title="Programme entered into force",
        description=TEXT[start:end],
        char_start=start,
        char_end=end,
        quote=TEXT[start:end],
    )


def _gold(**changes) -> dict:
    fact = {"year": 1997, "month": 5, "kind": "entry_into_force", "evidence": SENTENCE}
    return {"milestones": [{**fact, **changes}]}


def _facts(*milestones: MilestoneFact) -> DocumentFacts:
    return DocumentFacts(source_id="t", extractor_version="test", milestones=list(milestones))


def test_a_repeated_sentence_states_the_fact_at_both_places() -> None:
    second = TEXT.rindex(SENTENCE)
    score = evaluate_document(TEXT, _gold(), _facts(_milestone(second, second + len(SENTENCE))))
    assert (score["milestones"][0].tp, score["milestones"][0].fp) == (1, 0)


def test_a_quote_elsewhere_does_not_count() -> None:
    other = TEXT.index("Other news")
    score = evaluate_document(TEXT, _gold(), _facts(_milestone(other, other + 10)))
    assert (score["milestones"][0].tp, score["milestones"][0].fn) == (0, 1)


def test_another_year_does_not_count() -> None:
    score = evaluate_document(TEXT, _gold(year=1998), _facts(_milestone(0, len(SENTENCE))))
    assert score["milestones"][0].tp == 0
