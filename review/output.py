"""Query results printed for people (aligned tables, rich) or for scripts (csv, json, markdown)."""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

import polars as pl
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "json", "markdown")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def print_frame(
    frame: pl.DataFrame,
    fmt: str = "table",
    max_rows: int = 40,
    out: TextIO | None = None,
    width: int | None = None,
) -> None:
    """Print a result: `table` (aligned, numbers to the right, at most max_rows with a line saying how
    many more; `width` characters wide, else the terminal's or 160), or every row as `csv`, `json` (an
    array of records) or `markdown`."""
    out = out or sys.stdout
    if fmt == "csv":
        out.write(frame.write_csv())
    elif fmt == "json":
        out.write(frame.write_json() + "\n")
    elif fmt == "markdown":
        with pl.Config(
            tbl_formatting="MARKDOWN",
            tbl_hide_column_data_types=True,
            tbl_hide_dataframe_shape=True,
            tbl_rows=-1,
            tbl_cols=-1,
            fmt_str_lengths=10_000,
            tbl_width_chars=60_000,
        ):
            out.write(f"{frame}\n")
    else:
        table = Table(show_edge=False, header_style="bold", pad_edge=False)
        for name, dtype in frame.schema.items():
            table.add_column(name, justify="right" if dtype.is_numeric() else "left", overflow="fold")
        for row in frame.head(max_rows).iter_rows():
            table.add_row(*map(_cell, row))
        width = width or (shutil.get_terminal_size((160, 24)).columns if out.isatty() else 160)
        console = Console(file=out, width=width, color_system=None if not out.isatty() else "auto")
        console.print(table)
        shown = min(max_rows, frame.height)
        more = f" ({frame.height - shown} more not shown: --max-rows)" if frame.height > shown else ""
        console.print(f"{frame.height} row(s){more}")
