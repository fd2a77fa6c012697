"""Data stewards' decisions on quality issues, applied to a file's rows by the nightly run.

A decision names one row: its business key (source, country, drug, year or date, unit, case), and its
row key — a digest of the row's fields as submitted and, where several rows of the file are identical,
which of them it is (its occurrence in file order). The same row in a later resubmission, unchanged,
has the same keys and gets the same decision without asking again; an identical sibling does not.
"""

from __future__ import annotations

import hashlib

import polars as pl

from honlea.config.names import DecisionAction, IssueStatus
from honlea.transforms.records import FIELDS, text_column

DECISION_KEY = ["business_key", "row_key", "check_name"]
DECISION_SCHEMA = {
    "business_key": pl.String,
    "row_key": pl.String,
    "check_name": pl.String,
    "field": pl.String,
    "value": pl.String,
    "action": pl.String,
    "corrected_value": pl.String,
    "decided_at": pl.Datetime("us"),
    "decision_id": pl.String,
}
STATUS_OF_ACTION = {
    DecisionAction.ACCEPT: IssueStatus.ACCEPTED,
    DecisionAction.REJECT: IssueStatus.REJECTED,
    DecisionAction.AWAIT: IssueStatus.AWAITING,
    DecisionAction.CORRECT: IssueStatus.OPEN,
}
SUBMITTED = [text_column(f) for f in FIELDS]  # a row's fields as submitted
_JOIN = "\x1f"  # joins the fields before hashing (never in a cell's text)
#: fields added after row keys were first given: in a row's key only where the row gives them, so that
#: the keys of earlier decisions still name their rows
_LATER_FIELDS = [text_column("admin1")]


def effective_decisions(decisions: pl.DataFrame) -> pl.DataFrame:
    """One row per row key and check: the latest decision, unless it reopened the issue."""
    latest = decisions.sort("decided_at", "decision_id").group_by(DECISION_KEY, maintain_order=True).last()
    return latest.filter(pl.col("action") != DecisionAction.REOPEN)


def with_occurrence(records: pl.DataFrame) -> pl.DataFrame:
    """Add `occurrence`: 1 for the first row with these fields as submitted, 2 for the next identical
    one, and so on, in file order. Same grain as `records`."""
    occurrence = pl.int_range(pl.len(), dtype=pl.Int32).over(SUBMITTED, order_by="row_id") + 1
    if not records.select(pl.struct(SUBMITTED).is_duplicated().any()).item():
        occurrence = pl.lit(1, dtype=pl.Int32)  # no two rows alike (the usual file): no window to compute
    return records.with_columns(occurrence.alias("occurrence"))


def _digest(joined: str) -> str:
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def row_keys(records: pl.DataFrame) -> pl.DataFrame:
    """row_id and row_key of the given records (which carry `occurrence`), one row each.

    The digest is stable across versions of the libraries (SHA-1 of the fields joined), so decisions
    keep naming their rows; it is computed only for the rows asked for.
    """
    first = [pl.col(c).fill_null("") for c in SUBMITTED if c not in _LATER_FIELDS]
    later = [pl.lit(_JOIN) + pl.col(c) for c in _LATER_FIELDS]
    joined = records.select(pl.concat_str(pl.concat_str(first, separator=_JOIN), *later, ignore_nulls=True))
    # hashed here, not by a Python function inside the query: polars' threads waiting for the
    # interpreter while the run's other tasks wait for polars' threads is a deadlock
    digests = pl.Series("digest", [_digest(text) for text in joined.to_series()], dtype=pl.String)
    return records.select(
        "row_id",
        (pl.lit(digests) + pl.lit("-") + pl.col("occurrence").cast(pl.String)).alias("row_key"),
    )


def apply_corrections(records: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """Same grain as `records` (which carry business_key and occurrence): where a 'correct' decision
    names a row, the field's text becomes the corrected value. Adds `decision_id` (the correction's)
    and `submitted` (the row's fields as the country sent them, for corrected rows; else null)."""
    corrections = decisions.filter(pl.col("action") == DecisionAction.CORRECT, pl.col("field").is_not_null())
    candidates = records.join(corrections.select("business_key").unique(), on="business_key", how="semi")
    keyed = row_keys(candidates).join(candidates.select("row_id", "business_key"), on="row_id")
    chosen = (
        keyed.join(
            corrections.select(
                "business_key", "row_key", "field", "corrected_value", "decided_at", "decision_id"
            ),
            on=["business_key", "row_key"],
        )
        .sort("decided_at", "decision_id")
        .unique(["row_id", "field"], keep="last")  # two checks of one field corrected: the latest value
    )
    out = records.join(
        chosen.sort("decided_at", "decision_id").group_by("row_id").agg(pl.col("decision_id").last()),
        on="row_id",
        how="left",
        maintain_order="left",
    ).with_columns(pl.when(pl.col("decision_id").is_not_null()).then(pl.struct(SUBMITTED)).alias("submitted"))
    for field, rows in chosen.group_by("field", maintain_order=True):
        column = text_column(str(field[0]))
        table = rows.select("row_id", pl.col("corrected_value").alias("__corrected"))
        out = (
            out.join(table, on="row_id", how="left", maintain_order="left")
            .with_columns(pl.coalesce("__corrected", column).alias(column))
            .drop("__corrected")
        )
    return out


def apply_decisions(issues: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """Same grain as `issues` (which carry business_key, row_key and check_name): `status` is
    accepted, rejected or awaiting where a decision names the row and check, else open (a correction
    that still fails its check is open again); `decision_id` names the decision."""
    decided = decisions.select(*DECISION_KEY, "action", pl.col("decision_id").alias("__decision"))
    status = pl.col("action").replace_strict(
        STATUS_OF_ACTION, default=IssueStatus.OPEN, return_dtype=pl.String
    )
    return (
        issues.join(decided, on=DECISION_KEY, how="left", maintain_order="left")
        .with_columns(
            status.alias("status"),
            pl.when(
                pl.col("action").is_in([DecisionAction.ACCEPT, DecisionAction.REJECT, DecisionAction.AWAIT])
            )
            .then(pl.col("__decision"))
            .alias("decision_id"),
        )
        .drop("action", "__decision")
    )
