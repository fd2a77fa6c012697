"""Repeated keys, combined as the source's profile declares: sum, duplicate or conflict."""

from __future__ import annotations

import polars as pl

from honlea.config.names import KEY_POLICIES, KeyPolicy
from honlea.transforms.records import text_column
from honlea.transforms.text import normalized, normalized_column

#: The conformed column that identifies each key field (codes, so "COL" and "Colombia" agree).
#: The unit is compared by its measure: 10 kg and 10,000 g of one drug in one year are one figure twice.
KEY_COLUMNS = {"country": "iso3", "drug": "drug_id", "unit": "measure", "year": "year"}


def with_business_key(records: pl.DataFrame, source: str) -> pl.DataFrame:
    """Add `business_key`: the row's identity across resubmissions of the source (country, drug,
    year or date, unit and case as submitted, normalised). Same grain as `records`."""
    parts = [
        pl.coalesce("country_code_text", "country_text"),
        pl.col("drug_text"),
        pl.coalesce("year_text", "seizure_date_text"),
        pl.col("unit_text"),
        pl.col("case_ref_text"),
    ]
    texts = [pl.lit(normalized_column(records, p)).fill_null("") for p in parts]
    return records.with_columns(pl.concat_str([pl.lit(source), *texts], separator="|").alias("business_key"))


def key_columns(key: list[str]) -> list[str]:
    """Conformed columns for a profile's key fields."""
    return [KEY_COLUMNS.get(name, text_column(name)) for name in key]


def split_exact_duplicates(frame: pl.DataFrame, policy: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept, dropped): rows repeating every cell of an earlier row, unless the policy is `sum`.

    Under `sum` a repeated row is a part of one figure and stays. Dropped rows gain `duplicate_of`
    (the source row they repeat). Same grain as `frame`, in file order (row_id).
    """
    if policy not in KEY_POLICIES:
        raise ValueError(f"unknown key policy {policy!r}; expected one of {KEY_POLICIES}")
    if policy == KeyPolicy.SUM:
        return frame, frame.clear().with_columns(pl.lit(None, dtype=pl.Int64).alias("duplicate_of"))
    content = ["row_hash", "source_column"]  # every cell of the source row; the year column of wide rows
    if not frame["row_id"].is_sorted():
        frame = frame.sort("row_id")
    first = frame.select(pl.struct(content).is_first_distinct()).to_series()  # in file order
    kept = frame.filter(first)
    firsts = kept.select(*content, pl.col("source_row").alias("duplicate_of"))
    dropped = frame.filter(~first).join(
        firsts, on=content, how="left", maintain_order="left", nulls_equal=True
    )
    return kept, dropped


def mark_key_conflicts(frame: pl.DataFrame, key: list[str], policy: str) -> pl.DataFrame:
    """Add `conflicting_rows`: for a key given more than once (exact repeats already dropped), all its rows.

    Two values for one key are a conflict; the same value written two ways ("Perú" and "PER") is
    too, since adding both would count the figure twice. Null for unique keys, for rows with an
    incomplete key, and under the `sum` policy. Same grain as `frame`.
    """
    if policy == KeyPolicy.SUM:
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("conflicting_rows"))
    columns = key_columns(key)
    where = pl.col("source_row").cast(pl.String)
    if frame["sheet"].n_unique() > 1:
        where = pl.col("sheet") + pl.lit("!") + where
    repeated = frame.drop_nulls(columns).filter(pl.struct(columns).is_duplicated())  # the keys given twice
    if repeated.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("conflicting_rows"))
    conflicts = repeated.group_by(columns).agg(
        where.sort_by("row_id").str.join(", ").alias("conflicting_rows")
    )
    return frame.join(conflicts, on=columns, how="left", maintain_order="left")


def mark_double_listings(frame: pl.DataFrame, policy: str) -> pl.DataFrame:
    """Add `repeats_row`: under `sum`, a row giving the same non-zero figure as another row of the
    same country, drug, measure and year but under another name of the drug ("Diazepam" and
    "Diazepam (Stesolid)") lists one figure twice: the rows under the names after the first get the
    source row of the first, so they are counted once. Rows of one name are parts of one figure and
    different values add up. Null elsewhere, and under `duplicate` and `conflict` (there a key given
    twice is already a conflict). Same grain as `frame`.
    """
    none = pl.lit(None, dtype=pl.Int32).alias("repeats_row")
    if policy != KeyPolicy.SUM:
        return frame.with_columns(none)
    amount = pl.coalesce("kilograms", "count_units")
    group = ["iso3", "drug_id", "measure", "year", "__amount"]
    marked = frame.with_columns(amount.alias("__amount"), normalized(pl.col("drug_text")).alias("__name"))
    first = pl.col("__name").first().over(group, order_by="row_id")
    repeats = (
        (pl.col("__amount") > 0)
        & pl.all_horizontal(pl.col(group).is_not_null())
        & (pl.col("__name") != first)
    )
    return marked.with_columns(
        pl.when(repeats)
        .then(pl.col("source_row").first().over(group, order_by="row_id").cast(pl.Int32))
        .alias("repeats_row")
    ).drop("__amount", "__name")
