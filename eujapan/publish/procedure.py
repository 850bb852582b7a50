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
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from schemas.checks import ValidationFailed, blocking_violations, check_all
from schemas.tables import TABLES

from .. import progress
from ..verify import verify_files, verify_release
from .changelog import write_changelog
from .changes import write_changes
from .database import build_database
from .diff import ReleaseDiff, diff_tables, next_version
from .formats import outdated_files
from .layout import (
    CHANGELOG,
    CHANGES,
    CHECKSUMS,
    DATABASE,
    LATEST,
    MANIFEST,
    TMP_PREFIX,
    PublishError,
    latest_release,
    list_releases,
    parse_version,
    pointer_name,
    table_file,
)
from .manifest import write_checksums, write_manifest
from .parquet import write_parquet

# Crash tests set this to a number of seconds: each publishing step is announced on stderr and
# followed by that pause, so a SIGKILL can be aimed at it. Unset (always, outside tests) it does
# nothing.
PAUSE_ENV = "EUJAPAN_TEST_PUBLISH_PAUSE"
STEP_MARK = "eujapan-publish-step:"
# A writer adds files to the release folder being written: (folder, context) -> None.
Writer = Callable[[Path, dict], object]


class PublishLocked(PublishError):
    """Another build holds the outputs folder."""


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


def _open_lock_file(lock_path: Path) -> int:
    """The lock file's descriptor, created if missing, never through a symbolic link: a link
    planted there would make the build truncate and write whatever file it points to."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        fd = os.open(lock_path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PublishError(
                f"{lock_path}: refused, the lock file is a symbolic link; remove it and run again"
            ) from exc
        raise PublishError(f"{lock_path}: cannot create the lock file ({exc.strerror})") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise PublishError(f"{lock_path}: refused, the lock file is not a regular file")
    return fd


@contextlib.contextmanager
def outputs_lock(outputs_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the outputs folder, or refuse at once with a clear message."""
    outputs_dir.mkdir(parents=True, exist_ok=True)
    lock_path = outputs_dir / ".lock"
    fh = os.fdopen(_open_lock_file(lock_path), "r+", encoding="utf-8", errors="replace")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                fh.seek(0)
                holder = fh.read(200).strip() or "unknown"
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
    """The newest release newer than LATEST: published by a build killed before it could move
    the pointer. It is adopted only if it verifies in full (checksums, manifest, descriptor,
    Frictionless); a folder that does not (changed, or restored under another version's name)
    stops the build, since the next version would be built beside a release nobody can trust."""
    floor = parse_version(pointed.name) if pointed else None
    newer = [
        p for p in list_releases(releases_dir) if floor is None or parse_version(p.name) > floor
    ]
    if not newer:
        return None
    orphan = newer[-1]
    result = verify_release(orphan)
    if not result.ok:
        raise PublishError(
            f"{orphan}: newer than the release {LATEST} names "
            f"({pointed.name if pointed else 'none'}) but it does not verify "
            f"({_first_problems(result.problems)}), so it cannot be adopted as left by an "
            "interrupted build. Nothing was published: move it aside and run again."
        )
    return orphan


def _first_problems(problems: list[str]) -> str:
    more = f"; and {len(problems) - 1} more" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


def _check_previous(previous: Path) -> None:
    """Refuse to build on a release whose files no longer match their checksums, or whose
    manifest names another version: diffing against it would publish a false change history."""
    result = verify_files(previous)
    if not result.ok:
        raise PublishError(
            f"{previous}: the release this build would compare against does not verify "
            f"({_first_problems(result.problems)}). Nothing was published: restore it from a "
            f"copy (check with `eujapan verify {previous}`) and run again."
        )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return f"the disk is full ({exc})"
    if isinstance(exc, OSError):
        return f"write error ({exc})"
    return f"{type(exc).__name__}: {exc}"


def publish_release(
    tables: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    releases_dir: Path,
    *,
    dataset: Mapping[str, str],
    extractor_version: str,
    created: datetime | None = None,
    extra_writers: tuple[Writer, ...] = (),
    quality: Mapping | None = None,
) -> PublishResult:
    """Validate, diff against LATEST, and publish a new immutable release (or nothing).

    Leftovers of an interrupted build are repaired first (see the module docstring); they are
    listed in the result's `repaired`. A failure raises PublishError saying which step failed
    and that nothing was published.

    `extra_writers` are callables (folder, context) that add files (descriptor, page) before the
    checksums are taken; any exception aborts the release without touching earlier ones.
    """
    violations = blocking_violations(check_all(tables, texts))
    if violations:
        raise ValidationFailed(violations)
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
        if previous is not None:
            _check_previous(previous)
        diff = diff_tables(previous, tables)
        if diff.bump is None and previous is not None and (reasons := outdated_files(previous)):
            # Same data in files of an older form: a patch brings the new files to everyone.
            diff = ReleaseDiff("patch", reasons, diff.changes)
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
                quality=quality,
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
            if pointer_name(releases_dir) != version:
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
    extra_writers: tuple[Writer, ...],
    quality: Mapping | None = None,
) -> None:
    """Every file of the release into `tmp`; a failure is raised as _StepFailed naming the step."""
    previous_version = previous.name if previous else None

    def step(name: str, action, *args) -> None:
        try:
            checkpoint(name)
            progress.note(name)
            action(*args)
        except Exception as exc:
            raise _StepFailed(name) from exc

    for table in TABLES:
        step(
            f"writing {table_file(table)}",
            write_parquet,
            tables[table],
            table,
            tmp / table_file(table),
        )
    step(f"writing {CHANGES}", write_changes, diff.changes, tmp / CHANGES)
    step(f"writing {CHANGELOG}", write_changelog, tmp, previous, version, created_iso, diff)
    step(f"building {DATABASE}", build_database, tmp, tmp / DATABASE)
    context = {
        "version": version,
        "created": created_iso,
        "previous": previous_version,
        "dataset": dict(dataset),
        "diff": diff,
        "tables": tables,
        "extractor_version": extractor_version,
        "quality": quality,
    }
    for writer in extra_writers:
        step(f"running {getattr(writer, '__name__', 'a writer')}", writer, tmp, context)
    step(
        f"writing {MANIFEST}",
        lambda: write_manifest(
            tmp,
            tables,
            diff,
            name=dataset.get("name", "eu-japan-cooperation"),
            version=version,
            created=created_iso,
            previous=previous_version,
            extractor_version=extractor_version,
            quality=quality,
        ),
    )
    step(f"writing {CHECKSUMS}", write_checksums, tmp)
