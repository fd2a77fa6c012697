"""The feedback workbook a country's focal point receives: its language, comments at exactly the
failing cells, no live formula."""

from __future__ import annotations

import openpyxl

from honlea.flows.cli import main
from honlea.review.feedback import text
from tests.integration.helpers import query, run_nightly

SPANISH = (
    "Informe anual;;;;\n"
    "País;Año;Droga;Cantidad;Unidad\n"
    "Perú;2011;Heroína;-5;kg\n"  # row 3: negative quantity
    'Perú;2011;=HYPERLINK("http://x");2;kg\n'  # row 4: unknown drug that looks like a formula
    "Perú;2011;Marihuana;@12;kg\n"  # row 5: not a number
    "Perú;2010;Marihuana;1.500;kg\n"  # row 6: fine
)


def test_feedback_marks_the_failing_cells_in_the_countrys_language(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "incautaciones_anuales_per.csv").write_bytes(SPANISH.encode("cp1252"))
    url, _ = run_nightly(inbox, tmp_path)
    submission = query(url, "SELECT submission_id FROM warehouse.dim_submission")["submission_id"].item()
    assert main(["feedback", str(submission), "--out", str(tmp_path / "fb"), "--warehouse", url]) == 0
    (path,) = (tmp_path / "fb").glob("*.xlsx")
    assert path.name.endswith("_es.xlsx") and str(path) in capsys.readouterr().out

    workbook = openpyxl.load_workbook(path)
    summary, data = workbook.worksheets
    assert summary.title == "Resumen" and data.title == "incautaciones_anuales_per"  # named as sent
    commented = {c.coordinate: c.comment.text for row in data.iter_rows() for c in row if c.comment}
    assert commented == {
        "D3": "La cantidad es negativa.",
        "C4": "Droga no reconocida: utilice el nombre del cuestionario de la UNODC.",
        "D5": "La cantidad no es un número.",
    }
    assert data["C4"].value == '\'=HYPERLINK("http://x")' and data["D5"].value == "'@12"
    assert data["B3"].value == 2011 and data["D3"].value == -5  # numbers as numbers, no apostrophe
    assert data["D6"].value == "1.500"  # a decimal comma file: as written, not 1.5
    # columns as wide as their text, the summary printed one page wide
    assert summary.column_dimensions["E"].width >= 30 and summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.page_setup.fitToWidth == 1
    every_cell = [
        c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None
    ]
    assert all(c.data_type != "f" for c in every_cell)
    assert not any(str(c.value).startswith(("=", "+", "@")) for c in every_cell)
    summary_text = [v for row in summary.iter_rows(values_only=True) for v in row if v is not None]
    loaded = [row[1] for row in summary.iter_rows(values_only=True) if row[0] == "Filas cargadas"]
    assert loaded == [1]  # the one good row was loaded
    assert "Favor corregir" in summary_text


def test_a_file_with_nothing_to_correct_asks_for_nothing(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "annual_totals_col.csv").write_text(
        "Country;Year;Drug;Quantity;Unit\nColombia;2011;Heroin;12;kg\n", encoding="utf-8"
    )
    url, _ = run_nightly(inbox, tmp_path)
    submission = query(url, "SELECT submission_id FROM warehouse.dim_submission")["submission_id"].item()
    assert main(["feedback", str(submission), "--out", str(tmp_path / "fb"), "--warehouse", url]) == 0
    (path,) = (tmp_path / "fb").glob("*.xlsx")
    said = [
        v for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True) for v in row if v
    ]
    assert text("nothing_to_send", "es") in said and text("what_to_send", "es") not in said


def test_feedback_on_a_json_file_marks_the_record_below_its_header(tmp_path):
    import json

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = [
        {"Country": "Peru", "Year": 2011, "Drug": "Heroin", "Quantity": 2, "Unit": "kg"},
        {"Country": "Peru", "Year": 2011, "Drug": "Opium", "Quantity": -5, "Unit": "kg"},  # record 2
    ]
    (inbox / "per_annual.json").write_text(json.dumps(records), encoding="utf-8")
    url, _ = run_nightly(inbox, tmp_path)
    issue = query(url, "SELECT sheet, source_row, check_name FROM quality.quality_issue")
    assert issue.rows() == [("json", 2, "non_negative_quantity")]  # the record's index
    submission = query(url, "SELECT submission_id FROM warehouse.dim_submission")["submission_id"].item()
    assert main(["feedback", str(submission), "--out", str(tmp_path / "fb"), "--warehouse", url]) == 0
    (path,) = (tmp_path / "fb").glob("*.xlsx")
    data = openpyxl.load_workbook(path)["json"]
    assert [c.value for c in data[1]] == ["Country", "Year", "Drug", "Quantity", "Unit"]  # the header, row 0
    commented = {c.coordinate: c.value for row in data.iter_rows() for c in row if c.comment}
    assert commented == {"D3": -5}  # record 2, one row below its header (a number, as sent)
