"""Drugs (with the annex's sub-group context) and units through conform_seizures."""

import polars as pl
import pytest

from honlea.config.reference import dim_drug, with_synonyms
from honlea.transforms.seizures import conform_seizures


def conform_rows(make_records, vocab, *rows):
    base = {"country": "Perú", "year": "2011"}
    return conform_seizures(make_records([base | r for r in rows]), vocab)


@pytest.mark.parametrize(
    ("drug", "drug_id"),
    [
        ("clorhidrato de cocaína", "cocaine_hydrochloride"),
        ("Chlorhydrate de cocaïne", "cocaine_hydrochloride"),
        ("pasta básica de cocaína", "coca_paste_base"),
        ("marihuana", "cannabis_herb"),
        ("MARIHUANA", "cannabis_herb"),
        ("résine de cannabis", "cannabis_resin"),
        ("Resine de Cannabis", "cannabis_resin"),
        ("héroïne", "heroin"),
        ("Heroína", "heroin"),
        ("Cocaine (total)", "cocaine_total"),
        ("Cocaína (total)", "cocaine_total"),
        ("Coca leaf", "coca_leaf"),
    ],
)
def test_drug_names_and_synonyms(make_records, vocab, drug, drug_id):
    row = conform_rows(make_records, vocab, {"drug": drug, "quantity": "1", "unit": "kg"}).row(0, named=True)
    assert (row["drug_id"], row["drug_unmatched"]) == (drug_id, None)


def test_cocaine_total_is_a_total_in_the_taxonomy():
    drugs = dim_drug().filter(
        pl.col("drug_id").is_in(["cocaine_total", "cocaine_hydrochloride", "coca_leaf"])
    )
    flags = {r["drug_id"]: (r["is_total"], r["in_group_total"]) for r in drugs.iter_rows(named=True)}
    assert flags == {
        "cocaine_total": (True, False),
        "cocaine_hydrochloride": (False, True),
        "coca_leaf": (False, False),
    }
    assert set(drugs["drug_group_id"]) == {"cocaine_type"}


def test_unknown_drug_lands_in_drug_unmatched(make_records, vocab):
    row = conform_rows(make_records, vocab, {"drug": "Polvo de ángel azul", "quantity": "1", "unit": "kg"})
    assert row["drug_id"].to_list() == [None]
    assert row["drug_unmatched"].to_list() == ["Polvo de ángel azul"]


def test_annex_name_without_context_resolves_by_name(make_records, vocab):
    out = conform_rows(
        make_records,
        vocab,
        {
            "drug": "Other drugs/substances",
            "drug_subgroup": "Other miscellaneous",
            "quantity": "1",
            "unit": "kg",
        },
    )
    assert out.select("drug_id", "drug_unmatched").row(0) == ("other_drugs", None)


def test_annex_name_resolves_by_its_sub_group_context(make_records, vocab):
    out = conform_rows(
        make_records,
        vocab,
        {
            "drug": "Other drugs/substances",
            "drug_subgroup": "Non-specified sedatives and tranquillizers",
            "quantity": "1",
            "unit": "kg",
        },
        {
            "drug": "Other drugs/substances",
            "drug_subgroup": "Other miscellaneous",
            "quantity": "1",
            "unit": "kg",
        },
    )
    assert out["drug_id"].to_list() == ["non_specified_sedatives", "other_drugs"]
    assert out["drug_unmatched"].to_list() == [None, None]


def test_units_tonnes_to_kilograms(make_records, vocab):
    row = conform_rows(make_records, vocab, {"drug": "Marihuana", "quantity": "2,5", "unit": "toneladas"})
    row = row.row(0, named=True)
    assert (row["unit"], row["measure"], row["kg_factor"]) == ("t", "mass", 1000.0)
    assert row["quantity"] == 2.5
    assert row["kilograms"] == pytest.approx(2500.0)
    assert row["count_units"] is None


@pytest.mark.parametrize(
    ("quantity", "unit", "canonical", "measure", "kilograms", "count_units"),
    [
        ("500", "gramos", "g", "mass", 0.5, None),
        ("12", "kg", "kg", "mass", 12.0, None),
        ("3", "litros", "l", "volume", 3.0, None),
        ("100", "pastillas", "unit", "count", None, 100.0),
        ("100", "comprimés", "unit", "count", None, 100.0),
        ("40", "plantas", "plant", "count", None, 40.0),
    ],
)
def test_units(make_records, vocab, quantity, unit, canonical, measure, kilograms, count_units):
    out = conform_rows(make_records, vocab, {"drug": "Heroin", "quantity": quantity, "unit": unit})
    row = out.row(0, named=True)
    assert (row["unit"], row["measure"], row["unit_unmatched"]) == (canonical, measure, None)
    assert row["kilograms"] == (None if kilograms is None else pytest.approx(kilograms))
    assert row["count_units"] == count_units
    assert row["quantity"] == float(quantity)


