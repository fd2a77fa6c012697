"""Run the real nightly flow and read the warehouse it wrote."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl


def run_nightly(inbox: Path, workdir: Path) -> tuple[str, str]:
    """Run the real flow; (warehouse URL, summary markdown)."""
    from flows.nightly import nightly

    url = f"duckdb:///{workdir / 'warehouse.duckdb'}"
    summary = nightly(inbox=str(inbox), warehouse_url=url, data_dir=str(workdir / "data"))
    return url, summary


def query(url: str, sql: str, params: list | None = None) -> pl.DataFrame:
    """A polars frame from the warehouse, read-only."""
    with duckdb.connect(url.removeprefix("duckdb:///"), read_only=True) as connection:
        return connection.sql(sql, params=params).pl()
