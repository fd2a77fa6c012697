"""sources.recognise with the real profiles (config/profiles/*.yaml), and sheet_records."""

import openpyxl
import pytest

from honlea.config.source_profiles import load_profiles
from honlea.sources.readers import read_grids
from honlea.sources.recognise import Unrecognised, header_fields, recognise
from honlea.transforms.records import FIELDS, sheet_records, text_column
from honlea.transforms.seizures import conform_seizures


@pytest.fixture(scope="module")
def profiles():
    """The statistics profiles: the ones recognised by header rows (a country report's is claimed first)."""
    return tuple(p for p in load_profiles() if p.kind == "statistics")


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def recognised(path, profiles):
    return recognise(path, read_grids(path), profiles)


def test_the_four_profiles_load(profiles):
    by_name = {p.name: p for p in profiles if p.kind == "statistics"}
    assert sorted(by_name) == ["annual_totals", "annual_totals_wide", "seizure_cases", "unodc_annex"]
    assert by_name["annual_totals_wide"].wide_by_year
    assert by_name["seizure_cases"].key_policy == "duplicate"
    assert by_name["unodc_annex"].key_policy == "sum"
    assert header_fields(by_name["unodc_annex"]) == ["country", "drug", "year", "quantity"]
    assert header_fields(by_name["annual_totals_wide"]) == ["country", "drug", "unit"]


def test_spanish_headers_in_an_unpatterned_file_are_recognised_by_header(tmp_path, profiles):
    path = write(
        tmp_path,
        "envio_peru_2011.csv",
        "País;Año;Droga;Cantidad;Unidad\nPerú;2011;Clorhidrato de cocaína;1.234,5;kg\n",
        "cp1252",
    )
    result = recognised(path, profiles)
    assert result.profile.name == "annual_totals"
    assert result.by_name is False
    [(_grid, header)] = result.sheets
    assert header.row_index == 0
    assert header.labels == {
        "country": "País",
        "year": "Año",
        "drug": "Droga",
        "quantity": "Cantidad",
        "unit": "Unidad",
    }


def test_a_patterned_name_is_recognised_by_name(tmp_path, profiles):
    path = write(tmp_path, "Peru_ANUAL_2011.csv", "País;Año;Droga;Cantidad;Unidad\nPerú;2011;Heroína;1;kg\n")
    result = recognised(path, profiles)
    assert (result.profile.name, result.by_name) == ("annual_totals", True)


def test_french_case_level_headers_are_seizure_cases(tmp_path, profiles):
    path = write(
        tmp_path,
        "envoi_haiti.csv",
        "Date de saisie;Pays;Drogue;Quantité;Unité;Mode de transport\n"
        "04/03/2011;Haïti;Cocaïne;2,5;kg;aérien\n",
        "cp1252",
    )
    result = recognised(path, profiles)
    assert result.profile.name == "seizure_cases"
    assert result.profile.dataset == "seizure_cases"
    [(_grid, header)] = result.sheets
    assert header.labels["seizure_date"] == "Date de saisie"
    assert header.labels["quantity"] == "Quantité"
    assert header.columns["transport_mode"] == "c5"


def test_header_below_title_rows_in_xlsx(tmp_path, profiles):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B2"] = "Incautaciones anuales"
    for column, label in enumerate(["País", "Año", "Droga", "Cantidad", "Unidad"], start=1):
        sheet.cell(row=4, column=column, value=label)
    sheet.append(["Perú", 2011, "Heroína", 1.5, "kg"])
    path = tmp_path / "envio.xlsx"
    workbook.save(path)

    result = recognised(path, profiles)

    [(grid, header)] = result.sheets
    assert result.profile.name == "annual_totals"
    records = sheet_records(grid.frame, header, grid.sheet, result.profile.defaults).records
    assert records["source_row"].to_list() == [5]
    assert records["source_column"].to_list() == ["Cantidad"]
    assert records.select("country_text", "year_text", "quantity_text").row(0) == ("Perú", "2011", "1.5")


def test_wide_file_is_melted_to_one_row_per_filled_year_cell(tmp_path, profiles):
    path = write(
        tmp_path,
        "datos_region.csv",
        "Country,Drug,Unit,2007,2008\nPeru,Heroin,kg,1.5,\nChile,Heroin,kg,,2\nBolivia,Heroin,kg,3,4\n",
    )
    result = recognised(path, profiles)
    assert result.profile.name == "annual_totals_wide"
    [(grid, header)] = result.sheets
    assert header.year_columns == ((2007, "c3", "2007"), (2008, "c4", "2008"))

    records = sheet_records(grid.frame, header, grid.sheet, result.profile.defaults).records

    assert records.columns == [
        "row_id",
        "sheet",
        "source_row",
        "source_column",
        "row_hash",
        *map(text_column, FIELDS),
    ]
    got = records.select(
        "row_id", "source_row", "source_column", "country_text", "year_text", "quantity_text"
    )
    assert got.rows() == [
        (0, 2, "2007", "Peru", "2007", "1.5"),
        (1, 3, "2008", "Chile", "2008", "2"),
        (2, 4, "2007", "Bolivia", "2007", "3"),
        (3, 4, "2008", "Bolivia", "2008", "4"),
    ]
    assert set(records["sheet"]) == {"csv"}


