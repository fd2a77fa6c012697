"""Real nightly runs over files that hide or garble what they hold: nothing is dropped silently, each
issue names its real cause, and every row read is loaded, quarantined, dropped or not reported."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from tests.integration.helpers import query, run_nightly, unaccounted
from tests.workbooks import compound_file

HEADER = ["País", "Año", "Droga", "Cantidad", "Unidad"]


def _workbook(path: Path, *rows: list, hidden: dict[str, list[list]] | None = None) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Datos"
    for row in rows:
        sheet.append(row)
    for title, content in (hidden or {}).items():
        extra = workbook.create_sheet(title)
        for row in content:
            extra.append(row)
        extra.sheet_state = "hidden"
    workbook.save(path)


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    inbox.mkdir()
    _workbook(
        inbox / "hidden_annual.xlsx",
        HEADER,
        ["Perú", 2011, "Heroína", 5, "kg"],
        hidden={"Cifras 2010": [HEADER, ["Perú", 2010, "Heroína", 4, "kg"]]},
    )
    _workbook(
        inbox / "twice_annual.xlsx",
        [*HEADER, "Cantidad"],
        ["Chile", 2011, "Heroína", 5, "kg", 50],
        ["Chile", 2011, "Cocaína", 7, "kg", 70],
    )
    _workbook(
        inbox / "formulas_annual.xlsx",
        HEADER,
        ["Bolivia", 2011, "Heroína", "#DIV/0!", "kg"],
        ["Bolivia", 2011, "Cocaína", None, "kg"],
        ["Bolivia", 2011, "Marihuana", 3, "kg"],
    )
    formulas = openpyxl.load_workbook(inbox / "formulas_annual.xlsx")
    formulas["Datos"]["D3"] = "=D4*2"  # saved by openpyxl: no computed value
    formulas.save(inbox / "formulas_annual.xlsx")
    (inbox / "fiscal_by_year.csv").write_text(
        "Country,Drug,Unit,2010,2011/12,Total\n"
        "Germany,Heroin,kg,5,6,11\n"
        "Germany,Opium,kg,,,\n"  # labels, no figure
        "Germany,Cocaine,kg,8,,8\n"
    )
    (inbox / "unicode_annual.csv").write_bytes(
        "Country\tYear\tDrug\tQuantity\tUnit\r\nEcuador\t2011\tHeroin\t2,5\tkg\r\n".encode("utf-16")
    )
    (inbox / "locked_annual.xlsx").write_bytes(compound_file("EncryptionInfo", "EncryptedPackage"))
    (inbox / "old_annual.xls").write_bytes(compound_file("Workbook"))
    (inbox / "notes_annual.csv").write_text("Informe\n\nNota;Fecha\nSin cuadros;2012\n")
    (inbox / "crash_annual.csv").write_text("Title\nCountry,Year,Drug,Quantity,Unit\nPeru,2011,Heroin,1,kg\n")
    return inbox


_INJECTION = """
import honlea.sources.contents

_contents = honlea.sources.contents.read_contents


def _failing(recognised, *others):
    if recognised.sheets[0][0].frame["c0"].to_list()[0] == "Title":
        raise RuntimeError("injected failure")
    return _contents(recognised, *others)


honlea.sources.contents.read_contents = _failing
"""


@pytest.fixture
def read_crashes_on_crash_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fault injection: reading a recognised file raises, as an unforeseen bug would. Files are read in
    worker processes, so the fault goes in through a sitecustomize module on their PYTHONPATH."""
    folder = tmp_path / "injection"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(_INJECTION, encoding="utf-8")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    )


