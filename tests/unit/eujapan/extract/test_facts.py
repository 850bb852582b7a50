"""One document's facts (facts.py, extract_document): offsets are code points."""

from __future__ import annotations

from tests.support import extract_grounded


def test_offsets_are_code_points_past_cjk_text() -> None:
    text = (
        "日本貿易振興機構（ジェトロ）は協力を発表しました。\n"
        "The Japan External Trade Organization (JETRO) opened an office in Brussels in 1959."
    )
    result = extract_grounded(text)
    jetro = [m for m in result.mentions if m.quote == "Japan External Trade Organization"]
    assert jetro and jetro[0].char_start == text.index("Japan External Trade Organization")
    assert len(text.encode("utf-8")) > len(text)  # the test really crosses multi-byte characters
    (milestone,) = result.milestones
    assert milestone.year == 1959
    assert milestone.char_start > text.index("\n")
