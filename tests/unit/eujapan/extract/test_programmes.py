"""Programmes and relationships on the seed texts (issue 14), and the general shapes behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

from eujapan.extract import extract_document
from eujapan.extract.names import norm_key
from tests.support import extract_grounded

SOURCES = Path(__file__).resolve().parents[4] / "sources"
SEEDS = ("000_60f6e53daf7ac6f4", "004_c6478b14183c8d43")


@pytest.fixture(scope="module")
def seeds():
    out = {}
    for sid in SEEDS:
        text = (SOURCES / f"{sid}.txt").read_text(encoding="utf-8")
        out[sid] = (text, extract_document(sid, text))
    return out


def _programme_forms(facts) -> dict[str, set[str]]:
    return {p.name: {p.name, *p.forms} for p in facts.programmes}


def test_seed_programmes(seeds) -> None:
    names = set()
    for _text, facts in seeds.values():
        names |= set(_programme_forms(facts))
    expected = {
        "Vulcanus in Japan",
        "Vulcanus in Europe",
        "Japan Industry Insight",
        "Minerva",
        "Keys to Japan",
        "Step in Japan",
        "J-Bridge",
    }
    assert expected <= names
    forms = _programme_forms(seeds["000_60f6e53daf7ac6f4"][1])
    assert forms["J-Bridge"] == {"J-Bridge", "J-Bridges"}  # one programme, two spellings
    assert "HRTP" in _programme_forms(seeds["004_c6478b14183c8d43"][1])["Japan Industry Insight"]


def test_seed_relationships_are_grounded_with_both_ends_in_the_quote(seeds) -> None:
    pairs = set()
    for text, facts in seeds.values():
        forms = {o.key: {o.name, *o.forms} for o in facts.organisations}
        forms |= {p.key: {p.name, *p.forms} for p in facts.programmes}
        for r in facts.relationships:
            assert text[r.char_start : r.char_end] == r.quote
            other = r.other_org_key or r.programme_key
            pairs.add((r.org_key, other))
            for key in (r.org_key, other):
                # Named in the quote, or "the Centre" the text defines.
                assert any(f in r.quote for f in forms[key]) or "Centre" in r.quote, (key, r)
    centre = norm_key("EU-Japan Centre for Industrial Cooperation")
    for a, b in [
        (centre, "european commission"),
        (centre, "ministry of economy trade and industry"),
        ("imec", "rapidus"),
        ("n side", "japan electric power exchange"),
        (centre, "zenit gmbh"),
        (centre, "gnss asia"),
        (centre, "enterprise europe network japan"),
    ]:
        assert (a, b) in pairs, (a, b)


@pytest.mark.parametrize(
    "text",
    [
        "The programme ran in cooperation with Japan and the EU.",
        "In cooperation with local members of EEN, the Centre offers workshops.",
        "Nokia Data was sold to International Computers Limited (ICL).",
    ],
)
def test_no_tie_without_both_ends(text: str) -> None:
    assert extract_document("t", text).relationships == []


def test_possessive_cooperation() -> None:
    facts = extract_document("t", "Beta Corp's technical cooperation with Gamma Ltd began.")
    assert [(r.org_key, r.relation, r.other_org_key) for r in facts.relationships] == [
        ("beta corp", "cooperates_with", "gamma ltd")
    ]


def test_a_cue_followed_by_a_named_organisation_gives_a_tie() -> None:
    text = (
        "The Japan External Trade Organization (JETRO) signs a Memorandum of Understanding "
        "with ZENIT GmbH in 2011."
    )
    facts = extract_document("t", text)
    assert [(r.relation, r.other_org_key, r.year) for r in facts.relationships] == [
        ("signed_agreement_with", "zenit gmbh", 2011)
    ]


def test_a_numbered_or_yearly_series_of_meetings_is_a_dialogue_programme() -> None:
    text = (
        "The ministries held the 10th Nordic-Asian ICT Strategy Workshop in Oslo. "
        "Students visit the annual Nordic Higher Education Fair. "
        "Leaders met at the 5th Nordic-Asian Summit."
    )
    found = {p.name: p.kind for p in extract_grounded(text).programmes}
    assert found["Nordic-Asian ICT Strategy Workshop"] == "dialogue"
    assert "Nordic Higher Education Fair" in found
    assert not any("Summit" in name for name in found)


def test_organisations_that_hold_a_series_together_cooperate_and_run_it() -> None:
    text = (
        "The Norwegian Research Council (NRC) and the European Commission held the 10th "
        "Nordic-Asian ICT Strategy Workshop in Oslo on 2 October 2020."
    )
    ties = {(r.org_key, r.relation, r.other_org_key or r.programme_key)
            for r in extract_grounded(text).relationships}  # fmt: skip
    workshop = "nordic asian ict strategy workshop"
    assert ("norwegian research council", "cooperates_with", "european commission") in ties
    assert ("european commission", "runs", workshop) in ties
    assert ("norwegian research council", "runs", workshop) in ties


def test_a_list_of_organisations_that_did_nothing_together_is_no_tie() -> None:
    text = "The European Commission and the Norwegian Research Council (NRC) are funders."
    assert extract_grounded(text).relationships == []
