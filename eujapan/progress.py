"""Progress lines for long builds: texts read, extracted, tables built, files written.

Off unless a command turns it on (`eujapan build` does, on stderr), so the library stays quiet
when tests or the Dagster UI call it; Dagster's own event log records the same steps there.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

_stream: TextIO | None = None
_started = 0.0


def enable(stream: TextIO | None = None) -> None:
    global _stream, _started
    _stream = stream or sys.stderr
    _started = time.perf_counter()


def disable() -> None:
    global _stream
    _stream = None


def note(message: str) -> None:
    """One line with the seconds since the build started, when progress is on."""
    if _stream is None:
        return
    _stream.write(f"[{time.perf_counter() - _started:7.1f}s] {message}\n")
    _stream.flush()
