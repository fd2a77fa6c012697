"""Benchmark: time of `honlea run` on the demo inbox, and rows per second of the nightly flow.

Run with `make bench`. Prints a table; writes nothing outside a temporary folder.
Speed targets live here, not in the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import polars as pl

from demo.inbox import write_demo_inbox

CASE_ROWS = 200_000


def _cli_demo_run(work: Path) -> float:
    """Wall time of the console script on the demo inbox (includes Prefect's temporary server)."""
    write_demo_inbox(work / "inbox")
    env = {**os.environ, "HONLEA_DATA_DIR": str(work / "data")}
    started = time.perf_counter()
    subprocess.run(
        [Path(sys.executable).with_name("honlea"), "run", "--inbox", str(work / "inbox"),
         "--warehouse", f"duckdb:///{work / 'demo.duckdb'}"],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


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


def _flow_rows_per_second(work: Path) -> tuple[int, float]:
    from prefect.testing.utilities import prefect_test_harness

    from flows.nightly import nightly

    _large_case_file(work)
    with prefect_test_harness(server_startup_timeout=60):
        nightly(
            inbox=str(work / "inbox"),
            warehouse_url=f"duckdb:///{work / 'w.duckdb'}",
            data_dir=str(work / "d1"),
        )
        started = time.perf_counter()
        nightly(inbox=str(work / "bench_inbox"), warehouse_url=f"duckdb:///{work / 'w.duckdb'}",
                data_dir=str(work / "d2"))  # fmt: skip
        elapsed = time.perf_counter() - started
    return CASE_ROWS, elapsed


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="honlea-bench-") as tmp:
        work = Path(tmp)
        demo_seconds = _cli_demo_run(work)
        rows, seconds = _flow_rows_per_second(work)
    print("| measure | value |\n|---|---|")
    print(f"| `honlea run` on the demo inbox (28 files), wall time | {demo_seconds:.1f} s |")
    print(f"| nightly flow on one {rows:,}-row case file (server already up) | {seconds:.1f} s |")
    print(f"| throughput of that run | {rows / seconds:,.0f} rows/s |")


if __name__ == "__main__":
    main()
