"""Data stewards' decisions on quality issues, applied to a file's rows by the nightly run.

A decision is matched by the row's business key, the failed check and the value as submitted, so
the same row in a later resubmission gets the same decision without asking again.
"""

from __future__ import annotations

import polars as pl

from transforms.records import text_column

DECISION_KEY = ["business_key", "check_name", "value"]  # a missing submitted value is ""
DECISION_SCHEMA = {
    "business_key": pl.String,
    "check_name": pl.String,
    "field": pl.String,
    "value": pl.String,
    "action": pl.String,
    "corrected_value": pl.String,
    "decided_at": pl.Datetime("us"),
    "decision_id": pl.String,
}
ROW_MARK = "#"  # joins a business key and a row hash into a row key (see row_key)
STATUS_OF_ACTION = {"accept": "accepted", "reject": "rejected", "await": "awaiting", "correct": "open"}


def effective_decisions(decisions: pl.DataFrame) -> pl.DataFrame:
    """One row per business key, check and value: the latest decision, unless it reopened the issue."""
    latest = decisions.sort("decided_at", "decision_id").group_by(DECISION_KEY, maintain_order=True).last()
    return latest.filter(pl.col("action") != "reopen")


def row_key(business_key: pl.Expr, row_hash: pl.Expr) -> pl.Expr:
    """A key for one row of a conflict: rows of one key share the business key, so a decision on one
    of them (accept this row, reject that one) also names the row by the hash of its cells."""
    return business_key + pl.lit(ROW_MARK) + row_hash.cast(pl.String)


def apply_corrections(records: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """Same grain as `records`: where a 'correct' decision matches a row's business key (or its row
    key, for a conflict) and a field's submitted text, that text becomes the corrected value;
    `corrected_fields` lists what changed."""
    out = records.with_columns(
        pl.lit(None, dtype=pl.String).alias("corrected_fields"),
        row_key(pl.col("business_key"), pl.col("row_hash")).alias("__row_key"),
    )
    corrections = decisions.filter(pl.col("action") == "correct", pl.col("field").is_not_null())
    for (field, by_row), rows in corrections.group_by(
        "field",
        pl.col("business_key").str.contains(ROW_MARK, literal=True).alias("by_row"),
        maintain_order=True,
    ):
        column, key = text_column(str(field)), "__row_key" if by_row else "business_key"
        table = rows.select(
            pl.col("business_key").alias(key),
            pl.col("value").alias("__submitted"),
            pl.col("corrected_value").alias("__corrected"),
        ).unique([key, "__submitted"], keep="last")
        out = (
            out.with_columns(pl.col(column).fill_null("").alias("__submitted"))  # a missing value is ""
            .join(table, on=[key, "__submitted"], how="left", maintain_order="left")
            .with_columns(
                pl.coalesce("__corrected", column).alias(column),
                pl.when(pl.col("__corrected").is_not_null())
                .then(
                    pl.concat_str(
                        pl.col("corrected_fields"), pl.lit(str(field)), separator=",", ignore_nulls=True
                    )
                )
                .otherwise(pl.col("corrected_fields"))
                .alias("corrected_fields"),
            )
            .drop("__corrected", "__submitted")
        )
    return out.drop("__row_key")


def apply_decisions(issues: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """Same grain as `issues`: `status` is accepted, rejected or awaiting where a decision matches,
    else open (a correction that still fails its check is open again)."""
    decided = decisions.select("business_key", "check_name", pl.col("value").alias("__submitted"), "action")
    status = pl.col("action").replace_strict(STATUS_OF_ACTION, default="open", return_dtype=pl.String)
    return (
        issues.with_columns(pl.col("value").fill_null("").alias("__submitted"))  # a missing value is ""
        .join(decided, on=["business_key", "check_name", "__submitted"], how="left", maintain_order="left")
        .with_columns(status.alias("status"))
        .drop("action", "__submitted")
    )
