"""Reading the sources folder: catalogue entries, raw bytes, and refusal of bad input.

Every text is decoded as UTF-8 (a leading BOM is dropped); character offsets elsewhere in the
project are Unicode code points into exactly that decoded string.

The folder is a trust boundary: nothing outside it is ever read. Symbolic links that lead out of
it are refused, catalogue entries can only name files found inside it, and only regular files
are opened (a FIFO or device named `x.txt` would otherwise hang or flood the build).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import catalogue

CATALOGUE_FILE = "catalogue.yaml"
TEXT_SUFFIXES = (".txt", ".md")
_SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LIMIT_HINT = "set {env} to change it"


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


def _resolve(path: Path, name: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
        raise SourceError(f"{name}: refused, the path cannot be resolved ({exc})") from exc


def _inside(path: Path, folder: Path) -> Path:
    """Resolve `path` and refuse it when it (or a symlink on the way) leaves `folder`."""
    resolved = _resolve(path, str(path))
    root = folder.resolve()
    if resolved != root and root not in resolved.parents:
        raise SourceError(f"{path}: refused, it resolves to {resolved}, outside {root}")
    return resolved


def _open_inside(root: Path, rel: str, name: str) -> int:
    """A descriptor of `root/rel`, opened one component at a time relative to the folder above
    it, never following a link: a folder swapped for a link after the scan cannot lead a read
    outside `root` (a plain open follows links in every component but the last)."""
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise SourceError(f"{name}: refused, not a plain path inside the sources folder")
    try:
        folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise SourceError(f"{root}: the sources folder cannot be opened ({exc.strerror})") from exc
    try:
        for part in parts[:-1]:
            inner = os.open(part, _DIR_FLAGS, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise SourceError(
                f"{name}: refused, a part of its path is a symbolic link or not a folder "
                "(changed since the folder was scanned?)"
            ) from exc
        raise SourceError(f"{name}: refused, cannot be opened ({exc.strerror})") from exc
    finally:
        os.close(folder)


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def read_inside(
    sources_dir: Path, path: Path | str, max_bytes: int | None, name: str | None = None
) -> bytes:
    """The bytes of the regular file `path` (relative to the folder, or absolute inside it),
    refusing anything else and anything over `max_bytes`.

    The size is checked on the open file before reading, so a huge file is never loaded.
    """
    root = Path(sources_dir).resolve()
    rel = Path(path).relative_to(root).as_posix() if Path(path).is_absolute() else str(path)
    rel = Path(rel).as_posix()
    name = name or rel
    fd = _open_inside(root, rel, name)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{name}: refused, not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise SourceError(_over_limit(name, info.st_size, max_bytes))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            limit = -1 if max_bytes is None else max_bytes + 1
            raw = fh.read(limit)
    except OSError as exc:
        raise SourceError(f"{name}: refused, cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    return raw


def _over_limit(name: str, size: int, max_bytes: int) -> str:
    return (
        f"{name}: refused, {size:,} bytes is over the limit of {max_bytes:,} bytes per source "
        f"({_LIMIT_HINT.format(env='EUJAPAN_MAX_SOURCE_BYTES')})"
    )


def load_catalogue(sources_dir: Path, max_bytes: int | None = None) -> dict[str, Any]:
    """The parsed catalogue, checked against its schema (`eujapan.catalogue`), or an empty one
    when the folder has none. Plain data only: no tags that construct Python objects, no
    aliases."""
    sources_dir = Path(sources_dir)
    path = sources_dir / CATALOGUE_FILE
    if not path.exists() and not path.is_symlink():
        return {"dataset": {}, "sources": []}
    raw = read_inside(sources_dir, _inside(path, sources_dir), max_bytes, CATALOGUE_FILE)
    try:
        data = catalogue.parse(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: catalogue is not valid UTF-8 (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())  # one line
        raise SourceError(f"{path}: catalogue is not valid YAML: {detail}") from exc
    except RecursionError as exc:
        raise SourceError(f"{path}: catalogue is nested too deeply to be read") from exc
    found = catalogue.problems(data)
    if found:
        more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
        raise SourceError(f"{path}: catalogue refused: {'; '.join(found[:3])}{more}")
    return catalogue.normalise(data)


def decode_source(name: str, raw: bytes, max_bytes: int) -> str:
    """Decode one source's bytes, or raise SourceError naming the file and the reason."""
    if len(raw) > max_bytes:
        raise SourceError(_over_limit(name, len(raw), max_bytes))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise SourceError(f"{name}: refused, the file is empty")
    if raw.startswith(_UTF16_32_BOMS):
        raise SourceError(
            f"{name}: refused, the file is UTF-16 or UTF-32 (byte order mark); save it as UTF-8"
        )
    if b"\x00" in raw:
        raise SourceError(f"{name}: refused, binary content (NUL byte at offset {raw.index(0)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{name}: refused, not valid UTF-8 (byte {exc.start}: {exc.reason})"
        ) from exc
    if catalogue.is_blank(text):  # NBSP, ideographic space...: bytes.strip sees none of them
        raise SourceError(f"{name}: refused, the file is empty (only white space)")
    return text


def _default_id(filename: str) -> str:
    stem = Path(filename).stem
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    if not slug:
        # A name with no ASCII letters (e.g. all CJK) still gets a stable, distinct id.
        slug = "source-" + hashlib.sha256(filename.encode("utf-8")).hexdigest()[:12]
    return slug[:128]


def _title_from(filename: str) -> str:
    stem = re.sub(r"^[0-9a-f]{3,}_", "", Path(filename).stem)
    return re.sub(r"[_-]+", " ", stem).strip().capitalize() or filename


