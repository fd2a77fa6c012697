"""sources.contents with the real profiles: what a recognised file gives, and every row counted once."""

import openpyxl
import pytest

from honlea.config.reference import no_data_markers
from honlea.config.source_profiles import load_profiles
from honlea.sources.contents import read_contents
from honlea.sources.readers import content_rows, read_file
from honlea.sources.recognise import Unrecognised, recognise
from honlea.transforms.headers import match_header_cells


def contents_of(path, profiles=None):
    reading = read_file(path)
    recognised = recognise(path, reading.grids, profiles or load_profiles())
    return read_contents(recognised, reading.hidden, no_data_markers())


def profile(name, **changes):
    return next(p for p in load_profiles() if p.name == name).model_copy(update=changes)


def issues(contents):
    return contents.issues.select("sheet", "source_row", "column_name", "check_name", "severity").rows()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_wide_row_without_figures_is_counted_once_as_not_reported(tmp_path):
    path = write(
        tmp_path,
        "deu_by_year.csv",
        "Country,Drug,Unit,2010,2011\nGermany,Heroin,kg,5,6\nGermany,LSD,kg,,\nGermany,Opium,kg,,1\n",
    )
    contents = contents_of(path)
    assert contents.records.select("drug_text", "year_text").rows() == [
        ("Heroin", "2010"),
        ("Heroin", "2011"),
        ("Opium", "2011"),
    ]
    assert (contents.rows_read, contents.rows_quarantined, contents.rows_not_reported) == (4, 0, 1)
    assert issues(contents) == []  # not an error: nothing was reported


@pytest.mark.parametrize("other", ["2011/12", "2011-12", "FY2011", "Total", "Totales"])
def test_a_wide_column_that_is_not_a_calendar_year_is_reported_and_not_loaded(tmp_path, other):
    path = write(
        tmp_path,
        "deu_by_year.csv",
        f"Country,Drug,Unit,2010,{other}\nGermany,Heroin,kg,5,6\nGermany,Opium,kg,,7\nGermany,LSD,kg,,\n",
    )
    contents = contents_of(path)
    assert contents.records.select("drug_text", "year_text", "quantity_text").rows() == [
        ("Heroin", "2010", "5")
    ]
    assert issues(contents) == [("csv", None, other, "not_a_calendar_year", "error")]
    assert (
        f"column E '{other}' is not a calendar year: not loaded (2 figures)" in contents.issues["message"][0]
    )
    # Heroin 2010 read; Heroin and Opium in the other column quarantined; LSD reports nothing
    assert (contents.rows_read, contents.rows_quarantined, contents.rows_not_reported) == (4, 2, 1)


def test_a_field_headed_twice_leaves_the_sheet_unread_and_its_rows_quarantined(tmp_path):
    path = tmp_path / "totales_2011.xlsx"
    workbook = openpyxl.Workbook()
    cases = workbook.active
    cases.title = "Datos"
    cases.append(["País", "Año", "Droga", "Cantidad", "Unidad", "Cantidad"])
    cases.append(["Perú", 2011, "Heroína", 1, "kg", 2])
    cases.append(["Perú", 2011, "Cocaína", 3, "kg", 4])
    notes = workbook.create_sheet("Otros")
    notes.append(["País", "Año", "Droga", "Cantidad", "Unidad", "Nota", "Nota"])
    notes.append(["Chile", 2011, "Heroína", 5, "kg", "a", "b"])
    workbook.save(path)

    contents = contents_of(path)

    assert issues(contents) == [
        ("Datos", None, "Cantidad", "duplicate_header", "error"),
        ("Otros", None, "Nota", "duplicate_unused_header", "warning"),
    ]
    messages = contents.issues["message"].to_list()
    assert messages[0].startswith("columns D and F have the same header 'Cantidad', all naming the quantity")
    assert "the sheet is not read" in messages[0]
    assert messages[1].startswith("columns F and G have the same header 'Nota'")
    assert contents.records["country_text"].to_list() == ["Chile"]  # Otros is read
    assert (contents.rows_read, contents.rows_quarantined) == (3, 2)


def test_two_names_of_one_field_are_a_duplicate_header():
    cells = match_header_cells(
        ["Country", "Quantity", "Amount", "Unit", "Notes"], load_profiles()[0].columns, wide_by_year=False
    )
    assert cells.duplicates == (((1, 2), "quantity"),)
    assert cells.fields == {0: "country", 1: "quantity", 3: "unit"}


