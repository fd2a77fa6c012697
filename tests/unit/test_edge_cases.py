"""Edge cases a careful reviewer found: each once lost rows, mis-read numbers or named the wrong place."""

from datetime import date

import openpyxl
import polars as pl
import pytest

from config.source_profiles import load_profiles
from expectations.runner import validate
from sources.readers import read_grids
from sources.recognise import recognise
from tests.unit.pipeline import as_issues, keys_of, prepared
from transforms.keys import mark_key_conflicts, split_exact_duplicates
from transforms.numbers import infer_decimal_mark, parse_number
from transforms.quality import issue_rows, split_quarantine
from transforms.records import sheet_records
from transforms.seizures import conform_seizures

TODAY = date(2026, 11, 29)


def numbers(texts, default="."):
    column = pl.Series(texts, dtype=pl.String)
    mark = infer_decimal_mark(column, default)
    return column.to_frame("t").select(parse_number(pl.col("t"), mark))["t"].to_list()


def test_whole_numbers_with_thousands_dots_in_a_semicolon_file():
    assert numbers(["1.500", "12.000"], default=",") == [1500.0, 12000.0]


def test_a_typed_decimal_comma_among_excel_number_cells():
    assert numbers(["1234.5", "10.25", "12,5"]) == [1234.5, 10.25, 12.5]


@pytest.mark.parametrize("text", ["1,2,3", "nan", "inf", "-inf", "12,5,0"])
def test_texts_that_are_not_finite_numbers(text):
    assert numbers([text]) == [None]


def test_decimal_comma_below_one_in_a_point_file():
    assert numbers(["0,75", "12.5", "3.25"]) == [0.75, 12.5, 3.25]


def test_rows_differing_only_in_an_unmapped_column_are_not_duplicates(make_records, vocab):
    row = {"country": "Jamaica", "drug": "Cannabis herb", "quantity": "1", "unit": "kg", "case_ref": "A"}
    records = make_records([row | {"row_hash": 101}, row | {"row_hash": 102}])
    kept, dropped = split_exact_duplicates(conform_seizures(records, vocab), "duplicate")
    assert kept.height == 2 and dropped.height == 0


def test_one_case_seizing_two_drugs_is_not_a_conflict(make_records, vocab):
    case = {
        "country": "Ecuador",
        "case_ref": "DNA-1",
        "quantity": "10",
        "unit": "kg",
        "seizure_date": "2011-03-01",
    }
    records = make_records([case | {"drug": "Cocaine hydrochloride"}, case | {"drug": "Cannabis herb"}])
    marked = mark_key_conflicts(
        conform_seizures(records, vocab), ["country", "case_ref", "drug"], "duplicate"
    )
    assert marked["conflicting_rows"].to_list() == [None, None]


def test_the_same_figure_in_kilograms_and_grams_is_a_conflict(make_records, vocab):
    row = {"country": "Perú", "drug": "Heroína", "year": "2011"}
    records = make_records([row | {"quantity": "10", "unit": "kg"}, row | {"quantity": "10000", "unit": "g"}])
    marked = mark_key_conflicts(
        conform_seizures(records, vocab), ["country", "drug", "unit", "year"], "conflict"
    )
    assert marked["conflicting_rows"].to_list() == ["2, 3", "2, 3"]


def test_conflicts_across_sheets_name_the_sheets(make_records, vocab):
    row = {"country": "Perú", "drug": "Heroína", "year": "2011", "unit": "kg"}
    records = pl.concat(
        [
            make_records([row | {"quantity": "1"}], sheet="A"),
            make_records([row | {"quantity": "2"}], sheet="B"),
        ]
    ).with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id"))
    marked = mark_key_conflicts(
        conform_seizures(records, vocab), ["country", "drug", "unit", "year"], "conflict"
    )
    assert marked["conflicting_rows"].to_list() == ["A!2, B!2", "A!2, B!2"]


def test_overlapping_name_patterns_choose_the_profile_whose_header_fits_best(tmp_path):
    path = tmp_path / "JAM_annual_seizure_cases_2011.csv"
    path.write_text(
        "Date,Year,Country,Drug,Quantity,Unit,Mode of transport,Case reference\n"
        "2011-03-01,2011,Jamaica,Cannabis herb,120,kg,sea,JCF-1\n"
    )
    assert recognise(path, read_grids(path), load_profiles()).profile.name == "seizure_cases"


def _wide(tmp_path, header, *rows):
    path = tmp_path / "SYNTHETIC_DEU_totals_by_year.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = recognise(path, read_grids(path), load_profiles())
    ((grid, found),) = result.sheets
    return sheet_records(grid.frame, found, grid.sheet, result.profile.defaults)


def test_wide_file_keeps_repeated_and_annotated_year_columns_and_counts_rows_without_figures(tmp_path):
    sheet = _wide(
        tmp_path, "Country,Drug,Unit,2008,2008 (p),2009", "Germany,Heroin,kg,20,21,", "Germany,Opium,kg,,,"
    )
    assert sheet.records.select("drug_text", "year_text", "quantity_text", "source_column").rows() == [
        ("Heroin", "2008", "20", "2008"),
        ("Heroin", "2008", "21", "2008 (p)"),
    ]
    assert (sheet.without_figures, sheet.rows) == (1, 3)  # Opium reports nothing: counted, not a record


