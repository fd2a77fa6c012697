"""Read a questionnaire return (xlsx) with openpyxl: every answer by its cell's defined name (`country`,
`reply_date`, `status_2_c`, ...), so that moved rows still read; where a country retyped the form and
its cells have no names, by the labels beside the identification cells and above the answer columns.

The result is one record per row read, every value as text as written: an identification record
(kind `identification`: country, responding agency, contact, date of reply, meeting) and one record per
recommendation answered (kind `answer`)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from honlea.config.schemas import ANSWER_ITEMS, RETURN_ITEMS
from honlea.config.text import normalize_texts
from honlea.sources.xlsx import defined_names

if TYPE_CHECKING:
    import openpyxl

IDENTIFICATION, ANSWERS = RETURN_ITEMS, ANSWER_ITEMS
_ANSWER_NAME = re.compile(r"^(status|measures|difficulties|assistance)_(\d+)_([a-z])$")
RECORD_SCHEMA = {
    "row_id": pl.Int64,
    "kind": pl.String,
    "sheet": pl.String,
    "source_row": pl.Int64,
    "meeting_text": pl.String,
    **{f"{item}_text": pl.String for item in (*IDENTIFICATION, *ANSWERS)},
}
IDENTIFIED, ANSWER = "identification", "answer"


@dataclass
class ReturnRead:
    """What a return holds, and how it was read."""

    records: pl.DataFrame  # RECORD_SCHEMA
    by: str  # names or labels
    sheet: str | None
    labels: dict[str, str] = field(default_factory=dict)  # item -> the label the return shows for it


def _text(value: object) -> str | None:
    """A cell's value as text: a date as yyyy-mm-dd, a whole number without .0; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def has_defined_names(path: Path) -> bool:
    """True when the workbook has the defined name of a return's date of reply (read from its workbook
    part alone: every xlsx of the inbox is asked, and most are not returns)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "reply_date" in defined_names(archive)
    except Exception:  # a damaged or unusual archive, of whatever kind: not a return
        return False  # (the statistics reader says what is wrong with the file)


def _named_cells(workbook: openpyxl.Workbook) -> dict[str, tuple[str, int, int]]:
    """defined name -> (sheet, row, column) of its first cell."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    cells = {}
    for name, defined in workbook.defined_names.items():
        for sheet, reference in defined.destinations:
            if sheet in workbook.sheetnames:
                column, row = coordinate_from_string(reference.replace("$", "").split(":")[0])
                cells[name] = (sheet, row, column_index_from_string(column))
                break
    return cells


def _by_names(workbook: openpyxl.Workbook, cells: dict[str, tuple[str, int, int]]) -> ReturnRead:
    def value(name: str) -> str | None:
        sheet, row, column = cells[name]
        return _text(workbook[sheet].cell(row, column).value)

    sheet_name, id_row, _ = cells["reply_date"]
    identification = {f"{item}_text": value(item) if item in cells else None for item in IDENTIFICATION}
    records = [
        {
            "kind": IDENTIFIED,
            "sheet": sheet_name,
            "source_row": id_row,
            "meeting_text": value("meeting") if "meeting" in cells else None,
        }
        | identification
    ]
    labels = {
        item: _text(workbook[cells[item][0]].cell(cells[item][1], cells[item][2] - 1).value) or item
        for item in IDENTIFICATION
        if item in cells
    }
    answers: dict[tuple[str, int, str], dict[str, str | None]] = {}
    for name, (sheet, row, column) in sorted(cells.items(), key=lambda item: item[1][1:]):
        found = _ANSWER_NAME.match(name)
        if not found:
            continue
        item, issue, letter = found.groups()
        record = answers.setdefault(
            (sheet, row, f"{issue}({letter})"),
            {"kind": ANSWER, "sheet": sheet, "source_row": row, "recommendation_text": f"{issue}({letter})"},
        )
        record[f"{item}_text"] = _text(workbook[sheet].cell(row, column).value)
        labels.setdefault(
            item, _text(workbook[sheet].cell(_table_header(workbook[sheet], row), column).value) or item
        )
    records += list(answers.values())
    if answers:
        sheet, row = next(iter(answers))[:2]
        header = _text(workbook[sheet].cell(_table_header(workbook[sheet], row), 1).value)
        labels["recommendation"] = header or "recommendation"
    return ReturnRead(_frame(records), "names", sheet_name, labels)


def _table_header(sheet: openpyxl.worksheet.worksheet.Worksheet, row: int) -> int:
    """The header row above a table row: the first row above whose first cell is not a code."""
    for above in range(row - 1, 0, -1):
        text = _text(sheet.cell(above, 1).value) or ""
        if not re.search(r"\d+\s*/?\s*\d*\s*\(?[a-z]\)?$", text):
            return above
    return row


def _frame(records: list[dict]) -> pl.DataFrame:
    rows = [dict.fromkeys(RECORD_SCHEMA) | record | {"row_id": index} for index, record in enumerate(records)]
    return pl.DataFrame(rows, schema=RECORD_SCHEMA)


def _by_labels(workbook: openpyxl.Workbook, labels: Mapping[str, list[str]]) -> ReturnRead:
    wanted = {item: set(normalize_texts(texts)) for item, texts in labels.items()}
    identification: dict[str, str | None] = {}
    found_labels: dict[str, str] = {}
    record: dict = {"kind": IDENTIFIED}
    table: tuple[str, int, dict[str, int]] | None = None
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows():
            texts = [_text(cell.value) for cell in row]
            keys = normalize_texts(texts)
            columns = {}
            for position, key in enumerate(keys):
                for item, known in wanted.items():
                    if key and key in known:
                        columns.setdefault(item, position)
            if table is None and "recommendation" in columns and "status" in columns:
                table = (sheet.title, row[0].row, {i: c for i, c in columns.items() if i in ANSWERS})
                found_labels |= {i: texts[c] for i, c in columns.items() if i in ANSWERS}
                continue
            for item in (*IDENTIFICATION, "meeting"):
                if item in columns and f"{item}_text" not in identification:
                    after = [t for t in texts[columns[item] + 1 :] if t]
                    identification[f"{item}_text"] = after[0] if after else None
                    found_labels[item] = texts[columns[item]]
                    record.setdefault("sheet", sheet.title)
                    record.setdefault("source_row", row[0].row)
    records = [record | identification]
    if table is not None:
        title, header, columns = table
        for row in workbook[title].iter_rows(min_row=header + 1):
            values = {
                item: _text(row[column].value) if column < len(row) else None
                for item, column in columns.items()
            }
            if not any(values.values()):
                continue
            records.append(
                {"kind": ANSWER, "sheet": title, "source_row": row[0].row}
                | {f"{i}_text": v for i, v in values.items()}
            )
    return ReturnRead(_frame(records), "labels", table[0] if table else record.get("sheet"), found_labels)


def read_return(path: Path, labels: Mapping[str, list[str]]) -> ReturnRead:
    """A return's records, by its defined names, or by `labels` (item -> labels) where it has none."""
    import openpyxl  # here, not above: the reading worker of every other file need not load it (0.4 s)

    workbook = openpyxl.load_workbook(path, data_only=True)
    cells = _named_cells(workbook)
    if "reply_date" in cells and any(_ANSWER_NAME.match(name) for name in cells):
        return _by_names(workbook, cells)
    return _by_labels(
        workbook, {**labels, "meeting": labels.get("meeting", ["meeting", "reunion", "reunión", "réunion"])}
    )
