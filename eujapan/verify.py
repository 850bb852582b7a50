"""Tools for users of published releases: verify one, list them all, compare two.

Nothing here trusts the release being checked: every checksum is recomputed from the bytes on
disk, and the comparison of two releases reads only their Parquet files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from schemas.tables import TABLES

from . import descriptor
from .release import (
    CHANGES,
    CHECKSUMS,
    LATEST,
    MANIFEST,
    Change,
    ReleaseDiff,
    list_releases,
    parse_version,
    sha256_file,
)
from .tables import primary_key

_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


@dataclass
class Verification:
    """What `verify_release` found: the problems (none means the release checks out)."""

    release: Path
    version: str | None = None
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Hashes:
    """sha256 of each file in the folder, computed once."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self._cache:
            self._cache[name] = sha256_file(self.folder / name)
        return self._cache[name]


def _plain_name(name: str) -> bool:
    """A file name inside the release folder: no directories, no way out of it."""
    return bool(name) and "/" not in name and "\\" not in name and name not in {".", ".."}


def _load_json(path: Path, problems: list[str]) -> dict | None:
    if not path.is_file():
        problems.append(f"{path.name}: missing")
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(f"{path.name}: not valid JSON ({exc})")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: not a JSON object")
        return None
    return data


def _check_sums(folder: Path, sha: _Hashes, problems: list[str]) -> int:
    path = folder / CHECKSUMS
    if not path.is_file():
        problems.append(f"{CHECKSUMS}: missing")
        return 0
    listed: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match or not _plain_name(match.group(2)):
            problems.append(f"{CHECKSUMS} line {number}: not '<sha256>  <file name>': {line!r}")
            continue
        expected, name = match.groups()
        listed.add(name)
        if not (folder / name).is_file():
            problems.append(f"{name}: listed in {CHECKSUMS} but missing")
        elif sha(name) != expected:
            problems.append(
                f"{name}: sha256 is {sha(name)}, {CHECKSUMS} says {expected} (file changed)"
            )
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != CHECKSUMS}
    problems += [f"{name}: not listed in {CHECKSUMS}" for name in sorted(present - listed)]
    return len(listed)


def _check_manifest(folder: Path, sha: _Hashes, problems: list[str]) -> dict | None:
    manifest = _load_json(folder / MANIFEST, problems)
    if manifest is None:
        return None
    files = manifest.get("files")
    if not isinstance(files, dict):
        problems.append(f"{MANIFEST}: no 'files' table")
        return manifest
    for name, entry in sorted(files.items()):
        if not _plain_name(name) or not isinstance(entry, dict):
            problems.append(f"{MANIFEST}: bad file entry {name!r}")
            continue
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: listed in {MANIFEST} but missing")
            continue
        if entry.get("bytes") != path.stat().st_size:
            problems.append(
                f"{name}: {path.stat().st_size} bytes, {MANIFEST} says {entry.get('bytes')}"
            )
        if entry.get("sha256") != sha(name):
            problems.append(f"{name}: sha256 is {sha(name)}, {MANIFEST} says {entry.get('sha256')}")
    expected = {
        p.name for p in folder.iterdir() if p.is_file() and p.name not in {MANIFEST, CHECKSUMS}
    }
    problems += [f"{name}: not listed in {MANIFEST}" for name in sorted(expected - set(files))]
    version = manifest.get("version")
    if parse_version(folder.name) and version != folder.name:
        problems.append(f"{MANIFEST}: version {version!r} but the folder is {folder.name}")
    return manifest


def _check_descriptor(
    folder: Path, sha: _Hashes, version: str | None, problems: list[str], run_frictionless: bool
) -> None:
    path = folder / descriptor.DESCRIPTOR
    package = _load_json(path, problems)
    if package is None:
        return
    if version and package.get("version") != version.lstrip("v"):
        problems.append(f"{path.name}: version {package.get('version')!r}, manifest says {version}")
    for resource in package.get("resources", []):
        name = resource.get("path")
        label = f"{path.name} resource {resource.get('name')!r}"
        if not isinstance(name, str) or not _plain_name(name):
            problems.append(f"{label}: path {name!r} is not a file of this release")
            continue
        file = folder / name
        if not file.is_file():
            problems.append(f"{label}: {name} missing")
            continue
        if resource.get("bytes") != file.stat().st_size:
            problems.append(
                f"{label}: {name} has {file.stat().st_size} bytes, descriptor says "
                f"{resource.get('bytes')}"
            )
        if resource.get("hash") != f"sha256:{sha(name)}":
            problems.append(
                f"{label}: {name} has sha256:{sha(name)}, descriptor says {resource.get('hash')}"
            )
    if run_frictionless:
        report = descriptor.validate_datapackage(path)
        problems += [f"frictionless: {line}" for line in descriptor.report_errors(report)]


def verify_release(folder: Path, *, run_frictionless: bool = True) -> Verification:
    """Recompute every checksum (SHA256SUMS, manifest, descriptor) and validate the descriptor."""
    folder = Path(folder)
    result = Verification(folder)
    if not folder.is_dir():
        result.problems.append(f"{folder}: not a folder")
        return result
    sha = _Hashes(folder)
    result.files_checked = _check_sums(folder, sha, result.problems)
    manifest = _check_manifest(folder, sha, result.problems)
    result.version = manifest.get("version") if manifest else None
    _check_descriptor(folder, sha, result.version, result.problems, run_frictionless)
    return result


