"""Crashes and faults while publishing: SIGKILL at every step, a full disk, write errors.

After every fault: each `vX.Y.Z` folder is complete and passes `verify_release`, LATEST names
a complete release, no temporary folder is taken for a release, and the next build succeeds
and removes what the dead one left.

Kills are aimed with `EUJAPAN_TEST_PUBLISH_PAUSE`: with it set, the publisher announces each
step on stderr and pauses, so the test knows where the process is when it sends SIGKILL.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout, procedure
from eujapan.publish.descriptor import write_datapackage
from eujapan.publish.page import write_release_page
from eujapan.verify import verify_release
from pipeline.cli import main
from tests import support

REPO = support.REPO
WRITERS = (write_datapackage, write_release_page)


def write_note(folder: Path, context: dict) -> None:
    """A cheap stand-in for the descriptor and page writers, for tests that need no verify."""
    (folder / "NOTE.txt").write_text(f"test release {context['version']}\n", encoding="utf-8")


LIGHT = (write_note,)


# Helpers ---------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (relative path -> digest)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_consistent(releases: Path, *, full: bool = False) -> str | None:
    """The guarantees that must hold at any instant; returns the version LATEST names."""
    if not releases.exists():
        return None
    for entry in releases.iterdir():
        ok = (
            entry.name == layout.LATEST
            or layout.parse_version(entry.name)
            or entry.name.startswith((layout.TMP_PREFIX, f".{layout.LATEST}{layout.TMP_PREFIX}"))
        )
        assert ok, f"unexpected entry {entry.name} in {releases}"
    versions = [p.name for p in layout.list_releases(releases)]
    assert not any(v.startswith(".") for v in versions)
    for folder in layout.list_releases(releases):
        result = verify_release(folder, run_frictionless=full)
        assert result.ok, (folder.name, result.problems)
    pointer = releases / layout.LATEST
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    assert name in versions, f"LATEST names {name!r}, not a complete release ({versions})"
    assert layout.latest_release(releases) == releases / name
    return name


def leftovers(releases: Path) -> list[str]:
    return sorted(p.name for p in releases.iterdir() if p.name.startswith("."))


def variant(tables: dict[str, pd.DataFrame], n: int) -> dict[str, pd.DataFrame]:
    """The tables without the n-th deliverable: consecutive variants always differ."""
    out = dict(tables)
    deliverables = tables["deliverables"]
    out["deliverables"] = deliverables.drop(deliverables.index[n % len(deliverables)])
    return out


def publish(corpus, releases: Path, n: int, writers: tuple = WRITERS) -> procedure.PublishResult:
    tables, texts, dataset = corpus.tables, corpus.texts, corpus.dataset
    return procedure.publish_release(
        variant(tables, n),
        texts,
        releases,
        dataset=dataset,
        extractor_version="crash-test",
        extra_writers=writers,
    )


def _steps(corpus, releases: Path, writers: tuple) -> list[str]:
    seen: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(procedure, "checkpoint", seen.append)
        publish(corpus, releases, 0, writers)
    assert seen[-2:] == [f"moving the {layout.LATEST} pointer", "published"]
    return seen


@pytest.fixture(scope="module")
def full_base(corpus, tmp_path_factory) -> tuple[Path, list[str]]:
    """A releases folder holding v1.0.0 with every real file, and the steps that published it."""
    releases = tmp_path_factory.mktemp("full") / "releases"
    return releases, _steps(corpus, releases, WRITERS)


@pytest.fixture(scope="module")
def light_base(corpus, tmp_path_factory) -> tuple[Path, list[str]]:
    """The same with the cheap writer, for the many fault-injection publishes."""
    releases = tmp_path_factory.mktemp("light") / "releases"
    return releases, _steps(corpus, releases, LIGHT)


def copy_of(base: tuple[Path, list[str]], tmp_path: Path) -> Path:
    releases = tmp_path / "outputs" / "releases"
    shutil.copytree(base[0], releases, symlinks=True)
    return releases


# SIGKILL ---------------------------------------------------------------------------------------


def start_child(corpus, releases: Path, n: int, pause: float | None) -> tuple[int, int]:
    """Fork a process that publishes variant n; returns (pid, fd of its stderr)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: publish, announce steps on the pipe, never return into pytest
        code = 1
        try:
            os.close(read_fd)
            os.dup2(write_fd, 2)
            sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
            if pause is not None:
                os.environ[procedure.PAUSE_ENV] = str(pause)
            publish(corpus, releases, n)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def wait_for_step(fd: int, step: str | None, timeout: float = 120) -> str | None:
    """Read the publisher's stderr until it announces `step` (at once when None); returns the
    last step announced."""
    last, buffer = None, b""
    deadline = time.monotonic() + timeout
    while step is not None and last != step and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            text = line.decode("utf-8", "replace")
            if text.startswith(procedure.STEP_MARK):
                last = text[len(procedure.STEP_MARK) :].strip()
                if last == step:
                    break
    return last