def test_hidden_sheets_and_cells_holding_errors_or_formulas(tmp_path):
    path = tmp_path / "totales_2011.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Datos"
    sheet.append(["País", "Año", "Droga", "Cantidad", "Unidad", "Notas"])
    sheet.append(["Perú", 2011, "Heroína", "#N/A", "kg"])  # an error value
    sheet.append(["Perú", 2011, "Cocaína", 2, "kg", "#REF!"])  # in a column no field reads: harmless
    sheet.append(["Perú", 2011, "Marihuana", None, "kg"])
    sheet["D4"] = "=B4*2"  # a formula, saved without its value
    sheet.append(["#DIV/0!", 2011, "Opio", 4, "kg"])
    lists = workbook.create_sheet("Listas")
    lists.append(["Heroína"])
    lists.sheet_state = "hidden"
    workbook.save(path)

    contents = contents_of(path)

    assert contents.issues.select("sheet", "source_row", "column_name", "value", "check_name").rows() == [
        ("Listas", None, None, None, "hidden_sheet"),
        ("Datos", 2, "Cantidad", "#N/A", "excel_error"),
        ("Datos", 4, "Cantidad", "=B4*2", "formula_without_value"),
        ("Datos", 5, "País", "#DIV/0!", "excel_error"),
    ]
    messages = contents.issues["message"].to_list()
    assert messages[0].startswith("sheet 'Listas' is hidden and holds data (1 row): not read")
    assert (
        messages[1]
        == "the cell holds the Excel error #N/A (no value available): correct the formula, or type the figure"
    )
    assert messages[2] == "formula without a computed value: open and save the file in Excel"
    assert set(contents.issues["severity"]) == {"warning", "error"}
    assert contents.records["drug_text"].to_list() == ["Cocaína"]
    assert (contents.rows_read, contents.rows_quarantined, contents.rows_not_reported) == (4, 3, 0)


def test_an_unrecognised_file_still_counts_its_rows(tmp_path):
    path = write(tmp_path, "nota.csv", "Nota de remisión\n\nNombre;Comentario\nAna;Sin datos\n")
    reading = read_file(path)
    with pytest.raises(Unrecognised):
        recognise(path, reading.grids, load_profiles())
    assert content_rows(reading.grids) == 3  # blank lines are not rows


def test_an_error_in_a_wide_year_cell_quarantines_that_figure_only(tmp_path):
    path = tmp_path / "deu_by_year.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Country", "Drug", "Unit", 2010, 2011])
    workbook.active.append(["Germany", "Heroin", "kg", 5, "#VALUE!"])
    workbook.active.append(["#N/A", "Opium", "kg", 1, 2])
    workbook.save(path)
    contents = contents_of(path)
    assert contents.records.select("drug_text", "year_text").rows() == [("Heroin", "2010")]
    assert contents.issues.select("source_row", "column_name", "field", "value", "check_name").rows() == [
        (2, "2011", "quantity", "#VALUE!", "excel_error"),
        (3, "Country", "country", "#N/A", "excel_error"),
        (3, "Country", "country", "#N/A", "excel_error"),  # both of the row's figures
    ]
    assert (contents.rows_read, contents.rows_quarantined) == (4, 3)


def test_text_that_looks_like_an_error_or_a_formula_in_a_csv_is_left_to_the_checks(tmp_path):
    path = write(
        tmp_path, "totales_2011.csv", 'País;Año;Droga;Cantidad;Unidad\nPerú;2011;=HYPERLINK("x");#N/A;kg\n'
    )
    contents = contents_of(path)
    assert contents.issues.is_empty() and contents.records["quantity_text"].to_list() == ["#N/A"]


def test_no_data_markers_are_not_reported_a_zero_stays_zero_and_a_blank_stays_for_the_checks(tmp_path):
    path = write(
        tmp_path,
        "col_annual.csv",
        "Country,Year,Drug,Quantity,Unit\n"
        "Colombia,2010,Heroin,--,kg\n"
        "Colombia,2010,Cocaine,Not known,kg\n"
        "Colombia,2010,Opium,0,kg\n"
        "Colombia,2010,Cannabis herb,,kg\n"
        "Colombia,2011,Heroin, s/d ,kg\n"
        "Colombia,2011,Cocaine,n. d.,kg\n"
        "Colombia,2011,Opium,unos 20,kg\n",
    )
    contents = contents_of(path)
    assert contents.records.select("drug_text", "quantity_text").rows() == [
        ("Opium", "0"),  # a genuine zero is a figure
        ("Cannabis herb", None),  # a blank where a quantity is required: the checks' error
        ("Opium", "unos 20"),  # text that is no marker: the checks' error
    ]
    assert contents.not_reported.select("source_row", "drug_text", "year_text", "marker").rows() == [
        (2, "Heroin", "2010", "--"),
        (3, "Cocaine", "2010", "Not known"),
        (6, "Heroin", "2011", "s/d"),
        (7, "Cocaine", "2011", "n. d."),
    ]
    assert (contents.rows_read, contents.rows_quarantined, contents.rows_not_reported) == (7, 0, 4)
    assert issues(contents) == []


