"""Turn a sheet's grid (every cell as text) into records of canonical text fields."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from honlea.config.names import FIELDS
from honlea.transforms.headers import HeaderMatch
from honlea.transforms.text import blank_to_null


def text_column(name: str) -> str:
    """Name of the column that keeps a field's text as submitted."""
    return f"{name}_text"


@dataclass(frozen=True)
class SheetRecords:
    """What a sheet's rows below its header give. A wide sheet counts a row per filled year cell."""

    records: pl.DataFrame  # one per figure: per data row, or per row and filled year cell (wide)
    without_figures: int  # wide rows with labels but no figure in any year column: nothing reported
    other_year_figures: dict[str, int]  # grid column -> filled cells of a wide sheet's non-year column

    @property
    def rows(self) -> int:
        """Every row (figure) the sheet gives: records, rows without figures, figures not loaded."""
        return self.records.height + self.without_figures + sum(self.other_year_figures.values())


def _data_rows(grid: pl.DataFrame, header: HeaderMatch) -> pl.DataFrame:
    """The non-blank rows below the header, cells trimmed (blank as null), with row_hash (of every
    cell of the row, to recognise exact repeats)."""
    cells = [c for c in grid.columns if c != "source_row"]
    return (
        grid.slice(header.row_index + 1)
        .with_columns(blank_to_null(pl.col(c)) for c in cells)
        .filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))
        .with_columns(pl.struct(cells).hash().alias("row_hash"))
    )


def _filled(columns: list[str]) -> pl.Expr:
    return pl.sum_horizontal(pl.col(c).is_not_null() for c in columns)


def sheet_records(
    grid: pl.DataFrame, header: HeaderMatch, sheet: str, defaults: dict[str, str]
) -> SheetRecords:
    """The sheet's records and counts (see SheetRecords).

    Records have row_id (0-based, in file order), sheet, source_row (as the file numbers it),
    source_column (header of the cell holding the quantity), row_hash and "<field>_text" for every
    field.
    """
    values = {**defaults, **header.implied}  # fields without a column of their own
    body = _data_rows(grid, header)
    without_figures, other_year_figures = 0, {}
    if header.year_columns:
        years = [column for _, column, _ in header.year_columns]
        others = [column for column, _ in header.other_years]
        counts = body.select(
            (_filled([*years, *others]) == 0).sum().alias("__without"), *[pl.col(c).count() for c in others]
        ).row(0, named=True)
        without_figures = int(counts.pop("__without") or 0)
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
        columns = header.columns
    records = body.select(
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
    return SheetRecords(records, without_figures, other_year_figures)
