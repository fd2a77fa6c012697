"""sources.formats: .xls, .ods, JSON, JSON Lines and Parquet files the tests write, read with the real
profiles into the same records as a csv of the same rows."""

import datetime
import json

import pandas as pd
import polars as pl
import pytest
import xlwt

from honlea.config.reference import no_data_markers
from honlea.config.source_profiles import load_profiles
from honlea.sources.contents import read_contents
from honlea.sources.readers import UnreadableFile, read_file
from honlea.sources.recognise import recognise

HEADER = ["Country", "Year", "Drug", "Quantity", "Unit"]
ROWS = [
    ["Colombia", 2010, "Heroin", 12.5, "kg"],
    ["Colombia", 2011, "Cocaine", "--", "kg"],
    ["Peru", 2011, "Opium", 0, "kg"],
]
RECORDS = [dict(zip(HEADER, row, strict=True)) for row in ROWS]


def contents_of(path, profiles=None):
    reading = read_file(path)
    recognised = recognise(path, reading.grids, profiles or load_profiles())
    return recognised, read_contents(recognised, reading.hidden, no_data_markers())


def loaded(contents):
    return contents.records.select("country_text", "year_text", "drug_text", "quantity_text").rows()


EXPECTED = [("Colombia", "2010", "Heroin", "12.5"), ("Peru", "2011", "Opium", "0")]


def write_xls(path, sheets):
    book = xlwt.Workbook()
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows, hidden in sheets:
        sheet = book.add_sheet(name)
        sheet.visibility = int(hidden)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(
                        r, c, value, dated if isinstance(value, datetime.date) else xlwt.Style.default_style
                    )
    book.save(path)
    return path


def test_an_old_binary_xls_workbook_is_read_with_its_rows_numbered_as_excel_shows_them(tmp_path):
    title = ["SYNTHETIC annual seizures"]
    path = write_xls(
        tmp_path / "col_annual.xls",
        [("Datos", [title, [], HEADER, *ROWS], False), ("Notas", [["internal"]], True)],
    )
    recognised, contents = contents_of(path)
    assert recognised.profile.name == "annual_totals"
    assert loaded(contents) == EXPECTED
    assert contents.records["source_row"].to_list() == [4, 6]  # Excel's rows: the title is row 1
    assert contents.not_reported.select("source_row", "marker").rows() == [(5, "--")]
    assert (contents.rows_read, contents.rows_not_reported) == (3, 1)
    assert contents.issues["check_name"].to_list() == ["hidden_sheet"]  # the hidden sheet is named, not read


def test_an_xls_workbook_keeps_dates_and_columns_that_do_not_start_at_a(tmp_path):
    header = ["Date", "Country", "Drug", "Quantity", "Unit"]
    path = write_xls(
        tmp_path / "ecu_cases.xls",
        [
            (
                "Casos",
                [
                    [],
                    [None, None, *header],
                    [None, None, datetime.date(2011, 3, 4), "Ecuador", "Heroin", 2, "kg"],
                ],
                False,
            )
        ],
    )
    _, contents = contents_of(path)
    assert contents.records.select("source_row", "seizure_date_text", "country_text").rows() == [
        (3, "2011-03-04 00:00:00", "Ecuador")
    ]


def test_an_ods_workbook_reads_as_the_csv_of_the_same_rows(tmp_path):
    path = tmp_path / "col_annual.ods"
    pd.DataFrame([HEADER, *ROWS]).to_excel(path, engine="odf", header=False, index=False, sheet_name="Hoja1")
    csv = tmp_path / "col_annual.csv"
    csv.write_text("\n".join(",".join(map(str, row)) for row in [HEADER, *ROWS]) + "\n", encoding="utf-8")
    _, contents = contents_of(path)
    _, from_csv = contents_of(csv)
    assert loaded(contents) == loaded(from_csv) == EXPECTED
    assert contents.records["sheet"].to_list() == ["Hoja1", "Hoja1"]
    assert contents.rows_not_reported == from_csv.rows_not_reported == 1


