"""The warehouse's bulk insert (DuckDB from Arrow, PostgreSQL by binary COPY) stores every value of every
column type as it was given: nulls apart from empty text, dates before PostgreSQL's epoch, microseconds,
text beyond ASCII, and more rows than one piece of the COPY stream."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from honlea.warehouse.connection import connect
from honlea.warehouse.pgcopy import ROWS_PER_CHUNK
from honlea.warehouse.schema import Column, Table
from tests.integration.helpers import BACKENDS, warehouse_url

TYPES = {
    "BIGINT": pl.Int64,
    "INTEGER": pl.Int32,
    "DOUBLE": pl.Float64,
    "BOOLEAN": pl.Boolean,
    "DATE": pl.Date,
    "TIMESTAMP": pl.Datetime("us"),
    "VARCHAR": pl.String,
}  # the column types of the warehouse's tables
TABLE = Table(
    "staging",
    "every_type",
    "One row per test value.",
    tuple(Column(f"c_{kind.lower()}", kind, kind) for kind in TYPES),
)
_DDL_TYPES = {"duckdb": {"DOUBLE": "DOUBLE"}, "postgresql": {"DOUBLE": "DOUBLE PRECISION"}}
ROWS = pl.DataFrame(
    {
        "c_bigint": [0, -(2**62), 2**62, None],
        "c_integer": [1, -(2**31), 2**31 - 1, None],
        "c_double": [0.5, -1e300, 3.25e-7, None],
        "c_boolean": [True, False, None, True],
        "c_date": [date(2000, 1, 1), date(1969, 7, 20), date(2099, 12, 31), None],
        "c_timestamp": [
            datetime(2000, 1, 1),
            datetime(1999, 12, 31, 23, 59, 59, 999_999),
            datetime(2026, 11, 30, 2, 0, 0, 123_456),
            None,
        ],
        "c_varchar": ["", "Perú — cocaína 🌿", "x" * 10_000, None],
    },
    schema={c.name: TYPES[c.type] for c in TABLE.columns},
)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from warehouse_url(request.param, tmp_path)


def _stored(url: str, frame: pl.DataFrame) -> pl.DataFrame:
    with connect(url) as warehouse:
        types = _DDL_TYPES[warehouse.dialect]
        columns = ", ".join(f"{c.name} {types.get(c.type, c.type)}" for c in TABLE.columns)
        warehouse.execute("CREATE SCHEMA IF NOT EXISTS staging")
        warehouse.execute(f"CREATE TABLE {TABLE.qualified} (row_number INTEGER, {columns})")
        numbered = Table(
            TABLE.schema, TABLE.name, TABLE.doc, (Column("row_number", "INTEGER", ""), *TABLE.columns)
        )
        with warehouse.transaction():
            warehouse.insert(numbered, frame.with_row_index("row_number").cast({"row_number": pl.Int32}))
        return warehouse.query(f"SELECT * FROM {TABLE.qualified} ORDER BY row_number").drop("row_number")


def test_every_type_and_null_is_stored_as_given(url):
    assert _stored(url, ROWS).equals(ROWS)


def test_rows_beyond_one_piece_of_the_stream_are_all_stored_in_order(url):
    many = pl.concat([ROWS] * (ROWS_PER_CHUNK // ROWS.height + 3))
    stored = _stored(url, many)
    assert stored.height == many.height > ROWS_PER_CHUNK
    assert stored.equals(many)


def test_columns_of_nulls_only_are_stored_as_nulls(url):
    nulls = pl.DataFrame({c: [None] * 3 for c in ROWS.columns}, schema=ROWS.schema)
    assert _stored(url, nulls).equals(nulls)
