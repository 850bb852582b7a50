"""Candidate mentions (mentions.py): what is refused as no organisation."""

from __future__ import annotations

from tests.support import extract_grounded, org_names


def test_programmes_agreements_events_and_places_are_not_organisations() -> None:
    text = (
        "The Vulcanus in Japan programme, the Economic Partnership Agreement (EPA), Expo 2025 "
        "in Osaka and Horizon Europe involve Japan and Belgium. Kozo Saiki spoke at the "
        "EU-Japan summit."
    )
    assert org_names(extract_grounded(text)) == set()