def _check_name(rel: str) -> None:
    """File names become table values and messages: they must be clean UTF-8 text."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        raise SourceError(
            f"{rel.encode('utf-8', 'backslashreplace').decode()}: refused, "
            "the file name is not valid UTF-8"
        ) from None
    if _CONTROL.search(rel):
        raise SourceError(f"{rel!r}: refused, the file name contains control characters")


def _scan(sources_dir: Path) -> dict[str, Path]:
    """Text files in the folder as {relative POSIX path: resolved path}, checking every link.

    Hidden files and folders are skipped. A symbolic link (to a file or a folder, whatever its
    name) that resolves outside the folder is refused. Linked folders that stay inside are not
    followed: their files are found through their real path.
    """
    root = sources_dir.resolve()
    found: dict[str, Path] = {}
    for current, dirs, names in os.walk(sources_dir, followlinks=False):
        # Plain strings, one lstat per entry: pathlib objects cost more than the reads at 10,000 texts.
        base = Path(current).relative_to(sources_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        links = {n for n in dirs + names if os.path.islink(os.path.join(current, n))}
        for name in sorted(links):
            rel = prefix + name
            _check_name(rel)
            target = _resolve(Path(current) / name, rel)
            if target != root and root not in target.parents:
                raise SourceError(
                    f"{rel}: refused, it is a symbolic link to {target}, outside the sources "
                    f"folder {root}"
                )
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in links)
        for name in sorted(names):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES:
                continue
            rel = prefix + name
            _check_name(rel)
            if name not in links:
                # Reached through real folders only (links are not followed), and os.walk lists
                # folders apart: the real path is known without resolving every component.
                found[rel] = root / rel
                continue
            resolved = _resolve(Path(current) / name, rel)
            if resolved.is_dir():
                continue
            found[rel] = resolved
    return dict(sorted(found.items()))


def _catalogue_text(entry: dict[str, Any], key: str, rel: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, dict | list | set | tuple | bytes):
        raise SourceError(
            f"{CATALOGUE_FILE}: entry for {rel!r}: '{key}' must be text, not {type(value).__name__}"
        )
    return str(value)


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
    files = _scan(sources_dir)
    catalogue = load_catalogue(sources_dir, max_source_bytes)
    entries: dict[str, dict[str, Any]] = {}
    for entry in catalogue["sources"]:
        if not isinstance(entry, dict) or not entry.get("file"):
            raise SourceError(f"{CATALOGUE_FILE}: every entry needs a 'file': {entry!r}")
        if not isinstance(entry["file"], str):
            raise SourceError(f"{CATALOGUE_FILE}: entry file {entry['file']!r} must be text")
        rel = entry["file"]
        if Path(rel).is_absolute() or ".." in Path(rel).parts or "\\" in rel:
            raise SourceError(
                f"{CATALOGUE_FILE}: entry file {rel!r} must be a relative path inside the "
                "sources folder"
            )
        key = Path(rel).as_posix()
        if key in entries:
            raise SourceError(f"{CATALOGUE_FILE}: file {rel!r} has more than one entry")
        entries[key] = entry
    for rel in entries:
        if rel not in files:
            raise SourceError(f"{CATALOGUE_FILE}: entry file {rel!r} does not exist")

    sizes = {}
    for rel, path in files.items():
        try:
            sizes[rel] = path.stat().st_size
        except OSError as exc:
            raise SourceError(f"{rel}: refused, cannot be read ({exc.strerror})") from exc
    total = sum(sizes.values())
    if max_build_bytes is not None and total > max_build_bytes:
        biggest = max(sizes, key=lambda r: sizes[r])
        raise SourceError(
            f"{sources_dir}: refused, the {len(sizes)} sources add up to {total:,} bytes, over "
            f"the build limit of {max_build_bytes:,} bytes (largest: {biggest}, "
            f"{sizes[biggest]:,} bytes; {_LIMIT_HINT.format(env='EUJAPAN_MAX_BUILD_BYTES')})"
        )

    documents: list[SourceDocument] = []
    seen_ids: dict[str, str] = {}
    for rel, path in files.items():
        raw = read_inside(sources_dir, path, max_source_bytes, rel)
        text = decode_source(rel, raw, max_source_bytes)
        entry = entries.get(rel, {})
        source_id = _catalogue_text(entry, "id", rel) or _default_id(rel)
        if not _SOURCE_ID.match(source_id):
            raise SourceError(
                f"{rel}: source id {source_id!r} is not a safe identifier (letters, digits, "
                "'.', '_' and '-', starting with a letter or digit, at most 128 characters)"
            )
        if source_id in seen_ids:
            raise SourceError(
                f"{rel}: source id {source_id!r} is also used by {seen_ids[source_id]}"
            )
        seen_ids[source_id] = rel
        date_added = entry.get("date_added")
        documents.append(
            SourceDocument(
                source_id=source_id,
                path=rel,
                sha256=hashlib.sha256(raw).hexdigest(),
                bytes=len(raw),
                text=text,
                title=_catalogue_text(entry, "title", rel) or _title_from(rel),
                publisher=_catalogue_text(entry, "publisher", rel),
                url=_catalogue_text(entry, "url", rel),
                licence=_catalogue_text(entry, "licence", rel) or "unknown",
                attribution=_catalogue_text(entry, "attribution", rel),
                language=_catalogue_text(entry, "language", rel) or "en",
                date_added=str(date_added) if date_added else None,
                in_catalogue=bool(entry),
            )
        )
    return sorted(documents, key=lambda d: d.source_id)
