"""Turn a sheet's grid (every cell as text) into records of canonical text fields."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from honlea.config.names import FIELDS
from honlea.transforms.headers import HeaderMatch
from honlea.transforms.text import blank_to_null, compact


def text_column(name: str) -> str:
    """Name of the column that keeps a field's text as submitted."""
    return f"{name}_text"


#: The column of a not-reported row holding its "no data" marker as written (null: a wide row whose year
#: cells are all blank).
MARKER = "marker"


@dataclass(frozen=True)
class SheetRecords:
    """What a sheet's rows below its header give. A wide sheet counts a row per filled year cell."""

    records: pl.DataFrame  # one per figure: per data row, or per row and filled year cell (wide)
    # figures not reported, shaped as records plus MARKER: a "no data" marker where the quantity is, or a
    # wide row with labels but no figure in any year column (once, without a year)
    not_reported: pl.DataFrame
    other_year_figures: dict[str, int]  # grid column -> filled cells of a wide sheet's non-year column

    @property
    def rows(self) -> int:
        """Every row (figure) the sheet gives: records, figures not reported, figures not loaded."""
        return self.records.height + self.not_reported.height + sum(self.other_year_figures.values())


def _data_rows(grid: pl.DataFrame, header: HeaderMatch, fill_down: list[str]) -> pl.DataFrame:
    """The non-blank rows below the header, cells trimmed (blank as null), the `fill_down` fields' blank
    cells filled from the row above (a blank row is not data, and fills nothing), with row_hash (of
    every cell of the row, as filled, to recognise exact repeats)."""
    cells = [c for c in grid.columns if c != "source_row"]
    filled = [header.columns[name] for name in fill_down if name in header.columns]
    return (
        grid.slice(header.row_index + 1)
        .with_columns(blank_to_null(pl.col(c)) for c in cells)
        .filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))
        .with_columns(pl.col(c).forward_fill() for c in filled)
        .with_columns(pl.struct(cells).hash().alias("row_hash"))
    )


def _filled(columns: list[str]) -> pl.Expr:
    return pl.sum_horizontal(pl.col(c).is_not_null() for c in columns)


def _is_marker(expr: pl.Expr, markers: frozenset[str]) -> pl.Expr:
    return compact(expr).is_in(list(markers)).fill_null(False)


def sheet_records(
    grid: pl.DataFrame,
    header: HeaderMatch,
    sheet: str,
    defaults: dict[str, str],
    *,
    fill_down: list[str] | None = None,
    markers: frozenset[str] = frozenset(),
) -> SheetRecords:
    """The sheet's records and counts (see SheetRecords).

    Records have row_id (0-based, in file order), sheet, source_row (as the file numbers it),
    source_column (header of the cell holding the quantity), row_hash and "<field>_text" for every
    field. A quantity written as one of the "no data" `markers` (as `compact` writes them) is a figure
    not reported; so is a wide row with no figure in any year; a number of cases so written is blank.
    """
    values = {**defaults, **header.implied}  # fields without a column of their own
    body = _data_rows(grid, header, fill_down or [])
    other_year_figures = {}
    if header.year_columns:
        years = [column for _, column, _ in header.year_columns]
        others = [column for column, _ in header.other_years]
        without = body.filter(_filled([*years, *others]) == 0).with_columns(
            pl.lit(None, dtype=pl.String).alias(c) for c in ("__quantity", "__year", "source_column")
        )
        counts = body.select(*[pl.col(c).count() for c in others]).row(0, named=True) if others else {}
        other_year_figures = {column: int(n) for column, n in counts.items()}
        body = pl.concat(
            [
                body.with_columns(
                    pl.col(column).alias("__quantity"),
                    pl.lit(str(year)).alias("__year"),
                    pl.lit(label).alias("source_column"),
                ).filter(pl.col("__quantity").is_not_null())
                for year, column, label in header.year_columns
            ]
        ).sort("source_row", maintain_order=True)
        columns = {**header.columns, "quantity": "__quantity", "year": "__year"}
    else:
        body = body.with_columns(pl.lit(header.labels.get("quantity")).alias("source_column"))
        without = body.clear()
        columns = header.columns

    def shaped(rows: pl.DataFrame) -> pl.DataFrame:
        return rows.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id"),
            pl.lit(sheet).alias("sheet"),
            pl.col("source_row").cast(pl.Int64),
            pl.col("source_column").cast(pl.String),
            "row_hash",
            *[
                (pl.col(columns[name]) if name in columns else pl.lit(values.get(name), dtype=pl.String))
                .cast(pl.String)
                .alias(text_column(name))
                for name in FIELDS
            ],
        )

    records = shaped(body).with_columns(
        pl.when(~_is_marker(pl.col("seizure_cases_text"), markers)).then(pl.col("seizure_cases_text"))
    )
    marked = _is_marker(pl.col("quantity_text"), markers)
    not_reported = pl.concat(
        [
            records.filter(marked).with_columns(pl.col("quantity_text").alias(MARKER)),
            shaped(without).with_columns(pl.lit(None, dtype=pl.String).alias(MARKER)),
        ]
    ).sort("source_row", maintain_order=True)
    return SheetRecords(records.filter(~marked), not_reported, other_year_figures)
