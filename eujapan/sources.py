"""Reading the sources folder: catalogue entries, raw bytes, and refusal of bad input.

Every text is decoded as UTF-8 (a leading BOM is dropped); character offsets elsewhere in the
project are Unicode code points into exactly that decoded string.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_FILE = "catalogue.yaml"
TEXT_SUFFIXES = (".txt", ".md")
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class SourceError(ValueError):
    """A source cannot be used. The message names the file and the reason."""


@dataclass(frozen=True)
class SourceDocument:
    source_id: str
    path: str  # relative to the sources folder, POSIX separators
    sha256: str
    bytes: int
    text: str = field(repr=False)
    title: str
    publisher: str | None
    url: str | None
    licence: str
    attribution: str | None
    language: str
    date_added: str | None
    in_catalogue: bool

    def metadata(self) -> dict[str, Any]:
        """Everything but the text, as one row of the `sources` table."""
        return {
            "source_id": self.source_id,
            "path": self.path,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "chars": len(self.text),
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "licence": self.licence,
            "attribution": self.attribution,
            "language": self.language,
            "date_added": self.date_added,
            "in_catalogue": self.in_catalogue,
        }


def load_catalogue(sources_dir: Path) -> dict[str, Any]:
    """The parsed catalogue, or an empty one when the folder has none."""
    path = sources_dir / CATALOGUE_FILE
    if not path.exists():
        return {"dataset": {}, "sources": []}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: catalogue is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise SourceError(f"{path}: catalogue must be a mapping with a 'sources' list")
    data.setdefault("dataset", {})
    data.setdefault("sources", [])
    return data


def _inside(path: Path, folder: Path) -> Path:
    """Resolve `path` and refuse it when it (or a symlink on the way) leaves `folder`."""
    resolved = path.resolve()
    root = folder.resolve()
    if resolved != root and root not in resolved.parents:
        raise SourceError(f"{path}: refused, it resolves to {resolved}, outside {root}")
    return resolved


def decode_source(name: str, raw: bytes, max_bytes: int) -> str:
    """Decode one source's bytes, or raise SourceError naming the file and the reason."""
    if len(raw) > max_bytes:
        raise SourceError(
            f"{name}: refused, {len(raw):,} bytes is over the limit of {max_bytes:,} bytes "
            "(set EUJAPAN_MAX_SOURCE_BYTES to change it)"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise SourceError(f"{name}: refused, the file is empty")
    if b"\x00" in raw:
        raise SourceError(f"{name}: refused, binary content (NUL byte at offset {raw.index(0)})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name}: refused, not valid UTF-8 (byte {exc.start}: {exc.reason})"
        ) from exc


def _default_id(filename: str) -> str:
    stem = Path(filename).stem
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._") or "source"
    return slug[:128]


def _title_from(filename: str) -> str:
    stem = re.sub(r"^[0-9a-f]{3,}_", "", Path(filename).stem)
    return re.sub(r"[_-]+", " ", stem).strip().capitalize() or filename


def load_sources(
    sources_dir: Path, max_source_bytes: int, max_build_bytes: int | None = None
) -> list[SourceDocument]:
    """All texts in the folder, catalogue entries first matched by file name, sorted by id.

    Raises SourceError before returning anything if any single source is unusable, so a
    build never publishes a partial view of the folder.
    """
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise SourceError(f"{sources_dir}: the sources folder does not exist")
    catalogue = load_catalogue(sources_dir)
    entries: dict[str, dict[str, Any]] = {}
    for entry in catalogue["sources"]:
        if not isinstance(entry, dict) or not entry.get("file"):
            raise SourceError(f"{CATALOGUE_FILE}: every entry needs a 'file': {entry!r}")
        rel = str(entry["file"])
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise SourceError(f"{CATALOGUE_FILE}: entry file {rel!r} must be a relative path")
        entries[Path(rel).as_posix()] = entry

    files = {
        p.relative_to(sources_dir).as_posix(): p
        for p in sorted(sources_dir.rglob("*"))
        if p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")
    }
    for rel in entries:
        if rel not in files:
            raise SourceError(f"{CATALOGUE_FILE}: entry file {rel!r} does not exist")

    documents: list[SourceDocument] = []
    seen_ids: dict[str, str] = {}
    total = 0
    for rel, path in files.items():
        if path.is_dir():
            continue
        _inside(path, sources_dir)
        raw = path.read_bytes()
        total += len(raw)
        if max_build_bytes is not None and total > max_build_bytes:
            raise SourceError(
                f"{rel}: refused, the sources add up to over the build limit of "
                f"{max_build_bytes:,} bytes (set EUJAPAN_MAX_BUILD_BYTES to change it)"
            )
        text = decode_source(rel, raw, max_source_bytes)
        entry = entries.get(rel, {})
        source_id = str(entry.get("id") or _default_id(rel))
        if not _SOURCE_ID.match(source_id):
            raise SourceError(f"{rel}: source id {source_id!r} is not a safe identifier")
        if source_id in seen_ids:
            raise SourceError(
                f"{rel}: source id {source_id!r} is also used by {seen_ids[source_id]}"
            )
        seen_ids[source_id] = rel
        documents.append(
            SourceDocument(
                source_id=source_id,
                path=rel,
                sha256=hashlib.sha256(raw).hexdigest(),
                bytes=len(raw),
                text=text,
                title=str(entry.get("title") or _title_from(rel)),
                publisher=entry.get("publisher"),
                url=entry.get("url"),
                licence=str(entry.get("licence") or "unknown"),
                attribution=entry.get("attribution"),
                language=str(entry.get("language") or "en"),
                date_added=str(entry["date_added"]) if entry.get("date_added") else None,
                in_catalogue=bool(entry),
            )
        )
    return sorted(documents, key=lambda d: d.source_id)
