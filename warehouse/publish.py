"""Publish a run's staged files to the warehouse in one transaction (stage -> validate -> publish).

Facts go through the staging schema; a resubmission closes the current figures of the same source,
country and year (valid_to) rather than deleting them, so history stays queryable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from honlea.config.names import FileStatus, IssueStatus, PublishedBecause, RunStatus
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.schema import (
    DIM_SUBMISSION,
    ETL_RUN,
    FACT_SEIZURE,
    LOAD_AUDIT,
    QUALITY_ISSUE,
    STAGING_FACT,
    STEWARD_DECISION,
    SUBMISSION_SLICE,
    Table,
)

#: fact_seizure columns publish assigns (keys and validity); the facts it is handed carry the others
ASSIGNED_AT_PUBLISH = (
    "seizure_id",
    "submission_id",
    "valid_from",
    "valid_to",
    "superseded_by",
    "published_because",
)
HANDED_FACT_COLUMNS = [c for c in FACT_SEIZURE.column_names if c not in ASSIGNED_AT_PUBLISH]
_NULLABLE = {
    "valid_to": pl.Datetime("us"),
    "superseded_by": pl.Int64,
    "reporting_iso3": pl.String,
    "vocabulary_version": pl.String,
    "decimal_mark": pl.String,
}
ROWS_PER_SUBMISSION = 10_000_000  # seizure_id = submission_id * this + the row's position in its file

# A new file replaces the current figures of its source for every country and year it covers; the
# countries and years where it replaced some are those where its own figures are a resubmission.
_SUPERSEDE_FACTS = f"""
UPDATE {FACT_SEIZURE.qualified} SET valid_to = ?, superseded_by = ?
WHERE valid_to IS NULL
  AND submission_id IN (
    SELECT submission_id FROM {DIM_SUBMISSION.qualified} WHERE source = ? AND submission_id <> ?)
  AND EXISTS (
    SELECT 1 FROM {SUBMISSION_SLICE.qualified} s
    WHERE s.submission_id = ?
      AND s.iso3 = {FACT_SEIZURE.qualified}.iso3 AND s.year = {FACT_SEIZURE.qualified}.year)
RETURNING iso3, year
"""
# Facts sit only in countries and years their submission covers: where no other submission of the source
# covers one the new file covers, nothing is superseded and the (full) scan of the facts is skipped.
_OVERLAPS = f"""
SELECT COUNT(*) FROM {SUBMISSION_SLICE.qualified} old
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = old.submission_id
JOIN {SUBMISSION_SLICE.qualified} new ON new.iso3 = old.iso3 AND new.year = old.year
WHERE s.source = ? AND old.submission_id <> ? AND new.submission_id = ?
"""
# A file read again (to apply stewards' decisions, or after a vocabulary change) publishes a new
# version of a figure only where its value or status changed: its own earlier figures that the new
# reading does not repeat exactly are replaced ...
_FIGURE = ("sheet", "source_row", "year")  # one figure of one file
_SAME_FIGURE = " AND ".join(f"f.{c} IS NOT DISTINCT FROM n.{c}" for c in (*_FIGURE, *HANDED_FACT_COLUMNS))
_OWN_CURRENT = f"""
  f.valid_to IS NULL AND f.submission_id IN (
    SELECT submission_id FROM {DIM_SUBMISSION.qualified} WHERE sha256 = ? AND submission_id <> ?)"""
_SUPERSEDE_CHANGED = f"""
UPDATE {FACT_SEIZURE.qualified} f SET valid_to = ?, superseded_by = ?
WHERE {_OWN_CURRENT}
  AND NOT EXISTS (SELECT 1 FROM {STAGING_FACT.qualified} n WHERE {_SAME_FIGURE})
"""
# ... and the figures it repeats exactly stay as they were (not published again).
_DROP_UNCHANGED = f"""
DELETE FROM {STAGING_FACT.qualified} n
WHERE EXISTS (SELECT 1 FROM {FACT_SEIZURE.qualified} f WHERE {_OWN_CURRENT} AND {_SAME_FIGURE})
"""
# ... and (read again) loads nothing for a country and year that a newer file of the source now holds.
_DROP_NEWER_HELD = f"""
DELETE FROM {STAGING_FACT.qualified}
WHERE EXISTS (
  SELECT 1 FROM {FACT_SEIZURE.qualified} f
  JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id
  WHERE f.valid_to IS NULL AND s.source = ? AND s.sha256 <> ?
    AND f.iso3 = {STAGING_FACT.qualified}.iso3 AND f.year = {STAGING_FACT.qualified}.year)
