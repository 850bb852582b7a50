"""Where everything of a release lives: every file name, the version folders and the pointer.

    releases/
      LATEST                 the version of the newest complete release ("v1.2.0")
      v1.2.0/                one immutable folder per release
        <table>.parquet      one per model in schemas.tables, in their order
        <table>.csv          the same table as CSV
        changes.parquet, CHANGELOG.md, eu_japan.duckdb, datapackage.json, index.html,
        manifest.json, SHA256SUMS
        explorer/, texts/    the offline explorer and the source texts it links to
                             (SHA256SUMS lists their files by relative path)
      .tmp-v1.3.0-xxxx/      a release being written (or left by a build that died)

Publishing, `eujapan verify`, `eujapan releases` and `eujapan diff` all find files through here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

LATEST = "LATEST"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
CHANGES = "changes.parquet"
CHANGELOG = "CHANGELOG.md"
DATABASE = "eu_japan.duckdb"
DESCRIPTOR = "datapackage.json"
PAGE = "index.html"
TMP_PREFIX = ".tmp-"
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


class PublishError(RuntimeError):
    """Publishing stopped; the message says why. Earlier releases and LATEST are untouched."""


def table_file(table: str) -> str:
    return f"{table}.parquet"


def table_files(folder: Path) -> dict[str, Path]:
    """The table files of a release folder by table name (changes.parquet is not a table)."""
    return {
        p.stem: p for p in sorted(folder.glob("*.parquet")) if p.is_file() and p.name != CHANGES
    }


def parse_version(name: str) -> tuple[int, int, int] | None:
    m = _VERSION_DIR.match(name)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def list_releases(releases_dir: Path) -> list[Path]:
    """Complete release folders, oldest version first (temporary folders are not releases)."""
    if not releases_dir.is_dir():
        return []
    found = [p for p in releases_dir.iterdir() if p.is_dir() and parse_version(p.name)]
    return sorted(found, key=lambda p: parse_version(p.name))


def _read_pointer(pointer: Path) -> str:
    """What the LATEST file says; PublishError naming the file when it cannot be read as text."""
    if pointer.is_symlink() or not pointer.is_file():
        raise PublishError(f"{pointer}: is not a plain file (a folder, link or device)")
    try:
        with pointer.open("rb") as fh:
            raw = fh.read(256)  # a version is a few bytes: a huge LATEST is never loaded
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise PublishError(
            f"{pointer}: is not text (byte {exc.start}); it should name a release"
        ) from exc
    except OSError as exc:
        raise PublishError(f"{pointer}: cannot be read ({exc.strerror})") from exc


def pointer_name(releases_dir: Path) -> str | None:
    """What LATEST says, unchecked; None when it is missing or unreadable."""
    try:
        return _read_pointer(releases_dir / LATEST)
    except PublishError:
        return None


def latest_release(releases_dir: Path) -> Path | None:
    """The release LATEST names, if it names a complete one (PublishError if it does not)."""
    pointer = releases_dir / LATEST
    if not pointer.exists() and not pointer.is_symlink():
        return None
    name = _read_pointer(pointer)
    path = releases_dir / name
    if not parse_version(name) or not (path / MANIFEST).is_file():
        raise PublishError(f"{pointer}: names {name[:80]!r}, which is not a complete release")
    return path


def resolve_release(releases_dir: Path, name: str) -> Path:
    """A release folder from a version ('v1.2.0' or '1.2.0') or a path to a release folder."""
    candidate = Path(name)
    if candidate.is_dir() and (candidate / MANIFEST).is_file():
        return candidate
    version = name if name.startswith("v") else f"v{name}"
    path = releases_dir / version
    if parse_version(version) and (path / MANIFEST).is_file():
        return path
    known = ", ".join(p.name for p in list_releases(releases_dir)) or "none"
    raise FileNotFoundError(f"no release {name!r} under {releases_dir} (known: {known})")


def read_manifest(release: Path) -> dict:
    """The release's manifest, or {} when it cannot be read."""
    try:
        data = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class ReleaseInfo:
    version: str
    path: Path
    created: str | None
    bump: str | None
    counts: dict[str, int]
    latest: bool


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def release_infos(releases_dir: Path) -> list[ReleaseInfo]:
    """Every complete release folder, oldest first, with its manifest's date and row counts."""
    latest = pointer_name(releases_dir)
    infos = []
    for path in list_releases(releases_dir):
        manifest = read_manifest(path)
        infos.append(
            ReleaseInfo(
                version=path.name,
                path=path,
                created=_text_or_none(manifest.get("created")),
                bump=_text_or_none(manifest.get("bump")),
                counts=counts if isinstance(counts := manifest.get("counts"), dict) else {},
                latest=path.name == latest,
            )
        )
    return infos


def release_files(folder: Path) -> list[str]:
    """Every file of a release folder by relative POSIX path ("explorer/index.html"), sorted;
    SHA256SUMS itself is left out."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() != CHECKSUMS
    )


def safe_relative_name(name: str) -> bool:
    """A path inside the release folder: relative, forward slashes, no way out of it."""
    parts = name.split("/")
    return bool(name) and "\\" not in name and all(p not in {"", ".", ".."} for p in parts)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