def test_what_files_hide_is_reported_and_every_row_is_accounted_for(tmp_path, read_crashes_on_crash_files):
    url, summary = run_nightly(_inbox(tmp_path), tmp_path)
    audit = query(
        url,
        "SELECT file_name, status, rows_read, rows_loaded, rows_quarantined, rows_duplicate, "
        "rows_not_reported, message FROM quality.load_audit ORDER BY file_name",
    )
    counts = {row[0]: row[1:7] for row in audit.rows()}
    assert counts == {
        "crash_annual.csv": ("failed", 2, 0, 2, 0, 0),  # title and data row: its header is not counted
        "fiscal_by_year.csv": ("loaded", 6, 2, 3, 0, 1),  # 2 figures of 2010, 3 of 2011/12 or Total
        "formulas_annual.xlsx": ("loaded", 3, 1, 2, 0, 0),
        "hidden_annual.xlsx": ("loaded", 1, 1, 0, 0, 0),
        "locked_annual.xlsx": ("unrecognised", 0, 0, 0, 0, 0),
        "notes_annual.csv": ("unrecognised", 3, 0, 3, 0, 0),
        "old_annual.xls": ("unrecognised", 0, 0, 0, 0, 0),
        "twice_annual.xlsx": ("loaded", 2, 0, 2, 0, 0),
        "unicode_annual.csv": ("loaded", 1, 1, 0, 0, 0),
    }
    assert unaccounted(audit) == []
    messages = dict(zip(audit["file_name"], audit["message"], strict=True))
    assert (
        "the workbook is password-protected (encrypted): send it without a password"
        in messages["locked_annual.xlsx"]
    )
    assert "old binary Excel workbook (.xls)" in messages["old_annual.xls"]
    assert "injected failure" in messages["crash_annual.csv"]

    issues = query(
        url,
        "SELECT file_name, sheet, source_row, column_name, value, check_name, severity, message "
        "FROM quality.quality_issue ORDER BY file_name, sheet, source_row, check_name",
    )
    found = issues.select(
        "file_name", "sheet", "source_row", "column_name", "value", "check_name", "severity"
    )
    expected = [
        ("crash_annual.csv", None, None, None, None, "processing_failed", "error"),
        ("fiscal_by_year.csv", "csv", None, "2011/12", None, "not_a_calendar_year", "error"),
        ("fiscal_by_year.csv", "csv", None, "Total", None, "not_a_calendar_year", "error"),
        ("formulas_annual.xlsx", "Datos", 2, "Cantidad", "#DIV/0!", "excel_error", "error"),
        ("formulas_annual.xlsx", "Datos", 3, "Cantidad", "=D4*2", "formula_without_value", "error"),
        ("hidden_annual.xlsx", "Cifras 2010", None, None, None, "hidden_sheet", "warning"),
        ("locked_annual.xlsx", None, None, None, None, "unrecognised_file", "error"),
        ("notes_annual.csv", None, None, None, None, "unrecognised_file", "error"),
        ("old_annual.xls", None, None, None, None, "unrecognised_file", "error"),
        ("twice_annual.xlsx", "Datos", None, "Cantidad", None, "duplicate_header", "error"),
    ]
    assert sorted(found.rows(), key=str) == sorted(expected, key=str)
    assert not issues["check_name"].is_in(["required_quantity", "required_year"]).any()  # the real causes
    by_check = dict(zip(issues["check_name"], issues["message"], strict=False))
    assert "columns D and F have the same header 'Cantidad'" in by_check["duplicate_header"]
    assert "the cell holds the Excel error #DIV/0! (a division by zero)" in by_check["excel_error"]

    facts = query(url, "SELECT iso3, year, quantity_text FROM warehouse.fact_seizure ORDER BY 1, 2, 3")
    assert facts.rows() == [
        ("BOL", 2011, "3"),
        ("DEU", 2010, "5"),
        ("DEU", 2010, "8"),
        ("ECU", 2011, "2,5"),
        ("PER", 2011, "5"),  # and not the hidden sheet's 2010 figure
    ]
    assert "rows_not_reported" in summary and "| 18 | 5 | 12 | 0 | 1 |" in summary  # the run's totals