"""
# A submission closes when later ones of its source cover all its countries and years, or when its
# own file was read again.
_CLOSE_SUBMISSIONS = f"""
UPDATE {DIM_SUBMISSION.qualified} SET valid_to = ?, superseded_by = ?
WHERE valid_to IS NULL AND submission_id <> ? AND source = ?
  AND (sha256 = ? OR NOT EXISTS (
    SELECT 1 FROM {SUBMISSION_SLICE.qualified} old
    WHERE old.submission_id = {DIM_SUBMISSION.qualified}.submission_id
      AND NOT EXISTS (
        SELECT 1 FROM {SUBMISSION_SLICE.qualified} later
        JOIN {DIM_SUBMISSION.qualified} l ON l.submission_id = later.submission_id
        WHERE later.submission_id > old.submission_id AND l.source = {DIM_SUBMISSION.qualified}.source
          AND l.sha256 <> {DIM_SUBMISSION.qualified}.sha256
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
    return frozenset(warehouse.query(f"SELECT DISTINCT sha256 FROM {DIM_SUBMISSION.qualified}")["sha256"])


# current files with a steward's decision not yet applied ...
_AWAITING_DECISIONS = f"""
SELECT DISTINCT s.sha256 FROM {STEWARD_DECISION.qualified} d
JOIN {QUALITY_ISSUE.qualified} q ON q.issue_id = d.issue_id
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = q.submission_id
WHERE d.applied_run_id IS NULL AND s.valid_to IS NULL
"""
# ... and current files with open issues that a vocabulary entry could solve, read with another vocabulary
_AWAITING_VOCABULARY = f"""
SELECT DISTINCT s.sha256 FROM {QUALITY_ISSUE.qualified} q
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = q.submission_id AND s.run_id = q.run_id
WHERE s.valid_to IS NULL AND q.status = ? AND q.check_name IN ({{checks}})
  AND (s.vocabulary_version IS NULL OR s.vocabulary_version <> ?)
"""


def files_to_read_again(
    warehouse: Warehouse, vocabulary_version: str, vocabulary_checks: tuple[str, ...]
) -> dict[str, str]:
    """sha256 -> why a published file is read again: a steward's decision waits for it, or its rows failed
    for unknown vocabulary and the vocabulary changed since."""
    marks = ", ".join("?" for _ in vocabulary_checks)
    vocabulary = warehouse.query(
        _AWAITING_VOCABULARY.format(checks=marks), [IssueStatus.OPEN, *vocabulary_checks, vocabulary_version]
    )["sha256"]
    decisions = warehouse.query(_AWAITING_DECISIONS)["sha256"]
    return dict.fromkeys(vocabulary, PublishedBecause.VOCABULARY) | dict.fromkeys(
        decisions, PublishedBecause.DECISION
    )


def decision_snapshot(warehouse: Warehouse, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Every steward's decision so far: the columns the schema names, of its types."""
    columns = ", ".join(schema)
    return warehouse.query(f"SELECT {columns} FROM {STEWARD_DECISION.qualified}").cast(dict(schema))


def start_run(warehouse: Warehouse, run_id: str, flow_run_id: str, trigger: str, files: int) -> None:
    """Record the run as running (its own transaction, so a failed run stays visible); safe to retry."""
    warehouse.execute(f"DELETE FROM {ETL_RUN.qualified} WHERE run_id = ?", [run_id])
    row = {"run_id": run_id, "flow_run_id": flow_run_id, "trigger": trigger, "started_at": utc_now()}
    row |= {"status": RunStatus.RUNNING, "files": files}
    warehouse.insert(
        ETL_RUN,
        pl.DataFrame([row])
        .with_columns(pl.col("files").cast(pl.Int64))
        .select([pl.col(c) if c in row else pl.lit(None).alias(c) for c in ETL_RUN.column_names]),
    )


def abandoned_message(run_id: str) -> str:
    """What quality.etl_run says of a run found dead by run `run_id`."""
    return f"its process ended without recording an outcome; found by run {run_id}"


def abandon_runs(warehouse: Warehouse, run_id: str) -> list[str]:
    """Mark abandoned every other run still marked running: the caller holds the run lock, so their
    processes ended (killed, crashed, or the machine stopped) before they recorded an outcome. Their
    run ids."""
    dead = warehouse.query(
        f"SELECT run_id FROM {ETL_RUN.qualified} WHERE status = ? AND run_id <> ? ORDER BY run_id",
        [RunStatus.RUNNING, run_id],
    )["run_id"].to_list()
    warehouse.execute(
        f"UPDATE {ETL_RUN.qualified} SET status = ?, finished_at = ?, message = ? "
        "WHERE status = ? AND run_id <> ?",
        [RunStatus.ABANDONED, utc_now(), abandoned_message(run_id), RunStatus.RUNNING, run_id],
    )
    return dead


def fail_run(warehouse: Warehouse, run_id: str, flow_run_id: str, trigger: str, message: str) -> None:
    """Mark the run failed with its reason (recording it first, with its flow run and trigger, if it
    failed before it was recorded)."""
    if not warehouse.scalar(f"SELECT COUNT(*) FROM {ETL_RUN.qualified} WHERE run_id = ?", [run_id]):
        start_run(warehouse, run_id, flow_run_id, trigger, 0)
    warehouse.execute(
        f"UPDATE {ETL_RUN.qualified} SET status = ?, finished_at = ?, message = ? WHERE run_id = ?",
        [RunStatus.FAILED, utc_now(), message[:4000], run_id],
    )


@dataclass(frozen=True)
class RunFile:
    """One inbox file as a run leaves it, handed to publish: its audit row and, for a file to publish,
    its submission, the countries and years it covers and its facts; its quality issues."""

    place: str  # the file's place in the run: its issues' ids are run-place-number
    audit: dict[str, Any]  # load_audit's columns but run_id, submission_id and finished_at
    #: dim_submission's columns but those publish assigns; None: the file is not published
    submission: dict[str, Any] | None
    slices: list[tuple[str, int]]  # (iso3, year) the file covers
    facts: Path | None  # parquet: row_id and HANDED_FACT_COLUMNS (seizure statistics)
    issues: Path | None  # parquet: quality_issue's columns but issue_id, run_id, submission_id, file_name
    read_again_because: str | None = None  # why a file published before is read again
    #: other kinds' tables: the parquet of each table's rows, all its columns but submission_id
    tables: Mapping[Table, Path] = field(default_factory=dict)


def _publish_file(warehouse: Warehouse, run_id: str, file: RunFile, now: datetime) -> int | None:
    """Insert one file's submission, its facts or its kind's tables, and its issues; its submission_id
    (None when nothing loads). A later submission of a source closes the earlier ones whose countries
    and years it covers all."""
    submission_id = None
    if file.submission is not None:
        sha256, source = file.submission["sha256"], file.submission["source"]
        submission_id = warehouse.scalar(
            f"SELECT COALESCE(MAX(submission_id), 0) + 1 FROM {DIM_SUBMISSION.qualified}"
        )
        submission = file.submission | {
            "submission_id": submission_id,
            "run_id": run_id,
            "loaded_at": now,
            "valid_from": now,
            "valid_to": None,
            "superseded_by": None,
        }
        slices = pl.DataFrame(file.slices, schema={"iso3": pl.String, "year": pl.Int32}, orient="row")
        warehouse.insert(DIM_SUBMISSION, pl.DataFrame([submission], schema_overrides=_NULLABLE))
        warehouse.insert(
            SUBMISSION_SLICE,
            slices.with_columns(pl.lit(submission_id, dtype=pl.Int64).alias("submission_id")),
        )
        if file.facts is not None:
            _publish_facts(warehouse, file, submission_id, now)
        for table, rows in file.tables.items():
            warehouse.insert(
                table,
                pl.read_parquet(rows)
                .with_columns(pl.lit(submission_id, dtype=pl.Int64).alias("submission_id"))
                .select(table.column_names),
            )
        warehouse.execute(_CLOSE_SUBMISSIONS, [now, submission_id, submission_id, source, sha256])
    if file.issues is not None:
        issues = pl.read_parquet(file.issues).with_columns(
            pl.format("{}-{}-{}", pl.lit(run_id), pl.lit(file.place), pl.int_range(pl.len())).alias(
                "issue_id"
            ),
            pl.lit(run_id).alias("run_id"),
            pl.lit(submission_id, dtype=pl.Int64).alias("submission_id"),
            pl.lit(file.audit["file_name"]).alias("file_name"),
        )
        warehouse.insert(QUALITY_ISSUE, issues)
    return submission_id


def _publish_facts(warehouse: Warehouse, file: RunFile, submission_id: int, now: datetime) -> None:
    """A file's seizure figures: a new file supersedes its source's figures for the countries and years it
    covers; a file read again publishes only the figures whose value or status changed."""
    sha256 = file.submission["sha256"]
    read_again = warehouse.scalar(
        f"SELECT COUNT(*) FROM {DIM_SUBMISSION.qualified} WHERE sha256 = ? AND submission_id <> ?",
        [sha256, submission_id],
    )
    facts = pl.read_parquet(file.facts).with_columns(
        (pl.col("row_id") + submission_id * ROWS_PER_SUBMISSION).alias("seizure_id"),
        pl.lit(submission_id, dtype=pl.Int64).alias("submission_id"),
        pl.lit(now).alias("valid_from"),
        pl.lit(None, dtype=pl.Datetime("us")).alias("valid_to"),
        pl.lit(None, dtype=pl.Int64).alias("superseded_by"),
    )
    if read_again:
        _publish_read_again(warehouse, file, submission_id, now, facts)
    else:
        _publish_new(warehouse, file, submission_id, now, facts)


def _publish_new(
    warehouse: Warehouse, file: RunFile, submission_id: int, now: datetime, facts: pl.DataFrame
) -> None:
    """A new file's figures straight into the facts (no staging round trip): a resubmission where they
    replace current figures of the source."""
    source = file.submission["source"]
    replaced = pl.DataFrame(schema={"iso3": pl.String, "year": pl.Int32})
    if warehouse.scalar(_OVERLAPS, [source, submission_id, submission_id]):
        ids = [submission_id, source, submission_id, submission_id]
        replaced = warehouse.query(_SUPERSEDE_FACTS, [now, *ids])
    slices = replaced.unique().cast({c: facts.schema[c] for c in ("iso3", "year")}).to_struct()
    resubmitted = pl.struct("iso3", "year").is_in(slices.implode())
    warehouse.insert(
        FACT_SEIZURE,
        facts.with_columns(
            pl.when(resubmitted)
            .then(pl.lit(PublishedBecause.RESUBMISSION))
            .otherwise(pl.lit(PublishedBecause.SUBMISSION))
            .alias("published_because")
        ),
    )


def _publish_read_again(
    warehouse: Warehouse, file: RunFile, submission_id: int, now: datetime, facts: pl.DataFrame
) -> None:
    """A file read again, through the staging table: only its figures whose value or status changed."""
    sha256, source = file.submission["sha256"], file.submission["source"]
    because = file.read_again_because or PublishedBecause.DECISION
    warehouse.insert(STAGING_FACT, facts.with_columns(pl.lit(because).alias("published_because")))
    own = [sha256, submission_id]
    warehouse.execute(_SUPERSEDE_CHANGED, [now, submission_id, *own])
    warehouse.execute(_DROP_UNCHANGED, own)
    warehouse.execute(_DROP_NEWER_HELD, [source, sha256])
    warehouse.execute(_PUBLISH_STAGED)
    warehouse.execute(f"DELETE FROM {STAGING_FACT.qualified}")


def _audit_row(run_id: str, file: RunFile, submission_id: int | None, now: datetime) -> dict:
    status = FileStatus.LOADED if submission_id is not None else file.audit["status"]
    return file.audit | {
        "run_id": run_id,
        "submission_id": submission_id,
        "status": status,
        "finished_at": now,
    }


def publish(
    warehouse: Warehouse,
    run_id: str,
    files: Sequence[RunFile],
    reference: Mapping[Table, pl.DataFrame],
    decisions_as_of: datetime | None,
) -> None:
    """The reference tables (replaced whole), the run's files in the order they arrived (submission ids
    follow it), their audit and the run's etl_run row: all or nothing. The stewards' decisions taken up
    to `decisions_as_of` are marked applied by this run where their file was published again."""
    now = utc_now()
    with warehouse.transaction():
        for table, frame in reference.items():
            _replace(warehouse, table, frame)
        submitted = [_publish_file(warehouse, run_id, file, now) for file in files]
        audit = [
            _audit_row(run_id, file, submission_id, now)
            for file, submission_id in zip(files, submitted, strict=True)
        ]
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
        loaded = [file.submission for file, found in zip(files, submitted, strict=True) if found is not None]
        published = [submission["sha256"] for submission in loaded if submission]
        if published and decisions_as_of is not None:
            marks = ", ".join("?" for _ in published)
            warehouse.execute(
                f"UPDATE {STEWARD_DECISION.qualified} SET applied_run_id = ? WHERE applied_run_id IS NULL "
                "AND decided_at <= ? "
                f"AND issue_id IN (SELECT q.issue_id FROM {QUALITY_ISSUE.qualified} q "
                f"JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = q.submission_id "
                f"WHERE s.sha256 IN ({marks}))",
                [run_id, decisions_as_of, *published],
            )
        warehouse.execute(
            f"UPDATE {ETL_RUN.qualified} SET status = ?, finished_at = ?, files_loaded = ?, "
            "rows_read = ?, rows_loaded = ?, rows_quarantined = ?, rows_duplicate = ?, rows_not_reported = ? "
            "WHERE run_id = ?",
            [RunStatus.SUCCEEDED, now, len(published), *totals, run_id],
        )
