"""Bad input through `eujapan build`: each case stops the build before anything is published,
with a message naming the file and the reason, and leaves the earlier release byte-identical.

Cases: empty, whitespace only, binary (NUL bytes), UTF-16, invalid UTF-8, over the per-source
limit, over the per-build limit. A UTF-8 byte order mark is fine.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout
from eujapan.settings import DEFAULT_MAX_BUILD_BYTES, DEFAULT_MAX_SOURCE_BYTES
from eujapan.sources import SourceError, decode_source, load_sources
from pipeline.cli import main
from tests import support

REPO = support.REPO
TEXT = (
    "The EU-Japan Hydrogen Forum was launched in March 2024 by the European Commission and "
    "the Ministry of Economy, Trade and Industry (METI). It has organised 14 workshops.\n"
)


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (releases, pointer, cache, lock file)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """An outputs folder holding v1.0.0 built from the real sources through the CLI."""
    base = tmp_path_factory.mktemp("bad_input")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(base / "dagster_home"))
        mp.setenv("DAGSTER_DISABLE_TELEMETRY", "1")
        outputs = base / "outputs"
        assert main(["build", "--sources", str(REPO / "sources"), "--outputs", str(outputs)]) == 0
    return outputs


def build(sources: Path, outputs: Path, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["build", "--sources", str(sources), "--outputs", str(outputs)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


CASES = {
    "empty": (b"", "the file is empty"),
    "whitespace": (b"  \n\r\n\t \n", "the file is empty"),
    "bom_only": (b"\xef\xbb\xbf", "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary content"),
    "nul_in_text": (TEXT.encode() + b"\x00" + TEXT.encode(), "binary content (NUL byte at offset"),
    "utf16": (TEXT.encode("utf-16"), "the file is UTF-16 or UTF-32"),
    "latin1": ("Café Zürich coopération".encode("latin-1"), "not valid UTF-8 (byte 3"),
    "truncated_utf8": ("日本".encode()[:-1], "not valid UTF-8"),
    "overlong_utf8": (b"abc \xc0\xaf def", "not valid UTF-8 (byte 4"),
    "surrogate_utf8": (b"abc \xed\xa0\x80 def", "not valid UTF-8"),
}


# Through the CLI: one case per kind of refusal (all of them are checked fast further down).
CLI_CASES = ["empty", "binary", "utf16", "latin1", "truncated_utf8"]


@pytest.mark.slow
@pytest.mark.parametrize("case", CLI_CASES)
def test_bad_source_fails_cleanly_and_leaves_the_release_untouched(
    case: str, published: Path, sources_copy: Path, tmp_path: Path, capsys
) -> None:
    raw, reason = CASES[case]
    outputs = tmp_path / "outputs"
    shutil.copytree(published, outputs)
    before = hashes(outputs)
    name = f"zz_{case}.txt"
    (sources_copy / name).write_bytes(raw)
    code, out, err = build(sources_copy, outputs, capsys)
    assert code == 1
    assert f"{name}: refused, {reason}" in err, err
    assert "nothing was published" in err
    assert "Traceback" not in err and "Stack Trace" not in err
    assert "published" not in out
    assert hashes(outputs) == before
    assert (outputs / "releases" / layout.LATEST).read_text().strip() == "v1.0.0"


@pytest.mark.slow
def test_a_source_over_the_size_limit_names_its_size_and_the_limit(
    published: Path, sources_copy: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    outputs = tmp_path / "outputs"
    shutil.copytree(published, outputs)
    before = hashes(outputs)
    limit = max(p.stat().st_size for p in sources_copy.iterdir())  # every real source fits
    big = sources_copy / "zz_big.txt"
    big.write_text(TEXT * (limit // len(TEXT) + 1), encoding="utf-8")
    monkeypatch.setenv("EUJAPAN_MAX_SOURCE_BYTES", str(limit))
    code, _out, err = build(sources_copy, outputs, capsys)
    assert code == 1
    size = big.stat().st_size
    assert f"zz_big.txt: refused, {size:,} bytes is over the limit of {limit:,} bytes" in err, err
    assert "EUJAPAN_MAX_SOURCE_BYTES" in err
    assert hashes(outputs) == before


@pytest.mark.slow
def test_sources_over_the_build_limit_name_the_total_and_the_limit(
    published: Path, sources_copy: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    outputs = tmp_path / "outputs"
    shutil.copytree(published, outputs)
    before = hashes(outputs)
    total = sum(p.stat().st_size for p in sources_copy.glob("*.txt"))
    monkeypatch.setenv("EUJAPAN_MAX_BUILD_BYTES", str(total - 1))
    code, _out, err = build(sources_copy, outputs, capsys)
    assert code == 1
    assert f"add up to {total:,} bytes, over the build limit of {total - 1:,} bytes" in err, err
    assert "EUJAPAN_MAX_BUILD_BYTES" in err
    assert hashes(outputs) == before


@pytest.mark.slow
def test_a_utf8_bom_is_fine_and_offsets_count_from_after_it(
    published: Path, sources_copy: Path, tmp_path: Path, capsys
) -> None:
    outputs = tmp_path / "outputs"
    shutil.copytree(published, outputs)
    before = {k: v for k, v in hashes(outputs).items() if k.startswith("releases/v1.0.0/")}
    (sources_copy / "zz_bom.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    code, out, err = build(sources_copy, outputs, capsys)
    assert code == 0, err
    assert "published v1.1.0" in out
    after = {k: v for k, v in hashes(outputs).items() if k.startswith("releases/v1.0.0/")}
    assert after == before
    rows = pq.read_table(outputs / "releases" / "v1.1.0" / "milestones.parquet").to_pylist()
    mine = [r for r in rows if r["source_id"] == "zz_bom"]
    assert mine, "the BOM text yielded no milestone"
    for row in mine:
        assert TEXT[row["char_start"] : row["char_end"]] == row["quote"]


# The same refusals without the CLI, fast ----------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_load_sources_refuses_each_case_naming_the_file(case: str, tmp_path: Path) -> None:
    raw, reason = CASES[case]
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / f"{case}.txt").write_bytes(raw)
    with pytest.raises(SourceError, match=f"^{case}.txt: refused, ") as caught:
        load_sources(tmp_path, DEFAULT_MAX_SOURCE_BYTES, DEFAULT_MAX_BUILD_BYTES)
    assert reason in str(caught.value)


def test_a_huge_source_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    """A sparse 10 GB file: refused from its size alone, without reading it into memory."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(10 * 1024**3)
    reads = []
    real_read = decode_source

    def spy(name: str, raw: bytes, max_bytes: int) -> str:
        reads.append(name)
        return real_read(name, raw, max_bytes)

    monkeypatch.setattr("eujapan.sources.decode_source", spy)
    with pytest.raises(SourceError) as caught:
        load_sources(tmp_path, DEFAULT_MAX_SOURCE_BYTES)
    assert f"huge.txt: refused, {10 * 1024**3:,} bytes is over the limit of" in str(caught.value)
    assert reads == []


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8")
    (tmp_path / "exact.txt").write_bytes(data)
    assert load_sources(tmp_path, len(data))[0].text == TEXT
    with pytest.raises(SourceError, match=f"over the limit of {len(data) - 1:,} bytes"):
        load_sources(tmp_path, len(data) - 1)
