"""Builders of real spreadsheet files for the tests: xlsx with hand-written sheet XML, OLE2 compound files."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def save_workbook(path: Path, rows: Sequence[Sequence[object]], title: str = "Datos") -> Path:
    """One sheet holding rows from A1, written by openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def edit_part(path: Path, edit: Callable[[str], str], part: str = "xl/worksheets/sheet1.xml") -> Path:
    """Rewrite one XML part of a saved workbook (to write what openpyxl does not)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def sheet_data(path: Path, rows_xml: str) -> Path:
    """Replace the first sheet's rows by hand-written <row> elements."""

    def replace(xml: str) -> str:
        start = xml.index("<sheetData")
        closing = xml.find("</sheetData>")
        end = closing + len("</sheetData>") if closing >= 0 else xml.index("/>", start) + 2
        return xml[:start] + f"<sheetData>{rows_xml}</sheetData>" + xml[end:]

    return edit_part(path, replace)


def _entry(name: str, kind: int, right: int = _FREE, child: int = _FREE, start: int = _END) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, _FREE, right, child, b"", 0, 0, 0, start, 0
    )


def compound_file(*streams: str) -> bytes:
    """An OLE2 compound file (what an encrypted xlsx or an old .xls is) holding empty streams."""
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"",
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"",
        0,
        1,  # one FAT sector (sector 0)
        1,  # the directory in sector 1
        0,
        4096,
        _END,
        0,
        _END,
        0,
    ) + struct.pack("<109I", 0, *[_FREE] * 108)
    fat = struct.pack("<128I", _FAT, _END, *[_FREE] * 126)
    entries = [_entry("Root Entry", 5, child=1, start=_END)]
    entries += [
        _entry(name, 2, right=i + 2 if i + 1 < len(streams) else _FREE) for i, name in enumerate(streams)
    ]
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat + directory


def fill_return(
    form: Path,
    out: Path,
    statuses: dict[str, str | None],
    reply_date: object = None,
    agency: str = "Synthetic test agency",
    measures: str = "Measures (synthetic test text)",
) -> Path:
    """A questionnaire form filled as a country fills it: in the named answer cells; `statuses` by the
    recommendation's key (2_c) -> the status as written (None: left blank)."""
    workbook = openpyxl.load_workbook(form)

    def put(name: str, value: object) -> None:
        sheet, cell = next(iter(workbook.defined_names[name].destinations))
        workbook[sheet][cell.replace("$", "")] = value

    put("responding_agency", agency)
    put("reply_date", reply_date)
    for key, status in statuses.items():
        put(f"status_{key}", status)
        put(f"measures_{key}", measures if status else None)
    workbook.save(out)
    return out


def swap_rows(path: Path, sheet_name: str, first: int, second: int) -> Path:
    """Swap two rows of a sheet as Excel moves rows: the cells and the defined names pointing at them."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[sheet_name]
    for column in range(1, sheet.max_column + 1):
        a, b = sheet.cell(first, column), sheet.cell(second, column)
        a.value, b.value = b.value, a.value
    moved = {first: second, second: first}
    for defined in workbook.defined_names.values():
        target, cell = next(iter(defined.destinations))
        column, row = openpyxl.utils.cell.coordinate_from_string(cell.replace("$", ""))
        if target == sheet_name and row in moved:
            defined.attr_text = f"'{sheet_name}'!${column}${moved[row]}"
    workbook.save(path)
    return path
