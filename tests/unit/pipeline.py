"""The nightly run's own chain for unit tests: records → rows ready for the suite, with the real
vocabulary and taxonomy, and issue frames as the run hands them to split_quarantine."""

from __future__ import annotations

import polars as pl

from honlea.config.reference import dim_drug, vocabularies
from honlea.transforms.decisions import DECISION_SCHEMA, row_keys
from honlea.transforms.pipeline import prepare_rows

ANNUAL_KEY = ["country", "drug", "unit", "year"]


def prepared(
    records: pl.DataFrame,
    key: list[str] = ANNUAL_KEY,
    policy: str = "conflict",
    decisions: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rows kept for the suite (exact duplicates dropped under duplicate and conflict)."""
    kept, _ = prepare_rows(
        records,
        source="unit_test",
        key=key,
        policy=policy,
        decisions=pl.DataFrame(schema=DECISION_SCHEMA) if decisions is None else decisions,
        vocab=vocabularies(),
        drugs=dim_drug(),
    )
    return kept


def keys_of(frame: pl.DataFrame) -> pl.DataFrame:
    """row_id -> row_key of every row of a prepared frame."""
    return row_keys(frame)


def as_issues(found: pl.DataFrame, status: str | list[str] = "open") -> pl.DataFrame:
    """Failures as issues with a status and no decision."""
    statuses = pl.Series("status", status) if isinstance(status, list) else pl.lit(status).alias("status")
    return found.with_columns(statuses, pl.lit(None, dtype=pl.String).alias("decision_id"))
