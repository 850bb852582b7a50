"""Extraction fanned out to a local process pool and to dask.distributed workers gives the same
facts, and a build through a Dask cluster publishes the same release as a build in one process."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from benchmarks import corpus
from eujapan.extract import extract_document
from eujapan.parallel import Executor, extract_many
from eujapan.settings import REPO_ROOT
from eujapan.sources import load_sources
from pipeline.cli import main
from pipeline.resources import DASK_SCHEDULER_ENV

SYNTHETIC = 24  # with the real texts: several batches of work, a few seconds per build


@pytest.fixture
def mixed_sources(tmp_path: Path) -> Path:
    """The real sources plus synthetic documents in their style."""
    folder = tmp_path / "sources"
    shutil.copytree(REPO_ROOT / "sources", folder)
    pool = corpus.organisation_pool()
    for i in range(SYNTHETIC):
        (folder / f"synthetic_{i:03d}.txt").write_text(corpus.document(i, pool=pool), "utf-8")
    return folder


def _parquet_digests(outputs: Path) -> dict[str, str]:
    releases = outputs / "releases"
    release = releases / (releases / "LATEST").read_text(encoding="utf-8").strip()
    digests = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in release.glob("*.parquet")
    }
    assert len(digests) >= 5, f"expected the tables as Parquet files in {release}"
    return digests


def test_local_pool_extracts_what_one_process_extracts(mixed_sources: Path) -> None:
    documents = load_sources(mixed_sources, 5_000_000)
    pool = Executor(workers=2, min_parallel_bytes=0, batch_bytes=20_000)
    report = extract_many(documents, cache=None, executor=pool)
    assert report.engine == "local process pool (2 workers)"
    assert report.extracted == [d.source_id for d in documents]
    expected = [extract_document(d.source_id, d.text).to_dict() for d in documents]
    assert [f.to_dict() for f in report.facts] == expected


@pytest.mark.slow
def test_build_through_a_dask_cluster_publishes_the_same_release(
    mixed_sources: Path, tmp_path: Path, monkeypatch
) -> None:
    distributed = pytest.importorskip("distributed")

    local_out = tmp_path / "local"
    monkeypatch.delenv(DASK_SCHEDULER_ENV, raising=False)
    assert main(["build", "--sources", str(mixed_sources), "--outputs", str(local_out)]) == 0

    dask_out = tmp_path / "dask"
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        monkeypatch.setenv(DASK_SCHEDULER_ENV, cluster.scheduler_address)
        with distributed.get_task_stream(client) as stream:
            assert main(["build", "--sources", str(mixed_sources), "--outputs", str(dask_out)]) == 0
        ran = [t for t in stream.data if str(t["key"]).startswith("eujapan-extract-")]
        workers = {t["worker"] for t in ran}

    assert ran, "no extraction task ran on the Dask workers"
    assert len(workers) == 2, f"expected both workers to extract, got {workers}"
    assert _parquet_digests(dask_out) == _parquet_digests(local_out)
