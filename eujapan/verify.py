"""`eujapan verify`: check a published release without trusting it.

Every checksum is recomputed from the bytes on disk; file names come from `publish.layout`.
Listing releases and comparing two live in `publish.layout` and `publish.diff`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .publish import descriptor
from .publish.layout import (
    CHECKSUMS,
    DESCRIPTOR,
    MANIFEST,
    parse_version,
    release_files,
    safe_relative_name,
    sha256_file,
)

_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
# A URL or any other scheme-prefixed path ("http://", "file:", "s3://"): never fetched.
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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


def _read_text(path: Path, problems: list[str]) -> str | None:
    """The file as UTF-8 text, or None with the reason added to `problems`."""
    if not path.is_file():
        problems.append(f"{path.name}: missing")
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not UTF-8 text (byte {exc.start})")
    except OSError as exc:
        problems.append(f"{path.name}: cannot be read ({exc.strerror})")
    return None


def _load_json(path: Path, problems: list[str]) -> dict | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        problems.append(f"{path.name}: not valid JSON ({exc})")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: not a JSON object")
        return None
    return data


def _check_sums(folder: Path, sha: _Hashes, problems: list[str]) -> int:
    text = _read_text(folder / CHECKSUMS, problems)
    if text is None:
        return 0
    listed: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUM_LINE.match(line)
        # Files of subfolders (explorer/, texts/) are listed by relative path.
        if not match or not safe_relative_name(match.group(2)):
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
    present = set(release_files(folder))
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
    path = folder / DESCRIPTOR
    package = _load_json(path, problems)
    if package is None:
        return
    if version and package.get("version") != version.lstrip("v"):
        problems.append(f"{path.name}: version {package.get('version')!r}, manifest says {version}")
    resources = package.get("resources")
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        problems.append(f"{path.name}: 'resources' is not a list of objects")
        return
    remote = False
    for resource in resources:
        name = resource.get("path")
        label = f"{path.name} resource {resource.get('name')!r}"
        refs = [resource.get(key) for key in ("path", "schema", "dialect")]
        if any(isinstance(ref, str) and _REMOTE.match(ref) for ref in refs):
            problems.append(f"{label}: names a remote location ({name!r}); verify never fetches")
            remote = True
            continue
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
    if run_frictionless and not remote:
        # Frictionless runs offline too (eujapan.frictionless_parquet), whatever else is named.
        try:
            report = descriptor.validate_datapackage(path)
        except Exception as exc:  # a file Frictionless cannot even open: say which, go on
            problems.append(f"frictionless: {path.name}: {type(exc).__name__}: {exc}")
            return
        problems += [f"frictionless: {line}" for line in descriptor.report_errors(report)]


def verify_files(folder: Path) -> Verification:
    """Recompute every checksum of SHA256SUMS and the manifest, and check that the manifest's
    version is the folder's name: what a build checks of the release it builds on."""
    return _verify(Path(folder), descriptor=False, run_frictionless=False)


def verify_release(folder: Path, *, run_frictionless: bool = True) -> Verification:
    """Recompute every checksum (SHA256SUMS, manifest, descriptor) and validate the descriptor."""
    return _verify(Path(folder), descriptor=True, run_frictionless=run_frictionless)


def _verify(folder: Path, *, descriptor: bool, run_frictionless: bool) -> Verification:
    result = Verification(folder)
    if not folder.is_dir():
        result.problems.append(f"{folder}: not a folder")
        return result
    sha = _Hashes(folder)
    try:
        result.files_checked = _check_sums(folder, sha, result.problems)
        manifest = _check_manifest(folder, sha, result.problems)
        version = manifest.get("version") if manifest else None
        result.version = version if isinstance(version, str) else None
        if descriptor:
            _check_descriptor(folder, sha, result.version, result.problems, run_frictionless)
    except OSError as exc:  # a file vanished or cannot be read while checking
        result.problems.append(f"{Path(exc.filename or folder).name}: {exc.strerror or exc}")
    return result
