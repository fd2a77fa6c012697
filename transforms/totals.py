"""Check a source's own group totals against the components it reports beside them."""

from __future__ import annotations

import polars as pl

#: A total may exceed its components (it includes unspecified amounts); it may fall short of them
#: only by rounding: at most this share of the total plus this many kilograms.
TOLERANCE_SHARE = 0.01
TOLERANCE_KG = 1.0


def mark_total_shortfalls(frame: pl.DataFrame, drugs: pl.DataFrame) -> pl.DataFrame:
    """Add `components_kg` to total rows whose group's components add up to more than the total.

    `drugs` gives drug_id, drug_group_id, is_total and in_group_total. Totals and components are
    compared per country, year and drug group, each side summed over its rows (repeated keys are
    parts of one figure; a figure listed twice under two names counts once: see
    keys.mark_double_listings). Null where there is nothing to compare or the total holds. Same grain.
    """
    flags = drugs.select("drug_id", "drug_group_id", "is_total", "in_group_total")
    joined = frame.join(flags, on="drug_id", how="left", maintain_order="left")
    by = ["iso3", "year", "drug_group_id"]
    sides = (
        joined.drop_nulls([*by, "kilograms"])
        .filter(pl.col("repeats_row").is_null())
        .group_by(by)
        .agg(
            pl.col("kilograms").filter(pl.col("is_total")).sum().alias("__total"),
            pl.col("is_total").any().alias("__has_total"),
            pl.col("kilograms").filter(~pl.col("is_total") & pl.col("in_group_total")).sum().alias("__parts"),
            (~pl.col("is_total") & pl.col("in_group_total")).any().alias("__has_parts"),
        )
        .filter(
            pl.col("__has_total")
            & pl.col("__has_parts")
            & (pl.col("__parts") > pl.col("__total") * (1 + TOLERANCE_SHARE) + TOLERANCE_KG)
        )
        .select(*by, pl.col("__parts").alias("components_kg"), pl.lit(True).alias("is_total"))
    )
    return joined.join(sides, on=[*by, "is_total"], how="left", maintain_order="left").drop(
        "drug_group_id", "is_total", "in_group_total"
    )
