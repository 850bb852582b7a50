"""CITATION.cff: valid, and it cites a release that exists, under the dataset's licence."""

from __future__ import annotations

import yaml

from eujapan.sources import load_catalogue
from tests.support import REPO, SOURCES


def test_citation_cff_names_a_published_release_and_the_dataset_licence() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["title"] and cff["authors"] and cff["message"]
    assert (REPO / "outputs" / "releases" / f"v{cff['version']}" / "manifest.json").is_file()
    assert cff["license"] == load_catalogue(SOURCES)["dataset"]["licence"]
