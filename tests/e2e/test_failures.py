"""Every failure says what happened, in one line naming the file or release, with no traceback
(issue 16): `eujapan build`, `verify`, `releases` and `diff` on broken folders and files, a
closed pipe, a signal after the pointer moved, a full disk, and `verify` never on the network.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from eujapan import cache as cache_module
from eujapan.publish import layout, procedure
from pipeline.cli import EXIT_BROKEN_PIPE, main

TEXT = "The EU-Japan Hydrogen Forum was launched in March 2024. It has organised 14 workshops.\n"
EUJAPAN = str(Path(sys.executable).with_name("eujapan"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    # -q: no progress lines, so stderr holds only what a failure says.
    code = main([*argv, "-q"] if argv[:1] == ("build",) else list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """outputs holding v1.0.0 and v1.1.0 of a one-text sources folder."""
    base = tmp_path_factory.mktemp("failures")
    sources = base / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text(TEXT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(base / "home"))
        for extra in ("", "It has organised 9 seminars.\n"):
            (sources / "a.txt").write_text(TEXT + extra, encoding="utf-8")
            assert main(["build", "--sources", str(sources), "--outputs", str(base / "out")]) == 0
    return base


@pytest.fixture
def world(published: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(sources, outputs): private copies a test may break."""
    shutil.copytree(published / "sources", tmp_path / "sources")
    shutil.copytree(published / "out", tmp_path / "out", symlinks=True)
    return tmp_path / "sources", tmp_path / "out"


@pytest.mark.parametrize("where", ["inside", "equal", "around"])
def test_outputs_and_sources_that_overlap_are_refused(world, capsys, where: str) -> None:
    sources, _ = world
    outputs = {"inside": sources / "out", "equal": sources, "around": sources.parent}[where]
    before = sorted(p.name for p in sources.rglob("*"))
    code, _, err = run(capsys, "build", "--sources", str(sources), "--outputs", str(outputs))
    assert code == 2
    assert err.count("\n") == 1 and "folder" in err and "inside" in err
    assert sorted(p.name for p in sources.rglob("*")) == before


def test_outputs_being_a_file_is_refused_by_name(world, capsys, tmp_path: Path) -> None:
    sources, _ = world
    file = tmp_path / "afile"
    file.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "build", "--sources", str(sources), "--outputs", str(file))
    assert code == 2 and f"{file}: the outputs folder is a file" in err


def test_a_bad_catalogue_stops_the_build_in_one_line(world, capsys) -> None:
    sources, outputs = world
    (sources / "catalogue.yaml").write_text("dataset:\n  name: [1, 2]\n", encoding="utf-8")
    before = (outputs / "releases" / layout.LATEST).read_text()
    code, _, err = run(capsys, "build", "--sources", str(sources), "--outputs", str(outputs))
    assert code == 1
    assert err.count("\n") == 1
    assert "nothing was published" in err and "catalogue.yaml" in err and "'name'" in err
    assert (outputs / "releases" / layout.LATEST).read_text() == before


def test_a_corrupt_latest_release_stops_the_build_by_name(world, capsys) -> None:
    sources, outputs = world
    (outputs / "releases" / "v1.1.0" / "CHANGELOG.md").write_text("changed\n", encoding="utf-8")
    (sources / "a.txt").write_text(TEXT + "It opened 2 offices.\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--sources", str(sources), "--outputs", str(outputs))
    assert code == 1
    assert "v1.1.0" in err and "CHANGELOG.md" in err and "nothing was published" in err
    assert [p.name for p in layout.list_releases(outputs / "releases")] == ["v1.0.0", "v1.1.0"]


def test_a_full_disk_while_writing_the_cache_names_the_file_and_leaves_no_temporary(
    world, capsys, monkeypatch
) -> None:
    sources, outputs = world
    (sources / "a.txt").write_text(TEXT + "It ran 5 missions.\n", encoding="utf-8")

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src))

    monkeypatch.setattr(cache_module.os, "replace", full)
    code, _, err = run(capsys, "build", "--sources", str(sources), "--outputs", str(outputs))
    assert code == 1 and err.count("\n") == 1
    assert "the disk is full" in err and str(outputs / "cache") in err
    assert not [p for p in (outputs / "cache").rglob("*") if ".tmp-" in p.name]


