"""Snapshot of extraction: a hash of each document's facts, for every text in sources/ and tests/.

A refactor of `eujapan/extract/` that is meant to change nothing must leave every hash as it
is. When the output is meant to change, update the snapshot on purpose, in its own commit:

    make snapshot      # = EUJAPAN_UPDATE_SNAPSHOT=1 pytest this file

and say in the commit message which texts changed and why (`git diff` of the JSON names them).
The extractor version is left out of the hash: it labels the output, it is not the output.
But it is the key of the extraction cache, so output that changes under the same version would
be served stale from the cache: the version the snapshot was taken with is kept beside it, and
`make snapshot` refuses new hashes until EXTRACTOR_VERSION (eujapan/extract/facts.py) is raised.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from eujapan.extract import EXTRACTOR_VERSION, extract_document
from eujapan.sources import decode_source, load_sources
from tests.support import MAX_SOURCE_BYTES, REPO, SOURCES

SNAPSHOT = Path(__file__).with_name("extraction_snapshot.json")
SNAPSHOT_VERSION = Path(__file__).with_name("extraction_snapshot.version")
UPDATE_ENV = "EUJAPAN_UPDATE_SNAPSHOT"


def _texts() -> dict[str, tuple[str, str]]:
    """Every text, keyed by its path in the repository: (source_id, decoded text)."""
    out = {
        f"sources/{d.path}": (d.source_id, d.text) for d in load_sources(SOURCES, MAX_SOURCE_BYTES)
    }
    for path in sorted((REPO / "tests").rglob("*.txt")):
        key = path.relative_to(REPO).as_posix()
        out[key] = (path.stem, decode_source(path.name, path.read_bytes(), MAX_SOURCE_BYTES))
    return out


def fact_hash(source_id: str, text: str) -> str:
    facts = extract_document(source_id, text).to_dict()
    facts.pop("extractor_version")
    payload = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def current() -> dict[str, str]:
    return {key: fact_hash(*value) for key, value in sorted(_texts().items())}


def test_extraction_output_matches_the_snapshot() -> None:
    hashes = current()
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if os.environ.get(UPDATE_ENV):
        taken_with = SNAPSHOT_VERSION.read_text(encoding="utf-8").strip()
        assert hashes == stored or taken_with != EXTRACTOR_VERSION, (
            f"the output changed but EXTRACTOR_VERSION is still {EXTRACTOR_VERSION}: raise it "
            "in eujapan/extract/facts.py, or builds reuse cached facts of the old output"
        )
        SNAPSHOT.write_text(json.dumps(hashes, indent=2) + "\n", encoding="utf-8")
        SNAPSHOT_VERSION.write_text(EXTRACTOR_VERSION + "\n", encoding="utf-8")
        pytest.skip(f"snapshot written to {SNAPSHOT.name}: commit it on its own")
    changed = sorted(k for k in stored.keys() & hashes.keys() if stored[k] != hashes[k])
    assert (sorted(hashes.keys() - stored.keys()), sorted(stored.keys() - hashes.keys())) == (
        [],
        [],
    ), "texts added or removed: run `make snapshot` and commit the new snapshot on its own"
    assert changed == [], (
        f"extraction output changed for {changed}; if intended, run `make snapshot` and commit"
    )


def test_the_snapshot_covers_every_text_of_sources_and_tests() -> None:
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert any(k.startswith("sources/") for k in stored)
    assert any(k.startswith("tests/") for k in stored)


def test_the_snapshot_was_taken_with_this_extractor_version() -> None:
    """Raising EXTRACTOR_VERSION goes with `make snapshot`, so the two never drift apart."""
    assert SNAPSHOT_VERSION.read_text(encoding="utf-8").strip() == EXTRACTOR_VERSION
