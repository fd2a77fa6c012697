"""sources.readers: real csv bytes and real xlsx workbooks into grids numbered as the file numbers rows."""

import datetime

import openpyxl
import pytest

from honlea.sources.readers import (
    Grid,
    UnreadableFile,
    read_csv,
    read_grids,
    read_xlsx,
    sha256,
    sniff_delimiter,
)

HEADER = ["Country", "Year", "Drug", "Quantity", "Unit"]


def row_of(grid, column, value):
    """source_row of the grid row whose `column` holds `value`."""
    return grid.frame.filter(grid.frame[column] == value)["source_row"].to_list()


def test_csv_semicolon_cp1252_with_titles_keeps_file_line_numbers(tmp_path):
    text = (
        "Informe anual de incautaciones 2011\r\n"
        "Ministerio del Interior - Perú\r\n"
        "\r\n"
        "País;Año;Droga;Cantidad;Unidad\r\n"
        "Perú;2011;Clorhidrato de cocaína;1.234,5;kg\r\n"
        "Perú;2011;Marihuana;12,5;toneladas\r\n"
    )
    path = tmp_path / "envio_peru.csv"
    path.write_bytes(text.encode("cp1252"))

    [grid] = read_grids(path)

    assert grid.sheet == "csv"
    frame = grid.frame
    assert frame.columns == ["c0", "c1", "c2", "c3", "c4", "source_row"]
    assert row_of(grid, "c0", "País") == [4]  # line 4 of the file
    assert row_of(grid, "c2", "Clorhidrato de cocaína") == [5]
    assert row_of(grid, "c2", "Marihuana") == [6]
    assert frame.filter(frame["source_row"] == 5).row(0)[:5] == (
        "Perú",
        "2011",
        "Clorhidrato de cocaína",
        "1.234,5",
        "kg",
    )
    # the blank line is kept (empty) so the numbering does not shift
    assert frame.filter(frame["source_row"] == 3).drop("source_row").null_count().row(0) == (1,) * 5


def test_csv_latin1_bytes_outside_cp1252_still_decode(tmp_path):
    path = tmp_path / "datos.csv"
    path.write_bytes("País;Año\nPerú\x81;2011\n".encode("latin-1"))
    [grid] = read_csv(path).grids
    assert grid.frame["c0"].to_list() == ["País", "Perú\x81"]


def test_csv_comma_utf8_with_bom(tmp_path):
    path = tmp_path / "annual.csv"
    path.write_bytes('Country,Year,Drug,Quantity,Unit\nHaïti,2011,Héroïne,"1,234.5",kg\n'.encode("utf-8-sig"))

    [grid] = read_grids(path)

    assert grid.frame.row(0) == ("Country", "Year", "Drug", "Quantity", "Unit", 1)  # no BOM in "Country"
    assert grid.frame.row(1) == ("Haïti", "2011", "Héroïne", "1,234.5", "kg", 2)


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be"]
)  # "utf-16" writes a byte-order mark (Excel's "Unicode text"); the others do not
def test_csv_in_utf16_is_decoded(tmp_path, encoding):
    path = tmp_path / "totales.csv"
    path.write_bytes("País\tAño\tNota\r\nPerú\t2011\t€ 1,5\r\n".encode(encoding))
    [grid] = read_csv(path).grids
    assert grid.frame.rows() == [("País", "Año", "Nota", 1), ("Perú", "2011", "€ 1,5", 2)]


def test_csv_empty_cells_are_null(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a;b;c\n1;;3\n", encoding="utf-8")
    [grid] = read_csv(path).grids
    assert grid.frame.row(1) == ("1", None, "3", 2)


def test_csv_quoted_cell_with_a_newline_does_not_shift_later_rows(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Country;Note\nPeru;"two\nlines"\nChile;x\n', encoding="utf-8")
    [grid] = read_csv(path).grids
    assert row_of(grid, "c0", "Chile") == [4]
    assert row_of(grid, "c0", "Peru") == [2]  # a record spanning lines keeps the number of its first
    assert grid.frame.filter(grid.frame["c0"] == "Peru")["c1"].to_list() == ["two\nlines"]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("País;Año;Cantidad\nPerú;2011;1.234,5\nChile;2011;12,5\n", ";"),
        ("Country,Year,Quantity\nPeru,2011,12.5\nChile,2011,3\n", ","),
        ("Country\tYear\tQuantity\nPeru\t2011\t1,5\n", "\t"),
        ("Country|Year|Quantity\nPeru|2011|1,5\n", "|"),
        ("Informe, anual 2011\n\nPaís;Año;Cantidad;Unidad\nPerú;2011;1,5;kg\nChile;2011;2,5;kg\n", ";"),
    ],
)
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_unsupported_extension_raises_naming_the_file(tmp_path):
    path = tmp_path / "informe_2011.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableFile, match=r"informe_2011\.pdf.*unsupported file type \.pdf"):
        read_grids(path)


