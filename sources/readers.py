"""Read a submitted file into grids of text cells, one per sheet, numbered as the file numbers rows."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import Counter
from pathlib import Path

import polars as pl

from honlea.sources.formats import read_json, read_json_lines, read_parquet, read_workbook
from honlea.sources.grids import Grid, HiddenSheet, Reading, UnreadableFile, grid_of
from honlea.sources.xlsx import open_workbook, sheet_cells

__all__ = ["Grid", "HiddenSheet", "Reading", "UnreadableFile", "read_file", "read_grids", "sha256"]

CSV_DELIMITERS = (";", ",", "\t", "|")
CSV_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_SNIFF_LINES = 40
_SNIFF_CHARS = 1 << 20  # the head of the text the lines to sniff are taken from
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: old .xls, or an encrypted xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream name in the compound file's directory
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


_ZIP = b"PK\x03\x04"


def read_xlsx(path: Path) -> Reading:
    """An Excel workbook by what its bytes are: xlsx (or xlsm) read here, an old binary .xls (an OLE2
    compound file) through calamine; an encrypted workbook, or one nothing reads, is refused with what to do.
    Every visible sheet holding something, every cell as text, rows numbered as in Excel; hidden sheets
    holding data are listed, not read."""
    data = path.read_bytes()
    if data.startswith(_OLE2):
        if _ENCRYPTED in data:
            raise UnreadableFile(
                f"{path.name}: the workbook is password-protected (encrypted): send it without a password"
            )
        try:
            return read_workbook(path)
        except UnreadableFile as exc:
            raise UnreadableFile(
                f"{path.name}: an old binary Excel workbook (.xls) that could not be read: open it in Excel "
                f"and save it as Excel Workbook (.xlsx), or as csv ({exc})"
            ) from exc
    if not data.startswith(_ZIP) and path.suffix.lower() == ".xls":  # an HTML or text table named .xls
        return read_workbook(path)
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
    lines = [line for line in text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES] if line.strip()] or [""]

    def score(delimiter: str) -> tuple[int, int]:
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        width, count = max(widths.items(), key=lambda item: (item[1] * (item[0] > 1), item[0]))
        return (count if width > 1 else 0, width)

    return max(CSV_DELIMITERS, key=score)


def _csv_records(text: str, delimiter: str) -> pl.DataFrame:
    """The grid frame of Python's csv reader, record by record: the way for text polars' reader does not
    take the same way (lines ended by a lone carriage return, quotes it refuses)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str | None]] = []
    first_line = 1
    for record in reader:
        while len(rows) < first_line - 1:  # a record spanning lines keeps the number of its first line
            rows.append([])
        rows.append([cell or None for cell in record])
        first_line = reader.line_num + 1
    return grid_of(rows, range(1, len(rows) + 1))


def _csv_frame(text: str, delimiter: str) -> pl.DataFrame:
    """The grid frame of the csv text, read by polars: every cell as text, an empty cell null, each record
    numbered by the line it starts on (a quoted cell may hold line breaks), blank lines kept empty.
    Columns end at the last one holding something in some record."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return _csv_records(text, delimiter)
    data = text.encode("utf-8")
    try:  # each line as one field (the text holds no NUL): its delimiters, quoted ones too, bound the width
        lines = pl.read_csv(
            data, has_header=False, separator="\x00", quote_char=None, schema={"line": pl.String}
        )
        width = int(lines["line"].str.count_matches(delimiter, literal=True).max() or 0) + 1
        del lines
        names = [f"c{i}" for i in range(width)]
        frame = pl.read_csv(
            data,
            has_header=False,
            separator=delimiter,
            quote_char='"',
            schema=dict.fromkeys(names, pl.String),
            missing_columns="insert",
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return _csv_records(text, delimiter)
    frame = frame.select(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in names)
    line = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
    if '"' in text:  # a quoted cell may hold line breaks: the records after it start further down
        breaks = pl.sum_horizontal(
            pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in names
        )
        line = line + breaks.cum_sum().shift(1, fill_value=0)
    frame = frame.with_columns(line.alias("source_row"))
    filled = [c for c in names if frame[c].null_count() < frame.height]
    return frame.select(*(names[: names.index(filled[-1]) + 1] if filled else names[:1]), "source_row")


def read_csv(path: Path) -> Reading:
    """The csv as one grid ("csv" sheet): `,` `;` tab or `|`, UTF-8 (with or without BOM), UTF-16
    or Latin-1, rows numbered by line.

    A `;` separated file is assumed to use the decimal comma unless its numbers show otherwise.
    """
    text = _decode(path.read_bytes(), path.name).lstrip("\ufeff").replace("\x00", "")  # no NUL in PostgreSQL
    if not text.strip():
        raise UnreadableFile(f"{path.name}: the file is empty")
    delimiter = sniff_delimiter(text)
    return Reading([Grid("csv", _csv_frame(text, delimiter), decimal_hint="," if delimiter == ";" else ".")])


#: The reader of each file type, by extension (the `formats` a profile may name).
READERS = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".xls": read_xlsx,
    ".ods": read_workbook,
    ".csv": read_csv,
    ".txt": read_csv,
    ".json": read_json,
    ".jsonl": read_json_lines,
    ".parquet": read_parquet,
}


def read_file(path: Path) -> Reading:
    """What a file holds, read by its extension; UnreadableFile when it is not a format we read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(
            f"{path.name}: unsupported file type {path.suffix or '(none)'}; send one of "
            f"{', '.join(suffix.lstrip('.') for suffix in READERS)}"
        )
    return reader(path)


def read_grids(path: Path) -> list[Grid]:
    """The grids of a file's visible sheets (see read_file)."""
    return read_file(path).grids
