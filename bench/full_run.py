"""`make bench`: the nightly flow against the floor and a naive peer, on one synthetic inbox of case-level
rows (bench/inbox.py, cached), and the issue's targets met or not (issue 14).

    make bench                  # --scale 1m: 1,000,000 rows in 20 xlsx files (under 20 minutes)
    make bench SCALE=100k       # a quick look
    make bench SCALE=10m        # 10,000,000 rows as csv: the PostgreSQL publish rate only

Contenders, each in a process of its own whose peak memory is sampled alone (bench/peak.py):
- floor (bench/floor.py): calamine read of every file + native DuckDB insert from Arrow, nothing else;
- nightly flow (bench/flow_once.py): the real flow into a fresh DuckDB file, Prefect's start excluded;
  its peak counts the flow's process and its reading workers, the Prefect server excluded;
- naive peer (bench/naive.py): pandas + openpyxl + ``DataFrame.to_sql``, once, at 100,000 rows (it is
  linear: rows per second are compared).
Then the flow's staged run is published again into a fresh PostgreSQL database (127.0.0.1:5432, trust
auth), and the flow runs a second time on the same inbox and warehouse (a night with nothing new).

Prints a markdown table; writes it, and the figures as JSON (machine, versions, commit, load average),
to bench/results/<date>_<scale>.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import psycopg
from inbox import case_inbox
from peak import Measured, run

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
SCALES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
NAIVE_ROWS = 100_000
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
MB = 2**20


def _script(name: str, *args: str) -> list[str]:
    return [sys.executable, str(BENCH / name), *args]


def _run(label: str, command: list[str]) -> Measured:
    """`run`, with a line of progress on stderr (a run at 1M rows takes minutes)."""
    measured = run(command)
    print(
        f"{label}: {measured.answer['seconds']:,.1f} s, peak {measured.peak_bytes / MB:,.0f} MB "
        f"(load average {_load()})",
        file=sys.stderr,
        flush=True,
    )
    return measured


def _flow(label: str, inbox: Path, warehouse: Path, data: Path) -> Measured:
    return _run(label, _script("flow_once.py", str(inbox), f"duckdb:///{warehouse}", str(data)))


def _repeated(measures: list[Measured]) -> dict:
    """The contender's seconds (of its own timing; the process's wall time, start-up included, beside
    them) and peak memory, with their medians."""
    seconds = [m.answer["seconds"] for m in measures]
    peaks = [m.peak_bytes / MB for m in measures]
    return {
        "seconds": seconds,
        "seconds_median": statistics.median(seconds),
        "process_wall_seconds": [m.wall_seconds for m in measures],
        "peak_mb": peaks,
        "peak_mb_median": statistics.median(peaks),
    }


def postgres_publish_rate(run_dir: Path) -> dict:
    """Publish the flow's staged run again, into a fresh PostgreSQL database: rows and seconds."""
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
            folders = [folder for folder in sorted(run_dir.iterdir()) if folder.is_dir()]
            start_run(warehouse, "bench", "", "manual", len(folders))
            started = time.perf_counter()
            publish_staged(warehouse, "bench", folders)
            seconds = time.perf_counter() - started
            rows = warehouse.scalar(f"SELECT COUNT(*) FROM {FACT_SEIZURE.qualified}")
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(f"PostgreSQL publish: {rows:,} rows in {seconds:,.1f} s", file=sys.stderr)
    return {"rows": rows, "seconds": seconds, "rows_per_second": rows / seconds}


def measure(scale: str, repeats: int, work: Path) -> dict:
    """Every contender at `scale`; the figures, as written to the JSON."""
    rows = SCALES[scale]
    figures: dict = {"rows": rows}
    if scale == "10m":  # csv, one flow run to stage it, then the PostgreSQL publish alone
        inbox = case_inbox(rows, file_format="csv")
        flow = _flow("nightly flow", inbox, work / "flow.duckdb", work / "data")
        figures["flow_once"] = {"seconds": flow.answer["seconds"], "peak_mb": flow.peak_bytes / MB}
        figures["postgres"] = postgres_publish_rate(Path(flow.answer["run_dir"]))
        return figures
    inbox = case_inbox(rows)
    floors = [
        _run(f"floor {i + 1}/{repeats}", _script("floor.py", str(inbox), str(work / f"floor{i}.duckdb")))
        for i in range(repeats)
    ]
    figures["floor"] = _repeated(floors)
    flows = [
        _flow(f"nightly flow {i + 1}/{repeats}", inbox, work / f"flow{i}.duckdb", work / f"data{i}")
        for i in range(repeats)
    ]
    if any(m.answer["facts"] != rows for m in flows):
        raise SystemExit(f"the flow loaded {[m.answer['facts'] for m in flows]} facts of {rows} rows")
    figures["flow"] = _repeated(flows)
    last = repeats - 1
    again = _flow("night with nothing new", inbox, work / f"flow{last}.duckdb", work / f"data{last}")
    figures["no_change_seconds"] = again.answer["seconds"]
    naive = _run("naive peer", _script("naive.py", str(case_inbox(NAIVE_ROWS)), str(work / "naive.duckdb")))
    figures["naive"] = {
        "rows": NAIVE_ROWS,
        "seconds": naive.answer["seconds"],
        "rows_per_second": NAIVE_ROWS / naive.answer["seconds"],
        "peak_mb": naive.peak_bytes / MB,
    }
    figures["postgres"] = postgres_publish_rate(Path(flows[last].answer["run_dir"]))
    return figures


