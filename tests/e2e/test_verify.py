"""`eujapan verify`, `eujapan releases` and `eujapan diff` on real releases in temporary folders."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout, procedure
from eujapan.publish.descriptor import DESCRIPTOR, write_datapackage
from eujapan.publish.diff import compare_releases
from eujapan.publish.page import write_release_page
from eujapan.sources import load_catalogue
from eujapan.verify import verify_release
from pipeline.cli import main
from schemas.tables import TABLES
from tests import support

REPO = support.REPO


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, corpus) -> Path:
    """An outputs folder with v1.0.0 from `eujapan build` and a v1.0.1 that corrects one title."""
    out = support.build_real_sources(tmp_path_factory.mktemp("verify"))
    tables, docs = corpus.tables, corpus.documents
    milestones = tables["milestones"]
    milestones.loc[milestones.index[0], "title"] = "A corrected title"
    result = procedure.publish_release(
        tables,
        {d.source_id: d.text for d in docs},
        out / "releases",
        dataset=load_catalogue(REPO / "sources").get("dataset", {}),
        extractor_version="test",
        extra_writers=(write_datapackage, write_release_page),
    )
    assert result.version == "v1.0.1"
    return out


@pytest.fixture
def copy(outputs: Path, tmp_path: Path) -> Path:
    """A private copy of v1.0.0 that a test may damage."""
    target = tmp_path / "v1.0.0"
    shutil.copytree(outputs / "releases" / "v1.0.0", target)
    return target


def _flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_verify_passes_on_every_published_release(outputs: Path, capsys) -> None:
    for folder in layout.list_releases(outputs / "releases"):
        assert main(["verify", str(folder)]) == 0
        out = capsys.readouterr().out
        assert f"verified {folder.name}" in out
        assert "Frictionless validation passed" in out
        result = verify_release(folder)
        assert result.ok, result.problems
        # Every file, the explorer's and the texts' included (SHA256SUMS itself not).
        assert result.files_checked == len([p for p in folder.rglob("*") if p.is_file()]) - 1


@pytest.mark.slow
def test_verify_defaults_to_the_latest_release(outputs: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("EUJAPAN_OUTPUTS_DIR", str(outputs))
    assert main(["verify"]) == 0
    assert "verified v1.0.1" in capsys.readouterr().out
    assert main(["verify", "--outputs", str(outputs)]) == 0
    assert "verified v1.0.1" in capsys.readouterr().out


def test_verify_without_any_release_fails_clearly(tmp_path, capsys) -> None:
    assert main(["verify", "--outputs", str(tmp_path / "empty")]) == 1
    assert "no release under" in capsys.readouterr().err


@pytest.mark.slow
def test_one_changed_byte_in_one_parquet_file_fails_verify(copy: Path, capsys) -> None:
    _flip_one_byte(copy / "deliverables.parquet")
    assert main(["verify", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "verify FAILED" in err
    result = verify_release(copy)
    assert not result.ok
    # Every layer notices: SHA256SUMS, the manifest, the descriptor and Frictionless itself
    # (which, for bytes in the middle of the file, cannot even decompress it).
    problems = result.problems
    assert any(
        p.startswith("deliverables.parquet: sha256 is") and "SHA256SUMS" in p for p in problems
    )
    assert any("manifest.json says" in p for p in problems)
    assert any("descriptor says" in p for p in problems)
    assert any(p.startswith("frictionless: deliverables") for p in problems)
    # Only the damaged file is reported.
    assert all("deliverables" in p for p in problems), problems


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    ["extra_file", "missing_file", "edited_sums", "edited_manifest", "edited_descriptor"],
)
def test_verify_catches_other_tampering(copy: Path, damage: str) -> None:
    if damage == "extra_file":
        (copy / "notes.txt").write_text("added later")
    elif damage == "missing_file":
        (copy / "changes.parquet").unlink()
    elif damage == "edited_sums":
        sums = (copy / layout.CHECKSUMS).read_text().splitlines()
        (copy / layout.CHECKSUMS).write_text("\n".join(sums[1:]) + "\n")
    elif damage == "edited_manifest":
        manifest = json.loads((copy / layout.MANIFEST).read_text())
        manifest["counts"]["milestones"] += 1
        (copy / layout.MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    else:
        package = json.loads((copy / DESCRIPTOR).read_text())
        package["resources"][0]["bytes"] += 1
        (copy / DESCRIPTOR).write_text(json.dumps(package, indent=2) + "\n")
    result = verify_release(copy, run_frictionless=False)
    assert not result.ok
    assert main(["verify", "--skip-frictionless", str(copy)]) == 1


@pytest.mark.slow
def test_sha256sum_accepts_the_checksum_file(outputs: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("coreutils sha256sum not installed")
    folder = outputs / "releases" / "v1.0.0"
    done = subprocess.run(
        ["sha256sum", "--strict", "-c", layout.CHECKSUMS],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len([p for p in folder.rglob("*") if p.is_file()]) - 1


@pytest.mark.slow
def test_releases_lists_versions_dates_and_counts(outputs: Path, capsys) -> None:
    assert main(["releases", "--outputs", str(outputs)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["version", "created", "bump"]
    assert lines[0].split()[3:] == list(TABLES)
    assert [line.split()[0] for line in lines[1:]] == ["v1.0.1", "v1.0.0"]
    assert "(LATEST)" in lines[1]
    for line in lines[1:]:
        version = line.split()[0]
        folder = outputs / "releases" / version
        manifest = json.loads((folder / layout.MANIFEST).read_text())
        assert manifest["created"] in line
        counts = [int(x) for x in line.split()[-len(TABLES) :]]
        assert counts == [pq.read_metadata(folder / f"{t}.parquet").num_rows for t in TABLES]


def test_releases_on_an_empty_folder(tmp_path, capsys) -> None:
    assert main(["releases", "--outputs", str(tmp_path)]) == 0
    assert "no releases" in capsys.readouterr().out


@pytest.mark.slow
def test_diff_prints_what_changed_between_two_releases(outputs: Path, capsys) -> None:
    assert main(["diff", "v1.0.0", "1.0.1", "--outputs", str(outputs)]) == 0
    out = capsys.readouterr().out
    (change,) = pq.read_table(outputs / "releases" / "v1.0.1" / layout.CHANGES).to_pylist()
    assert change["change"] == "modified" and change["columns"] == ["title"]
    assert out.splitlines()[0] == "v1.0.0 -> v1.0.1: patch change"
    assert "milestones: 0 added, 0 removed, 1 modified" in out
    # The row's title (here the corrected one) beside its id.
    assert f"~ {change['id']}  A corrected title  (title)" in out

    assert main(["diff", "v1.0.1", "v1.0.0", "--outputs", str(outputs)]) == 0
    assert "patch change" in capsys.readouterr().out
    assert main(["diff", "v1.0.0", "v1.0.0", "--outputs", str(outputs)]) == 0
    assert capsys.readouterr().out.strip() == "v1.0.0 -> v1.0.0: no change"


@pytest.mark.slow
def test_diff_accepts_folders_and_refuses_unknown_versions(outputs: Path, capsys) -> None:
    releases = outputs / "releases"
    diff = compare_releases(releases / "v1.0.0", releases / "v1.0.1")
    assert main(["diff", str(releases / "v1.0.0"), str(releases / "v1.0.1")]) == 0
    assert f"{len(diff.changes)} modified" in capsys.readouterr().out
    assert main(["diff", "v1.0.0", "v9.9.9", "--outputs", str(outputs)]) == 1
    err = capsys.readouterr().err
    assert "no release 'v9.9.9'" in err and "v1.0.1" in err
