"""Read a submitted file into grids of text cells, one per sheet, numbered as the file numbers rows."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from honlea.sources.xlsx import open_workbook, sheet_cells

CSV_DELIMITERS = (";", ",", "\t", "|")
CSV_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_SNIFF_LINES = 40
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: old .xls, or an encrypted xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream name in the compound file's directory
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


FLAG_SCHEMA = {"source_row": pl.Int64, "column": pl.String, "flag": pl.String, "text": pl.String}


@dataclass(frozen=True)
class Grid:
    """A sheet's cells as text: columns c<k> for the sheet's k-th column (A is c0; an xlsx grid leaves
    out empty columns and rows), plus source_row (1-based, as Excel or an editor shows)."""

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


def sha256(path: Path) -> str:
    """Hex digest of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def content_rows(grids: list[Grid]) -> int:
    """Rows of the grids holding at least one non-blank cell."""
    return sum(
        grid.frame.filter(
            pl.any_horizontal(
                pl.col(c).str.strip_chars() != "" for c in grid.frame.columns if c != "source_row"
            )
        ).height
        for grid in grids
        if grid.frame.width > 1
    )


def _grid(rows: list[list[str | None]], first_row: int) -> pl.DataFrame:
    width = max((len(r) for r in rows), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_columns(
        pl.int_range(first_row, first_row + len(rows), dtype=pl.Int64).alias("source_row")
    )


def grid_of(sheet: str, rows: list[list[str | None]], first_row: int = 1) -> Grid:
    """A grid of rows of cell texts, the first numbered first_row."""
    return Grid(sheet, _grid(rows, first_row))


def _sheet_grid(name: str, cells: pl.DataFrame) -> Grid:
    """Cells (row, column, text, flag) as a grid: one row per row holding something, in row order."""
    frame = cells.pivot(on="column", index="row", values="text", aggregate_function="first").sort("row")
    order = sorted(int(c) for c in frame.columns if c != "row")
    flags = cells.filter(pl.col("flag").is_not_null()).select(
        pl.col("row").alias("source_row"), pl.format("c{}", "column").alias("column"), "flag", "text"
    )
    return Grid(
        name,
        frame.select(*[pl.col(str(c)).alias(f"c{c}") for c in order], pl.col("row").alias("source_row")),
        flags=flags,
    )


def _ole2_problem(data: bytes, name: str) -> str | None:
    """Why an OLE2 compound file is not read: an encrypted workbook, or an old binary .xls."""
    if not data.startswith(_OLE2):
        return None
    if _ENCRYPTED in data:
        return f"{name}: the workbook is password-protected (encrypted): send it without a password"
    return (
        f"{name}: an old binary Excel workbook (.xls) is not read: open it in Excel and save it as "
        "Excel Workbook (.xlsx), or as csv"
    )


def read_xlsx(path: Path) -> Reading:
    """Every visible sheet holding something, every cell as text, rows numbered as in Excel; hidden
    sheets holding data are listed, not read."""
    data = path.read_bytes()
    if problem := _ole2_problem(data, path.name):
        raise UnreadableFile(problem)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = open_workbook(archive)
            sheets = [(sheet, sheet_cells(book, sheet)) for sheet in book.sheets]
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError, SyntaxError) as exc:
        raise UnreadableFile(f"{path.name}: not a readable xlsx workbook ({exc})") from exc
    return Reading(
        [
            _sheet_grid(sheet.name, cells)
            for sheet, cells in sheets
            if sheet.state == "visible" and cells.height
        ],
        [
            HiddenSheet(sheet.name, sheet.state, cells["row"].n_unique())
            for sheet, cells in sheets
            if sheet.state != "visible" and cells.height
        ],
    )


def _utf16(data: bytes) -> str | None:
    """The utf-16 encoding of text that has a byte-order mark, or (without one) NUL bytes at every
    other place, as Latin text has in utf-16; None for other text."""
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = data[:4096]
    pairs = len(sample) // 2
    for encoding, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        if pairs >= 2 and sample[nul_at::2].count(0) >= 0.9 * pairs and sample[1 - nul_at :: 2].count(0) == 0:
            return encoding
    return None


def _decode(data: bytes, name: str) -> str:
    if encoding := _utf16(data):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{name}: text in {encoding} with an invalid byte at {exc.start}") from exc
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


def read_csv(path: Path) -> Reading:
    """The csv as one grid ("csv" sheet): `,` `;` tab or `|`, UTF-8 (with or without BOM), UTF-16
    or Latin-1, rows numbered by line.

    A `;` separated file is assumed to use the decimal comma unless its numbers show otherwise.
    """
    text = _decode(path.read_bytes(), path.name).lstrip("\ufeff").replace("\x00", "")  # no NUL in PostgreSQL
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
    return Reading([Grid("csv", _grid(rows, 1), decimal_hint="," if delimiter == ";" else ".")])


READERS = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_xlsx, ".csv": read_csv, ".txt": read_csv}


def read_file(path: Path) -> Reading:
    """What a file holds, read by its extension; UnreadableFile when it is not a format we read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(
            f"{path.name}: unsupported file type {path.suffix or '(none)'}; send xlsx or csv"
        )
    return reader(path)


def read_grids(path: Path) -> list[Grid]:
    """The grids of a file's visible sheets (see read_file)."""
    return read_file(path).grids
