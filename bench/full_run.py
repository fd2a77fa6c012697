"""Benchmark: run time of `honlea run` on the demo inbox, rows per second of the nightly flow,
a nightly run with nothing new, and the PostgreSQL load rate.

Run with `make bench` (PostgreSQL at 127.0.0.1:5432, trust auth). Prints a table; writes only to
a temporary folder and a temporary database. Speed targets live here, not in the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import polars as pl
import psycopg

from honlea.demo.inbox import write_demo_inbox

CASE_ROWS = 200_000
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def _timed(action) -> tuple[object, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def _cli_demo_run(work: Path) -> float:
    """Wall time of the console script on the demo inbox (includes Prefect's temporary server)."""
    write_demo_inbox(work / "inbox")
    env = {**os.environ, "HONLEA_DATA_DIR": str(work / "data")}
    command = [Path(sys.executable).with_name("honlea"), "run", "--inbox", str(work / "inbox")]
    command += ["--warehouse", f"duckdb:///{work / 'demo.duckdb'}"]
    return _timed(lambda: subprocess.run(command, check=True, env=env, capture_output=True))[1]


def _large_case_file(work: Path) -> Path:
    """A synthetic case-level csv of CASE_ROWS rows (the demo's Jamaica cases, repeated with new refs)."""
    demo = next((work / "inbox" / "cases").glob("SYNTHETIC_JAM_*.csv"))
    lines = demo.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Date,"))
    cases = pl.read_csv(demo, skip_rows=header_at, infer_schema=False)
    repeated = pl.concat([cases] * (CASE_ROWS // cases.height + 1)).head(CASE_ROWS)
    repeated = repeated.with_columns(pl.format("BENCH-{}", pl.int_range(pl.len())).alias("Case reference"))
    inbox = work / "bench_inbox"
    inbox.mkdir()
    path = inbox / "SYNTHETIC_JAM_seizure_cases_bench.csv"
    repeated.write_csv(path)
    return path


def _postgres_load_rate(staging: Path) -> tuple[int, float]:
    """Publish the staged 200,000-row run again, into a fresh PostgreSQL database: (rows, seconds)."""
    from honlea.flows.load import publish_staged
    from honlea.warehouse.connection import connect, upgrade_schema
    from honlea.warehouse.publish import start_run
    from honlea.warehouse.schema import FACT_SEIZURE

    database = f"honlea_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        with connect(f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}") as warehouse:
            upgrade_schema(warehouse)
            folders = [folder for folder in sorted(staging.iterdir()) if folder.is_dir()]
            start_run(warehouse, "bench", "", "manual", len(folders))
            seconds = _timed(lambda: publish_staged(warehouse, "bench", folders))[1]
            rows = warehouse.scalar(f"SELECT COUNT(*) FROM {FACT_SEIZURE.qualified}")
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return rows, seconds


def main() -> None:
    from prefect.testing.utilities import prefect_test_harness

    from honlea.flows.nightly import nightly

    with tempfile.TemporaryDirectory(prefix="honlea-bench-") as tmp:
        work = Path(tmp)
        demo_seconds = _cli_demo_run(work)
        _large_case_file(work)
        url = f"duckdb:///{work / 'bench.duckdb'}"

        def run(inbox: str, data: str) -> None:
            nightly(inbox=str(work / inbox), warehouse_url=url, data_dir=str(work / data))

        with prefect_test_harness(server_startup_timeout=60):
            run("inbox", "d1")
            big = _timed(lambda: run("bench_inbox", "d2"))[1]
            unchanged = _timed(lambda: run("inbox", "d3"))[1]
        pg_rows, pg_seconds = _postgres_load_rate(next((work / "d2" / "staging").iterdir()))
    rows = [
        (
            "`honlea run` on the demo inbox (28 files), with a temporary Prefect server",
            f"{demo_seconds:.1f} s",
        ),
        (
            f"nightly flow, one {CASE_ROWS:,}-row case file (DuckDB)",
            f"{big:.1f} s, {CASE_ROWS / big:,.0f} rows/s",
        ),
        ("nightly flow with nothing new (demo inbox already loaded, DuckDB)", f"{unchanged:.1f} s"),
        (
            f"PostgreSQL publish of {pg_rows:,} facts (COPY, one transaction)",
            f"{pg_rows / pg_seconds:,.0f} rows/s",
        ),
    ]
    print("| measure | value |\n|---|---|")
    print("\n".join(f"| {measure} | {value} |" for measure, value in rows))


if __name__ == "__main__":
    main()