@pytest.mark.parametrize(
    ("document", "sheet"),
    [
        (RECORDS, "json"),
        ({"title": "SYNTHETIC", "records": RECORDS}, "records"),
        ({"seizures": RECORDS}, "seizures"),
    ],
)
def test_a_json_file_of_records_numbers_each_row_by_its_record(tmp_path, document, sheet):
    path = tmp_path / "col_annual.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _, contents = contents_of(path)
    assert loaded(contents) == EXPECTED
    assert contents.records.select("sheet", "source_row").rows() == [
        (sheet, 1),
        (sheet, 3),
    ]  # records 1 and 3
    assert contents.not_reported.select("source_row", "marker").rows() == [(2, "--")]


def test_json_numbers_are_kept_as_written(tmp_path):
    path = tmp_path / "col_annual.json"
    path.write_text(
        '[{"Country": "Colombia", "Year": 2010, "Drug": "Heroin", "Quantity": 12.50, "Unit": "kg"}]'
    )
    _, contents = contents_of(path)
    assert loaded(contents) == [("Colombia", "2010", "Heroin", "12.50")]


def test_a_json_file_of_cases_without_a_country_column_takes_the_profiles_constant(tmp_path):
    cases = next(p for p in load_profiles() if p.name == "seizure_cases")
    national = cases.model_copy(
        update={
            "name": "col_police_cases",
            "defaults": {**cases.defaults, "country": "COL"},
            "required": ["seizure_date", "drug", "quantity", "unit"],
        }
    )
    path = tmp_path / "incautaciones.json"
    records = [
        {
            "fecha": "2011-03-04",
            "droga": "Basuco",
            "cantidad": 1.5,
            "unidad": "kg",
            "departamento": "Antioquia",
        },
        {
            "fecha": "2011-03-05",
            "droga": "Marihuana",
            "cantidad": 20,
            "unidad": "kg",
            "departamento": "Cauca",
        },
    ]
    path.write_text(json.dumps({"records": records}), encoding="utf-8")
    recognised, contents = contents_of(path, (national,))
    assert recognised.profile.name == "col_police_cases"
    assert contents.records.select(
        "source_row", "country_text", "drug_text", "seizure_cases_text"
    ).rows() == [
        (1, "COL", "Basuco", "1"),
        (2, "COL", "Marihuana", "1"),
    ]


def test_a_json_lines_file_numbers_each_record_by_its_line(tmp_path):
    path = tmp_path / "col_annual.jsonl"
    lines = [json.dumps(RECORDS[0]), "", json.dumps(RECORDS[1]), json.dumps(RECORDS[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, contents = contents_of(path)
    assert loaded(contents) == EXPECTED
    assert contents.records["source_row"].to_list() == [1, 4]
    assert contents.not_reported["source_row"].to_list() == [3]


def test_a_parquet_file_reads_as_the_csv_of_the_same_rows(tmp_path):
    path = tmp_path / "col_annual.parquet"
    pl.DataFrame(
        {
            "Country": ["Colombia", "Colombia", "Peru"],
            "Year": [2010, 2011, 2011],
            "Drug": ["Heroin", "Cocaine", "Opium"],
            "Quantity": ["12.5", "--", "0"],
            "Unit": ["kg", "kg", "kg"],
        }
    ).write_parquet(path)
    _, contents = contents_of(path)
    assert loaded(contents) == EXPECTED
    assert contents.records["source_row"].to_list() == [1, 3]
    assert contents.rows_not_reported == 1


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.json", "[{", r"a\.json: not valid JSON \(line 1"),
        ("a.json", '{"title": "x"}', r"a\.json: a JSON object without an array of records"),
        ("a.json", "[1, 2]", r"a\.json: record 1 is not an object"),
        ("a.jsonl", '{"a": 1}\nnot json\n', r"a\.jsonl: line 2 is not a JSON record"),
        ("a.parquet", "not parquet", r"a\.parquet: not a readable Parquet file"),
        ("a.ods", "not a workbook", r"a\.ods: not a readable ods workbook .*save it as Excel Workbook"),
        (
            "a.xls",
            "<html>not a workbook</html>",
            r"a\.xls: not a readable xls workbook .*save it as Excel Workbook",
        ),
    ],
)
def test_a_broken_file_of_a_new_format_is_unreadable_with_the_reason(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=message):
        read_file(path)
