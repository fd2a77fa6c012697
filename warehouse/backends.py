"""The warehouse database behind a URL: DuckDB (embedded default) or PostgreSQL, one interface.

SQL is written once with `?` placeholders; bulk inserts take the native path of each engine
(DuckDB reads the Arrow frame, PostgreSQL takes COPY), never row-by-row statements.
"""

from __future__ import annotations

import fcntl
import io
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from warehouse.schema import Table

DUCKDB_PREFIX = "duckdb:///"
POSTGRES_PREFIXES = ("postgresql+psycopg://", "postgresql://", "postgres://")


class WarehouseLocked(RuntimeError):
    """Another run holds the warehouse: this one refused rather than write beside it."""


class Warehouse(ABC):
    """A connection to the warehouse database."""

    dialect: str

    def __init__(self, url: str) -> None:
        self.url = url

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        """Rows of a query as a polars frame."""

    @abstractmethod
    def insert(self, table: Table, frame: pl.DataFrame) -> None:
        """Append a frame to a table through the engine's bulk path (columns matched by name)."""

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together, or none do."""

    @abstractmethod
    @contextmanager
    def run_lock(self, wait_seconds: float) -> Iterator[None]:
        """Held by one nightly run at a time; waits up to `wait_seconds`, then WarehouseLocked."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The single value a query returns."""
        return self.query(sql, params).item()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _wait_for(acquire: Any, wait_seconds: float, what: str) -> None:
    deadline = time.monotonic() + wait_seconds
    while not acquire():
        if time.monotonic() >= deadline:
            raise WarehouseLocked(
                f"another nightly run is writing to {what}; waited {wait_seconds:g} s. "
                "Try again when it has finished (see quality.etl_run for runs in progress)."
            )
        time.sleep(min(0.5, max(wait_seconds, 0.01)))


class DuckDBWarehouse(Warehouse):
    """An embedded DuckDB file."""

    dialect = "duckdb"

    def __init__(self, url: str, read_only: bool = False) -> None:
        super().__init__(url)
        self.path = Path(url.removeprefix(DUCKDB_PREFIX))
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = duckdb.connect(str(self.path), read_only=read_only)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(params)).fetchall()

    def query(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        return self.connection.sql(sql, params=list(params) or None).pl()

    def insert(self, table: Table, frame: pl.DataFrame) -> None:
        self.connection.register("incoming", frame.select(table.column_names).to_arrow())
        try:
            self.execute(f"INSERT INTO {table.qualified} BY NAME SELECT * FROM incoming")
        finally:
            self.connection.unregister("incoming")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    @contextmanager
    def run_lock(self, wait_seconds: float) -> Iterator[None]:
        """An exclusive lock on a file beside the database (released if the process dies)."""
        with open(self.path.with_suffix(self.path.suffix + ".lock"), "w") as handle:

            def acquire() -> bool:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
                return True

            _wait_for(acquire, wait_seconds, str(self.path))
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        self.connection.close()


class PostgresWarehouse(Warehouse):
    """A PostgreSQL database (psycopg 3)."""

    dialect = "postgresql"
    LOCK_KEY = 20121001  # advisory lock id of the nightly run

    def __init__(self, url: str, read_only: bool = False) -> None:
        import psycopg

        super().__init__(url)
        self.conninfo = "postgresql://" + url.split("://", 1)[1]
        self.connection = psycopg.connect(self.conninfo, autocommit=True)
        if read_only:
            self.execute("SET default_transaction_read_only = on")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql.replace("?", "%s"), list(params) or None)

    def query(self, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
        cursor = self.connection.execute(sql.replace("?", "%s"), list(params) or None)
        columns = [c.name for c in cursor.description]
        return pl.DataFrame(cursor.fetchall(), schema=columns, orient="row", infer_schema_length=None)

    def insert(self, table: Table, frame: pl.DataFrame) -> None:
        buffer = io.BytesIO()
        frame.select(table.column_names).write_csv(buffer, include_header=False)
        columns = ", ".join(table.column_names)
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table.qualified} ({columns}) FROM STDIN (FORMAT csv)") as copy,
        ):
            copy.write(buffer.getvalue())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    @contextmanager
    def run_lock(self, wait_seconds: float) -> Iterator[None]:
        """A session advisory lock (released if the connection drops)."""
        _wait_for(
            lambda: self.scalar("SELECT pg_try_advisory_lock(?)", [self.LOCK_KEY]),
            wait_seconds,
            "the database",
        )
        try:
            yield
        finally:
            self.execute("SELECT pg_advisory_unlock(?)", [self.LOCK_KEY])

    def close(self) -> None:
        self.connection.close()


def open_warehouse(url: str, read_only: bool = False) -> Warehouse:
    """The warehouse behind a URL: duckdb:///path.duckdb or postgresql+psycopg://user@host/db."""
    if url.startswith(DUCKDB_PREFIX):
        return DuckDBWarehouse(url, read_only)
    if url.startswith(POSTGRES_PREFIXES):
        return PostgresWarehouse(url, read_only)
    raise ValueError(
        f"unsupported warehouse URL {url!r}: expected {DUCKDB_PREFIX}path/to/warehouse.duckdb "
        "or postgresql+psycopg://user@host:port/database"
    )
