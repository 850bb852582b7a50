"""Mentions grouped into a document's organisations (grouping.py)."""

from __future__ import annotations

from tests.support import extract_grounded, org_names


def test_misspelt_acronym_is_an_alias() -> None:
    text = (
        "N-SIDE works with the Japan Electric Power Exchange (JEPX) on the day-ahead market. "
        "With this tool, JPEX can form prices efficiently."
    )
    result = extract_grounded(text)
    jepx = next(o for o in result.organisations if o.acronym == "JEPX")
    assert "JPEX" in jepx.forms
    assert "N-SIDE" in org_names(result)
