"""The pure functions of a name (names.py): its key, head noun, type and initials."""

from __future__ import annotations

from eujapan.extract import extract_document
from eujapan.extract.names import (
    acronym_fits,
    head_word,
    initials_of,
    norm_key,
    org_head_type,
    schwartz_hearst,
)


def test_centre_and_center_are_one_organisation_across_sources() -> None:
    from eujapan.sources import SourceDocument
    from eujapan.tables import build_tables

    texts = {
        "a": "The EU-Japan Centre for Industrial Cooperation opened in 1987.",
        "b": "The EU-Japan Center for Industrial Cooperation hosted a seminar in 2020.",
    }
    docs = [
        SourceDocument(
            k, f"{k}.txt", "0" * 64, len(v), v, k, None, None, "x", None, "en", None, False
        )
        for k, v in texts.items()
    ]
    tables = build_tables(docs, [extract_document(k, v) for k, v in texts.items()])
    orgs = tables["organisations"]
    assert len(orgs) == 1
    assert sorted(orgs.iloc[0]["source_ids"]) == ["a", "b"]


def test_norm_key_ignores_spelling_case_and_marks() -> None:
    assert norm_key("The **EU-Japan Centre** for Industrial Cooperation") == norm_key(
        "EU-Japan Center for industrial cooperation"
    )
    assert norm_key("Research & Innovation Organisation") == norm_key(
        "Research and Innovation Organization"
    )


def test_head_word_and_type_read_the_noun_before_of_or_for() -> None:
    assert head_word("Ministry of Economy, Trade and Industry") == "ministry"
    assert org_head_type("Chamber of Commerce and Industry") == "chamber"


def test_acronym_letters_read_off_the_long_form() -> None:
    assert schwartz_hearst("JST", "Japan Science and Technology Agency")
    assert acronym_fits("EEN", "Enterprise Europe Network")
    assert not acronym_fits("EPA", "Japan Science and Technology Agency")
    assert initials_of("Enterprise Europe Network") == "EEN"
