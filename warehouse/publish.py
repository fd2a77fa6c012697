"""Publish a run's staged files to the warehouse in one transaction (stage -> validate -> publish).

Facts go through the staging schema; a resubmission closes the current figures of the same source,
country and year (valid_to) rather than deleting them, so history stays queryable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from config.reference import dim_country, dim_drug
from transforms.decisions import DECISION_SCHEMA
from transforms.facts import ASSIGNED_AT_PUBLISH, calendar
from warehouse.backends import Warehouse
from warehouse.schema import (
    DIM_COUNTRY,
    DIM_DATE,
    DIM_DRUG,
    DIM_SOURCE,
    DIM_SUBMISSION,
    ETL_RUN,
    FACT_SEIZURE,
    LOAD_AUDIT,
    QUALITY_ISSUE,
    STAGING_FACT,
    SUBMISSION_SLICE,
    Table,
)
from warehouse.staging import FACTS, ISSUES, StagedFile

CALENDAR_YEARS = (1990, datetime.now(UTC).year + 1)
_NULLABLE = {
    "valid_to": pl.Datetime("us"),
    "superseded_by": pl.Int64,
    "reporting_iso3": pl.String,
    "vocabulary_version": pl.String,
    "decimal_mark": pl.String,
}
ROWS_PER_SUBMISSION = 10_000_000  # seizure_id = submission_id * this + the row's position in its file

# A new file replaces the current figures of its source for every country and year it covers.
_SUPERSEDE_FACTS = """
UPDATE warehouse.fact_seizure SET valid_to = ?, superseded_by = ?
WHERE valid_to IS NULL
  AND submission_id IN (
    SELECT submission_id FROM warehouse.dim_submission WHERE source = ? AND submission_id <> ?)
  AND EXISTS (
    SELECT 1 FROM warehouse.submission_slice s
    WHERE s.submission_id = ?
      AND s.iso3 = warehouse.fact_seizure.iso3 AND s.year = warehouse.fact_seizure.year)
"""
# A file read again (to apply stewards' decisions, or after a vocabulary change) publishes a new
# version of a figure only where its value or status changed: its own earlier figures that the new
# reading does not repeat exactly are replaced ...
_FIGURE = ("sheet", "source_row", "year")  # one figure of one file
_COMPARED = [c for c in FACT_SEIZURE.column_names if c not in (*ASSIGNED_AT_PUBLISH, "published_because")]
_SAME_FIGURE = " AND ".join(f"f.{c} IS NOT DISTINCT FROM n.{c}" for c in (*_FIGURE, *_COMPARED))
_OWN_CURRENT = """
  f.valid_to IS NULL AND f.submission_id IN (
    SELECT submission_id FROM warehouse.dim_submission WHERE sha256 = ? AND submission_id <> ?)"""
_SUPERSEDE_CHANGED = f"""
UPDATE warehouse.fact_seizure f SET valid_to = ?, superseded_by = ?
WHERE {_OWN_CURRENT}
  AND NOT EXISTS (SELECT 1 FROM staging.fact_seizure n WHERE {_SAME_FIGURE})
"""
# ... and the figures it repeats exactly stay as they were (not published again).
_DROP_UNCHANGED = f"""
DELETE FROM staging.fact_seizure n
WHERE EXISTS (SELECT 1 FROM warehouse.fact_seizure f WHERE {_OWN_CURRENT} AND {_SAME_FIGURE})
"""
# A new file's figures for a country and year its source already gave are a resubmission.
_MARK_RESUBMITTED = """
UPDATE staging.fact_seizure SET published_because = 'resubmission'
WHERE EXISTS (
  SELECT 1 FROM warehouse.fact_seizure f JOIN warehouse.dim_submission s ON s.submission_id = f.submission_id
  WHERE f.valid_to IS NULL AND s.source = ?
    AND f.iso3 = staging.fact_seizure.iso3 AND f.year = staging.fact_seizure.year)
