"""Per-document extraction results cached by (content sha256, extractor version).

A text whose bytes and extractor version are unchanged is not extracted again. Entries are JSON
(never pickle), written atomically, and a corrupt entry is treated as a miss.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .extract import EXTRACTOR_VERSION, DocumentFacts, extract_document
from .sources import SourceDocument


class ExtractionCache:
    def __init__(self, folder: Path, version: str = EXTRACTOR_VERSION):
        self.folder = Path(folder)
        self.version = version

    def path(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self.version}.json"

    def get(self, doc: SourceDocument) -> DocumentFacts | None:
        path = self.path(doc.sha256)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            facts = DocumentFacts.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if facts.extractor_version != self.version:
            return None
        # The id is not part of the key: the same bytes under another name reuse the work.
        facts.source_id = doc.source_id
        return facts

    def put(self, doc: SourceDocument, facts: DocumentFacts, entry: str | None = None) -> None:
        """Store the facts of `doc`; `entry` is `serialise(facts)` when a worker already made it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(doc.sha256)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_text(serialise(facts) if entry is None else entry, encoding="utf-8")
        os.replace(tmp, path)


def serialise(facts: DocumentFacts) -> str:
    """The cache entry of one document's facts (JSON)."""
    return json.dumps(facts.to_dict(), ensure_ascii=False)


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
