"""Publishing a release: immutable folder, computed version, checksums, pointer moved last.

A release is built in a temporary folder beside the final one, checked, fsynced, and renamed
into place; only then does the `LATEST` pointer move. Earlier releases are never opened for
writing. A lock file keeps two builds from publishing into the same outputs folder at once.

What a crash leaves behind, and how the next build (holding the lock) repairs it:
- killed while writing: a `.tmp-*` folder, never a `vX.Y.Z` one; it is removed.
- killed after the rename, before the pointer moved: a complete `vX.Y.Z` newer than LATEST; its
  checksums are verified and it becomes LATEST (it is what the killed build published).
A write error (full disk, I/O error) removes the temporary folder and raises PublishError naming
the step that failed; LATEST and earlier releases are untouched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.contract import arrow_schema, columns, validate_all
from schemas.tables import TABLES

from . import database
from .bulk import collector_paused
from .tables import primary_key

LATEST = "LATEST"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
CHANGES = "changes.parquet"
CHANGELOG = "CHANGELOG.md"
DATABASE = "eu_japan.duckdb"
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
TMP_PREFIX = ".tmp-"
# Crash tests set this to a number of seconds: each publishing step is announced on stderr and
# followed by that pause, so a SIGKILL can be aimed at it. Unset (always, outside tests) it does
# nothing.
PAUSE_ENV = "EUJAPAN_TEST_PUBLISH_PAUSE"
STEP_MARK = "eujapan-publish-step:"


class PublishError(RuntimeError):
    """Publishing stopped; the message says why. Earlier releases and LATEST are untouched."""


class PublishLocked(PublishError):
    """Another build holds the outputs folder."""


@dataclass
class Change:
    table: str
    id: str
    change: str  # added / removed / modified
    columns: list[str] = field(default_factory=list)


@dataclass
class ReleaseDiff:
    bump: str | None  # "major", "minor", "patch" or None for no change
    reasons: list[str]
    changes: list[Change]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.table, {"added": 0, "removed": 0, "modified": 0})[c.change] += 1
        return out


@dataclass
class PublishResult:
    status: str  # "published" or "unchanged"
    version: str
    path: Path
    previous: str | None
    diff: ReleaseDiff | None
    repaired: list[str] = field(default_factory=list)  # what an earlier crash left and was fixed


def checkpoint(step: str) -> None:
    """Fault-injection point between publishing steps: a no-op unless PAUSE_ENV is set."""
    pause = os.environ.get(PAUSE_ENV)
    if not pause:
        return
    sys.stderr.write(f"{STEP_MARK} {step}\n")
    sys.stderr.flush()
    time.sleep(float(pause))


def parse_version(name: str) -> tuple[int, int, int] | None:
    m = _VERSION_DIR.match(name)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def list_releases(releases_dir: Path) -> list[Path]:
    """Complete release folders, oldest version first (temporary folders are not releases)."""
    if not releases_dir.is_dir():
        return []
    found = [p for p in releases_dir.iterdir() if p.is_dir() and parse_version(p.name)]
    return sorted(found, key=lambda p: parse_version(p.name))


def latest_release(releases_dir: Path) -> Path | None:
    """The release LATEST names, if it names a complete one."""
    pointer = releases_dir / LATEST
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    path = releases_dir / name
    if not parse_version(name) or not (path / MANIFEST).exists():
        raise PublishError(f"{pointer}: names {name!r}, which is not a complete release")
    return path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_parquet(df: pd.DataFrame, table: str, path: Path) -> None:
    """Byte-reproducible Parquet: explicit schema, rows sorted by key, no pandas metadata."""
    schema = arrow_schema(table)
    # Arrow converts the columns itself (missing values, nullable integers, lists): the same bytes
    # as building them value by value in Python, ~2x faster on big tables.
    arrow = pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
    pq.write_table(
        arrow,
        path,
        compression="zstd",
        compression_level=9,
        use_dictionary=True,
        write_statistics=True,
        store_schema=False,
    )


def read_table(release: Path, table: str) -> pd.DataFrame:
    return pq.read_table(release / f"{table}.parquet").to_pandas(types_mapper=None)


def _normalise(value):
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is pd.NA:
        return None
    return value


_PLAIN = (str, int, float, bool)


def _differ(old, new) -> bool:
    """`_normalise(old) != _normalise(new)`, answered at once for equal plain values."""
    if type(old) is type(new) and type(old) in _PLAIN and old == new:
        return False
    return _normalise(old) != _normalise(new)


def _comparable(series: pd.Series, at: np.ndarray) -> np.ndarray:
    """The values at `at` as an object array: missing values None, arrays as tuples."""
    values = series.to_numpy(dtype=object, na_value=None)[at]
    values[pd.isna(series).to_numpy()[at]] = None
    if any(isinstance(v, list | tuple | np.ndarray) for v in values[:1000]):
        values = np.array(
            [
                tuple(v.tolist() if hasattr(v, "tolist") else v) if v is not None else None
                for v in values
            ]
            + [None],
            dtype=object,
        )[:-1]  # the extra None keeps numpy from building a 2-D array out of equal-length tuples
    return values


def _modified_positions(
    old: pd.Series, new: pd.Series, at_old: np.ndarray, at_new: np.ndarray
) -> list[int]:
    """Positions n where old[at_old[n]] and new[at_new[n]] differ, compared column-wise in C;
    the few candidates are confirmed value by value with `_differ`."""
    if not len(at_old):
        return []
    a, b = _comparable(old, at_old), _comparable(new, at_new)
    candidates = np.flatnonzero(a != b)
    if not len(candidates):
        return []
    old_values, new_values = old.tolist(), new.tolist()
    return [int(n) for n in candidates if _differ(old_values[at_old[n]], new_values[at_new[n]])]


def diff_releases(previous: Path | None, tables: Mapping[str, pd.DataFrame]) -> ReleaseDiff:
    """How the new tables differ from the previous release, and the version bump that implies."""
    with collector_paused():
        return _diff_releases(previous, tables)


def _diff_releases(previous: Path | None, tables: Mapping[str, pd.DataFrame]) -> ReleaseDiff:
    if previous is None:
        changes = [
            Change(t, str(i), "added")
            for t, df in tables.items()
            for i in df[primary_key(t)].tolist()  # Arrow strings iterate ~10x slower
        ]
        return ReleaseDiff("major", ["first release"], changes)
    reasons: list[str] = []
    bump_rank = 0  # 3 major, 2 minor, 1 patch
    changes: list[Change] = []
    for table in sorted(
        set(tables) | {p.stem for p in previous.glob("*.parquet") if p.name != CHANGES}
    ):
        old_path = previous / f"{table}.parquet"
        if table not in tables:
            reasons.append(f"table {table} removed")
            bump_rank = max(bump_rank, 3)
            continue
        if not old_path.exists():
            reasons.append(f"table {table} added")
            bump_rank = max(bump_rank, 2)
            new = tables[table]
            changes += [Change(table, str(i), "added") for i in new[primary_key(table)]]
            continue
        old_schema = pq.read_schema(old_path)
        new_schema = arrow_schema(table)
        old_cols = {f.name: f.type for f in old_schema}
        new_cols = {f.name: f.type for f in new_schema}
        for col in old_cols:
            if col not in new_cols:
                reasons.append(f"column {table}.{col} removed or renamed")
                bump_rank = max(bump_rank, 3)
            elif old_cols[col] != new_cols[col]:
                reasons.append(
                    f"column {table}.{col} changed type {old_cols[col]} -> {new_cols[col]}"
                )
                bump_rank = max(bump_rank, 3)
        for col in new_cols:
            if col not in old_cols:
                reasons.append(f"column {table}.{col} added")
                bump_rank = max(bump_rank, 2)
        pk = primary_key(table)
        old = read_table(previous, table)
        new = tables[table]
        old_rows = {str(k): i for i, k in enumerate(old[pk].tolist())}
        new_rows = {str(k): i for i, k in enumerate(new[pk].tolist())}
        shared_cols = [c for c in new_cols if c in old_cols and c != pk]
        for key in sorted(new_rows.keys() - old_rows.keys()):
            changes.append(Change(table, key, "added"))
        for key in sorted(old_rows.keys() - new_rows.keys()):
            changes.append(Change(table, key, "removed"))
        common = sorted(new_rows.keys() & old_rows.keys())
        at_old = np.fromiter((old_rows[k] for k in common), dtype=np.int64, count=len(common))
        at_new = np.fromiter((new_rows[k] for k in common), dtype=np.int64, count=len(common))
        changed_cols: dict[int, list[str]] = {}
        for c in shared_cols:
            for n in _modified_positions(old[c], new[c], at_old, at_new):
                changed_cols.setdefault(n, []).append(c)
        for n in sorted(changed_cols):
            changes.append(Change(table, common[n], "modified", changed_cols[n]))
    kinds = {c.change for c in changes}
    if "added" in kinds or "removed" in kinds:
        bump_rank = max(bump_rank, 2)
        reasons.append("facts added or removed")
    if "modified" in kinds:
        bump_rank = max(bump_rank, 1)
        reasons.append("values of existing facts corrected")
    bump = {0: None, 1: "patch", 2: "minor", 3: "major"}[bump_rank]
    return ReleaseDiff(bump, reasons, changes)


def next_version(previous: str | None, bump: str) -> str:
    if previous is None:
        return "v1.0.0"
    major, minor, patch = parse_version(previous)
    if bump == "major":
        return f"v{major + 1}.0.0"
    if bump == "minor":
        return f"v{major}.{minor + 1}.0"
    return f"v{major}.{minor}.{patch + 1}"


@contextlib.contextmanager
def outputs_lock(outputs_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the outputs folder, or refuse at once with a clear message."""
    outputs_dir.mkdir(parents=True, exist_ok=True)
    lock_path = outputs_dir / ".lock"
    fh = lock_path.open("a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                raise PublishLocked(
                    f"{outputs_dir}: another build is publishing here ({holder}); "
                    "wait for it to finish and run again"
                ) from exc
            raise
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
        fh.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_pointer(releases_dir: Path, version: str) -> None:
    """Move LATEST atomically: write a temporary file, fsync, rename over the old one."""
    tmp = releases_dir / f".{LATEST}{TMP_PREFIX}{os.getpid()}"
    try:
        tmp.write_text(version + "\n", encoding="utf-8")
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, releases_dir / LATEST)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(releases_dir)