"""
# ... and loads nothing for a country and year that a newer file of the source now holds.
_DROP_NEWER_HELD = """
DELETE FROM staging.fact_seizure
WHERE EXISTS (
  SELECT 1 FROM warehouse.fact_seizure f JOIN warehouse.dim_submission s ON s.submission_id = f.submission_id
  WHERE f.valid_to IS NULL AND s.source = ? AND s.sha256 <> ?
    AND f.iso3 = staging.fact_seizure.iso3 AND f.year = staging.fact_seizure.year)
"""
# A submission closes when later ones of its source cover all its countries and years, or when its
# own file was read again.
_CLOSE_SUBMISSIONS = """
UPDATE warehouse.dim_submission SET valid_to = ?, superseded_by = ?
WHERE valid_to IS NULL AND submission_id <> ? AND source = ?
  AND (sha256 = ? OR NOT EXISTS (
    SELECT 1 FROM warehouse.submission_slice old
    WHERE old.submission_id = warehouse.dim_submission.submission_id
      AND NOT EXISTS (
        SELECT 1 FROM warehouse.submission_slice later
        JOIN warehouse.dim_submission l ON l.submission_id = later.submission_id
        WHERE later.submission_id > old.submission_id AND l.source = warehouse.dim_submission.source
          AND l.sha256 <> warehouse.dim_submission.sha256
          AND later.iso3 = old.iso3 AND later.year = old.year)))
"""


_FACT_COLUMNS = ", ".join(FACT_SEIZURE.column_names)
_PUBLISH_STAGED = (
    f"INSERT INTO {FACT_SEIZURE.qualified} ({_FACT_COLUMNS}) "
    f"SELECT {_FACT_COLUMNS} FROM {STAGING_FACT.qualified}"
)


def utc_now() -> datetime:
    """Now in UTC, as the naive timestamp the warehouse stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def _replace(warehouse: Warehouse, table: Table, frame: pl.DataFrame) -> None:
    warehouse.execute(f"DELETE FROM {table.qualified}")
    warehouse.insert(table, frame)


def loaded_hashes(warehouse: Warehouse) -> frozenset[str]:
    """SHA-256 of every file already published."""
    return frozenset(warehouse.query("SELECT DISTINCT sha256 FROM warehouse.dim_submission")["sha256"])


# current files with a steward's decision not yet applied ...
_AWAITING_DECISIONS = """
SELECT DISTINCT s.sha256 FROM quality.steward_decision d
JOIN quality.quality_issue q ON q.issue_id = d.issue_id
JOIN warehouse.dim_submission s ON s.submission_id = q.submission_id
WHERE d.applied_run_id IS NULL AND s.valid_to IS NULL
"""
# ... and current files with open issues that a vocabulary entry could solve, read with another vocabulary
_AWAITING_VOCABULARY = """
SELECT DISTINCT s.sha256 FROM quality.quality_issue q
JOIN warehouse.dim_submission s ON s.submission_id = q.submission_id AND s.run_id = q.run_id
WHERE s.valid_to IS NULL AND q.status = 'open' AND q.check_name IN ({checks})
  AND (s.vocabulary_version IS NULL OR s.vocabulary_version <> ?)
"""


def files_to_read_again(
    warehouse: Warehouse, vocabulary_version: str, vocabulary_checks: tuple[str, ...]
) -> dict[str, str]:
    """sha256 -> why a published file is read again: 'decision' (a steward's decision waits for it) or
    'vocabulary' (rows failed for unknown vocabulary, and the vocabulary changed since)."""
    marks = ", ".join("?" for _ in vocabulary_checks)
    vocabulary = warehouse.query(
        _AWAITING_VOCABULARY.format(checks=marks), [*vocabulary_checks, vocabulary_version]
    )["sha256"]
    decisions = warehouse.query(_AWAITING_DECISIONS)["sha256"]
    return dict.fromkeys(vocabulary, "vocabulary") | dict.fromkeys(decisions, "decision")


def decision_snapshot(warehouse: Warehouse) -> pl.DataFrame:
    """Every steward's decision so far, as the run applies them."""
    columns = ", ".join(DECISION_SCHEMA)
    return warehouse.query(f"SELECT {columns} FROM quality.steward_decision").cast(DECISION_SCHEMA)


