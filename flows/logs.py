"""What a run's log shows: a line per file, the run's own messages and every warning and error; not
Prefect's "Finished in state Completed()" for each of the hundreds of task runs of a night."""

from __future__ import annotations

import logging
import os

#: Prefect's setting of its task runs' logger (PREFECT_LOGGING_[PATH]_[TO]_[KEY] over logging.yml).
TASK_RUNS_LEVEL = "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL"


def quiet_task_runs() -> None:
    """Task runs log their warnings and errors only; flow runs keep INFO. An operator's own
    PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL wins (INFO shows every task run's state again).
    Set in the environment, for the processes a run starts (Dask workers, a served deployment's runs),
    and on the logger of this process, whose logging Prefect configured when it was imported."""
    level = os.environ.setdefault(TASK_RUNS_LEVEL, "WARNING").upper()
    logging.getLogger("prefect.task_runs").setLevel(level)
