"""A release chain that cannot be fooled (issue 16): a build checks the release it builds on and
refuses, by name, what it cannot trust; nothing is published then, and LATEST stays.

Cases: a byte changed, a file deleted, a release restored under another version's name (as
LATEST, and as a folder newer than LATEST that looks left by an interrupted build), the same
tables on a corrupt release (no "unchanged"), LATEST binary or a folder, the lock file a link.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from eujapan.publish import layout, procedure
from eujapan.publish.descriptor import write_datapackage
from eujapan.publish.page import write_release_page

WRITERS = (write_datapackage, write_release_page)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != ".lock"
    }


def variant(corpus, n: int) -> dict:
    tables = corpus.tables
    deliverables = tables["deliverables"]
    tables["deliverables"] = deliverables.drop(deliverables.index[n % len(deliverables)])
    return tables


def publish(corpus, releases: Path, n: int) -> procedure.PublishResult:
    return procedure.publish_release(
        variant(corpus, n),
        corpus.texts,
        releases,
        dataset=corpus.dataset,
        extractor_version="chain-test",
        extra_writers=WRITERS,
    )


@pytest.fixture(scope="module")
def base(corpus, tmp_path_factory) -> Path:
    """outputs/releases holding v1.0.0 and v1.1.0 (LATEST), every file real."""
    releases = tmp_path_factory.mktemp("chain") / "outputs" / "releases"
    publish(corpus, releases, 0)
    publish(corpus, releases, 1)
    return releases


@pytest.fixture
def releases(base: Path, tmp_path: Path) -> Path:
    target = tmp_path / "outputs" / "releases"
    shutil.copytree(base, target, symlinks=True)
    return target


def refused(corpus, releases: Path, n: int, *names: str) -> str:
    """Publishing variant n fails naming every one of `names`; nothing changes on disk."""
    before = snapshot(releases.parent)
    with pytest.raises(layout.PublishError) as caught:
        publish(corpus, releases, n)
    message = str(caught.value)
    for name in names:
        assert name in message, message
    assert "\n" not in message
    assert snapshot(releases.parent) == before
    return message


def test_a_changed_byte_in_the_latest_release_stops_the_build(corpus, releases: Path) -> None:
    target = releases / "v1.1.0" / "deliverables.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    message = refused(corpus, releases, 2, "v1.1.0", "deliverables.parquet")
    assert "nothing was published" in message.lower()


def test_a_deleted_file_stops_the_build(corpus, releases: Path) -> None:
    (releases / "v1.1.0" / "CHANGELOG.md").unlink()
    refused(corpus, releases, 2, "v1.1.0", "CHANGELOG.md")


def test_the_same_tables_on_a_corrupt_release_are_not_called_unchanged(
    corpus, releases: Path
) -> None:
    (releases / "v1.1.0" / "changes.parquet").write_bytes(b"PAR1 not really")
    refused(corpus, releases, 1, "v1.1.0", "changes.parquet")


def test_a_release_restored_under_another_version_name_is_refused_as_latest(
    corpus, releases: Path
) -> None:
    shutil.rmtree(releases / "v1.1.0")
    shutil.copytree(releases / "v1.0.0", releases / "v1.1.0")
    refused(corpus, releases, 2, "v1.1.0", "manifest.json")


def test_a_misnamed_folder_newer_than_latest_is_not_adopted(corpus, releases: Path) -> None:
    # v1.0.0 copied as v1.2.0 looks like a release a killed build left before moving LATEST.
    shutil.copytree(releases / "v1.0.0", releases / "v1.2.0")
    message = refused(corpus, releases, 3, "v1.2.0", "manifest.json")
    assert "cannot be adopted" in message


def test_a_tampered_folder_newer_than_latest_is_not_adopted(corpus, releases: Path) -> None:
    shutil.copytree(releases / "v1.1.0", releases / "v1.2.0")
    (releases / layout.LATEST).write_text("v1.0.0\n", encoding="utf-8")
    shutil.rmtree(releases / "v1.1.0")
    with (releases / "v1.2.0" / "index.html").open("a", encoding="utf-8") as fh:
        fh.write("<!-- changed -->")
    refused(corpus, releases, 3, "v1.2.0", "index.html")


@pytest.mark.parametrize("content", ["binary", "folder", "link"])
def test_a_broken_latest_stops_the_build_naming_it(corpus, releases: Path, content: str) -> None:
    pointer = releases / layout.LATEST
    pointer.unlink()
    if content == "binary":
        pointer.write_bytes(b"\xff\xfe\x00v1")
    elif content == "folder":
        pointer.mkdir()
    else:
        pointer.symlink_to(releases / "v1.1.0" / "manifest.json")
    refused(corpus, releases, 2, str(pointer))


def test_the_lock_file_is_never_opened_through_a_link(corpus, releases: Path, tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    lock = releases.parent / ".lock"
    lock.unlink(missing_ok=True)
    os.symlink(victim, lock)
    refused(corpus, releases, 2, str(lock), "symbolic link")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert lock.is_symlink()


def test_an_intact_chain_still_publishes(corpus, releases: Path) -> None:
    result = publish(corpus, releases, 2)
    assert (result.status, result.previous, result.version) == ("published", "v1.1.0", "v1.2.0")
