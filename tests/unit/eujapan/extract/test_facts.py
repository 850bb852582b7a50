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


def test_a_name_told_with_and_without_its_legal_form_is_one_organisation() -> None:
    text = (
        "Fujitsu Siemens Computers\n\n"
        "Fujitsu Siemens Computers GmbH was a vendor of computers, a joint venture between "
        "Fujitsu and Siemens. The offerings of Fujitsu Siemens Computers extended to servers."
    )
    keys = [o.key for o in extract_grounded(text).organisations]
    assert len(keys) == len(set(keys))


def test_an_embassy_keeps_the_city_that_says_which_one() -> None:
    text = "Missions\n\n- Mission1: Embassy of Norway, Tokyo\n- Mission2: Embassy of Japan, Oslo\n"
    names = {o.name for o in extract_grounded(text).organisations}
    assert {"Embassy of Norway, Tokyo", "Embassy of Japan, Oslo"} <= names
