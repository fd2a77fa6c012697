"""sources.xlsx and read_xlsx: real workbooks (openpyxl, or hand-written sheet XML) read in one pass."""

import datetime
import subprocess
import sys
import zipfile

import openpyxl
import pytest

import honlea.sources.xlsx
from honlea.sources.readers import HiddenSheet, UnreadableFile, read_file, read_xlsx
from honlea.sources.xlsx import column_letter, is_date_format, shortest
from tests.workbooks import compound_file, edit_part, save_workbook, sheet_data


def cells(grid):
    """{(source_row, column): text} of a grid's non-null cells."""
    found = {}
    for row in grid.frame.iter_rows(named=True):
        found |= {(row["source_row"], c): v for c, v in row.items() if c != "source_row" and v is not None}
    return found


def only_grid(path):
    [grid] = read_xlsx(path).grids
    return grid


def test_cells_keep_the_sheet_row_and_column_and_blank_rows_and_columns_are_left_out(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C5"], sheet["E5"] = "Country", "Quantity"
    sheet["C9"], sheet["E9"] = "Peru", 12.5
    sheet["D7"] = "   "  # only spaces: blank
    sheet["A20"].number_format = "0.00"  # formatted, empty
    workbook.save(tmp_path / "a.xlsx")

    grid = only_grid(tmp_path / "a.xlsx")

    assert grid.frame.columns == ["c2", "c4", "source_row"]  # C and E; D holds only spaces
    assert cells(grid) == {(5, "c2"): "Country", (5, "c4"): "Quantity", (9, "c2"): "Peru", (9, "c4"): "12.5"}


def test_hidden_and_very_hidden_sheets_holding_data_are_listed_not_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Country", "Drug"])
    for title, state, rows in (("Listas", "hidden", 3), ("Macro", "veryHidden", 1), ("Vacía", "hidden", 0)):
        sheet = workbook.create_sheet(title)
        for i in range(rows):
            sheet.append([f"value {i}"])
        sheet.sheet_state = state
    workbook.save(tmp_path / "a.xlsx")

    reading = read_xlsx(tmp_path / "a.xlsx")

    assert [grid.sheet for grid in reading.grids] == ["Sheet"]
    assert reading.hidden == [HiddenSheet("Listas", "hidden", 3), HiddenSheet("Macro", "veryHidden", 1)]


def test_excel_error_values_are_read_as_the_error(tmp_path):
    path = save_workbook(tmp_path / "a.xlsx", [["Quantity"], ["#N/A"], [1]])
    with zipfile.ZipFile(path) as archive:
        assert '<c r="A2" t="e"><v>#N/A</v></c>' in archive.read("xl/worksheets/sheet1.xml").decode()
    edit_part(
        path,
        lambda xml: xml.replace(
            '<c r="A3" t="n"><v>1</v></c>', '<c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        ),
    )
    assert cells(only_grid(path)) == {(1, "c0"): "Quantity", (2, "c0"): "#N/A", (3, "c0"): "#DIV/0!"}


def test_a_formula_without_a_computed_value_reads_as_its_formula(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Quantity", "Double"])
    sheet.append([2])
    sheet["B2"] = "=A2*2"  # openpyxl writes the formula and no value
    workbook.save(tmp_path / "a.xlsx")
    assert cells(only_grid(tmp_path / "a.xlsx"))[(2, "c1")] == "=A2*2"


def test_formulas_with_values_read_as_their_values(tmp_path):
    path = sheet_data(
        save_workbook(tmp_path / "a.xlsx", []),
        '<row r="1"><c r="A1"><f>2*2</f><v>4</v></c><c r="B1" t="str"><f>IF(A1="","","x")</f><v></v></c>'
        '<c r="C1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D1"><f t="shared" si="0"/><v>5</v></c></row>',
    )
    assert cells(only_grid(path)) == {(1, "c0"): "4", (1, "c2"): "ab", (1, "c3"): "5"}  # B1 computed ""


def test_values_read_as_excel_shows_them(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [datetime.datetime(2011, 3, 4, 5, 6, 7), datetime.date(2011, 3, 4), True, 0.1 + 0.2, 1.5e-10]
    )
    sheet["F1"] = 40606
    sheet["F1"].number_format = "dd/mm/yyyy"
    sheet["G1"] = 12.5
    sheet["G1"].number_format = '#,##0.00" kg"'  # a number format, not a date
    sheet["H1"] = "A & B <c>"
    workbook.save(tmp_path / "a.xlsx")

    assert list(cells(only_grid(tmp_path / "a.xlsx")).values()) == [
        "2011-03-04 05:06:07",
        "2011-03-04 00:00:00",
        "true",
        "0.3",
        "0.00000000015",
        "2011-03-04 00:00:00",
        "12.5",
        "A & B <c>",
    ]


def test_shared_strings_with_rich_text_phonetics_and_escapes(tmp_path):
    path = save_workbook(tmp_path / "a.xlsx", [["x"]])
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Perú</t></si>"
        '<si><r><rPr><b/></rPr><t>Cocaína </t></r><r><t xml:space="preserve">base</t></r>'
        "<rPh><t>phonetic</t></rPh></si>"
        "<si><t>line_x000D_&#10;two &amp; &lt;three&gt;</t></si></sst>"
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", shared)
    edit_part(
        path,
        lambda xml: xml.replace(
            "</Relationships>",
            '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
        "xl/_rels/workbook.xml.rels",
    )
    sheet_data(
        path,
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c>'
        '<c r="D2" t="s"><v>2</v></c></row>',
    )
    assert list(cells(only_grid(path)).values()) == ["Perú", "Cocaína base", "line\r\ntwo & <three>"]


def test_the_1904_date_system(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    workbook.active["A1"] = datetime.date(2011, 3, 4)
    workbook.save(tmp_path / "a.xlsx")
    assert cells(only_grid(tmp_path / "a.xlsx")) == {(1, "c0"): "2011-03-04 00:00:00"}


def test_cells_without_references_are_placed_in_order_and_prefixed_xml_is_read(tmp_path):
    path = sheet_data(
        save_workbook(tmp_path / "a.xlsx", []),
        '<row><c t="inlineStr"><is><t>Country</t></is></c><c/><c t="inlineStr"><is><t>Drug</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>Peru</t></is></c><c><v>7</v></c></row>',
    )
    assert cells(only_grid(path)) == {
        (1, "c0"): "Country",
        (1, "c2"): "Drug",
        (2, "c0"): "Peru",
        (2, "c1"): "7",
    }
    mixed = sheet_data(
        save_workbook(tmp_path / "b.xlsx", []),
        '<row r="3"><c r="A3" s="1"/><c r="B3" t="inlineStr"><is><t>Country</t></is></c>'
        '<c t="inlineStr"><is><t>Drug</t></is></c></row><row r="4"><c r="B4"><v>1</v></c></row>',
    )
    assert cells(only_grid(mixed)) == {(3, "c1"): "Country", (3, "c2"): "Drug", (4, "c1"): "1"}
    edit_part(
        path,
        lambda xml: (
            xml.replace("<", "<x:")
            .replace("<x:/", "</x:")
            .replace("<x:?", "<?")
            .replace('xmlns="', 'xmlns:x="')
        ),
    )
    assert cells(only_grid(path))[(2, "c1")] == "7"


def test_rows_cut_between_pieces_of_xml_read_the_same(tmp_path, monkeypatch):
    rows = [["Country", "Year", "Quantity"], *[["Peru", 2000 + i % 12, i / 4] for i in range(3000)]]
    path = save_workbook(tmp_path / "a.xlsx", rows)
    whole = only_grid(path).frame
    monkeypatch.setattr(honlea.sources.xlsx, "_CHUNK", 1000)  # many pieces, each ending where a row starts
    assert only_grid(path).frame.equals(whole)
    assert whole.height == 3001 and whole.row(3001 - 1) == ("Peru", "2011", "749.75", 3001)


def test_an_encrypted_workbook_is_reported_as_password_protected(tmp_path):
    path = tmp_path / "totales_2011.xlsx"
    path.write_bytes(compound_file("EncryptionInfo", "EncryptedPackage"))
    with pytest.raises(
        UnreadableFile, match=r"totales_2011\.xlsx: the workbook is password-protected \(encrypted\)"
    ):
        read_file(path)


@pytest.mark.parametrize("name", ["informe.xls", "informe_renamed.xlsx"])
def test_an_old_binary_workbook_that_cannot_be_read_gets_conversion_advice(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(compound_file("Workbook", "SummaryInformation"))
    with pytest.raises(
        UnreadableFile, match=r"old binary Excel workbook \(\.xls\).*save it as Excel Workbook \(\.xlsx\)"
    ):
        read_file(path)


def test_a_value_in_the_last_cell_of_the_sheet_builds_no_dense_grid(tmp_path):
    path = sheet_data(
        save_workbook(tmp_path / "a.xlsx", []),
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Country</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    grid = only_grid(path)
    assert grid.frame.shape == (2, 3)
    assert cells(grid) == {(1, "c0"): "Country", (1048576, "c16383"): "x"}


_PEAK_RSS = """
import sys
from pathlib import Path
from honlea.sources.readers import read_file
reading = read_file(Path(sys.argv[1]))
assert [g.frame.shape for g in reading.grids] == [(2, 6)], reading
status = Path("/proc/self/status").read_text()  # VmHWM: this process's peak, not its parent's
print(next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) // 1024)
"""


def test_reading_a_megabyte_of_blank_rows_stays_within_a_few_hundred_megabytes(tmp_path):
    path = save_workbook(
        tmp_path / "a.xlsx", [["Country", "Drug", "Unit", 2010, 2011], ["Peru", "Heroin", "kg", 1, 2]]
    )
    spaces = "".join(
        f'<row r="{r}"><c r="CV{r}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
        for r in range(3, 200_003)
    )  # a template cleared with the space bar: 200,000 rows reaching column CV
    edit_part(path, lambda xml: xml.replace("</sheetData>", spaces + "</sheetData>"))
    assert path.stat().st_size < 1_500_000
    peak = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, str(path)], capture_output=True, text=True, check=True
    )
    assert int(peak.stdout) < 300  # MB (about 110); a dense 200,000 x 100 grid took 1.1 GB


def test_helpers():
    assert [column_letter(i) for i in (0, 25, 26, 16383)] == ["A", "Z", "AA", "XFD"]
    assert shortest("3.5000000000000005E-4") == "0.00035" and shortest("1e+21") == "1000000000000000000000"
    assert is_date_format("dd/mm/yyyy") and is_date_format("[$-409]h:mm AM/PM")
    assert (
        not is_date_format('#,##0" kg"') and not is_date_format("[Red]0.00") and not is_date_format("General")
    )
