"""Shared builders for the unit tests: tiny records frames and the real config vocabularies."""

from __future__ import annotations

import polars as pl
import pytest

from honlea.config.reference import vocabularies
from honlea.transforms.keys import with_business_key
from honlea.transforms.records import FIELDS, text_column


def build_records(rows, sheet="Datos", first_row=2, source_column="Cantidad"):
    """A records frame as sheet_records makes it: row_id, sheet, source_row, source_column and
    every "<field>_text" column as String. `rows` are dicts of field -> submitted text; rows are
    numbered from `first_row` unless a row gives its own "source_row"."""
    data = {
        "row_id": list(range(len(rows))),
        "sheet": [sheet] * len(rows),
        "source_row": [r.get("source_row", first_row + i) for i, r in enumerate(rows)],
        "source_column": [r.get("source_column", source_column) for r in rows],
    }
    for name in FIELDS:
        data[text_column(name)] = [r.get(name) for r in rows]
    schema = {"row_id": pl.Int64, "sheet": pl.String, "source_row": pl.Int64, "source_column": pl.String}
    schema |= {text_column(name): pl.String for name in FIELDS}
    frame = pl.DataFrame(data, schema=schema)
    # as in sheet_records: a hash of every cell of the source row (here: the given fields, or
    # an explicit "row_hash" for rows that differ only in a column no profile maps)
    hashes = frame.select(pl.struct(text_column(name) for name in FIELDS).hash())[:, 0]
    given = pl.Series([r.get("row_hash") for r in rows], dtype=pl.UInt64)
    return with_business_key(frame.with_columns(given.fill_null(hashes).alias("row_hash")), "unit_test")


@pytest.fixture
def make_records():
    """build_records, as a fixture (test modules are not a package, so they cannot import each other)."""
    return build_records


@pytest.fixture(scope="session")
def vocab():
    """The real vocabularies from config/ (countries, drugs, units, transport modes, conveyances)."""
    return vocabularies()


@pytest.fixture(scope="session")
def gx_docs_dir(tmp_path_factory):
    """One Data Docs folder for the session: the runner caches its GX context per folder."""
    return tmp_path_factory.mktemp("gx_docs")
