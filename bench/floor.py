"""The floor: what reading the inbox and storing it costs at the least, and nothing else.

Every file read with calamine (polars' ``read_excel(engine="calamine")``, through fastexcel) or polars'
csv reader, one at a time, and handed to DuckDB from Arrow (``CREATE TABLE ... AS SELECT * FROM frame``,
then ``INSERT``): no checks, no conforming, no staging. Prints ``{"seconds": ..., "rows": ...}``.

    python bench/floor.py INBOX WAREHOUSE.duckdb
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import polars as pl
from inbox import HEADER_ROW
from peak import answer


def read(path: Path) -> pl.DataFrame:
    if path.suffix == ".csv":
        return pl.read_csv(path, skip_rows=HEADER_ROW, infer_schema=False)
    return pl.read_excel(path, engine="calamine", read_options={"header_row": HEADER_ROW})


def main(inbox: str, database: str) -> None:
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(database) as con:
        for number, path in enumerate(
            sorted(p for p in Path(inbox).iterdir() if p.suffix in {".xlsx", ".csv"})
        ):
            frame = read(path)
            con.sql(
                "CREATE TABLE cases AS SELECT * FROM frame"
                if number == 0
                else "INSERT INTO cases SELECT * FROM frame"
            )
            rows += frame.height
        stored = con.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    answer("floor", started, rows, stored)


if __name__ == "__main__":
    main(*sys.argv[1:])
