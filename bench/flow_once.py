"""The nightly flow once, Prefect's start excluded: a temporary Prefect server is started first
(``prefect_test_harness``), then only the call of the flow is timed. Prints
``{"seconds": ..., "facts": ..., "run_dir": ...}``: the facts in the warehouse after the run and the
run's staging folder.

    python bench/flow_once.py INBOX WAREHOUSE_URL DATA_DIR

The task runner is HONLEA_TASK_RUNNER's (threads by default; dask for a local Dask cluster, whose start
is then inside the timed call, as in a real night).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from prefect.testing.utilities import prefect_test_harness

from honlea.flows.nightly import nightly
from honlea.warehouse.connection import connect
from honlea.warehouse.schema import FACT_SEIZURE


def main(inbox: str, warehouse_url: str, data_dir: str) -> None:
    with prefect_test_harness(server_startup_timeout=120):
        started = time.perf_counter()
        state = nightly(inbox=inbox, warehouse_url=warehouse_url, data_dir=data_dir, return_state=True)
        seconds = time.perf_counter() - started
    if state.is_failed():
        raise SystemExit(f"the nightly flow failed: {state.message}")
    with connect(warehouse_url, read_only=True) as warehouse:
        facts = warehouse.scalar(f"SELECT COUNT(*) FROM {FACT_SEIZURE.qualified}")
    runs = sorted((Path(data_dir) / "staging").iterdir())  # run ids sort by time: the last is this run
    print(json.dumps({"seconds": seconds, "facts": facts, "run_dir": str(runs[-1])}))


if __name__ == "__main__":
    main(*sys.argv[1:])