@dataclass
class ReleaseInfo:
    version: str
    path: Path
    created: str | None
    bump: str | None
    counts: dict[str, int]
    latest: bool


def release_infos(releases_dir: Path) -> list[ReleaseInfo]:
    """Every complete release folder, oldest first, with its manifest's date and row counts."""
    pointer = releases_dir / LATEST
    latest = pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else None
    infos = []
    for path in list_releases(releases_dir):
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        infos.append(
            ReleaseInfo(
                version=path.name,
                path=path,
                created=manifest.get("created"),
                bump=manifest.get("bump"),
                counts=manifest.get("counts", {}),
                latest=path.name == latest,
            )
        )
    return infos


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


def _key_column(table: str, old_names: list[str], new_names: list[str]) -> str:
    """The primary key: the model's, if both files have it, else the first column (our order)."""
    if table in TABLES:
        pk = primary_key(table)
        if pk in old_names and pk in new_names:
            return pk
    return new_names[0]


def _same(a: object, b: object) -> bool:
    """Equal values; NaN equals NaN (a stored NaN is not a change)."""
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)


def compare_releases(old: Path, new: Path) -> ReleaseDiff:
    """What changed from release `old` to release `new`, read from their Parquet files only.

    Same rules as publishing: a removed table or column or a changed type is major; added
    tables, columns or facts and removed facts are minor; changed values of kept facts are patch.
    """
    reasons: list[str] = []
    rank = 0
    changes: list[Change] = []

    def tables(folder: Path) -> set[str]:
        return {p.stem for p in folder.glob("*.parquet") if p.name != CHANGES}

    old_tables, new_tables = tables(old), tables(new)
    for table in sorted(old_tables | new_tables):
        if table not in new_tables:
            reasons.append(f"table {table} removed")
            rank = max(rank, 3)
            continue
        new_data = pq.read_table(new / f"{table}.parquet")
        if table not in old_tables:
            reasons.append(f"table {table} added")
            rank = max(rank, 2)
            key = _key_column(table, new_data.column_names, new_data.column_names)
            changes += [Change(table, str(k), "added") for k in new_data.column(key).to_pylist()]
            continue
        old_data = pq.read_table(old / f"{table}.parquet")
        old_types = {f.name: f.type for f in old_data.schema}
        new_types = {f.name: f.type for f in new_data.schema}
        for col, dtype in old_types.items():
            if col not in new_types:
                reasons.append(f"column {table}.{col} removed or renamed")
                rank = max(rank, 3)
            elif new_types[col] != dtype:
                reasons.append(f"column {table}.{col} changed type {dtype} -> {new_types[col]}")
                rank = max(rank, 3)
        for col in new_types:
            if col not in old_types:
                reasons.append(f"column {table}.{col} added")
                rank = max(rank, 2)
        key = _key_column(table, old_data.column_names, new_data.column_names)
        old_rows = {str(r[key]): r for r in old_data.to_pylist()}
        new_rows = {str(r[key]): r for r in new_data.to_pylist()}
        shared = [c for c in new_types if c in old_types and c != key]
        changes += [Change(table, k, "added") for k in sorted(new_rows.keys() - old_rows.keys())]
        changes += [Change(table, k, "removed") for k in sorted(old_rows.keys() - new_rows.keys())]
        for k in sorted(new_rows.keys() & old_rows.keys()):
            changed = [c for c in shared if not _same(old_rows[k][c], new_rows[k][c])]
            if changed:
                changes.append(Change(table, k, "modified", changed))
    kinds = {c.change for c in changes}
    if kinds & {"added", "removed"}:
        rank = max(rank, 2)
        reasons.append("facts added or removed")
    if "modified" in kinds:
        rank = max(rank, 1)
        reasons.append("values of existing facts corrected")
    return ReleaseDiff({0: None, 1: "patch", 2: "minor", 3: "major"}[rank], reasons, changes)


def format_diff(old_name: str, new_name: str, diff: ReleaseDiff) -> str:
    """The comparison as text: the bump and its reasons, then per table every changed id."""
    if diff.bump is None:
        return f"{old_name} -> {new_name}: no change"
    lines = [f"{old_name} -> {new_name}: {diff.bump} change"]
    lines += [f"  - {reason}" for reason in diff.reasons]
    counts = diff.counts()
    marks = {"added": "+", "removed": "-", "modified": "~"}
    for table in sorted(counts):
        c = counts[table]
        lines.append(
            f"\n{table}: {c['added']} added, {c['removed']} removed, {c['modified']} modified"
        )
        for change in sorted(
            (x for x in diff.changes if x.table == table),
            key=lambda x: (list(marks).index(x.change), x.id),
        ):
            cols = f"  ({', '.join(change.columns)})" if change.columns else ""
            lines.append(f"  {marks[change.change]} {change.id}{cols}")
    return "\n".join(lines)
