"""Run the real nightly flow and read the warehouse it wrote."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import psycopg

from honlea.transforms.summary import AUDIT_COUNTS
from honlea.warehouse.connection import connect
from honlea.warehouse.roles import grant_analyst

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
BACKENDS = ("duckdb", "postgresql")


def run_nightly(inbox: Path, workdir: Path, url: str | None = None, **options) -> tuple[str, str]:
    """Run the real flow (DuckDB in workdir unless a URL is given); (warehouse URL, summary markdown)."""
    from honlea.flows.nightly import nightly

    url = url or f"duckdb:///{workdir / 'honlea.duckdb'}"
    summary = nightly(inbox=str(inbox), warehouse_url=url, data_dir=str(workdir / "data"), **options)
    return url, summary


def query(url: str, sql: str, params: list | None = None) -> pl.DataFrame:
    """A polars frame from the warehouse, on a read-only connection."""
    with connect(url, read_only=True) as warehouse:
        return warehouse.query(sql, params or [])


def _postgres_database() -> Iterator[str]:
    """A fresh database for one test; dropped afterwards."""
    database = f"honlea_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield POSTGRES_URL.format(database=database)
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def warehouse_url(backend: str, workdir: Path) -> Iterator[str]:
    """The URL of an empty warehouse of that backend, cleaned up afterwards."""
    if backend == "duckdb":
        yield f"duckdb:///{workdir / 'honlea.duckdb'}"
    else:
        yield from _postgres_database()


@contextmanager
def analyst_role(url: str) -> Iterator[str]:
    """A login role made by grant_analyst on a PostgreSQL warehouse, under a unique name (roles are
    cluster-wide), dropped afterwards; the URL to connect as it."""
    role = f"analyst_{uuid.uuid4().hex[:10]}"
    with connect(url) as admin:
        grant_analyst(admin, role)
    try:
        yield url.replace("//postgres@", f"//{role}@")
    finally:
        with connect(url) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


def unaccounted(audit: pl.DataFrame) -> list[str]:
    """Files of a load_audit frame whose rows_read is not loaded + quarantined + duplicate + not reported."""
    read, *outcomes = AUDIT_COUNTS
    return audit.filter(pl.col(read) != pl.sum_horizontal(outcomes))["file_name"].to_list()