def test_a_read_only_outputs_folder_names_the_folder(world, capsys, monkeypatch) -> None:
    sources, outputs = world
    (sources / "a.txt").write_text(TEXT + "It held 7 seminars.\n", encoding="utf-8")

    def read_only(prefix: str, dir: str) -> str:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), dir)

    monkeypatch.setattr(procedure.tempfile, "mkdtemp", lambda prefix, dir: read_only(prefix, dir))
    code, _, err = run(capsys, "build", "--sources", str(sources), "--outputs", str(outputs))
    assert code == 1 and err.count("\n") == 1
    assert os.strerror(errno.EROFS) in err and str(outputs / "releases") in err


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ("binary_sums", "SHA256SUMS: not UTF-8 text"),
        ("binary_latest", "LATEST: is not text"),
        ("latest_folder", "LATEST: is not a plain file"),
        ("broken_manifest", "manifest.json: not valid JSON"),
    ],
)
def test_verify_names_what_is_broken_without_a_traceback(
    world, capsys, breakage: str, expected: str
) -> None:
    _, outputs = world
    releases = outputs / "releases"
    if breakage == "binary_sums":
        (releases / "v1.1.0" / layout.CHECKSUMS).write_bytes(b"\xff\xfe\x00\x01")
    elif breakage == "binary_latest":
        (releases / layout.LATEST).write_bytes(b"\xff\xfe\x00\x01")
    elif breakage == "latest_folder":
        (releases / layout.LATEST).unlink()
        (releases / layout.LATEST).mkdir()
    else:
        (releases / "v1.1.0" / layout.MANIFEST).write_text("{" * 100_000, encoding="utf-8")
    code, _, err = run(capsys, "verify", "--outputs", str(outputs), "--skip-frictionless")
    assert code == 1
    assert expected in err
    assert expected.split(":")[0] in err.splitlines()[0]


@pytest.mark.parametrize("breakage", ["corrupt_parquet", "broken_manifest", "latest_folder"])
def test_releases_and_diff_say_what_is_broken_in_one_line(world, capsys, breakage: str) -> None:
    _, outputs = world
    releases = outputs / "releases"
    if breakage == "corrupt_parquet":
        (releases / "v1.1.0" / "deliverables.parquet").write_bytes(b"PAR1 broken")
    elif breakage == "broken_manifest":
        (releases / "v1.1.0" / layout.MANIFEST).write_text('{"counts": [1]}', encoding="utf-8")
    else:
        (releases / layout.LATEST).unlink()
        (releases / layout.LATEST).mkdir()
    code, _, _ = run(capsys, "releases", "--outputs", str(outputs))
    assert code == 0
    code, _, err = run(capsys, "diff", "v1.0.0", "v1.1.0", "--outputs", str(outputs))
    if breakage == "corrupt_parquet":
        assert code == 1 and err.count("\n") == 1 and "deliverables.parquet" in err


class _Listener:
    """A local TCP server that only records whether anything connected to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/data.parquet"
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join()
        self.server.close()


@pytest.mark.parametrize("field", ["path", "$schema", "schema"])
def test_verify_never_touches_the_network(world, capsys, field: str) -> None:
    _, outputs = world
    release = outputs / "releases" / "v1.1.0"
    descriptor = json.loads((release / layout.DESCRIPTOR).read_text(encoding="utf-8"))
    listener = _Listener()
    try:
        if field == "$schema":
            descriptor["$schema"] = listener.url
        else:
            descriptor["resources"][0][field] = listener.url
        (release / layout.DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
        code, _, err = run(capsys, "verify", str(release))
    finally:
        listener.close()
    assert code == 1
    assert listener.connections == 0
    assert "\n" not in err.splitlines()[0]


def test_a_closed_pipe_ends_quietly(world) -> None:
    _, outputs = world
    releases = outputs / "releases"
    # Rows far beyond a pipe's buffer (64 KB): the writer meets the closed pipe whatever the
    # timing. `releases` lists any version folder with a manifest.
    for n in range(2, 4000):
        (releases / f"v1.0.{n}").mkdir()
        (releases / f"v1.0.{n}" / layout.MANIFEST).write_text("{}", encoding="utf-8")
    shell = f"{EUJAPAN} releases --outputs {outputs} | head -1; echo ${{PIPESTATUS[0]}} >&2"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("version")
    assert done.stderr.strip() == str(EXIT_BROKEN_PIPE), done.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_after_the_pointer_moved_reports_the_release_as_published(
    world, sig: signal.Signals, tmp_path: Path
) -> None:
    sources, outputs = world
    (sources / "a.txt").write_text(TEXT + "It funded 9 projects.\n", encoding="utf-8")
    env = dict(os.environ, **{procedure.PAUSE_ENV: "0.5", "DAGSTER_HOME": str(tmp_path / "h")})
    build = subprocess.Popen(
        [EUJAPAN, "build", "--sources", str(sources), "--outputs", str(outputs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        for line in build.stderr:
            if line.strip() == f"{procedure.STEP_MARK} published" or time.monotonic() > deadline:
                break
        build.send_signal(sig)  # during the pause after LATEST moved
        out, err = build.communicate(timeout=60)
    finally:
        build.kill()
    assert (outputs / "releases" / layout.LATEST).read_text().strip() == "v1.2.0"
    assert build.returncode == 0, err
    assert "published v1.2.0" in out
    assert "nothing was published" not in err
