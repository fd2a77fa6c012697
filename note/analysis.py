"""What the note's sentences and tables say, computed from NoteData: totals by area, drug group and year;
leading countries; notable changes. Pure polars, frame in frame out."""

from __future__ import annotations

import polars as pl

from honlea.note.data import NAMES, NoteData

REGION, SUBREGION, WORLD = "region", "subregion", "world"


def group_totals(data: NoteData) -> pl.DataFrame:
    """One row per area x drug group x year of the trend: kind (region, subregion, world), area,
    drug_group_id, year, kilograms (the sum of the countries' figures), countries (how many reported)."""
    window = data.figures.filter(pl.col("year").is_in(list(data.years)))
    totals = pl.concat(
        [
            window.filter(pl.col("area") == data.area.name).with_columns(
                pl.lit(REGION).alias("kind"), pl.col("area").alias("place")
            ),
            window.filter(pl.col("area") == data.area.name, pl.col("subarea").is_not_null()).with_columns(
                pl.lit(SUBREGION).alias("kind"), pl.col("subarea").alias("place")
            ),
            window.filter(pl.col("year").is_in(list(data.world_years))).with_columns(
                pl.lit(WORLD).alias("kind"), pl.lit("World").alias("place")
            ),
        ]
    )
    return (
        totals.group_by("kind", "place", "drug_group_id", "year")
        .agg(pl.col("kilograms").sum(), pl.col("iso3").n_unique().alias("countries"))
        .rename({"place": "area"})
        .sort("kind", "area", "drug_group_id", "year")
    )


def total(totals: pl.DataFrame, kind: str, area: str, group: str, year: int) -> float | None:
    """One total of group_totals; None when no country reported."""
    found = totals.filter(
        pl.col("kind") == kind,
        pl.col("area") == area,
        pl.col("drug_group_id") == group,
        pl.col("year") == year,
    )["kilograms"]
    return float(found.item()) if found.len() else None


def discussed_groups(data: NoteData) -> list[str]:
    """The main groups (where the region has figures in the trend), then the other groups that reach the
    material share of the region's seizures in the reference year, largest first."""
    region = data.in_area().filter(pl.col("year").is_in(list(data.years)))
    present = set(region["drug_group_id"])
    reference = region.filter(pl.col("year") == data.reference.year)
    all_kg = reference["kilograms"].sum()
    by_group = (
        reference.group_by("drug_group_id").agg(pl.col("kilograms").sum()).sort("kilograms", descending=True)
    )
    others = [
        row["drug_group_id"]
        for row in by_group.iter_rows(named=True)
        if row["drug_group_id"] not in data.rules.main_groups
        and all_kg
        and row["kilograms"] >= data.rules.material_share * all_kg
    ]
    return [g for g in data.rules.main_groups if g in present] + others


def table_groups(data: NoteData) -> list[str]:
    """Every group with figures in the region in the trend: the discussed ones first, then by size."""
    discussed = discussed_groups(data)
    region = data.in_area().filter(pl.col("year").is_in(list(data.years)))
    rest = (
        region.filter(~pl.col("drug_group_id").is_in(discussed))
        .group_by("drug_group_id")
        .agg(pl.col("kilograms").sum())
        .sort("kilograms", "drug_group_id", descending=[True, False])["drug_group_id"]
        .to_list()
    )
    return discussed + rest


def country_years(data: NoteData, group: str) -> pl.DataFrame:
    """One row per country of the region with a figure for the group in the previous or reference year:
    iso3, names, subarea, previous, reference (kilograms; null: no figure)."""
    region = data.in_area().filter(pl.col("drug_group_id") == group)
    by_year = {
        name: region.filter(pl.col("year") == year).select("iso3", pl.col("kilograms").alias(name))
        for name, year in (("previous", data.previous_year), ("reference", data.reference.year))
    }
    countries = region.select("iso3", *NAMES, "subarea").unique("iso3")
    return (
        countries.join(by_year["previous"], on="iso3", how="left")
        .join(by_year["reference"], on="iso3", how="left")
        .filter(pl.col("previous").is_not_null() | pl.col("reference").is_not_null())
    )


def leading(data: NoteData, group: str) -> pl.DataFrame:
    """The leading countries of the reference year: iso3, names, reference, previous, share (of the
    region's total, per cent), largest first."""
    rows = country_years(data, group).filter(pl.col("reference").is_not_null())
    region_total = rows["reference"].sum()
    return (
        rows.sort(["reference", "name_en"], descending=[True, False])
        .head(data.rules.leading_countries)
        .with_columns(
            (100 * pl.col("reference") / region_total if region_total else pl.lit(None)).alias("share")
        )
    )


def notable_changes(data: NoteData, group: str) -> pl.DataFrame:
    """Countries whose seizures of the group at least doubled (`doubled`), at least halved (`halved`) or
    that have a figure for the previous year but none for the reference year (`stopped`), where the larger
    figure reaches notable_min_kg: iso3, names, previous, reference, kind; by kind, then largest change."""
    rules = data.rules
    rows = country_years(data, group).filter(
        pl.max_horizontal(pl.col("previous").fill_null(0), pl.col("reference").fill_null(0))
        >= rules.notable_min_kg
    )
    ratio = pl.col("reference") / pl.col("previous")
    kind = (
        pl.when(pl.col("previous").is_not_null() & pl.col("reference").is_null())
        .then(pl.lit("stopped"))
        .when((pl.col("previous") > 0) & (ratio >= rules.doubled))
        .then(pl.lit("doubled"))
        .when((pl.col("previous") > 0) & (pl.col("reference") > 0) & (ratio <= rules.halved))
        .then(pl.lit("halved"))
    )
    return (
        rows.with_columns(kind.alias("kind"))
        .filter(pl.col("kind").is_not_null())
        .with_columns((pl.col("reference").fill_null(0) - pl.col("previous")).abs().alias("size"))
        .sort(["kind", "size"], descending=[False, True])
        .drop("size")
    )


def largest_changes(data: NoteData, groups: list[str], count: int = 3) -> pl.DataFrame:
    """The largest changes in kilograms from the previous to the reference year among countries that
    reported both years: iso3, names, drug_group_id, previous, reference, change (kg)."""
    frames = [
        country_years(data, group)
        .filter(pl.col("previous").is_not_null(), pl.col("reference").is_not_null())
        .with_columns(pl.lit(group).alias("drug_group_id"))
        for group in groups
    ]
    changes = pl.concat(frames) if frames else pl.DataFrame()
    if changes.is_empty():
        return changes
    return (
        changes.with_columns((pl.col("reference") - pl.col("previous")).alias("change"))
        .sort(pl.col("change").abs(), descending=True)
        .head(count)
    )


def per_cent(new: float | None, old: float | None) -> float | None:
    """The change from old to new, per cent; None when old is missing or zero."""
    if new is None or not old:
        return None
    return 100 * (new - old) / old
