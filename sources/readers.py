"""Read a submitted file into grids of text cells, one per sheet, numbered as the file numbers rows."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

CSV_DELIMITERS = (";", ",", "\t", "|")
CSV_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_SNIFF_LINES = 40


@dataclass(frozen=True)
class Grid:
    """A sheet's cells as text: columns c0..cN plus source_row (1-based, as Excel or an editor shows)."""

    sheet: str
    frame: pl.DataFrame
    decimal_hint: str = "."  # decimal mark to assume when the numbers do not show one


class UnreadableFile(ValueError):
    """The file could not be opened as a spreadsheet or text table."""


def sha256(path: Path) -> str:
    """Hex digest of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _grid(rows: list[list[str | None]], first_row: int) -> pl.DataFrame:
    width = max((len(r) for r in rows), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_columns(
        pl.int_range(first_row, first_row + len(rows), dtype=pl.Int64).alias("source_row")
    )


def _first_used_row(path: Path, sheet: str) -> int:
    """Excel row number of the first row holding a value (calamine starts its range there)."""
    import openpyxl  # here: a third of the reading worker's start-up, and csv files do not need it

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in workbook[sheet].iter_rows(max_row=200):
            for cell in row:
                if getattr(cell, "value", None) not in (None, ""):
                    return cell.row
        return 1
    finally:
        workbook.close()


def read_xlsx(path: Path) -> list[Grid]:
    """Every visible sheet, every cell as text (calamine), rows numbered as in Excel."""
    try:
        reader = fastexcel.read_excel(path)
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise UnreadableFile(f"{path.name}: not a readable xlsx workbook ({exc})") from exc
    grids = []
    for name in reader.sheet_names:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string")
        if sheet.visible != "visible" or sheet.height == 0:
            continue
        frame = sheet.to_polars()
        frame = frame.rename(dict(zip(frame.columns, [f"c{i}" for i in range(frame.width)], strict=True)))
        first = _first_used_row(path, name)
        grids.append(
            Grid(
                name,
                frame.with_columns(
                    pl.int_range(first, first + frame.height, dtype=pl.Int64).alias("source_row")
                ),
            )
        )
    return grids


def _decode(data: bytes, name: str) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name}: text encoding is neither UTF-8 nor Latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same, largest number of fields."""
    lines = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()] or [""]

    def score(delimiter: str) -> tuple[int, int]:
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        width, count = max(widths.items(), key=lambda item: (item[1] * (item[0] > 1), item[0]))
        return (count if width > 1 else 0, width)

    return max(CSV_DELIMITERS, key=score)


def read_csv(path: Path) -> list[Grid]:
    """The csv as one grid ("csv" sheet): `,` `;` tab or `|`, UTF-8 or Latin-1, rows numbered by line.

    A `;` separated file is assumed to use the decimal comma unless its numbers show otherwise.
    """
    text = _decode(path.read_bytes(), path.name).replace("\x00", "")  # PostgreSQL text cannot hold NUL
    if not text.strip():
        raise UnreadableFile(f"{path.name}: the file is empty")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str | None]] = []
    first_line = 1
    for record in reader:
        while len(rows) < first_line - 1:  # a record spanning lines keeps the number of its first line
            rows.append([])
        rows.append([cell or None for cell in record])
        first_line = reader.line_num + 1
    return [Grid("csv", _grid(rows, 1), decimal_hint="," if delimiter == ";" else ".")]


READERS = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".csv": read_csv, ".txt": read_csv}


def read_grids(path: Path) -> list[Grid]:
    """Grids of a file by its extension; UnreadableFile when the format is not one we read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(
            f"{path.name}: unsupported file type {path.suffix or '(none)'}; send xlsx or csv"
        )
    return reader(path)
