"""The statistical annex (xlsx): a contents sheet, then every table of the note and the data of every
figure, one sheet each, with its title, source line and notes. Values are the note's own, unrounded:
tons as kilograms / 1000, changes and shares in per cent."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from honlea.note.document import Document, Table
from honlea.note.text import Words

FORMATS = {"tons": "#,##0.0", "change": "+0;-0;0", "share": "0.0", "count": "#,##0", "date": "yyyy-mm-dd"}
BOLD = Font(bold=True)
#: The first data row of a table's sheet (row 1: caption, 2: title, 3: header).
FIRST_ROW = 4


def _value(value: object, kind: str) -> object:
    if value is None:
        return None
    return value / 1000 if kind == "tons" else value


def _sheet_name(table: Table) -> str:
    return "".join(c for c in table.sheet if c not in "[]:*?/\\")[:31]


def _write_table(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(_sheet_name(table))
    sheet["A1"], sheet["A2"] = table.caption, table.title
    sheet["A2"].font = BOLD
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=3, column=index, value=column.label)
        cell.font, cell.alignment = BOLD, Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 28 if column.kind == "text" else 14
    for offset, row in enumerate(table.rows):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(row=FIRST_ROW + offset, column=index, value=_value(value, column.kind))
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
    below = FIRST_ROW + len(table.rows) + 1
    for offset, line in enumerate([*table.notes, table.source]):
        sheet.cell(row=below + offset, column=1, value=line).font = Font(italic=True)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=2)


def write_annex(document: Document, words: Words, path: Path) -> Path:
    """Write the annex to path (.xlsx); the path."""
    book = Workbook()
    contents = book.active
    contents.title = words("annex_contents")[:31]
    contents["A1"] = words("annex_title", symbol=document.header.symbol)
    contents["A1"].font = Font(bold=True, size=12)
    contents["A2"] = document.header.title
    contents["A3"] = words("annex_units")
    contents["A5"], contents["B5"] = words("col_sheet"), words("col_title")
    contents["A5"].font = contents["B5"].font = BOLD
    contents.column_dimensions["A"].width, contents.column_dimensions["B"].width = 16, 100
    for row, table in enumerate(document.tables(), start=6):
        contents.cell(row=row, column=1, value=_sheet_name(table))
        contents.cell(row=row, column=2, value=table.title)
        _write_table(book, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
