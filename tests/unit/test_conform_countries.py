"""Countries in English, Spanish and French, by name or code, through conform_seizures."""

import polars as pl
import pytest

from honlea.transforms.seizures import conform_seizures


def conform_country(make_records, vocab, **fields):
    row = {"drug": "Heroin", "year": "2011", "quantity": "1", "unit": "kg", **fields}
    return conform_seizures(make_records([row]), vocab).row(0, named=True)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("República Bolivariana de Venezuela", "VEN"),
        ("Venezuela (República Bolivariana de)", "VEN"),
        ("Venezuela", "VEN"),
        ("Trinité-et-Tobago", "TTO"),
        ("Trinidad y Tabago", "TTO"),
        ("Trinidad and Tobago", "TTO"),
        ("Bolivia (Estado Plurinacional de)", "BOL"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Estados Unidos", "USA"),
        ("Royaume-Uni", "GBR"),
        ("Perú", "PER"),
        ("Pérou", "PER"),
        ("HAITÍ", "HTI"),
        ("Haïti", "HTI"),
        ("Colombie", "COL"),
        ("  méxico ", "MEX"),
        ("República Dominicana", "DOM"),
        ("Dominica", "DMA"),
    ],
)
def test_country_names_in_three_languages(make_records, vocab, name, iso3):
    row = conform_country(make_records, vocab, country=name)
    assert (row["iso3"], row["country_unmatched"]) == (iso3, None)


@pytest.mark.parametrize("code", ["COL", "co", "170", "col", "Co "])
def test_country_codes_iso3_iso2_m49(make_records, vocab, code):
    row = conform_country(make_records, vocab, country_code=code)
    assert row["iso3"] == "COL"
    assert row["country_unmatched"] is None
    assert row["country_code_unmatched"] is None


def test_a_code_only_file_keeps_the_code_as_the_country_text(make_records, vocab):
    row = conform_country(make_records, vocab, country_code="170")
    assert row["country_text"] == "170"


@pytest.mark.parametrize(
    "text", ["Netherlands Antilles", "Antillas Neerlandesas", "Antilles néerlandaises", "ANT"]
)
def test_historic_netherlands_antilles(make_records, vocab, text):
    row = conform_country(make_records, vocab, country=text)
    assert (row["iso3"], row["country_unmatched"]) == ("ANT", None)


def test_unknown_country_lands_in_country_unmatched(make_records, vocab):
    row = conform_country(make_records, vocab, country="Narnia")
    assert row["iso3"] is None
    assert row["country_unmatched"] == "Narnia"


def test_a_present_code_wins_over_the_name(make_records, vocab):
    row = conform_country(make_records, vocab, country="Peru", country_code="COL")
    assert row["iso3"] == "COL"
    assert row["country_text"] == "Peru"


def test_a_present_code_decides_so_an_unknown_name_beside_it_is_not_an_issue(make_records, vocab):
    row = conform_country(make_records, vocab, country="Narnia", country_code="COL")
    assert (row["iso3"], row["country_unmatched"], row["country_code_unmatched"]) == ("COL", None, None)


def test_an_unknown_code_is_reported_as_an_unknown_code(make_records, vocab):
    row = conform_country(make_records, vocab, country="Colombia", country_code="XXX")
    assert row["country_code_unmatched"] == "XXX"


def test_missing_country_is_not_unmatched(make_records, vocab):
    row = conform_country(make_records, vocab)
    assert (row["iso3"], row["country_unmatched"]) == (None, None)


def test_origin_and_destination_countries(make_records, vocab):
    row = conform_country(
        make_records, vocab, country="Perú", origin_country="Bolivia", destination_country="Atlantis"
    )
    assert row["origin_iso3"] == "BOL"
    assert row["origin_unmatched"] is None
    assert row["destination_iso3"] is None
    assert row["destination_unmatched"] == "Atlantis"


def test_conform_keeps_one_row_per_record_in_order(make_records, vocab):
    names = ["Estados Unidos", "Narnia", "Royaume-Uni", "COL", "Trinidad y Tabago"]
    rows = [{"country": n, "drug": "Heroin", "year": "2011", "quantity": "1", "unit": "kg"} for n in names]
    out = conform_seizures(make_records(rows), vocab)
    assert out["row_id"].to_list() == [0, 1, 2, 3, 4]
    assert out["iso3"].to_list() == ["USA", None, "GBR", "COL", "TTO"]
    assert out["country_text"].to_list() == names


def test_the_vocabulary_has_one_iso3_per_alias(vocab):
    assert vocab.countries["alias"].is_unique().all()
    assert vocab.countries.filter(pl.col("alias") == "venezuela")["iso3"].to_list() == ["VEN"]


def test_placeholders_in_free_text_countries_are_not_two_letter_codes(make_records, vocab):
    case = {"country": "Jamaica", "drug": "Cannabis herb", "quantity": "1", "unit": "kg"}
    records = make_records([case | {"origin_country": text} for text in ("NA", "no", "SD")])
    conformed = conform_seizures(records, vocab)
    assert conformed["origin_iso3"].to_list() == [None, None, None]
    assert conformed["origin_unmatched"].to_list() == ["NA", "no", "SD"]


def test_a_code_and_a_name_naming_two_countries_are_both_shown(make_records, vocab):
    """The code decides the country; the name that disagrees is kept for the check (see
    test_expectations_runner: country_name_matches_code)."""
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


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("China, Taiwan Province of China", "TWN"),
        ("China, Macao SAR", "MAC"),
        ("China, Hong Kong SAR", "HKG"),
        ("Falkland Islands (Malvinas)", "FLK"),
        ("Côte d'Ivoire", "CIV"),
        ("USSR", "SUN"),
        ("Union of Soviet Socialist Republics", "SUN"),
        ("Czechoslovakia", "CSK"),
        ("Tchécoslovaquie", "CSK"),
        ("Yugoslavia", "YUG"),
        ("Former Yugoslavia", "YUG"),
    ],
)
def test_un_release_names_and_historic_entities_are_known(make_records, vocab, name, iso3):
    assert conform_country(make_records, vocab, country=name)["iso3"] == iso3


def test_the_country_dimension_uses_un_names_and_historic_entities_have_successors():
    from honlea.config.reference import country_successors, dim_country

    names = dict(dim_country().select("iso3", "name_en").iter_rows())
    assert (names["CIV"], names["TWN"], names["FLK"]) == (
        "Côte d'Ivoire",
        "China, Taiwan Province of China",
        "Falkland Islands (Malvinas)",
    )
    successors = country_successors()
    assert successors.filter(pl.col("predecessor") == "SUN").height == 15
    assert sorted(successors.filter(pl.col("predecessor") == "CSK")["successor"]) == ["CZE", "SVK"]
    assert set(successors["predecessor"]) | set(successors["successor"]) <= set(names)
