"""Acronym definitions (acronyms.py), read through extract_document."""

from __future__ import annotations

from tests.support import extract_grounded, org_names


def test_acronym_defined_in_parentheses_and_reused() -> None:
    text = (
        "The Japan Science and Technology Agency (JST) and the Academy of Finland signed a "
        "memorandum of understanding on 27.4.2018. JST will fund Japanese teams."
    )
    result = extract_grounded(text)
    jst = next(o for o in result.organisations if o.acronym == "JST")
    assert jst.name == "Japan Science and Technology Agency"
    assert org_names(result) >= {"Japan Science and Technology Agency", "Academy of Finland"}
    quotes = [m.quote for m in result.mentions if m.org_key == jst.key]
    assert quotes == ["Japan Science and Technology Agency", "JST", "JST"]
    (milestone,) = result.milestones
    assert (milestone.year, milestone.month, milestone.day, milestone.kind) == (
        2018,
        4,
        27,
        "agreement",
    )


def test_acronym_first_then_long_form() -> None:
    text = "JETRO, or the Japan External Trade Organization, is a government-related organization."
    result = extract_grounded(text)
    assert [(o.name, o.acronym) for o in result.organisations] == [
        ("Japan External Trade Organization", "JETRO")
    ]
