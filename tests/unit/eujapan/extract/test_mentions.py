"""Candidate mentions (mentions.py): what is refused as no organisation."""

from __future__ import annotations

from eujapan.extract.mentions import find_mentions
from tests.support import extract_grounded, org_names


def test_programmes_agreements_events_and_places_are_not_organisations() -> None:
    text = (
        "The Vulcanus in Japan programme, the Economic Partnership Agreement (EPA), Expo 2025 "
        "in Osaka and Horizon Europe involve Japan and Belgium. Kozo Saiki spoke at the "
        "EU-Japan summit."
    )
    assert org_names(extract_grounded(text)) == set()


def test_a_name_that_begins_with_a_known_name_is_a_name_of_its_own() -> None:
    text = "We work with the Fraunhofer Institute for Silicate Research ISC in Würzburg."
    names = {m.name for m in find_mentions(text)}
    assert "Fraunhofer Institute for Silicate Research" in names


def test_known_names_run_together_are_still_split() -> None:
    text = "The European Commission and European Medicines Agency (EMA) met in Tokyo."
    names = {m.name for m in find_mentions(text)}
    assert "European Commission and European Medicines Agency" not in names
    assert {"European Commission", "European Medicines Agency"} <= names


def test_the_organiser_defined_with_its_acronym_is_an_organisation() -> None:
    text = "The mission was organised by Nordic Investment & Trade (NIT) in Tokyo."
    names = {o.name for o in extract_grounded(text).organisations}
    assert "Nordic Investment & Trade" in names


def test_a_person_who_organised_is_no_organisation() -> None:
    text = "The mission was organised by Professor Akiko Watanabe in Tokyo."
    assert extract_grounded(text).organisations == []
