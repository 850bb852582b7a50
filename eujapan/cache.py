"""Per-document extraction results cached by (content sha256, extractor version).

A text whose bytes and extractor version are unchanged is not extracted again. Entries are JSON
(never pickle), written atomically, and a corrupt entry is treated as a miss. Each fact is stored
as a list of its field values in field order, with the field names once per entry: reading back
10,000 entries as keyword dicts cost ~9 s, positional lists about half of that.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from dataclasses import fields
from pathlib import Path

from .extract import EXTRACTOR_VERSION, DocumentFacts, extract_document
from .extract.model import (
    DeliverableFact,
    MentionFact,
    MilestoneFact,
    OrgFact,
    ProgrammeFact,
    RelationshipFact,
)
from .sources import SourceDocument

FORMAT = "p1"  # positional entries; part of the file name, so older entries are simply misses
_KINDS = {
    "organisations": OrgFact,
    "mentions": MentionFact,
    "milestones": MilestoneFact,
    "deliverables": DeliverableFact,
    "programmes": ProgrammeFact,
    "relationships": RelationshipFact,
}
_FIELDS = {kind: [f.name for f in fields(cls)] for kind, cls in _KINDS.items()}


class CacheWriteError(RuntimeError):
    """A cache entry could not be written; the message names the file and the reason."""


class ExtractionCache:
    def __init__(self, folder: Path, version: str = EXTRACTOR_VERSION):
        self.folder = Path(folder)
        self.version = version

    def path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}-{FORMAT}.json"

    def get(self, doc: SourceDocument) -> DocumentFacts | None:
        path = self.path(doc.sha256)
        try:
            facts = deserialise(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if facts.extractor_version != self.version:
            return None
        # The id is not part of the key: the same bytes under another name reuse the work.
        facts.source_id = doc.source_id
        return facts

    def put(self, doc: SourceDocument, facts: DocumentFacts, entry: str | None = None) -> None:
        """Store the facts of `doc`; `entry` is `serialise(facts)` when a worker already made it."""
        path = self.path(doc.sha256)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(serialise(facts) if entry is None else entry, encoding="utf-8")
            os.replace(tmp, path)
        except BaseException as exc:
            # A half-written entry would stay forever (its name is per process): remove it.
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
                raise CacheWriteError(
                    f"{exc.filename or tmp}: cannot write the extraction cache ({reason or exc})"
                ) from exc
            raise


def serialise(facts: DocumentFacts) -> str:
    """The cache entry of one document's facts (JSON)."""
    entry: dict = {
        "source_id": facts.source_id,
        "extractor_version": facts.extractor_version,
        "fields": _FIELDS,
    }
    for kind, names in _FIELDS.items():
        entry[kind] = [[getattr(fact, n) for n in names] for fact in getattr(facts, kind)]
    return json.dumps(entry, ensure_ascii=False)


def deserialise(entry: str) -> DocumentFacts:
    """The facts of a cache entry; ValueError when it was written for other fact fields."""
    data = json.loads(entry)
    if data.get("fields") != _FIELDS:
        raise ValueError("cache entry written for other fact fields")
    return DocumentFacts(
        source_id=data["source_id"],
        extractor_version=data["extractor_version"],
        **{kind: [cls(*row) for row in data[kind]] for kind, cls in _KINDS.items()},
    )


def extract_all(
    documents: list[SourceDocument], cache: ExtractionCache | None
) -> tuple[list[DocumentFacts], list[str], list[str]]:
    """Facts for every document; returns (facts, extracted ids, reused ids)."""
    results, extracted, reused = [], [], []
    for doc in documents:
        facts = cache.get(doc) if cache else None
        if facts is None:
            facts = extract_document(doc.source_id, doc.text)
            if cache:
                cache.put(doc, facts)
            extracted.append(doc.source_id)
        else:
            reused.append(doc.source_id)
        results.append(facts)
    return results, extracted, reused
