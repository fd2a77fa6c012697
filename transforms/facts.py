"""Shape loaded rows as warehouse facts and dimension rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

FIGURE_TYPES = {"seizures_annual": "annual_total", "seizure_cases": "case"}


def _as_sent(column: str, *fallbacks: str) -> pl.Expr:
    """A text column as the country sent it: from `submitted` where a steward corrected the row."""
    sent = pl.coalesce(pl.col("submitted").struct.field(c) for c in (column, *fallbacks))
    return pl.when(pl.col("submitted").is_not_null()).then(sent).otherwise(pl.col(column)).alias(column)


def to_facts(loaded: pl.DataFrame, dataset: str, columns: Sequence[str]) -> pl.DataFrame:
    """One row per reported figure: row_id and the given fact columns (fact_seizure's but those the
    warehouse assigns when it publishes).

    `loaded` carries `submitted` (see decisions.apply_corrections): a corrected figure keeps the
    texts the country sent beside the corrected number, and `decision_id` names the correction."""
    day_key = pl.col("seizure_date").dt.strftime("%Y%m%d").cast(pl.Int32)
    frame = loaded.with_columns(
        _as_sent("quantity_text"),
        _as_sent("unit_text"),
        _as_sent("drug_text"),
        _as_sent("country_text", "country_code_text"),
    ).with_columns(
        pl.lit(FIGURE_TYPES[dataset]).alias("figure_type"),
        pl.coalesce(day_key, pl.col("year") * 10000).cast(pl.Int32).alias("date_key"),
        pl.col("source_row").cast(pl.Int32),
        pl.col("place_text").alias("place"),
        pl.col("admin1_text").alias("admin1"),
        pl.col("agency_text").alias("agency"),
        pl.col("case_ref_text").alias("case_ref"),
    )
    if "warnings" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("warnings"))
    return frame.select("row_id", *columns)


def covered_slices(conformed: pl.DataFrame) -> list[tuple[str, int]]:
    """(iso3, year) pairs a file gives figures for, quarantined rows included: what it resubmits."""
    pairs = conformed.select("iso3", "year").drop_nulls().unique().sort("iso3", "year")
    return [(iso3, int(year)) for iso3, year in pairs.iter_rows()]


def reporting_country(facts: pl.DataFrame) -> str | None:
    """The country every figure of a file is about, or None for multi-country files."""
    countries = facts["iso3"].drop_nulls().unique()
    return countries[0] if len(countries) == 1 else None


def calendar(first_year: int, last_year: int) -> pl.DataFrame:
    """dim_date rows, in its columns' order: one per year (key yyyy0000) and one per day of those years."""
    days = pl.date_range(date(first_year, 1, 1), date(last_year, 12, 31), eager=True).alias("date")
    day_rows = days.to_frame().select(
        pl.col("date").dt.strftime("%Y%m%d").cast(pl.Int32).alias("date_key"),
        pl.lit("day").alias("grain"),
        "date",
        pl.col("date").dt.year().cast(pl.Int32).alias("year"),
        pl.col("date").dt.quarter().cast(pl.Int32).alias("quarter"),
        pl.col("date").dt.month().cast(pl.Int32).alias("month"),
    )
    years = pl.int_range(first_year, last_year + 1, eager=True, dtype=pl.Int32).alias("year").to_frame()
    year_rows = years.select(
        (pl.col("year") * 10000).alias("date_key"),
        pl.lit("year").alias("grain"),
        pl.lit(None, dtype=pl.Date).alias("date"),
        "year",
        pl.lit(None, dtype=pl.Int32).alias("quarter"),
        pl.lit(None, dtype=pl.Int32).alias("month"),
    )
    return pl.concat([year_rows, day_rows])
