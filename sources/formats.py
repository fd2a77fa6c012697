"""Readers beside xlsx and csv: old binary Excel (.xls) and OpenDocument (.ods) workbooks through calamine
(fastexcel), JSON, JSON Lines and Parquet. Each gives the same grids of text cells as the others.

Row numbers are what a user can find: a workbook's rows as the spreadsheet numbers them; a JSON file's
N-th record is row N (the first record is row 1, its field names are the header, row 0); a JSON Lines
file's row is the record's line; a Parquet file's N-th row is row N (header: row 0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl

from honlea.sources.grids import Grid, HiddenSheet, Reading, UnreadableFile, grid_of

#: keys under which a JSON object commonly holds its array of records (any other single array is taken too)
RECORD_KEYS = ("records", "data", "rows", "items", "results", "value")
_CONVERT = "open it in Excel or LibreOffice Calc and save it as Excel Workbook (.xlsx), or as csv"


def read_workbook(path: Path) -> Reading:
    """An .xls or .ods workbook: every visible sheet holding something, every cell as text, rows and
    columns numbered as the spreadsheet shows them; hidden sheets holding data are listed, not read."""
    try:
        book = fastexcel.read_excel(path)
        sheets = [
            book.load_sheet(name, header_row=None, skip_rows=0, dtypes="string") for name in book.sheet_names
        ]
        frames = [(sheet, sheet.to_polars()) for sheet in sheets]
    except Exception as exc:  # calamine's errors are of its own kinds, one per format and cause
        reason = (str(exc).splitlines() or [""])[0]  # the next lines name the file's path
        raise UnreadableFile(
            f"{path.name}: not a readable {path.suffix.lstrip('.')} workbook ({reason}): {_CONVERT}"
        ) from exc
    if not frames:
        raise UnreadableFile(f"{path.name}: the workbook has no sheet: {_CONVERT}")
    grids, hidden = [], []
    for sheet, frame in frames:
        positions = [column.absolute_index for column in sheet.selected_columns]
        frame = frame.rename(dict(zip(frame.columns, [f"c{p}" for p in positions], strict=True)))
        rows = frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("source_row"))
        cells = [c for c in frame.columns]
        rows = (
            rows.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cells)) if cells else rows.clear()
        )
        if not rows.height:
            continue
        if sheet.visible == "visible":
            grids.append(Grid(sheet.name, rows))
        else:
            hidden.append(
                HiddenSheet(
                    sheet.name, "veryHidden" if sheet.visible == "veryhidden" else "hidden", rows.height
                )
            )
    return Reading(grids, hidden)


def _text(value: Any) -> str | None:
    """A JSON value as a cell: text and numbers as written, true/false, null blank, nested values as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _record_grid(sheet: str, records: list[tuple[int, Any]], name: str) -> Grid:
    """Records (row number, object) as a grid: the union of their keys, in order of appearance, is the
    header (row 0)."""
    keys: dict[str, None] = {}
    for number, record in records:
        if not isinstance(record, dict):
            raise UnreadableFile(f"{name}: record {number} is not an object of field names and values")
        keys.update(dict.fromkeys(record))
    header = list(keys)
    rows = [header, *([_text(record.get(key)) for key in header] for _, record in records)]
    return Grid(sheet, grid_of(rows, [0, *(number for number, _ in records)]))


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path.name}: JSON is UTF-8 text; byte {exc.start} is not") from exc


def _numbers_as_written(text: str) -> Any:
    return json.loads(text, parse_float=str, parse_int=str)


def read_json(path: Path) -> Reading:
    """A JSON array of records, or an object holding one (under `records`, `data`, ... or its only array
    of objects): one grid named after that key ("json" for a bare array); record N is row N."""
    try:
        data = _numbers_as_written(_decode(path))
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    sheet = "json"
    if isinstance(data, dict):
        arrays = {key: value for key, value in data.items() if isinstance(value, list)}
        key = next((k for k in RECORD_KEYS if k in arrays), None)
        if key is None and len(arrays) == 1:
            key = next(iter(arrays))
        if key is None:
            raise UnreadableFile(
                f"{path.name}: a JSON object without an array of records (looked for "
                f"{', '.join(RECORD_KEYS)}, or a single array; found {', '.join(arrays) or 'no array'})"
            )
        sheet, data = key, arrays[key]
    if not isinstance(data, list):
        raise UnreadableFile(
            f"{path.name}: JSON that is neither an array of records nor an object holding one"
        )
    return Reading([_record_grid(sheet, list(enumerate(data, start=1)), path.name)])


def read_json_lines(path: Path) -> Reading:
    """JSON Lines: one record (an object) per line, blank lines skipped; a record's row is its line."""
    records = []
    for number, line in enumerate(_decode(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, _numbers_as_written(line)))
        except json.JSONDecodeError as exc:
            raise UnreadableFile(f"{path.name}: line {number} is not a JSON record ({exc.msg})") from exc
    if not records:
        raise UnreadableFile(f"{path.name}: the file is empty")
    return Reading([_record_grid("jsonl", records, path.name)])


def read_parquet(path: Path) -> Reading:
    """A Parquet file as one grid ("parquet"): its column names are the header (row 0), its N-th row is
    row N; every value as text (dates as yyyy-mm-dd)."""
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises its compute and I/O errors for a file that is not Parquet
        raise UnreadableFile(f"{path.name}: not a readable Parquet file ({exc})") from exc
    texts = frame.select(pl.col(c).cast(pl.String) for c in frame.columns)
    rows: list[list[str | None]] = [list(frame.columns), *(list(row) for row in texts.iter_rows())]
    return Reading([Grid("parquet", grid_of(rows, list(range(len(rows)))))])