def start_run(warehouse: Warehouse, run_id: str, flow_run_id: str, trigger: str, files: int) -> None:
    """Record the run as running (its own transaction, so a failed run stays visible); safe to retry."""
    warehouse.execute("DELETE FROM quality.etl_run WHERE run_id = ?", [run_id])
    row = {"run_id": run_id, "flow_run_id": flow_run_id, "trigger": trigger, "started_at": utc_now()}
    row |= {"status": "running", "files": files}
    warehouse.insert(
        ETL_RUN,
        pl.DataFrame([row])
        .with_columns(pl.col("files").cast(pl.Int64))
        .select([pl.col(c) if c in row else pl.lit(None).alias(c) for c in ETL_RUN.column_names]),
    )


def abandoned_message(run_id: str) -> str:
    """What quality.etl_run says of a run found dead by run `run_id`."""
    return f"its process ended without recording an outcome; found by run {run_id}"


def abandon_runs(warehouse: Warehouse, run_id: str) -> None:
    """Mark abandoned every other run still marked running: the caller holds the run lock, so their
    processes ended (killed, crashed, or the machine stopped) before they recorded an outcome."""
    warehouse.execute(
        "UPDATE quality.etl_run SET status = 'abandoned', finished_at = ?, message = ? "
        "WHERE status = 'running' AND run_id <> ?",
        [utc_now(), abandoned_message(run_id), run_id],
    )


def fail_run(warehouse: Warehouse, run_id: str, message: str) -> None:
    """Mark the run failed with its reason (recording it first if it failed before it was recorded)."""
    if not warehouse.scalar("SELECT COUNT(*) FROM quality.etl_run WHERE run_id = ?", [run_id]):
        start_run(warehouse, run_id, "", "unknown", 0)
    warehouse.execute(
        "UPDATE quality.etl_run SET status = 'failed', finished_at = ?, message = ? WHERE run_id = ?",
        [utc_now(), message[:4000], run_id],
    )


def _publish_file(warehouse: Warehouse, run_id: str, staged: StagedFile, now: datetime) -> int | None:
    """Insert one file's submission, facts and issues; its submission_id (None when nothing loads)."""
    submission_id = None
    if staged.status == "validated":
        submission_id = warehouse.scalar(
            "SELECT COALESCE(MAX(submission_id), 0) + 1 FROM warehouse.dim_submission"
        )
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
            "valid_from": now,
            "valid_to": None,
            "superseded_by": None,
            "vocabulary_version": staged.vocabulary_version,
            "decimal_mark": staged.decimal_mark,
        }
        read_again = warehouse.scalar(
            "SELECT COUNT(*) FROM warehouse.dim_submission WHERE sha256 = ?", [staged.sha256]
        )
        facts = pl.read_parquet(staged.file(FACTS)).with_columns(
            (pl.col("row_id") + submission_id * ROWS_PER_SUBMISSION).alias("seizure_id"),
            pl.lit(submission_id, dtype=pl.Int64).alias("submission_id"),
            pl.lit(now).alias("valid_from"),
            pl.lit(None, dtype=pl.Datetime("us")).alias("valid_to"),
            pl.lit(None, dtype=pl.Int64).alias("superseded_by"),
            pl.lit((staged.read_again_because() or "decision") if read_again else "submission").alias(
                "published_because"
            ),
        )
        slices = pl.DataFrame(staged.slices, schema={"iso3": pl.String, "year": pl.Int32}, orient="row")
        warehouse.insert(DIM_SUBMISSION, pl.DataFrame([submission], schema_overrides=_NULLABLE))
        warehouse.insert(
            SUBMISSION_SLICE,
            slices.with_columns(pl.lit(submission_id, dtype=pl.Int64).alias("submission_id")),
        )
        warehouse.insert(STAGING_FACT, facts)
        if read_again:
            own = [staged.sha256, submission_id]
            warehouse.execute(_SUPERSEDE_CHANGED, [now, submission_id, *own])
            warehouse.execute(_DROP_UNCHANGED, own)
            warehouse.execute(_DROP_NEWER_HELD, [staged.source, staged.sha256])
        else:
            warehouse.execute(_MARK_RESUBMITTED, [staged.source])
            warehouse.execute(
                _SUPERSEDE_FACTS, [now, submission_id, staged.source, submission_id, submission_id]
            )
        warehouse.execute(
            _CLOSE_SUBMISSIONS, [now, submission_id, submission_id, staged.source, staged.sha256]
        )
        warehouse.execute(_PUBLISH_STAGED)
        warehouse.execute("DELETE FROM staging.fact_seizure")
        staged.status = "loaded"
    if staged.file(ISSUES).exists():
        issues = pl.read_parquet(staged.file(ISSUES)).with_columns(
            pl.format(
                "{}-{}-{}", pl.lit(run_id), pl.lit(Path(staged.folder).name), pl.int_range(pl.len())
            ).alias("issue_id"),
            pl.lit(run_id).alias("run_id"),
            pl.lit(submission_id, dtype=pl.Int64).alias("submission_id"),
            pl.lit(staged.file_name).alias("file_name"),
        )
        warehouse.insert(QUALITY_ISSUE, issues)
    return submission_id


