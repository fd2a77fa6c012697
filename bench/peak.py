"""One contender in a process of its own: its JSON answer, wall time and peak memory.

Peak memory is sampled, not taken from ``getrusage``: every 50 ms, psutil sums the resident set (RSS)
of the contender's process and all its descendants, and the largest sum is the peak. ``getrusage``'s
``RUSAGE_CHILDREN`` reports the largest single child, not what the children held at the same time, so
it would miss the flow's parallel reading workers (and a Dask cluster's workers); sampling counts them
together. A process tree whose command line is the Prefect server's (uvicorn serving
``prefect.server.api.server``) is left out, as the issue asks. RSS counts shared library pages once per
process, so the sum errs on the high side; a spike shorter than 50 ms can be missed.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from dataclasses import dataclass

import psutil

SAMPLE_SECONDS = 0.05
PREFECT_SERVER = "prefect.server.api.server"


@dataclass(frozen=True)
class Measured:
    answer: dict  # the JSON the contender printed last on stdout
    wall_seconds: float  # of the whole process, start-up included
    peak_bytes: int  # largest sum of RSS over the process tree, the Prefect server excluded


def answer(contender: str, started: float, rows: int, stored: int) -> None:
    """Print a contender's answer, the JSON that `run` reads (seconds since `started`, rows); stop if
    not every row read was stored."""
    seconds = time.perf_counter() - started
    if stored != rows:
        raise SystemExit(f"{contender}: read {rows} rows, stored {stored}")
    print(json.dumps({"seconds": seconds, "rows": rows}))


def _is_prefect_server(process: psutil.Process) -> bool:
    try:
        return any(PREFECT_SERVER in part for part in process.cmdline())
    except psutil.Error:
        return False


def tree_rss(root: psutil.Process) -> int:
    """RSS of `root` and its descendants, without the Prefect server's subtree."""
    total, pending = 0, [root]
    while pending:
        process = pending.pop()
        if _is_prefect_server(process):
            continue
        try:
            total += process.memory_info().rss
            pending += process.children()
        except psutil.Error:  # ended between two looks
            continue
    return total


def run(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run `command`, sampling its tree's memory until it ends; its last stdout line read as JSON."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    root = psutil.Process(process.pid)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE_SECONDS):
            peak = max(peak, tree_rss(root))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout = process.communicate()[0]
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, stdout)
    return Measured(json.loads(stdout.strip().splitlines()[-1]), wall, peak)
