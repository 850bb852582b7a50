"""The extraction cache: entries give back exactly the facts that were stored, and anything
unreadable, stale or written for other fact fields is a miss, never an error."""

from __future__ import annotations

import dataclasses
import json

from eujapan.cache import ExtractionCache, deserialise, serialise
from eujapan.extract import extract_document
from eujapan.sources import load_sources
from tests.support import REPO


def _documents():
    return load_sources(REPO / "sources", 5_000_000)


def test_entries_give_back_the_same_facts() -> None:
    with_facts = 0
    for doc in _documents():
        facts = extract_document(doc.source_id, doc.text)
        with_facts += bool(facts.mentions and facts.milestones)
        assert deserialise(serialise(facts)).to_dict() == facts.to_dict()
    assert with_facts >= 10, "the round trip must be tried on texts that give facts"


def _stored(tmp_path):
    """A real source's facts stored in a fresh cache: (document, cache, facts)."""
    doc = _documents()[0]
    cache = ExtractionCache(tmp_path, version="v-test")
    facts = extract_document(doc.source_id, doc.text)
    facts.extractor_version = "v-test"
    cache.put(doc, facts)
    return doc, cache, facts


def test_a_hit_reuses_the_facts_under_the_new_id(tmp_path) -> None:
    doc, cache, facts = _stored(tmp_path)
    renamed = dataclasses.replace(doc, source_id="renamed", path="renamed.txt")
    got = cache.get(renamed)
    assert got is not None and got.source_id == "renamed"
    assert {**got.to_dict(), "source_id": doc.source_id} == facts.to_dict()


def test_corrupt_stale_and_foreign_entries_are_misses(tmp_path) -> None:
    doc, cache, facts = _stored(tmp_path)
    hit = cache.get(doc)
    assert hit is not None and hit.to_dict() == facts.to_dict()  # intact: a hit
    path = cache.path(doc.sha256)
    entry = json.loads(path.read_text(encoding="utf-8"))

    path.write_text(path.read_text(encoding="utf-8")[:100], encoding="utf-8")
    assert cache.get(doc) is None  # cut short

    other_fields = {**entry, "fields": {**entry["fields"], "mentions": ["org_key", "quote"]}}
    path.write_text(json.dumps(other_fields), encoding="utf-8")
    assert cache.get(doc) is None  # written for other fact fields

    path.write_text(json.dumps({**entry, "extractor_version": "v-old"}), encoding="utf-8")
    assert cache.get(doc) is None  # another extractor version inside

    assert ExtractionCache(tmp_path, version="v-new").get(doc) is None  # another key


def test_a_failed_write_removes_its_temporary_file_and_names_the_entry(
    tmp_path, monkeypatch
) -> None:
    import errno
    import os

    import pytest

    from eujapan import cache as cache_module
    from eujapan.cache import CacheWriteError

    doc = _documents()[0]
    store = ExtractionCache(tmp_path / "cache")
    facts = extract_document(doc.source_id, doc.text)

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))

    monkeypatch.setattr(cache_module.os, "replace", full_disk)
    with pytest.raises(CacheWriteError, match="the disk is full") as caught:
        store.put(doc, facts)
    assert doc.sha256 in str(caught.value)
    assert list((tmp_path / "cache").iterdir()) == []