def _pointer_name(releases_dir: Path) -> str | None:
    try:
        return (releases_dir / LATEST).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def is_complete(folder: Path) -> bool:
    """True when SHA256SUMS lists exactly the folder's files and every checksum matches.

    A cheap structural check used to decide whether a release left by a crash can be adopted;
    `eujapan verify` is the full check (manifest, descriptor, Frictionless).
    """
    try:
        if not (folder / MANIFEST).is_file():
            return False
        listed: dict[str, str] = {}
        for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
            digest, sep, name = line.partition("  ")
            if not sep or "/" in name:
                return False
            listed[name] = digest
        present = {p.name for p in folder.iterdir() if p.is_file() and p.name != CHECKSUMS}
        return set(listed) == present and all(
            sha256_file(folder / name) == digest for name, digest in listed.items()
        )
    except (OSError, UnicodeDecodeError):
        return False


def _remove_leftovers(releases_dir: Path) -> list[str]:
    """Delete temporary folders and pointer files of builds that died. Call only under the lock."""
    removed = []
    for path in sorted(releases_dir.iterdir()):
        if path.name.startswith(TMP_PREFIX) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{LATEST}{TMP_PREFIX}") and not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            continue
        removed.append(f"removed {path.name}, left by an interrupted build")
    return removed


