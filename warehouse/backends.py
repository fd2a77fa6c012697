"""The warehouse database behind a URL: DuckDB (embedded default) or PostgreSQL, one interface.

SQL is written once with `?` placeholders; bulk inserts take the native path of each engine
(DuckDB reads the Arrow frame, PostgreSQL takes binary COPY), never row-by-row statements.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from honlea.warehouse.schema import Table

DUCKDB_PREFIX = "duckdb:///"
CATALOG = "honlea"  # the name the DuckDB file is attached under
POSTGRES_PREFIXES = ("postgresql+psycopg://", "postgresql://", "postgres://")


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
    def close(self) -> None:
        """Release the connection."""

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The single value a query returns."""
        return self.query(sql, params).item()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DuckDBWarehouse(Warehouse):
    """An embedded DuckDB file."""

    dialect = "duckdb"

    def __init__(self, url: str, read_only: bool = False) -> None:
        super().__init__(url)
        self.path = Path(url.removeprefix(DUCKDB_PREFIX))
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # attached under a fixed name: a file called warehouse.duckdb would otherwise be a catalog
        # named like the warehouse schema, and "warehouse.fact_seizure" would be ambiguous
        self.connection = duckdb.connect()
        mode = " (READ_ONLY)" if read_only else ""
        self.connection.execute(f"ATTACH '{self.path}' AS {CATALOG}{mode}")
        self.connection.execute(f"USE {CATALOG}")

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

    def close(self) -> None:
        self.connection.close()


#: PostgreSQL type OIDs -> polars types, so that an all-null column keeps its type (and the binary COPY
#: encodes each value as its column's type)
_POLARS_TYPES = {
    16: pl.Boolean,
    20: pl.Int64,
    21: pl.Int16,
    23: pl.Int32,
    700: pl.Float32,
    701: pl.Float64,
    1700: pl.Float64,
    25: pl.String,
    1043: pl.String,
    1082: pl.Date,
    1114: pl.Datetime("us"),
}
_NOT_BINARY = {1700}  # numeric: read as a float, but its binary form is not a float's


class PostgresWarehouse(Warehouse):
    """A PostgreSQL database (psycopg 3)."""

    dialect = "postgresql"

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
        schema = {c.name: _POLARS_TYPES.get(c.type_code) for c in cursor.description}
        return pl.DataFrame(cursor.fetchall(), schema=schema, orient="row", infer_schema_length=None)

    def insert(self, table: Table, frame: pl.DataFrame) -> None:
        from psycopg.copy import QueuedLibpqWriter

        from honlea.warehouse.pgcopy import copy_chunks  # pyarrow.compute: imported when first needed

        columns = ", ".join(table.column_names)
        # the binary form of each value must be that of its column's type in the database
        described = self.connection.execute(f"SELECT {columns} FROM {table.qualified} LIMIT 0").description
        unknown = [c.name for c in described if c.type_code not in _POLARS_TYPES.keys() - _NOT_BINARY]
        if unknown:
            raise ValueError(f"{table.qualified}: no binary COPY for the types of the columns {unknown}")
        types = {column.name: _POLARS_TYPES[column.type_code] for column in described}
        statement = f"COPY {table.qualified} ({columns}) FROM STDIN (FORMAT BINARY)"
        with (
            self.connection.cursor() as cursor,
            cursor.copy(
                statement,
                writer=QueuedLibpqWriter(cursor),  # sends a piece while the next is encoded
            ) as copy,
        ):
            for piece in copy_chunks(frame, types):
                copy.write(piece)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def close(self) -> None:
        self.connection.close()


def connect(url: str, read_only: bool = False) -> Warehouse:
    """The warehouse behind a URL: duckdb:///path.duckdb or postgresql+psycopg://user@host/db
    (read_only: an analyst's connection, which cannot write)."""
    if url.startswith(DUCKDB_PREFIX):
        return DuckDBWarehouse(url, read_only)
    if url.startswith(POSTGRES_PREFIXES):
        return PostgresWarehouse(url, read_only)
    raise ValueError(
        f"unsupported warehouse URL {url!r}: expected {DUCKDB_PREFIX}path/to/honlea.duckdb "
        "or postgresql+psycopg://user@host:port/database"
    )
