"""A release in an older file form (DuckDB 2.0 storage, no explorer) is worth a patch release."""

from __future__ import annotations

import json

from eujapan.publish.database import STORAGE_VERSION, database_info
from eujapan.publish.formats import outdated_files
from tests.support import REPO


def test_the_committed_releases_are_outdated_and_a_current_one_is_not(tmp_path) -> None:
    # v1.1.0 was written before the DuckDB storage version was pinned (immutable, kept as is).
    reasons = outdated_files(REPO / "outputs" / "releases" / "v1.1.0")
    assert reasons and STORAGE_VERSION in reasons[0]
    (tmp_path / "manifest.json").write_text(json.dumps({"duckdb": database_info()}))
    assert outdated_files(tmp_path) == []