def _orphan_release(releases_dir: Path, pointed: Path | None) -> Path | None:
    """The newest complete release newer than LATEST: published by a build killed before it
    could move the pointer."""
    floor = parse_version(pointed.name) if pointed else None
    for path in reversed(list_releases(releases_dir)):
        if floor is not None and parse_version(path.name) <= floor:
            return None
        if is_complete(path):
            return path
    return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return f"the disk is full ({exc})"
    if isinstance(exc, OSError):
        return f"write error ({exc})"
    return f"{type(exc).__name__}: {exc}"


def write_changes(changes: list[Change], path: Path) -> None:
    schema = pa.schema(
        [
            pa.field(
                "table",
                pa.string(),
                nullable=False,
                metadata={"description": "Published table the fact belongs to."},
            ),
            pa.field(
                "id",
                pa.string(),
                nullable=False,
                metadata={"description": "Primary key of the fact in that table."},
            ),
            pa.field(
                "change",
                pa.string(),
                nullable=False,
                metadata={
                    "description": "added, removed or modified against the previous release."
                },
            ),
            pa.field(
                "columns",
                pa.list_(pa.string()),
                nullable=False,
                metadata={"description": "For modified facts, the columns whose values changed."},
            ),
        ],
        metadata={"description": "Fact-level changes against the previous release."},
    )
    ordered = sorted(changes, key=attrgetter("table", "change", "id"))
    arrow = pa.Table.from_pydict(
        {
            "table": [c.table for c in ordered],
            "id": [c.id for c in ordered],
            "change": [c.change for c in ordered],
            "columns": [c.columns for c in ordered],
        },
        schema=schema,
    )
    pq.write_table(arrow, path, compression="zstd", store_schema=False)