def test_records_from_long_grid_skips_blank_rows_and_applies_defaults(tmp_path, profiles):
    path = write(
        tmp_path,
        "seizure_cases_2011.csv",
        "Fecha;País;Droga;Cantidad;Unidad\n04/03/2011;Perú;Heroína;1;kg\n;;;;\n\n05/03/2011;Perú;Heroína;2;kg\n",
    )
    result = recognised(path, profiles)
    [(grid, header)] = result.sheets
    records = sheet_records(grid.frame, header, grid.sheet, result.profile.defaults).records
    assert records["source_row"].to_list() == [2, 5]
    assert records["row_id"].to_list() == [0, 1]
    assert records["seizure_cases_text"].to_list() == ["1", "1"]  # the profile's default: one case a row
    assert records["transport_mode_text"].to_list() == [None, None]


def test_unrecognised_file_names_the_file(tmp_path, profiles):
    path = write(tmp_path, "notas_reunion.csv", "Nombre;Comentario\nAna;Sin datos\n")
    with pytest.raises(Unrecognised) as caught:
        recognised(path, profiles)
    message = str(caught.value)
    assert message.startswith("notas_reunion.csv:")
    assert "no source profile recognises it" in message


def test_a_fitting_name_whose_header_lacks_a_column_says_which(tmp_path, profiles):
    path = write(tmp_path, "peru_annual_2011.csv", "País;Droga;Cantidad;Unidad\nPerú;Heroína;1,5;kg\n")
    with pytest.raises(Unrecognised) as caught:
        recognised(path, profiles)
    said, examples = str(caught.value).split(": e.g. ")  # examples: the profile's headers for year
    assert said == (
        "peru_annual_2011.csv: its name fits annual_totals but no header row was found "
        "(profile annual_totals: sheet 'csv' row 1 lacks year"
    )  # only the missing column, not those present
    assert examples.startswith("'year', ")


def test_annex_profile_needs_its_export_sheet(tmp_path, profiles):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Export"
    sheet.append(
        [
            "Region",
            "Country",
            "msCode",
            "DrugGroup",
            "DrugSubGroup",
            "DrugName",
            "Reference year",
            "Kilograms",
        ]
    )
    sheet.append(["Americas", "Peru", "PER", "Opioids", "Opiates", "Heroin", 2020, 12.5])
    path = tmp_path / "drug_seizures_2018_2022.xlsx"
    workbook.save(path)

    result = recognised(path, profiles)

    assert (result.profile.name, result.by_name) == ("unodc_annex", True)
    [(grid, header)] = result.sheets
    records = sheet_records(grid.frame, header, grid.sheet, result.profile.defaults).records
    assert records.select("sheet", "country_code_text", "unit_text", "source_column").row(0) == (
        "Export",
        "PER",
        "kg",  # the annex's default unit
        "Kilograms",
    )


def test_overlapping_name_patterns_choose_the_profile_whose_header_fits_best(tmp_path, profiles):
    path = tmp_path / "JAM_annual_seizure_cases_2011.csv"
    path.write_text(
        "Date,Year,Country,Drug,Quantity,Unit,Mode of transport,Case reference\n"
        "2011-03-01,2011,Jamaica,Cannabis herb,120,kg,sea,JCF-1\n"
    )
    assert recognised(path, profiles).profile.name == "seizure_cases"


def _wide(tmp_path, profiles, header, *rows):
    path = tmp_path / "SYNTHETIC_DEU_totals_by_year.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = recognised(path, profiles)
    ((grid, found),) = result.sheets
    return sheet_records(grid.frame, found, grid.sheet, result.profile.defaults)


def test_wide_file_keeps_repeated_and_annotated_year_columns_and_counts_rows_without_figures(
    tmp_path, profiles
):
    sheet = _wide(
        tmp_path,
        profiles,
        "Country,Drug,Unit,2008,2008 (p),2009",
        "Germany,Heroin,kg,20,21,",
        "Germany,Opium,kg,,,",
    )
    assert sheet.records.select("drug_text", "year_text", "quantity_text", "source_column").rows() == [
        ("Heroin", "2008", "20", "2008"),
        ("Heroin", "2008", "21", "2008 (p)"),
    ]
    assert (sheet.not_reported.height, sheet.rows) == (1, 3)  # Opium reports nothing: counted, not a record
    assert sheet.not_reported.select("drug_text", "year_text", "marker").rows() == [("Opium", None, None)]


def test_a_sheet_the_profile_cannot_read_is_reported(tmp_path, profiles):
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
    result = recognised(path, profiles)
    assert [grid.sheet for grid, _ in result.sheets] == ["Casos"]
    assert result.unread_sheets == ("Totales",)


def test_iso2_column_and_a_quantity_headed_in_kilograms(tmp_path, profiles, vocab):
    path = tmp_path / "envio_2011.csv"
    path.write_text("ISO2;Año;Droga;Kilogramos\nCO;2011;Marihuana;12,5\n", encoding="utf-8")
    result = recognised(path, profiles)
    assert result.profile.name == "annual_totals"
    ((grid, found),) = result.sheets
    records = sheet_records(grid.frame, found, grid.sheet, result.profile.defaults).records
    conformed = conform_seizures(records, vocab, grid.decimal_hint)
    assert conformed.select("iso3", "unit", "kilograms").rows() == [("COL", "kg", 12.5)]
