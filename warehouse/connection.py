"""Open the warehouse named by a URL (duckdb:///path/to/file.duckdb)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.schema import TABLES
from warehouse.views import VIEWS


def duckdb_path(url: str) -> Path:
    """The database file of a duckdb:/// URL; ValueError for any other kind of URL."""
    prefix = "duckdb:///"
    if not url.startswith(prefix):
        raise ValueError(f"unsupported warehouse URL {url!r}: expected {prefix}path/to/warehouse.duckdb")
    return Path(url.removeprefix(prefix))


def connect(url: str) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse, creating its file, tables and views when missing."""
    path = duckdb_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    for table in TABLES:
        connection.execute(table.ddl())
    for view in VIEWS:
        connection.execute(view)
    return connection
