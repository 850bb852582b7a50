"""The release page's quality section (page.py): figures per split, and Wikidata coverage."""

from __future__ import annotations

from eujapan.publish.page import _quality_section


def _split(texts: int, with_id: int, organisations: int) -> dict:
    table = {"precision": 0.9, "recall": 0.8, "gold_facts": 10, "extracted_facts": 9}
    return {
        "texts": texts,
        "tables": {"organisations": table},
        "wikidata": {
            "organisations": organisations,
            "with_wikidata_id": with_id,
            "share": round(with_id / organisations, 3),
        },
    }


def test_quality_section_states_wikidata_coverage_per_split() -> None:
    html = _quality_section({"quality": {"blind": _split(13, 17, 23), "dev": _split(25, 20, 25)}})
    assert "17 of 23 (74%)" in html and "20 of 25 (80%)" in html
    assert html.index("17 of 23") < html.index("20 of 25")  # blind first


def test_no_quality_no_section() -> None:
    assert _quality_section({}) == ""