def kill_child(pid: int, fd: int, step: str | None, delay: float) -> str | None:
    last = wait_for_step(fd, step)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return last


@pytest.mark.slow
def test_sigkill_at_every_publishing_step_never_leaves_a_broken_release(
    corpus, full_base, tmp_path: Path
) -> None:
    releases = copy_of(full_base, tmp_path)
    steps = full_base[1]
    rng = random.Random(6)
    pause = 0.05
    # Every step once: killed while paused before its action, or somewhere inside the action
    # (or the next one); then a few kills at random times with no pause at all.
    plan = [
        (s, rng.uniform(0, pause) if i % 2 else pause + rng.uniform(0, 0.3))
        for i, s in enumerate(steps)
    ]
    plan += [(None, rng.uniform(0.2, 2.5)) for _ in range(4)]
    reached: list[str] = []
    n = 1
    for step, delay in plan:
        latest_before = (releases / layout.LATEST).read_text().strip()
        before = snapshot(releases / latest_before)
        pid, fd = start_child(corpus, releases, n, pause if step else None)
        n += 1
        last = kill_child(pid, fd, step, delay)
        if step is not None:
            assert last == step, f"the child never reached {step!r} (last: {last!r})"
            reached.append(step)
        assert assert_consistent(releases) is not None
        # The release LATEST named before the kill is byte-for-byte as it was.
        assert snapshot(releases / latest_before) == before
        # The next build succeeds, cleans up and publishes a verified release.
        result = publish(corpus, releases, n)
        n += 1
        assert result.status == "published"
        assert leftovers(releases) == []
        assert assert_consistent(releases) == result.version
    assert reached == steps
    assert assert_consistent(releases, full=True)


def die_before_pointer(step: str) -> None:
    """In-process stand-in for a kill between the rename and the pointer (SystemExit, like a
    signal, is not an Exception, so no cleanup handler treats it as a write error)."""
    if step == f"moving the {layout.LATEST} pointer":
        raise SystemExit("simulated kill")


def test_kill_after_rename_before_pointer_is_adopted_by_the_next_build(
    corpus, full_base, tmp_path: Path, monkeypatch
) -> None:
    releases = copy_of(full_base, tmp_path)
    monkeypatch.setattr(procedure, "checkpoint", die_before_pointer)
    with pytest.raises(SystemExit):
        publish(corpus, releases, 1)
    monkeypatch.undo()
    assert (releases / "v1.1.0").is_dir()
    assert assert_consistent(releases) == "v1.0.0"
    # Same tables again: nothing new to publish, but LATEST now names the orphaned release.
    again = publish(corpus, releases, 1)
    assert again.status == "unchanged"
    assert again.version == "v1.1.0"
    assert any("v1.1.0" in note for note in again.repaired)
    assert assert_consistent(releases) == "v1.1.0"
    # A build with other tables compares against it and continues the chain.
    nxt = publish(corpus, releases, 2)
    assert (nxt.previous, nxt.version) == ("v1.1.0", "v1.2.0")


def test_a_tampered_orphan_is_not_adopted(corpus, light_base, tmp_path: Path, monkeypatch) -> None:
    releases = copy_of(light_base, tmp_path)
    monkeypatch.setattr(procedure, "checkpoint", die_before_pointer)
    with pytest.raises(SystemExit):
        publish(corpus, releases, 1, LIGHT)
    monkeypatch.undo()
    (releases / "v1.1.0" / "CHANGELOG.md").write_text("tampered\n", encoding="utf-8")
    with pytest.raises(layout.PublishError, match=r"v1\.1\.0.*does not verify.*CHANGELOG\.md"):
        publish(corpus, releases, 1, LIGHT)
    assert (releases / layout.LATEST).read_text().strip() == "v1.0.0"


# Full disk and write errors --------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_write_error_at_any_step_publishes_nothing_and_says_so(
    corpus, light_base, tmp_path: Path, monkeypatch, code: int
) -> None:
    releases = copy_of(light_base, tmp_path)
    before = snapshot(releases)
    failing_steps = [s for s in light_base[1] if s != "published"]
    if code != errno.ENOSPC:  # every step for a full disk; a sample for other I/O errors
        failing_steps = failing_steps[::5]
    for i, failing in enumerate(failing_steps):

        def fail(step: str, failing: str = failing) -> None:
            if step == failing:
                raise OSError(code, os.strerror(code))

        monkeypatch.setattr(procedure, "checkpoint", fail)
        with pytest.raises(layout.PublishError) as caught:
            publish(corpus, releases, i + 1, LIGHT)
        message = str(caught.value)
        assert failing in message
        assert os.strerror(code) in message
        if code == errno.ENOSPC:
            assert "disk is full" in message
        assert "nothing was published" in message.lower()
        assert "v1.0.0" in message  # what LATEST still names
        assert snapshot(releases) == before, failing
        assert leftovers(releases) == []
    monkeypatch.undo()
    assert publish(corpus, releases, 1, LIGHT).version == "v1.1.0"


def test_disk_full_midway_through_a_real_write_leaves_no_partial_file(
    corpus, light_base, tmp_path: Path, monkeypatch
) -> None:
    """The real writers fail part-way (bytes already on disk), as a full disk makes them do."""
    releases = copy_of(light_base, tmp_path)
    before = snapshot(releases)
    real_write_table = pq.write_table

    def half_written_parquet(table, where, **kwargs):
        Path(where).write_bytes(b"PAR1" + b"\0" * 100)
        raise OSError(errno.ENOSPC, "No space left on device", str(where))

    def half_written_duckdb(release_dir, path):
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE half AS SELECT 1 AS x")
        con.close()
        raise duckdb.IOException("Could not write file: No space left on device")

    for target, name, fake, step in [
        (pq, "write_table", half_written_parquet, "writing sources.parquet"),
        (procedure, "build_database", half_written_duckdb, f"building {layout.DATABASE}"),
    ]:
        monkeypatch.setattr(target, name, fake)
        with pytest.raises(layout.PublishError, match="Nothing was published") as caught:
            publish(corpus, releases, 1, LIGHT)
        assert step in str(caught.value)
        assert "No space left on device" in str(caught.value)
        assert snapshot(releases) == before
        assert leftovers(releases) == []
        monkeypatch.undo()
    assert pq.write_table is real_write_table
    assert publish(corpus, releases, 1, LIGHT).version == "v1.1.0"