def test_a_sheet_the_profile_cannot_read_is_reported(tmp_path):
    path = tmp_path / "SYNTHETIC_ECU_casos_2011.xlsx"
    workbook = openpyxl.Workbook()
    totals = workbook.active
    totals.title = "Totales"
    totals.append(["Resumen", "Total"])
    totals.append(["Cocaína", 100])
    cases = workbook.create_sheet("Casos")
    cases.append(["Fecha", "País", "Droga", "Cantidad", "Unidad"])
    cases.append(["2011-03-01", "Ecuador", "Cocaína", 10, "kg"])
    workbook.save(path)
    result = recognise(path, read_grids(path), load_profiles())
    assert [grid.sheet for grid, _ in result.sheets] == ["Casos"]
    assert result.unread_sheets == ("Totales",)


def test_iso2_column_and_a_quantity_headed_in_kilograms(tmp_path, vocab):
    path = tmp_path / "envio_2011.csv"
    path.write_text("ISO2;Año;Droga;Kilogramos\nCO;2011;Marihuana;12,5\n", encoding="utf-8")
    result = recognise(path, read_grids(path), load_profiles())
    assert result.profile.name == "annual_totals"
    ((grid, found),) = result.sheets
    records = sheet_records(grid.frame, found, grid.sheet, result.profile.defaults).records
    conformed = conform_seizures(records, vocab, grid.decimal_hint)
    assert conformed.select("iso3", "unit", "kilograms").rows() == [("COL", "kg", 12.5)]


def test_placeholders_in_free_text_countries_are_not_two_letter_codes(make_records, vocab):
    case = {"country": "Jamaica", "drug": "Cannabis herb", "quantity": "1", "unit": "kg"}
    records = make_records([case | {"origin_country": text} for text in ("NA", "no", "SD")])
    conformed = conform_seizures(records, vocab)
    assert conformed["origin_iso3"].to_list() == [None, None, None]
    assert conformed["origin_unmatched"].to_list() == ["NA", "no", "SD"]


def test_a_code_and_a_name_naming_two_countries_is_an_error(make_records, vocab):
    row = {
        "country": "Peru",
        "country_code": "COL",
        "drug": "Heroin",
        "year": "2011",
        "quantity": "1",
        "unit": "kg",
    }
    conformed = conform_seizures(make_records([row]), vocab)
    assert conformed["country_mismatch"].to_list() == ["Peru / COL"]
    failures, _ = validate(
        prepared(make_records([row]), ["country"], "sum"), "seizures_annual", "mismatch", TODAY
    )
    assert failures.select("check_name", "severity").rows() == [("country_name_matches_code", "error")]


def test_odd_case_counts_do_not_crash_the_file(make_records, vocab):
    row = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "1", "unit": "kg"}
    records = make_records([row | {"seizure_cases": text} for text in ("nan", "12345678901234567890", "7")])
    conformed = conform_seizures(records, vocab)
    assert conformed["seizure_cases"].to_list() == [None, None, 7]
    assert conformed["seizure_cases_unmatched"].to_list() == ["nan", "12345678901234567890", None]


def test_issues_use_each_sheets_own_header(make_records, vocab):
    records = pl.concat(
        [
            make_records([{"drug": "Polvo de ángel azul"}], sheet="A"),
            make_records([{"drug": "Blue dream powder"}], sheet="B"),
        ]
    ).with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id"))
    conformed = prepared(records, [], "sum")
    failures = pl.DataFrame(
        {"row_id": [0, 1], "check_name": ["known_drug"] * 2, "field": ["drug"] * 2}
    ).with_columns(pl.lit("error").alias("severity"), pl.lit("drug not known").alias("message"))
    issues = issue_rows(
        conformed, failures, {"A": {"drug": "Droga"}, "B": {"drug": "Drug"}}, keys_of(conformed)
    )
    assert issues.select("sheet", "column_name", "value").rows() == [
        ("A", "Droga", "Polvo de ángel azul"),
        ("B", "Drug", "Blue dream powder"),
    ]


def test_a_rejected_warning_holds_the_row_back(make_records, vocab):
    row = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "1", "unit": "kg"}
    frame = prepared(make_records([row, row | {"year": "2010"}]))
    issues = as_issues(
        pl.DataFrame(
            {"row_id": [0, 1], "severity": ["warning", "warning"], "check_name": ["total_vs_components"] * 2}
        ),
        ["rejected", "open"],
    )
    loaded, quarantined = split_quarantine(frame, issues)
    assert quarantined["row_id"].to_list() == [0]
    assert loaded.select("row_id", "warnings").rows() == [(1, "total_vs_components")]


def test_nul_bytes_are_dropped_from_csv_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"Country;Drug\nPer\x00u;Heroin\n")
    (grid,) = read_grids(path)
    assert grid.frame["c0"].to_list() == ["Country", "Peru"]


def test_the_committed_data_dictionary_is_current():
    from config.settings import PROJECT_ROOT
    from warehouse.dictionary import html_page, markdown

    assert (PROJECT_ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == markdown()
    assert (PROJECT_ROOT / "docs" / "data-dictionary.html").read_text(encoding="utf-8") == html_page()


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_check_is_explained_to_countries_in_each_language(language):
    import csv

    from config.settings import CONFIG_DIR
    from expectations.runner import DATASETS
    from transforms.quality import READ_CHECKS

    with open(CONFIG_DIR / "feedback_texts.csv", encoding="utf-8") as handle:
        texts = {row["key"]: row for row in csv.DictReader(handle)}
    checks = {check.name for module in DATASETS.values() for check in module.checks(TODAY)} | set(READ_CHECKS)
    missing = sorted(name for name in checks if not (texts.get(name) or {}).get(language))
    assert missing == []
