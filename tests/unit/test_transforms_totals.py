"""transforms.totals: a group total smaller than its components."""

import polars as pl
import pytest

from honlea.config.reference import dim_drug
from honlea.transforms.totals import mark_total_shortfalls


def figures(*rows):
    """rows of (iso3, year, drug_id, kilograms)."""
    return (
        pl.DataFrame(
            rows,
            schema={"iso3": pl.String, "year": pl.Int32, "drug_id": pl.String, "kilograms": pl.Float64},
            orient="row",
        )
        .with_row_index("row_id")
        .with_columns(pl.lit(None, dtype=pl.Int32).alias("repeats_row"))
    )


def components(frame):
    return dict(zip(frame["drug_id"], frame["components_kg"], strict=True))


def test_a_total_smaller_than_its_components_gets_components_kg():
    frame = figures(
        ("PER", 2011, "cocaine_total", 100.0),
        ("PER", 2011, "cocaine_hydrochloride", 80.0),
        ("PER", 2011, "coca_paste_base", 40.0),
    )
    marked = mark_total_shortfalls(frame, dim_drug())
    assert components(marked) == {
        "cocaine_total": 120.0,
        "cocaine_hydrochloride": None,
        "coca_paste_base": None,
    }
    assert marked.columns == [*frame.columns, "components_kg"]
    assert marked["row_id"].to_list() == [0, 1, 2]


def test_a_larger_total_holds():
    frame = figures(
        ("PER", 2011, "cocaine_total", 200.0),
        ("PER", 2011, "cocaine_hydrochloride", 80.0),
        ("PER", 2011, "coca_paste_base", 40.0),
    )
    assert mark_total_shortfalls(frame, dim_drug())["components_kg"].null_count() == 3


def test_rounding_within_tolerance_is_not_a_shortfall():
    # 100 * 1.01 + 1 = 102 kg is allowed
    within = figures(("PER", 2011, "cocaine_total", 100.0), ("PER", 2011, "cocaine_hydrochloride", 102.0))
    beyond = figures(("PER", 2011, "cocaine_total", 100.0), ("PER", 2011, "cocaine_hydrochloride", 102.5))
    assert components(mark_total_shortfalls(within, dim_drug()))["cocaine_total"] is None
    assert components(mark_total_shortfalls(beyond, dim_drug()))["cocaine_total"] == pytest.approx(102.5)


def test_coca_leaf_is_not_a_component_of_the_cocaine_total():
    frame = figures(
        ("BOL", 2011, "cocaine_total", 100.0),
        ("BOL", 2011, "cocaine_hydrochloride", 60.0),
        ("BOL", 2011, "coca_leaf", 50_000.0),
    )
    assert mark_total_shortfalls(frame, dim_drug())["components_kg"].null_count() == 3


def test_totals_compare_per_country_and_year():
    frame = figures(
        ("PER", 2011, "cocaine_total", 10.0),
        ("PER", 2012, "cocaine_hydrochloride", 80.0),
        ("COL", 2011, "cocaine_hydrochloride", 80.0),
    )
    assert mark_total_shortfalls(frame, dim_drug())["components_kg"].null_count() == 3


def test_repeated_component_rows_are_summed():
    frame = figures(
        ("PER", 2011, "cocaine_total", 100.0),
        ("PER", 2011, "cocaine_hydrochloride", 60.0),
        ("PER", 2011, "cocaine_hydrochloride", 60.0),
    )
    assert components(mark_total_shortfalls(frame, dim_drug()).head(1)) == {"cocaine_total": 120.0}


def test_rows_without_kilograms_or_drug_are_left_alone():
    frame = figures(
        ("PER", 2011, "cocaine_total", None),
        ("PER", 2011, "cocaine_hydrochloride", 80.0),
        ("PER", 2011, None, 5.0),
    )
    marked = mark_total_shortfalls(frame, dim_drug())
    assert marked.height == 3
    assert marked["components_kg"].null_count() == 3