def test_pointer_write_failure_withdraws_the_new_folder(
    corpus, light_base, tmp_path: Path, monkeypatch
) -> None:
    releases = copy_of(light_base, tmp_path)
    before = snapshot(releases)

    def no_space(releases_dir: Path, version: str) -> None:
        (releases_dir / f".{layout.LATEST}{layout.TMP_PREFIX}partial").write_text("v9")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(procedure, "write_pointer", no_space)
    with pytest.raises(layout.PublishError) as caught:
        publish(corpus, releases, 1, LIGHT)
    message = str(caught.value)
    assert "moving the LATEST pointer" in message and "disk is full" in message
    assert "nothing was published" in message
    assert not (releases / "v1.1.0").exists()
    assert layout.list_releases(releases) == [releases / "v1.0.0"]
    monkeypatch.undo()
    assert snapshot(releases / "v1.0.0") == {
        k.removeprefix("v1.0.0/"): v for k, v in before.items() if k.startswith("v1.0.0/")
    }
    result = publish(corpus, releases, 1, LIGHT)
    assert result.version == "v1.1.0"
    assert leftovers(releases) == []


def test_checkpoint_is_inert_without_the_test_variable(monkeypatch, capsys) -> None:
    monkeypatch.delenv(procedure.PAUSE_ENV, raising=False)
    started = time.monotonic()
    procedure.checkpoint("writing sources.parquet")
    assert capsys.readouterr().err == ""
    assert time.monotonic() - started < 0.5  # no pause: a test sleep would be 1 s or more


# Through the command line ------------------------------------------------------------------------


def _cli(sources: Path, outputs: Path, home: Path, **env: str) -> subprocess.Popen:
    environ = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "EUJAPAN_OUTPUTS_DIR": str(outputs),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "build", "--sources", str(sources)],
        cwd=REPO,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_a_killed_cli_build_then_a_clean_one(tmp_path: Path, sources_copy: Path) -> None:
    """`eujapan build` itself, SIGKILLed 0.05 s into writing the DuckDB file; the next run
    publishes a verified v1.0.0 and removes the dead run's temporary folder. (A kill between
    rename and pointer, and its adoption, is covered by the forked-publisher test above.)"""
    outputs, home = tmp_path / "outputs", tmp_path / "home"
    home.mkdir()
    releases = outputs / "releases"
    target = f"building {layout.DATABASE}"
    proc = _cli(sources_copy, outputs, home, **{procedure.PAUSE_ENV: "0.3"})
    last = wait_for_step(proc.stderr.fileno(), target)
    time.sleep(0.35)
    proc.kill()
    proc.communicate()
    assert last == target
    assert assert_consistent(releases) is None  # no release, no pointer
    assert layout.list_releases(releases) == []
    assert any(name.startswith(layout.TMP_PREFIX) for name in leftovers(releases))
    proc = _cli(sources_copy, outputs, home)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert b"published v1.0.0" in out
    assert leftovers(releases) == []
    assert assert_consistent(releases, full=True) == "v1.0.0"
    assert main(["verify", str(releases / "v1.0.0")]) == 0


@pytest.mark.slow
def test_disk_full_through_the_cli_exits_1_with_a_clear_message(
    tmp_path: Path, sources_copy: Path, monkeypatch, capsys
) -> None:
    outputs = tmp_path / "outputs"
    args = ["build", "--sources", str(sources_copy), "--outputs", str(outputs)]

    def full(table, where, **kwargs):
        Path(where).write_bytes(b"PAR1")  # a partial file, as a full disk leaves
        raise OSError(errno.ENOSPC, "No space left on device", str(where))

    monkeypatch.setattr(pq, "write_table", full)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "nothing was published" in err
    assert "disk is full" in err and "writing sources.parquet" in err
    assert "Traceback" not in err and "Stack Trace" not in err
    releases = outputs / "releases"
    assert list(releases.iterdir()) == []  # no release, no pointer, no temporary folder
    monkeypatch.undo()
    assert main(args) == 0
    assert "published v1.0.0" in capsys.readouterr().out
    assert assert_consistent(releases) == "v1.0.0"
