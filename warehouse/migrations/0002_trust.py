"""Version 2: decisions name one row, figures say why they were published, rows without figures are
counted, the nightly run's lock is a table only the loading role reaches, the vocabulary a file was
read with is recorded.

Decisions and issues made before this version named a row by its business key, check and value (and
a conflict's row by a hash suffix on the business key). Each gets the row key of the row it was made
on: the digest of the row's fields as submitted and its occurrence among identical rows of its file,
so that it applies to that row only from now on.
"""

from __future__ import annotations

import hashlib
import json
from typing import ClassVar

import polars as pl

from honlea.warehouse.backends import Warehouse

STATEMENTS = """
ALTER TABLE warehouse.fact_seizure ADD COLUMN published_because VARCHAR;
ALTER TABLE warehouse.fact_seizure ADD COLUMN decision_id VARCHAR;
ALTER TABLE warehouse.fact_seizure ADD COLUMN repeats_row INTEGER;
ALTER TABLE staging.fact_seizure ADD COLUMN published_because VARCHAR;
ALTER TABLE staging.fact_seizure ADD COLUMN decision_id VARCHAR;
ALTER TABLE staging.fact_seizure ADD COLUMN repeats_row INTEGER;
ALTER TABLE warehouse.dim_submission ADD COLUMN vocabulary_version VARCHAR;
ALTER TABLE warehouse.dim_submission ADD COLUMN decimal_mark VARCHAR;
ALTER TABLE quality.quality_issue ADD COLUMN row_key VARCHAR;
ALTER TABLE quality.quality_issue ADD COLUMN related_rows VARCHAR;
ALTER TABLE quality.steward_decision ADD COLUMN row_key VARCHAR;
ALTER TABLE quality.load_audit ADD COLUMN rows_not_reported BIGINT;
ALTER TABLE quality.etl_run ADD COLUMN rows_not_reported BIGINT;
UPDATE quality.load_audit SET rows_not_reported = 0;
UPDATE quality.etl_run SET rows_not_reported = 0;
CREATE TABLE quality.run_lock (name VARCHAR PRIMARY KEY);
INSERT INTO quality.run_lock VALUES ('nightly');
UPDATE quality.quality_issue SET business_key = split_part(business_key, '#', 1)
  WHERE check_name = 'key_conflict';
UPDATE quality.steward_decision SET business_key = split_part(business_key, '#', 1)
  WHERE check_name = 'key_conflict'
"""


def _digest(row_values: str | None) -> str:
    """As version 2's transforms compute it: SHA-1 of the fields as submitted, joined by U+001F."""
    values = json.loads(row_values) if row_values else {}
    joined = "\x1f".join("" if v is None else str(v) for v in values.values())
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


class _Scratch:
    """Where the row keys wait for the UPDATE (the insert interface needs a name and columns)."""

    qualified: ClassVar[str] = "quality.migration_row_key"
    column_names: ClassVar[list[str]] = ["issue_id", "row_key"]


def upgrade(warehouse: Warehouse) -> None:
    for statement in STATEMENTS.split(";"):
        if statement.strip():
            warehouse.execute(statement)
    issues = warehouse.query(
        "SELECT issue_id, run_id, file_name, sheet, source_row, check_name, business_key, row_values "
        "FROM quality.quality_issue WHERE business_key IS NOT NULL"
    )
    if issues.is_empty():
        return
    keyed = issues.with_columns(
        pl.col("row_values").map_elements(_digest, return_dtype=pl.String).alias("digest")
    ).with_columns(
        (
            pl.col("digest")
            + pl.lit("-")
            + (
                pl.int_range(pl.len()).over(
                    "run_id",
                    "file_name",
                    "check_name",
                    "business_key",
                    "digest",
                    order_by=["sheet", "source_row"],
                )
                + 1
            ).cast(pl.String)
        ).alias("row_key")
    )
    warehouse.execute(f"CREATE TABLE {_Scratch.qualified} (issue_id VARCHAR, row_key VARCHAR)")
    warehouse.insert(_Scratch, keyed.select(_Scratch.column_names))  # type: ignore[arg-type]
    for table in ("quality.quality_issue", "quality.steward_decision"):
        warehouse.execute(
            f"UPDATE {table} SET row_key = (SELECT m.row_key FROM {_Scratch.qualified} m "
            f"WHERE m.issue_id = {table}.issue_id)"
        )
    warehouse.execute(f"DROP TABLE {_Scratch.qualified}")
