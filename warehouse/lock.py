"""One nightly run writes at a time: a lock held for the whole run, beside the warehouse or in it."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from honlea.warehouse.backends import DUCKDB_PREFIX
from honlea.warehouse.connection import connect, upgrade_schema
from honlea.warehouse.schema import ETL_RUN, RUN_LOCK

LOCK_NAME = "nightly"  # the row of quality.run_lock a PostgreSQL run locks


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse: this one refused rather than write beside it."""


def _wait_for(acquire: Callable[[], bool], wait_seconds: float, what: str) -> None:
    deadline = time.monotonic() + wait_seconds
    while not acquire():
        if time.monotonic() >= deadline:
            raise WarehouseLocked(
                f"another nightly run is writing to {what}; waited {wait_seconds:g} s for it. "
                f"Run again when it has finished ({ETL_RUN.qualified} shows runs in progress)."
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
def _row_lock(url: str, wait_seconds: float) -> Iterator[None]:
    """The row of quality.run_lock locked FOR UPDATE in a transaction held on its own connection for the
    whole run (released if the connection drops). Only the loading role reaches schema quality, so no
    analyst can take it. A row lock rather than a table lock: a run's own schema upgrade comments on the
    table (SHARE UPDATE EXCLUSIVE), which a table lock held by the run would block for ever.

    The table arrives with schema version 2: an empty or older warehouse is brought up to date first
    (migrate() lets one run at a time do that)."""
    import psycopg

    with connect(url) as warehouse:
        warehouse.execute("SET idle_in_transaction_session_timeout = 0")  # the server must not end it
        if not warehouse.scalar("SELECT to_regclass(?) IS NOT NULL", [RUN_LOCK.qualified]):
            upgrade_schema(warehouse)

        def acquire() -> bool:
            try:
                with warehouse.transaction():  # a savepoint: a refusal leaves the outer transaction usable
                    row = warehouse.query(
                        f"SELECT name FROM {RUN_LOCK.qualified} WHERE name = ? FOR UPDATE NOWAIT", [LOCK_NAME]
                    )
            except psycopg.errors.LockNotAvailable:
                return False
            if row.is_empty():
                raise RuntimeError(f"{RUN_LOCK.qualified} has lost its row {LOCK_NAME!r}")
            return True

        with warehouse.transaction():
            _wait_for(acquire, wait_seconds, "the database")
            yield


def run_lock(url: str, wait_seconds: float) -> AbstractContextManager[None]:
    """Held by one nightly run at a time; waits up to `wait_seconds`, then raises WarehouseLocked."""
    if url.startswith(DUCKDB_PREFIX):
        return _file_lock(Path(url.removeprefix(DUCKDB_PREFIX) + ".lock"), wait_seconds)
    return _row_lock(url, wait_seconds)
