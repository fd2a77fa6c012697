"""What every reader gives: a file's sheets as grids of text cells, numbered as the file numbers rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

FLAG_SCHEMA = {"source_row": pl.Int64, "column": pl.String, "flag": pl.String, "text": pl.String}


@dataclass(frozen=True)
class Grid:
    """A sheet's cells as text: columns c<k> for the sheet's k-th column (A is c0; a workbook's grid leaves
    out empty columns and rows), plus source_row: the row as the file numbers it (1-based, as Excel or an
    editor shows; a JSON file's record index, its header row 0: see sources/formats.py)."""

    sheet: str
    frame: pl.DataFrame
    decimal_hint: str = "."  # decimal mark to assume when the numbers do not show one
    # cells holding no value: source_row, column (c<k>), flag (excel_error, formula_without_value), text
    flags: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=FLAG_SCHEMA))


@dataclass(frozen=True)
class HiddenSheet:
    """A hidden sheet that holds data: it is not read."""

    name: str
    state: str  # hidden, or veryHidden (only VBA can show it)
    rows: int  # rows holding something


@dataclass(frozen=True)
class Reading:
    """What a file holds: a grid per visible sheet with content, and the hidden sheets holding data."""

    grids: list[Grid]
    hidden: list[HiddenSheet] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file could not be opened as a spreadsheet or text table."""


def grid_of(rows: list[list[str | None]], numbers: Sequence[int]) -> pl.DataFrame:
    """Rows of cells as a grid's frame: columns c0, c1, ... and source_row, the row's number in the file."""
    width = max((len(r) for r in rows), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_columns(pl.Series("source_row", list(numbers), dtype=pl.Int64))
