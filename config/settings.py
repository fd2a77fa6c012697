"""Run settings, read from the environment with defaults for a local checkout."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path
from typing import TypeVar

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "config"  # the shipped configuration; HONLEA_CONFIG_DIR chooses another
#: Files whose name starts with this are synthetic demo data, and are labelled so in the warehouse.
SYNTHETIC_PREFIX = "SYNTHETIC_"
#: The real UNODC annex the demo puts in its inbox (provenance in demo/real/PROVENANCE.md).
ANNEX_FILE = PROJECT_ROOT / "demo" / "real" / "drug_seizures_2018_2022.xlsx"


#: Retries with back-off for tasks that touch files or the database (seconds between attempts).
RETRY_DELAYS = [float(s) for s in os.environ.get("HONLEA_RETRY_DELAYS", "5,30").split(",")]
RETRIES = {"retries": len(RETRY_DELAYS), "retry_delay_seconds": RETRY_DELAYS}  # Prefect task options

T = TypeVar("T")


def config_dir() -> Path:
    """The configuration folder (profiles, vocabularies, UN reference): $HONLEA_CONFIG_DIR, else config/."""
    return Path(os.environ.get("HONLEA_CONFIG_DIR") or CONFIG_DIR)


def cached_per_config_dir(load: Callable[[Path], T]) -> Callable[..., T]:
    """`load(folder)` cached per folder; called without a folder, it loads from `config_dir()` now."""
    cached = cache(load)

    @wraps(load)
    def loader(folder: Path | None = None) -> T:
        return cached(folder or config_dir())

    return loader


@dataclass(frozen=True)
class ReadLimits:
    """What the worker process reading one file may use (flows.reading)."""

    memory_mb: int  # of data (RLIMIT_DATA; 0: no limit); beyond it the worker fails and the file with it
    timeout_seconds: float  # wall clock, from its start; then its process group is killed


@dataclass(frozen=True)
class Settings:
    """Where a run reads from and writes to, and how it is scheduled and executed."""

    inbox: Path
    warehouse_url: str
    data_dir: Path
    timezone: str  # of the nightly schedule
    cron: str
    lock_wait_seconds: float  # how long a run waits for another to finish before refusing
    task_runner: str  # threads, dask (a local cluster) or dask://host:port (an existing scheduler)
    parallel_files: int  # files read, conformed and validated at once (each holds its frames in memory)
    review_url: str  # where stewards find the review page (honlea review)
    read_limits: ReadLimits
    meeting: int | None  # the meeting whose note the nightly run writes (None: config/meetings.yaml's)
    keep_days: int = 30  # runs' staging files and Data Docs are removed after this many days (0: kept)
    notify_url: str = ""  # Apprise addresses told of failed, crashed and abandoned runs (flows/notify.py)


def _positive(name: str, default: int) -> int:
    """A whole number of at least 1 from the environment variable `name`; a ValueError naming it else."""
    text = os.environ.get(name, str(default))
    if not text.strip().isdigit() or int(text) < 1:
        raise ValueError(f"{name}={text!r}: give a whole number of at least 1")
    return int(text)


def load_settings(inbox: str | Path | None = None, warehouse_url: str | None = None) -> Settings:
    """Settings from arguments, then HONLEA_* environment variables, then defaults."""
    env = os.environ.get
    data_dir = Path(env("HONLEA_DATA_DIR", "data"))
    return Settings(
        inbox=Path(inbox or env("HONLEA_INBOX", data_dir / "inbox")),
        warehouse_url=warehouse_url or env("HONLEA_WAREHOUSE_URL", f"duckdb:///{data_dir / 'honlea.duckdb'}"),
        data_dir=data_dir,
        # the Secretariat (UNODC) sits in Vienna; stewards read the night's results in the morning there
        timezone=env("HONLEA_TIMEZONE", "Europe/Vienna"),
        cron=env("HONLEA_CRON", "0 2 * * *"),
        lock_wait_seconds=float(env("HONLEA_LOCK_WAIT_SECONDS", "600")),
        task_runner=env("HONLEA_TASK_RUNNER", "threads"),
        parallel_files=_positive("HONLEA_PARALLEL_FILES", os.cpu_count() or 1),
        review_url=env("HONLEA_REVIEW_URL", "http://127.0.0.1:8765/"),
        read_limits=ReadLimits(
            memory_mb=int(env("HONLEA_READ_MEMORY_MB", "4096")),
            timeout_seconds=float(env("HONLEA_READ_TIMEOUT_SECONDS", "600")),
        ),
        meeting=int(env("HONLEA_MEETING")) if env("HONLEA_MEETING") else None,
        keep_days=int(env("HONLEA_KEEP_DAYS", "30")),
        notify_url=env("HONLEA_NOTIFY_URL", ""),
    )