def changelog_entry(version: str, created: str, previous: str | None, diff: ReleaseDiff) -> str:
    lines = [f"## {version} ({created[:10]})", ""]
    lines.append(
        f"Compared with {previous}: {diff.bump} release." if previous else "First release."
    )
    lines.append("")
    for reason in diff.reasons:
        lines.append(f"- {reason}")
    counts = diff.counts()
    if counts:
        lines += ["", "| table | added | removed | modified |", "| --- | ---: | ---: | ---: |"]
        for table in sorted(counts):
            c = counts[table]
            lines.append(f"| {table} | {c['added']} | {c['removed']} | {c['modified']} |")
    return "\n".join(lines) + "\n"


def write_checksums(folder: Path) -> dict[str, dict[str, int | str]]:
    """SHA256SUMS over every file but itself; returns {name: {bytes, sha256}}."""
    files = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != CHECKSUMS):
        files[path.name] = {"bytes": path.stat().st_size, "sha256": sha256_file(path)}
    (folder / CHECKSUMS).write_text(
        "".join(f"{v['sha256']}  {k}\n" for k, v in files.items()), encoding="utf-8"
    )
    return files


def publish_release(
    tables: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    releases_dir: Path,
    *,
    dataset: Mapping[str, str],
    extractor_version: str,
    created: datetime | None = None,
    extra_writers: tuple = (),
) -> PublishResult:
    """Validate, diff against LATEST, and publish a new immutable release (or nothing).

    Leftovers of an interrupted build are repaired first (see the module docstring); they are
    listed in the result's `repaired`. A failure raises PublishError saying which step failed
    and that nothing was published.

    `extra_writers` are callables (folder, context) that add files (descriptor, page) before the
    checksums are taken; any exception aborts the release without touching earlier ones.
    """
    validate_all(tables, texts)
    releases_dir.mkdir(parents=True, exist_ok=True)
    created_at = (created or datetime.now(UTC)).replace(microsecond=0)
    created_iso = created_at.isoformat().replace("+00:00", "Z")
    with outputs_lock(releases_dir.parent):
        # Holding the lock, nothing else is publishing: any temporary folder is a dead build's.
        repaired = _remove_leftovers(releases_dir)
        pointed = latest_release(releases_dir)
        orphan = _orphan_release(releases_dir, pointed)
        previous = orphan or pointed
        if orphan is not None:
            repaired.append(
                f"{orphan.name} was complete but {LATEST} still named "
                f"{pointed.name if pointed else 'nothing'} (an interrupted build); {LATEST} "
                f"now names {orphan.name}"
            )
        diff = diff_releases(previous, tables)
        previous_version = previous.name if previous else None
        if diff.bump is None:
            if orphan is not None:
                write_pointer(releases_dir, orphan.name)
            return PublishResult(
                "unchanged", previous_version, previous, previous_version, diff, repaired
            )
        version = next_version(previous_version, diff.bump)
        final = releases_dir / version
        if final.exists():
            raise PublishError(
                f"{final} already exists but is not a complete release newer than "
                f"{previous_version}; releases are never overwritten: move it aside and run again"
            )
        step = "creating the temporary folder"
        tmp: Path | None = None
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{version}-", dir=releases_dir))
            _write_release(
                tmp,
                tables,
                diff,
                previous,
                version=version,
                created_iso=created_iso,
                dataset=dataset,
                extractor_version=extractor_version,
                extra_writers=extra_writers,
            )
            step = "syncing the files to disk"
            checkpoint(step)
            os.chmod(tmp, 0o755)
            _fsync_tree(tmp)
            step = "renaming the folder into place"
            checkpoint(step)
            os.rename(tmp, final)
        except _StepFailed as exc:
            _discard(tmp)
            raise _failure(version, exc.step, exc.__cause__, previous_version) from exc.__cause__
        except Exception as exc:
            _discard(tmp)
            raise _failure(version, step, exc, previous_version) from exc
        except BaseException:
            _discard(tmp)
            raise
        # The rename is done and visible; a failed directory sync only weakens durability.
        with contextlib.suppress(OSError):
            _fsync_dir(releases_dir)
        try:
            checkpoint(f"moving the {LATEST} pointer")
            write_pointer(releases_dir, version)
        except Exception as exc:
            if _pointer_name(releases_dir) != version:
                raise _withdraw(releases_dir, final, version, exc, previous_version) from exc
        checkpoint("published")
    return PublishResult("published", version, final, previous_version, diff, repaired)


class _StepFailed(Exception):
    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


def _discard(tmp: Path | None) -> None:
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def _failure(
    version: str, step: str, exc: BaseException | None, previous_version: str | None
) -> PublishError:
    return PublishError(
        f"publishing {version} failed while {step}: {_reason(exc)}. Nothing was published: "
        f"{LATEST} still names {previous_version or 'no release'} and earlier releases are "
        "unchanged."
    )


def _withdraw(
    releases_dir: Path, final: Path, version: str, exc: BaseException, previous: str | None
) -> PublishError:
    """The folder is in place but LATEST could not move: take the folder back out of view."""
    hidden = releases_dir / f"{TMP_PREFIX}{version}-withdrawn-{os.getpid()}"
    try:
        os.rename(final, hidden)
    except OSError:
        outcome = (
            f"{version} is complete on disk but {LATEST} still names {previous or 'no release'}; "
            "the next build will verify it and move the pointer"
        )
    else:
        shutil.rmtree(hidden, ignore_errors=True)
        outcome = (
            f"the folder was withdrawn, so nothing was published: {LATEST} still names "
            f"{previous or 'no release'}"
        )
    return PublishError(
        f"publishing {version} failed while moving the {LATEST} pointer: {_reason(exc)}; {outcome}."
    )


def _write_release(
    tmp: Path,
    tables: Mapping[str, pd.DataFrame],
    diff: ReleaseDiff,
    previous: Path | None,
    *,
    version: str,
    created_iso: str,
    dataset: Mapping[str, str],
    extractor_version: str,
    extra_writers: tuple,
) -> None:
    """Every file of the release into `tmp`; a failure is raised as _StepFailed naming the step."""
    previous_version = previous.name if previous else None

    def step(name: str, action, *args) -> None:
        try:
            checkpoint(name)
            action(*args)
        except Exception as exc:
            raise _StepFailed(name) from exc

    for table in TABLES:
        step(
            f"writing {table}.parquet",
            write_parquet,
            tables[table],
            table,
            tmp / f"{table}.parquet",
        )
    step(f"writing {CHANGES}", write_changes, diff.changes, tmp / CHANGES)

    def changelog() -> None:
        old_log = (previous / CHANGELOG).read_text(encoding="utf-8") if previous else ""
        header = "# Changelog\n\n"
        body = old_log[len(header) :] if old_log.startswith(header) else old_log
        (tmp / CHANGELOG).write_text(
            header + changelog_entry(version, created_iso, previous_version, diff) + "\n" + body,
            encoding="utf-8",
        )

    step(f"writing {CHANGELOG}", changelog)
    step(f"building {DATABASE}", database.build_database, tmp, tmp / DATABASE)
    context = {
        "version": version,
        "created": created_iso,
        "previous": previous_version,
        "dataset": dict(dataset),
        "diff": diff,
        "tables": tables,
        "extractor_version": extractor_version,
    }
    for writer in extra_writers:
        step(f"running {getattr(writer, '__name__', 'a writer')}", writer, tmp, context)

    def manifest() -> None:
        files = {
            p.name: {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
            for p in sorted(tmp.iterdir())
            if p.is_file()
        }
        data = {
            "name": dataset.get("name", "eu-japan-cooperation"),
            "version": version,
            "created": created_iso,
            "previous": previous_version,
            "bump": diff.bump,
            "reasons": diff.reasons,
            "extractor_version": extractor_version,
            "counts": {t: len(tables[t]) for t in TABLES},
            "changes": diff.counts(),
            "files": files,
            "columns": {t: [c.name for c in columns(t)] for t in TABLES},
        }
        (tmp / MANIFEST).write_text(
            json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    step(f"writing {MANIFEST}", manifest)
    step(f"writing {CHECKSUMS}", write_checksums, tmp)