def test_file_without_extension_is_unsupported(tmp_path):
    path = tmp_path / "README"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"README.*\(none\)"):
        read_grids(path)


def test_corrupt_xlsx_raises_unreadable_naming_the_file(tmp_path):
    path = tmp_path / "roto.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(UnreadableFile, match=r"roto\.xlsx"):
        read_grids(path)


def test_xlsx_title_in_b2_blank_row_3_header_row_4(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Datos"
    sheet["B2"] = "Incautaciones 2011"
    for column, label in enumerate(HEADER, start=1):
        sheet.cell(row=4, column=column, value=label)
    sheet.append(["Peru", 2011, "Heroin", 12.5, "kg"])
    sheet.append(["Chile", 2011, "Heroin", 3, "kg"])
    path = tmp_path / "totales.xlsx"
    workbook.save(path)

    [grid] = read_grids(path)

    assert isinstance(grid, Grid)
    assert grid.sheet == "Datos"
    assert row_of(grid, "c1", "Incautaciones 2011") == [2]
    assert row_of(grid, "c0", "Country") == [4]
    assert row_of(grid, "c0", "Peru") == [5]
    assert row_of(grid, "c0", "Chile") == [6]
    assert grid.frame.filter(grid.frame["source_row"] == 5).row(0)[:5] == (
        "Peru",
        "2011",
        "Heroin",
        "12.5",
        "kg",
    )


def test_xlsx_merged_title_a1_e1(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Drug seizures reported by Haiti"
    sheet.merge_cells("A1:E1")
    for column, label in enumerate(HEADER, start=1):
        sheet.cell(row=3, column=column, value=label)
    sheet.append(["Haiti", 2012, "Cocaine", 7, "kg"])
    path = tmp_path / "haiti.xlsx"
    workbook.save(path)

    [grid] = read_xlsx(path).grids

    assert row_of(grid, "c0", "Drug seizures reported by Haiti") == [1]
    assert row_of(grid, "c0", "Country") == [3]
    assert row_of(grid, "c0", "Haiti") == [4]


def test_xlsx_every_visible_sheet_hidden_and_empty_ones_skipped(tmp_path):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "2011"
    first["A1"] = "Country"
    hidden = workbook.create_sheet("Notas")
    hidden["A1"] = "internal"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("Vacía")
    second = workbook.create_sheet("2012")
    second["C5"] = "Country"
    path = tmp_path / "libro.xlsx"
    workbook.save(path)

    grids = read_grids(path)

    assert [g.sheet for g in grids] == ["2011", "2012"]
    assert grids[1].frame["source_row"].to_list()[0] == 5


def test_xlsx_date_cells_come_as_text(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Quantity"])
    sheet.append([datetime.datetime(2011, 3, 4), 0.25])
    path = tmp_path / "casos.xlsx"
    workbook.save(path)
    [grid] = read_xlsx(path).grids
    assert grid.frame.row(1) == ("2011-03-04 00:00:00", "0.25", 2)


def test_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"abc")
    assert sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_nul_bytes_are_dropped_from_csv_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"Country;Drug\nPer\x00u;Heroin\n")
    (grid,) = read_grids(path)
    assert grid.frame["c0"].to_list() == ["Country", "Peru"]


def test_csv_quoted_delimiters_and_quotes_stay_in_their_cell(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Country;Note\n"Peru";"a;b ""c"""\nChile;\n', encoding="utf-8")
    [grid] = read_csv(path).grids
    assert grid.frame.rows() == [("Country", "Note", 1), ("Peru", 'a;b "c"', 2), ("Chile", None, 3)]


def test_csv_lines_ended_by_a_carriage_return_alone_are_numbered_by_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"Title\r\rCountry;Year\rPeru;2011\r")
    [grid] = read_csv(path).grids
    assert row_of(grid, "c0", "Country") == [3] and row_of(grid, "c0", "Peru") == [4]
