"""Extraction engines (eujapan/parallel.py): a bad Dask address is a clear error, and pool
workers end with the build, even when the build is killed (issue 16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from eujapan.parallel import Executor, ExtractionFailed, extract_many
from eujapan.sources import SourceDocument

DOC = SourceDocument(
    source_id="a",
    path="a.txt",
    sha256="0" * 64,
    bytes=10,
    text="It organised 14 workshops.",
    title="a",
    publisher=None,
    url=None,
    licence="unknown",
    attribution=None,
    language="en",
    date_added=None,
    in_catalogue=False,
)


@pytest.mark.parametrize("address", ["not an address::", "tcp://", "inproc://nowhere"])
def test_a_bad_dask_address_is_one_clear_line(address: str) -> None:
    with pytest.raises(ExtractionFailed) as caught:
        extract_many([DOC], None, Executor(scheduler_address=address))
    message = str(caught.value)
    assert f"cannot reach the Dask scheduler at {address!r}" in message
    assert "\n" not in message


# A build stand-in: a pool of two workers started as the build starts them (forkserver, same
# initializer), each busy for a minute; it prints their pids and waits to be killed.
_BUILD = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from eujapan.parallel import _worker_start
if __name__ == "__main__":
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["eujapan.parallel"])
    pool = ProcessPoolExecutor(2, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),))
    futures = [pool.submit(time.sleep, 60) for _ in range(2)]
    time.sleep(1)  # the workers have picked up their tasks
    pids = list(pool._processes)
    print(" ".join(map(str, pids)), flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process checks")
def test_workers_end_when_the_build_is_killed() -> None:
    build = subprocess.Popen([sys.executable, "-c", _BUILD], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in build.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in pids), "workers outlived the killed build"
    finally:
        build.kill()
        build.wait()
