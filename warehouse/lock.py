"""One nightly run writes at a time: a lock held for the whole run, beside the warehouse or in it."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from warehouse.backends import DUCKDB_PREFIX, connect

ADVISORY_LOCK_KEY = 20121001  # PostgreSQL advisory lock id of the nightly run


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse: this one refused rather than write beside it."""


def _wait_for(acquire: Callable[[], bool], wait_seconds: float, what: str) -> None:
    deadline = time.monotonic() + wait_seconds
    while not acquire():
        if time.monotonic() >= deadline:
            raise WarehouseLocked(
                f"another nightly run is writing to {what}; waited {wait_seconds:g} s for it. "
                "Run again when it has finished (quality.etl_run shows runs in progress)."
            )
        time.sleep(0.2)


@contextmanager
def _file_lock(path: Path, wait_seconds: float) -> Iterator[None]:
    """An exclusive lock on a file beside the DuckDB database (released if the process dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:

        def acquire() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        _wait_for(acquire, wait_seconds, str(path.with_suffix("")))
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(url: str, wait_seconds: float) -> Iterator[None]:
    """A PostgreSQL session advisory lock on its own connection (released if the connection drops)."""
    with connect(url) as warehouse:
        _wait_for(
            lambda: bool(warehouse.scalar("SELECT pg_try_advisory_lock(?)", [ADVISORY_LOCK_KEY])),
            wait_seconds,
            "the database",
        )
        try:
            yield
        finally:
            warehouse.execute("SELECT pg_advisory_unlock(?)", [ADVISORY_LOCK_KEY])


def run_lock(url: str, wait_seconds: float) -> AbstractContextManager[None]:
    """Held by one nightly run at a time; waits up to `wait_seconds`, then raises WarehouseLocked."""
    if url.startswith(DUCKDB_PREFIX):
        return _file_lock(Path(url.removeprefix(DUCKDB_PREFIX) + ".lock"), wait_seconds)
    return _advisory_lock(url, wait_seconds)
