"""The naive peer: what a first script would do. Every file read with pandas and openpyxl, appended to
DuckDB with ``DataFrame.to_sql`` through SQLAlchemy (duckdb-engine). Prints ``{"seconds": ..., "rows": ...}``.

    python bench/naive.py INBOX WAREHOUSE.duckdb
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd
from inbox import HEADER_ROW
from peak import answer
from sqlalchemy import create_engine, text


def main(inbox: str, database: str) -> None:
    started = time.perf_counter()
    engine = create_engine(f"duckdb:///{database}")
    rows = 0
    for path in sorted(Path(inbox).glob("*.xlsx")):
        frame = pd.read_excel(path, engine="openpyxl", header=HEADER_ROW)
        frame.to_sql("cases", engine, if_exists="append", index=False)
        rows += len(frame)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT COUNT(*) FROM cases")).scalar_one()
    engine.dispose()
    answer("naive peer", started, rows, stored)


if __name__ == "__main__":
    main(*sys.argv[1:])
