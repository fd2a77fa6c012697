"""Publish a run's staged files to the warehouse in one transaction (stage -> validate -> publish)."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import polars as pl

from config.reference import dim_country, dim_drug
from transforms.facts import calendar
from warehouse.schema import DIM_COUNTRY, DIM_DATE, DIM_DRUG, DIM_SUBMISSION, LOAD_AUDIT, QUALITY_ISSUE, Table
from warehouse.staging import FACTS, ISSUES, StagedFile

CALENDAR_YEARS = (1990, datetime.now(UTC).year + 1)


def _insert(connection: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame) -> None:
    """Insert a polars frame through Arrow (no row-by-row SQL), matching columns by name."""
    connection.register("incoming", frame.select(table.column_names).to_arrow())
    try:
        connection.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM incoming")
    finally:
        connection.unregister("incoming")


def _replace(connection: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame) -> None:
    connection.execute(f"DELETE FROM {table.name}")
    _insert(connection, table, frame)


def loaded_hashes(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """SHA-256 of every file already published."""
    return {row[0] for row in connection.execute("SELECT sha256 FROM dim_submission").fetchall()}


def _publish_file(
    connection: duckdb.DuckDBPyConnection, run_id: str, staged: StagedFile, now: datetime
) -> int | None:
    """Insert one file's submission, facts and issues; its submission_id (None when nothing loads)."""
    submission_id = None
    if staged.status == "validated":
        submission_id = connection.execute(
            "SELECT COALESCE(MAX(submission_id), 0) + 1 FROM dim_submission"
        ).fetchall()[0][0]
        submission = {
            "submission_id": submission_id,
            "run_id": run_id,
            "path": staged.path,
            "file_name": staged.file_name,
            "sha256": staged.sha256,
            "profile": staged.profile,
            "source": staged.source,
            "matched_by": staged.matched_by,
            "dataset": staged.dataset,
            "reporting_iso3": staged.reporting_iso3,
            "is_synthetic": staged.synthetic,
            "received_at": datetime.fromisoformat(staged.received_at),
            "loaded_at": now,
        }
        _insert(connection, DIM_SUBMISSION, pl.DataFrame([submission]))
        connection.execute(
            "INSERT INTO fact_seizure BY NAME SELECT ?::BIGINT AS submission_id, * FROM read_parquet(?)",
            [submission_id, str(staged.file(FACTS))],
        )
        staged.status = "loaded"
    if staged.file(ISSUES).exists():
        issues = pl.read_parquet(staged.file(ISSUES)).with_columns(
            pl.lit(run_id).alias("run_id"),
            pl.lit(submission_id, dtype=pl.Int64).alias("submission_id"),
            pl.lit(staged.file_name).alias("file_name"),
        )
        _insert(connection, QUALITY_ISSUE, issues)
    return submission_id


def publish(connection: duckdb.DuckDBPyConnection, run_id: str, staged_files: list[StagedFile]) -> None:
    """Reference dimensions, every validated file and the run's audit, all or nothing."""
    now = datetime.now(UTC).replace(tzinfo=None)
    connection.execute("BEGIN TRANSACTION")
    try:
        _replace(connection, DIM_COUNTRY, dim_country())
        _replace(connection, DIM_DRUG, dim_drug())
        _replace(connection, DIM_DATE, calendar(*CALENDAR_YEARS))
        audit = []
        for staged in staged_files:
            submission_id = _publish_file(connection, run_id, staged, now)
            audit.append(
                {
                    "run_id": run_id,
                    "submission_id": submission_id,
                    "path": staged.path,
                    "file_name": staged.file_name,
                    "profile": staged.profile,
                    "status": staged.status,
                    "rows_read": staged.rows_read,
                    "rows_loaded": staged.rows_loaded,
                    "rows_quarantined": staged.rows_quarantined,
                    "rows_duplicate": staged.rows_duplicate,
                    "message": staged.message,
                    "finished_at": now,
                }
            )
        if audit:
            _insert(connection, LOAD_AUDIT, pl.DataFrame(audit, schema_overrides={"submission_id": pl.Int64}))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