def _audit_row(run_id: str, staged: StagedFile, submission_id: int | None, now: datetime) -> dict:
    return {
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
        "rows_not_reported": staged.rows_not_reported,
        "message": staged.message,
        "finished_at": now,
    }


def publish(warehouse: Warehouse, run_id: str, staged_files: list[StagedFile], sources: pl.DataFrame) -> None:
    """Reference dimensions, every validated file, the run's audit and its etl_run row: all or nothing.
    `sources` is warehouse.dim_source as the configuration gives it (source, precedence, description)."""
    now = utc_now()
    with warehouse.transaction():
        _replace(warehouse, DIM_SOURCE, sources)
        _replace(warehouse, DIM_COUNTRY, dim_country())
        _replace(warehouse, DIM_DRUG, dim_drug())
        _replace(warehouse, DIM_DATE, calendar(*CALENDAR_YEARS))
        in_arrival_order = sorted(staged_files, key=lambda staged: (staged.received_at, staged.path))
        submitted = {
            staged.folder: _publish_file(warehouse, run_id, staged, now) for staged in in_arrival_order
        }
        audit = [_audit_row(run_id, staged, submitted[staged.folder], now) for staged in staged_files]
        frame = pl.DataFrame(
            audit,
            schema_overrides={"submission_id": pl.Int64, "profile": pl.String, "message": pl.String},
        )
        if audit:
            warehouse.insert(LOAD_AUDIT, frame)
        totals = [
            frame[c].sum() if audit else 0
            for c in ("rows_read", "rows_loaded", "rows_quarantined", "rows_duplicate", "rows_not_reported")
        ]
        loaded = sum(1 for staged in staged_files if staged.status == "loaded")
        republished = [staged.sha256 for staged in staged_files if staged.status == "loaded"]
        as_of = staged_files[0].decisions_as_of() if staged_files else None
        if republished and as_of is not None:
            marks = ", ".join("?" for _ in republished)
            warehouse.execute(
                "UPDATE quality.steward_decision SET applied_run_id = ? WHERE applied_run_id IS NULL "
                "AND decided_at <= ? "
                "AND issue_id IN (SELECT q.issue_id FROM quality.quality_issue q "
                "JOIN warehouse.dim_submission s ON s.submission_id = q.submission_id "
                f"WHERE s.sha256 IN ({marks}))",
                [run_id, as_of, *republished],
            )
        warehouse.execute(
            "UPDATE quality.etl_run SET status = 'succeeded', finished_at = ?, files_loaded = ?, "
            "rows_read = ?, rows_loaded = ?, rows_quarantined = ?, rows_duplicate = ?, rows_not_reported = ? "
            "WHERE run_id = ?",
            [now, loaded, *totals, run_id],
        )
