"""Extraction fanned out over processes: this process, a local pool, or a dask.distributed cluster.

Extraction is pure and per document, so documents are independent tasks. Which engine runs them
changes nothing in the result: facts come back in document order, and each is checked to come
from the extractor version this build expects (a worker running other code is refused).

- nothing to extract (all cached) or only a little text: this process, no start-up cost;
- otherwise, without a scheduler address: a local process pool, one worker per core;
- with a scheduler address ("tcp://host:8786"): the documents are sent, in batches, to the
  workers of that running dask.distributed cluster. The workers need this project installed
  (same commit); they receive the texts, so they need no access to the sources folder.

Memory stays proportional to one batch per worker: texts are sent in batches of a bounded size
and each result is written to the cache as soon as it arrives.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from . import progress
from .bulk import collector_paused
from .cache import ExtractionCache, serialise
from .extract import DocumentFacts
from .extract import facts as extractor
from .sources import SourceDocument

# Below this much text to extract, starting worker processes costs more than it saves
# (~0.3 s for a pool; extraction runs at ~0.4 MB/s per core).
DEFAULT_MIN_PARALLEL_BYTES = 256_000
# Texts per task: big enough to amortise a task's overhead, small enough to spread the work and
# keep a worker's memory to a few documents.
DEFAULT_BATCH_BYTES = 128_000
# Where a scheduler address comes from, for messages (pipeline.resources reads it).
_ADDRESS_SOURCE = "the extraction resource or $EUJAPAN_DASK_SCHEDULER"


class ExtractionFailed(RuntimeError):
    """Extraction could not run or returned something unusable; the message says which document."""


@dataclass(frozen=True)
class Executor:
    """Where extraction runs (see the module docstring)."""

    scheduler_address: str = ""  # dask.distributed scheduler, e.g. "tcp://10.0.0.5:8786"
    workers: int = 0  # local pool size; 0 means one per available core
    min_parallel_bytes: int = DEFAULT_MIN_PARALLEL_BYTES
    batch_bytes: int = DEFAULT_BATCH_BYTES

    def local_workers(self) -> int:
        if self.workers > 0:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)

    def describe(self, pending_bytes: int, pending: int) -> str:
        """Which engine runs `pending` documents of `pending_bytes` bytes."""
        if not pending:
            return "none (all cached)"
        if self.scheduler_address:
            return f"dask.distributed at {self.scheduler_address}"
        workers = min(self.local_workers(), pending)
        if workers < 2 or pending_bytes < self.min_parallel_bytes:
            return "this process"
        return f"local process pool ({workers} workers)"


@dataclass
class ExtractionReport:
    """Facts in document order, which documents were extracted or reused, and by what engine."""

    facts: list[DocumentFacts]
    extracted: list[str]
    reused: list[str]
    engine: str


def extract_many(
    documents: Sequence[SourceDocument],
    cache: ExtractionCache | None,
    executor: Executor | None = None,
    version: str | None = None,
    write_cache: ExtractionCache | None = None,
) -> ExtractionReport:
    """Facts for every document: cached ones read, the others extracted on `executor`.

    `version` is the extractor version the results must carry (read at call time, default: the
    running extractor's). New results are written to `write_cache` (default: `cache`) as they
    arrive, so an interrupted build keeps what it finished.
    """
    executor = executor or Executor()
    version = version or extractor.EXTRACTOR_VERSION
    writer = write_cache or cache
    results: list[DocumentFacts | None] = [None] * len(documents)
    pending: list[int] = []
    with collector_paused():
        for i, doc in enumerate(documents):
            cached = cache.get(doc) if cache else None
            if cached is None:
                pending.append(i)
            else:
                results[i] = cached
    pending_bytes = sum(documents[i].bytes for i in pending)
    engine = executor.describe(pending_bytes, len(pending))
    progress.note(
        f"extracting {len(pending)} text(s) in {engine}, {len(documents) - len(pending)} "
        "reused from the cache"
    )
    # A line every ~10 % of the texts (at least every 100), so a long build shows it is moving.
    every = max(100, len(pending) // 10)
    if engine == "this process":
        produced = (
            (i, (extractor.extract_document(documents[i].source_id, documents[i].text), None))
            for i in pending
        )
    elif pending:
        produced = (
            _run_dask(executor.scheduler_address, documents, pending, executor.batch_bytes)
            if executor.scheduler_address
            else _run_pool(executor.local_workers(), documents, pending, executor.batch_bytes)
        )
    else:
        produced = (item for item in ())  # a generator: closing() needs close()
    # Results arrive as millions of small objects (unpickled, or extracted here when the work is
    # small, which bounds any cyclic garbage the pause lets pile up).
    done = 0
    with collector_paused(), contextlib.closing(produced):  # closing ends a pool at once
        for i, (facts, entry) in produced:
            doc = documents[i]
            if facts.extractor_version != version:
                raise ExtractionFailed(
                    f"{doc.source_id}: extracted by extractor {facts.extractor_version}, this "
                    f"build expects {version}; install the same version of this project on "
                    "every worker"
                )
            facts.source_id = doc.source_id
            if writer:
                writer.put(doc, facts, entry)
            results[i] = facts
            done += 1
            if done % every == 0:
                progress.note(f"extracted {done}/{len(pending)} texts")
    extracted = [documents[i].source_id for i in pending]
    pending_set = set(pending)
    reused = [d.source_id for i, d in enumerate(documents) if i not in pending_set]
    missing = [documents[i].source_id for i, f in enumerate(results) if f is None]
    if missing:
        raise ExtractionFailed(f"no result for {len(missing)} document(s), e.g. {missing[:3]}")
    return ExtractionReport([f for f in results if f is not None], extracted, reused, engine)


def _batches(
    documents: Sequence[SourceDocument], pending: list[int], batch_bytes: int, workers: int
) -> list[list[int]]:
    """Consecutive runs of pending documents of at most `batch_bytes` each (at least one
    document), smaller when needed to give every worker about four batches."""
    total = sum(documents[i].bytes for i in pending)
    batch_bytes = max(1, min(batch_bytes, -(-total // (4 * max(1, workers)))))
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in pending:
        if current and size + documents[i].bytes > batch_bytes:
            batches.append(current)
            current, size = [], 0
        current.append(i)
        size += documents[i].bytes
    if current:
        batches.append(current)
    return batches


def extract_batch(items: list[tuple[str, str]]) -> list[tuple[DocumentFacts, str]]:
    """The task a worker runs: (source id, text) pairs in; facts and their cache entry out, in
    the same order. Serialising here keeps that work off the process that collects results."""
    out = []
    for source_id, text in items:
        try:
            facts = extractor.extract_document(source_id, text)
        except Exception as exc:  # name the document; the worker's traceback is not shown
            raise ExtractionFailed(
                f"{source_id}: extraction failed: {type(exc).__name__}: {exc}"
            ) from exc
        out.append((facts, serialise(facts)))
    return out


def _payload(documents: Sequence[SourceDocument], batch: list[int]) -> list[tuple[str, str]]:
    return [(documents[i].source_id, documents[i].text) for i in batch]


def _run_pool(
    workers: int, documents: Sequence[SourceDocument], pending: list[int], batch_bytes: int
) -> Iterator[tuple[int, tuple[DocumentFacts, str]]]:
    batches = _batches(documents, pending, batch_bytes, workers)
    # forkserver: workers fork from a small clean process that has imported the extractor once,
    # not from this one (which may hold threads and locks, and most of Dagster).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["eujapan.parallel"])
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(batches)),
        mp_context=context,
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )
    try:
        # map keeps batch order and submits lazily enough: results stream back in order.
        payloads = (_payload(documents, batch) for batch in batches)
        for batch, facts in zip(batches, pool.map(extract_batch, payloads), strict=True):
            yield from zip(batch, facts, strict=True)
    finally:
        # On success the workers are idle; on an error or interrupt they may still be working
        # for a build that has stopped: end them rather than wait for their batches.
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, ValueError):
                process.kill()
                process.join(timeout=5)


_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


def _worker_start(build_pid: int) -> None:
    """Make a pool worker end with the build, even when the build is killed (SIGKILL leaves no
    chance to clean up): the kernel kills it when its parent dies (Linux), and a watchdog thread
    exits once the build's process is gone (the parent of a worker is the fork server)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(target=_watch_build, args=(build_pid,), daemon=True).start()


def _watch_build(build_pid: int, interval: float = 1.0) -> None:
    while True:
        time.sleep(interval)
        try:
            os.kill(build_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid is alive (and someone else's: reused); keep going
            pass


def _run_dask(
    address: str, documents: Sequence[SourceDocument], pending: list[int], batch_bytes: int
) -> Iterator[tuple[int, tuple[DocumentFacts, str]]]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # dask[distributed] is a dependency; say so if it is missing
        raise ExtractionFailed(f"dask.distributed is not installed: {exc}") from exc
    try:
        client = Client(address, timeout="30s", set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, ValueError (a malformed address)...
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise ExtractionFailed(
            f"cannot reach the Dask scheduler at {address!r} (from {_ADDRESS_SOURCE}): {detail}"
        ) from exc
    prefix = f"eujapan-extract-{uuid.uuid4().hex[:12]}"  # unique: builds may share a cluster
    with client:
        workers = max(1, sum(client.nthreads().values()))  # tasks the cluster runs at once
        batches = _batches(documents, pending, batch_bytes, workers)
        # A bounded window of batches in flight: the cluster stays busy while neither this
        # process nor the scheduler holds more than a few batches of text at a time.
        window = 4 * workers
        todo = iter(enumerate(batches))
        running: dict = {}

        def submit_next() -> None:
            nxt = next(todo, None)
            if nxt is not None:
                n, batch = nxt
                future = client.submit(
                    extract_batch, _payload(documents, batch), key=f"{prefix}-{n}", pure=False
                )
                running[future] = batch
                queue.add(future)

        queue = as_completed()
        for _ in range(window):
            submit_next()
        for future in queue:
            batch = running.pop(future)
            facts = future.result()
            submit_next()
            yield from zip(batch, facts, strict=True)