def test_no_data_markers_in_year_columns_are_each_a_figure_not_reported(tmp_path):
    path = write(
        tmp_path,
        "per_by_year.csv",
        "País,Droga,Unidad,2010,2011,2012\nPerú,Heroína,kg,5,--,sin datos\nPerú,Opio,kg,…,N/A,\n",
    )
    contents = contents_of(path)
    assert contents.records.select("drug_text", "year_text", "quantity_text").rows() == [
        ("Heroína", "2010", "5")
    ]
    assert contents.not_reported.select("drug_text", "year_text", "marker").rows() == [
        ("Heroína", "2011", "--"),
        ("Heroína", "2012", "sin datos"),
        ("Opio", "2010", "…"),
        ("Opio", "2011", "N/A"),
    ]
    assert (contents.rows_read, contents.rows_not_reported) == (5, 4)


def test_a_number_of_cases_written_as_a_marker_is_blank(tmp_path):
    path = write(
        tmp_path,
        "ecu_annual.csv",
        "Country,Year,Drug,Quantity,Unit,Cases\nEcuador,2010,Heroin,3,kg,nd\nEcuador,2010,Opium,4,kg,2\n",
    )
    contents = contents_of(path)
    assert contents.records["seizure_cases_text"].to_list() == [None, "2"]
    assert contents.rows_not_reported == 0


def test_fill_down_gives_merged_cells_exported_flat_their_country_and_a_blank_row_is_not_data(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Country", "Drug", "Unit", 2010, 2011])
    sheet.append(["Colombia", "Heroin", "kg", 1, 2])
    sheet.append([None, "Cocaine", "kg", 3, None])
    sheet.append([None, "Opium", "kg", None, 4])
    sheet.append([])  # a blank row between countries
    sheet.append(["Peru", "Heroin", "kg", 5, 6])
    sheet.append([None, "Cocaine", "kg", "--", 7])
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("A6:A7")
    path = tmp_path / "lac_by_year.xlsx"
    book.save(path)
    contents = contents_of(path, (profile("annual_totals_wide", fill_down=["country"]),))
    assert contents.records.select("source_row", "country_text", "drug_text", "year_text").rows() == [
        (2, "Colombia", "Heroin", "2010"),
        (2, "Colombia", "Heroin", "2011"),
        (3, "Colombia", "Cocaine", "2010"),
        (4, "Colombia", "Opium", "2011"),
        (6, "Peru", "Heroin", "2010"),
        (6, "Peru", "Heroin", "2011"),
        (7, "Peru", "Cocaine", "2011"),
    ]
    assert contents.not_reported.select("country_text", "year_text", "marker").rows() == [
        ("Peru", "2010", "--")
    ]
    assert (contents.rows_read, contents.rows_quarantined, contents.rows_not_reported) == (8, 0, 1)
    # without fill_down the merged cells are blank: the rows have no country
    unfilled = contents_of(path, (profile("annual_totals_wide"),))
    assert unfilled.records.filter(unfilled.records["country_text"].is_null()).height == 3


def test_figures_not_reported_get_their_country_drug_and_year(tmp_path, vocab):
    from honlea.transforms.pipeline import conform_not_reported
    from honlea.warehouse.schema import NOT_REPORTED

    path = write(
        tmp_path, "per_by_year.csv", "País,Droga,Unidad,2010,2011\nPerú,Heroína,kg,5,--\nPerú,Opio,kg,,\n"
    )
    conformed = conform_not_reported(contents_of(path).not_reported, vocab)
    assert ["submission_id", *conformed.columns] == NOT_REPORTED.column_names
    assert conformed.select("iso3", "drug_id", "year", "marker", "source_column").rows() == [
        ("PER", "heroin", 2011, "--", "2011"),
        ("PER", "opium", None, None, None),  # a wide row without figures: no year
    ]
