"""Turn a sheet's grid (every cell as text) into records of canonical text fields."""

from __future__ import annotations

import polars as pl

from config.names import FIELDS
from transforms.headers import HeaderMatch
from transforms.text import blank_to_null


def text_column(name: str) -> str:
    """Name of the column that keeps a field's text as submitted."""
    return f"{name}_text"


def records_from_grid(
    grid: pl.DataFrame, header: HeaderMatch, sheet: str, defaults: dict[str, str]
) -> pl.DataFrame:
    """One row per non-blank data row below the header (per row and filled year cell for wide sheets;
    a wide row with no figure at all stays as one row without quantity, so it is not lost).

    Columns: row_id (0-based, in file order), sheet, source_row (as the file numbers it),
    source_column (header of the cell holding the quantity), row_hash (of every cell of the source
    row, to recognise exact repeats) and "<field>_text" for every field.
    """
    values = {**defaults, **header.implied}  # fields without a column of their own
    body = grid.slice(header.row_index + 1)
    cells = [c for c in grid.columns if c != "source_row"]
    body = (
        body.with_columns(blank_to_null(pl.col(c)) for c in cells)
        .filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells))
        .with_columns(pl.struct(cells).hash().alias("row_hash"))
    )
    if header.year_columns:
        filled = pl.any_horizontal(pl.col(column).is_not_null() for _, column, _ in header.year_columns)
        empty_row = body.filter(~filled).with_columns(
            pl.lit(None, dtype=pl.String).alias(name) for name in ("__quantity", "__year", "source_column")
        )
        body = pl.concat(
            [
                *[
                    body.with_columns(
                        pl.col(column).alias("__quantity"),
                        pl.lit(str(year)).alias("__year"),
                        pl.lit(label).alias("source_column"),
                    ).filter(pl.col("__quantity").is_not_null())
                    for year, column, label in header.year_columns
                ],
                empty_row,
            ]
        ).sort("source_row", maintain_order=True)
        columns = {**header.columns, "quantity": "__quantity", "year": "__year"}
    else:
        body = body.with_columns(pl.lit(header.labels.get("quantity")).alias("source_column"))
        columns = header.columns
    return body.select(
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