def targets(figures: dict) -> list[dict]:
    """The issue's targets: the measured ratio, the bound, met or not."""
    postgres = figures["postgres"]["rows_per_second"]
    found = [("PostgreSQL publish (rows/s)", postgres, ">=", 500_000)]
    if "flow" in figures:
        floor, flow = figures["floor"], figures["flow"]
        flow_rate = figures["rows"] / flow["seconds_median"]
        found = [
            ("flow time / floor time", flow["seconds_median"] / floor["seconds_median"], "<=", 1.3),
            ("flow rows/s / naive rows/s", flow_rate / figures["naive"]["rows_per_second"], ">=", 20),
            ("flow peak memory / floor's", flow["peak_mb_median"] / floor["peak_mb_median"], "<=", 2),
            ("night with nothing new (s)", figures["no_change_seconds"], "<=", 1),
            *found,
        ]
    return [
        {
            "target": name,
            "measured": value,
            "bound": f"{op} {bound:,}",
            "met": bool(value <= bound if op == "<=" else value >= bound),
        }
        for name, value, op, bound in found
    ]


def _spread(values: list[float], unit: str, digits: int = 1) -> str:
    median = statistics.median(values)
    return f"{median:,.{digits}f} {unit} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def markdown(result: dict) -> str:
    """The contenders' table and the targets' table."""
    figures, machine = result["figures"], result["machine"]
    rows = figures["rows"]
    lines = [
        f"`make bench SCALE={result['scale']}`: {rows:,} case rows; {machine['cores']} cores, load average "
        f"{machine['load_before']} before and {machine['load_after']} after; commit {result['commit'][:10]}; "
        f"{result['started']}",
        "",
        "| contender | time (median, min–max) | rows/s | peak memory (median, min–max) |",
        "|---|---|---|---|",
    ]
    for name, key in (("floor: calamine + native DuckDB insert", "floor"), ("nightly flow (DuckDB)", "flow")):
        if key in figures:
            f = figures[key]
            rate = rows / f["seconds_median"]
            lines.append(
                f"| {name} | {_spread(f['seconds'], 's')} | {rate:,.0f} | {_spread(f['peak_mb'], 'MB', 0)} |"
            )
    if "naive" in figures:
        n = figures["naive"]
        lines.append(
            f"| naive peer: pandas + openpyxl + to_sql, {n['rows']:,} rows, once | {n['seconds']:,.1f} s "
            f"| {n['rows_per_second']:,.0f} | {n['peak_mb']:,.0f} MB |"
        )
    if "flow_once" in figures:
        f = figures["flow_once"]
        lines.append(
            f"| nightly flow (DuckDB), csv, once | {f['seconds']:,.1f} s | {rows / f['seconds']:,.0f} "
            f"| {f['peak_mb']:,.0f} MB |"
        )
    if "no_change_seconds" in figures:
        lines.append(
            f"| night with nothing new (same inbox, warehouse) | {figures['no_change_seconds']:.1f} s | | |"
        )
    pg = figures["postgres"]
    lines.append(
        f"| PostgreSQL publish of the staged run ({pg['rows']:,} facts) | {pg['seconds']:,.1f} s "
        f"| {pg['rows_per_second']:,.0f} | |"
    )
    lines += ["", "| target | measured | bound | |", "|---|---|---|---|"]
    for t in result["targets"]:
        value = f"{t['measured']:,.0f}" if t["measured"] >= 1000 else f"{t['measured']:.2f}"
        lines.append(f"| {t['target']} | {value} | {t['bound']} | {'met' if t['met'] else 'not met'} |")
    return "\n".join(lines) + "\n"


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=BENCH, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="1m")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the floor and of the flow")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder of the results")
    arguments = parser.parse_args()
    started = datetime.now(UTC)
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="honlea-bench-") as tmp:
        figures = measure(arguments.scale, arguments.repeats, Path(tmp))
    result = {
        "scale": arguments.scale,
        "started": f"{started:%Y-%m-%d %H:%M} UTC",
        "commit": _commit(),
        "machine": {
            "cores": os.cpu_count(),
            "load_before": load_before,
            "load_after": _load(),
            "platform": platform.platform(),
        },
        "versions": {
            "python": platform.python_version(),
            "polars": pl.__version__,
            "duckdb": duckdb.__version__,
        },
        "task_runner": os.environ.get("HONLEA_TASK_RUNNER", "threads"),
        "figures": figures,
    }
    result["targets"] = targets(figures)
    table = markdown(result)
    print(table)
    arguments.out.mkdir(parents=True, exist_ok=True)
    stem = arguments.out / f"{started:%Y-%m-%dT%H%M}_{arguments.scale}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(table, encoding="utf-8")
    print(f"Results: {stem}.json, {stem}.md")


if __name__ == "__main__":
    main()