def test_submitted_quantity_and_unit_text_are_kept(make_records, vocab):
    out = conform_rows(make_records, vocab, {"drug": "Heroin", "quantity": "1.234,5", "unit": "Toneladas"})
    row = out.row(0, named=True)
    assert (row["quantity_text"], row["unit_text"]) == ("1.234,5", "Toneladas")
    assert row["kilograms"] == pytest.approx(1_234_500.0)


def test_unknown_unit_and_unparsed_quantity(make_records, vocab):
    out = conform_rows(
        make_records,
        vocab,
        {"drug": "Heroin", "quantity": "aprox. 15", "unit": "bolsitas mágicas"},
        {"drug": "Heroin", "quantity": "unos 20", "unit": "kg"},
    )
    assert out["unit_unmatched"].to_list() == ["bolsitas mágicas", None]
    assert out["quantity"].to_list() == [None, None]
    assert out["quantity_unmatched"].to_list() == ["aprox. 15", "unos 20"]
    assert out["kilograms"].to_list() == [None, None]


def test_decimal_mark_is_inferred_per_file(make_records, vocab):
    out = conform_rows(
        make_records,
        vocab,
        {"drug": "Heroin", "quantity": "1.234,5", "unit": "kg"},
        {"drug": "Heroin", "quantity": "12,5", "unit": "kg"},
        {"drug": "Heroin", "quantity": "1.234", "unit": "kg"},
    )
    assert out["quantity"].to_list() == [1234.5, 12.5, 1234.0]


def test_year_date_cases_and_transport(make_records, vocab):
    out = conform_rows(
        make_records,
        vocab,
        {"drug": "Heroin", "quantity": "1", "unit": "kg", "year": "2011.0", "seizure_cases": "3"},
        {"drug": "Heroin", "quantity": "1", "unit": "kg", "year": None, "seizure_date": "04/03/2012"},
        {"drug": "Heroin", "quantity": "1", "unit": "kg", "year": "2O11", "seizure_cases": "varios"},
    )
    assert out["year"].to_list() == [2011, 2012, None]
    assert out["year_unmatched"].to_list() == [None, None, "2O11"]
    assert out["seizure_cases"].to_list() == [3, None, None]
    assert out["seizure_cases_unmatched"].to_list() == [None, None, "varios"]
    assert out["seizure_date"].to_list()[1].isoformat() == "2012-03-04"


def test_odd_case_counts_do_not_crash_the_file(make_records, vocab):
    row = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "1", "unit": "kg"}
    records = make_records([row | {"seizure_cases": text} for text in ("nan", "12345678901234567890", "7")])
    conformed = conform_seizures(records, vocab)
    assert conformed["seizure_cases"].to_list() == [None, None, 7]
    assert conformed["seizure_cases_unmatched"].to_list() == ["nan", "12345678901234567890", None]


def test_a_profiles_synonyms_override_the_vocabulary_for_its_rows_only(make_records, vocab):
    rows = [
        {"country": "Antillas", "drug": "Cannabis-type", "quantity": "3", "unit": "bolsas"},
        {
            "country": "Antillas",
            "drug": "Cannabis-type",
            "drug_subgroup": "Cannabis",
            "quantity": "3",
            "unit": "kg",
        },
    ]
    own = with_synonyms(
        vocab,
        {
            "drug": {"Cannabis type": "cannabis_herb"},
            "country": {"Antillas": "ANT"},
            "unit": {"bolsas": "kg"},
        },
    )
    mine = conform_seizures(make_records(rows), own)
    shared = conform_seizures(make_records(rows), vocab)
    assert (
        mine.select("iso3", "drug_id", "unit", "kilograms").rows()
        == [("ANT", "cannabis_herb", "kg", 3.0)] * 2
    )
    assert shared["drug_id"].to_list() == ["cannabis_total", "cannabis_total"]
    assert shared["unit_unmatched"].to_list() == ["bolsas", None]


@pytest.mark.parametrize(
    ("drug", "drug_id"),
    [
        ("Cocaine (base, paste and salts)", "cocaine_total"),
        ("Cocaine salts", "cocaine_hydrochloride"),
        ("Marijuana (herb)", "cannabis_herb"),
        ("Hashish (resin)", "cannabis_resin"),
        ("Coca seed", "coca_seed"),
        ("Base de coca", "coca_paste_base"),
        ("Basuco", "other_smokable_cocaine"),
        ("Bazuco", "other_smokable_cocaine"),
        ("Perico", "cocaine_hydrochloride"),
    ],
)
def test_pre_2010_unodc_categories_and_spanish_police_terms_are_known(make_records, vocab, drug, drug_id):
    assert conform_rows(make_records, vocab, {"drug": drug, "quantity": "1", "unit": "kg"})[
        "drug_id"
    ].to_list() == [drug_id]
