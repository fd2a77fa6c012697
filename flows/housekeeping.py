"""What a run leaves in the data folder for later (staging files, Great Expectations Data Docs) is
kept for HONLEA_KEEP_DAYS days, then removed by a later run."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

#: The data folder's subfolders that hold one folder per run, named by its run id.
PER_RUN = ("staging", "gx_docs")
_RUN_TIME = "%Y%m%dT%H%M%SZ"  # the start of a run id (flows.nightly.new_run_id)


def _started(run_id: str) -> datetime | None:
    try:
        return datetime.strptime(run_id[: len("20260101T000000Z")], _RUN_TIME)
    except ValueError:
        return None  # not a run's folder: left alone


def remove_expired(data_dir: Path, keep_days: int, now: datetime) -> list[Path]:
    """Remove the run folders older than keep_days (by the run id's UTC time; now is naive UTC); the
    folders removed. keep_days 0 keeps everything."""
    if keep_days <= 0:
        return []
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for kind in PER_RUN:
        for folder in sorted((data_dir / kind).glob("*")):
            started = _started(folder.name)
            if folder.is_dir() and started is not None and started < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed
