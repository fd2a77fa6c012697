"""transforms.facts: loaded rows as fact_seizure rows (corrected figures keep what the country sent),
the country-years a file covers, its reporting country, and the date dimension."""

from datetime import date, datetime

import polars as pl

from honlea.transforms.decisions import DECISION_SCHEMA, row_keys, with_occurrence
from honlea.transforms.facts import calendar, covered_slices, reporting_country, to_facts
from honlea.transforms.quality import split_quarantine
from honlea.warehouse.publish import HANDED_FACT_COLUMNS
from honlea.warehouse.schema import DIM_DATE
from tests.unit.pipeline import as_issues, prepared

CASE_KEY = ["country", "case_ref", "drug"]
ANNUAL = {
    "country": "Perú",
    "drug": "Heroína",
    "year": "2011",
    "quantity": "1.234,5",
    "unit": "kg",
    "seizure_cases": "3",
}
CASE = {
    "seizure_date": "04/03/2011",
    "country": "Haïti",
    "drug": "Chlorhydrate de cocaïne",
    "quantity": "2,5",
    "unit": "kg",
    "seizure_cases": "1",
    "transport_mode": "aérien",
    "conveyance": "conteneur",
    "place": "Port-au-Prince",
    "admin1": "Ouest",
    "origin_country": "Colombie",
    "destination_country": "États-Unis",
    "agency": "BLTS",
    "case_ref": "HT-1",
}
NOTHING_ELSE = {
    "transport_mode": None,
    "conveyance": None,
    "place": None,
    "origin_iso3": None,
    "destination_iso3": None,
    "agency": None,
    "case_ref": None,
    "admin1": None,
}
UNDECIDED = {"warnings": None, "decision_id": None, "repeats_row": None}


def test_an_annual_total_becomes_one_fact_keyed_by_its_year(make_records):
    facts = to_facts(prepared(make_records([ANNUAL])), "seizures_annual", HANDED_FACT_COLUMNS)

    assert facts.columns == ["row_id", *HANDED_FACT_COLUMNS]
    assert facts.rows(named=True) == [
        {
            "row_id": 0,
            "sheet": "Datos",
            "source_row": 2,
            "figure_type": "annual_total",
            "iso3": "PER",
            "drug_id": "heroin",
            "date_key": 20110000,
            "year": 2011,
            "seizure_date": None,
            "quantity": 1234.5,
            "quantity_text": "1.234,5",
            "unit": "kg",
            "unit_text": "kg",
            "measure": "mass",
            "kg_factor": 1.0,
            "kilograms": 1234.5,
            "count_units": None,
            "seizure_cases": 3,
            **NOTHING_ELSE,
            "country_text": "Perú",
            "drug_text": "Heroína",
            **UNDECIDED,
        }
    ]
    assert (facts.schema["source_row"], facts.schema["date_key"]) == (pl.Int32, pl.Int32)


def test_a_case_becomes_one_fact_keyed_by_its_day(make_records):
    facts = to_facts(
        prepared(make_records([CASE]), CASE_KEY, "duplicate"), "seizure_cases", HANDED_FACT_COLUMNS
    )

    assert facts.rows(named=True) == [
        {
            "row_id": 0,
            "sheet": "Datos",
            "source_row": 2,
            "figure_type": "case",
            "iso3": "HTI",
            "drug_id": "cocaine_hydrochloride",
            "date_key": 20110304,
            "year": 2011,
            "seizure_date": date(2011, 3, 4),
            "quantity": 2.5,
            "quantity_text": "2,5",
            "unit": "kg",
            "unit_text": "kg",
            "measure": "mass",
            "kg_factor": 1.0,
            "kilograms": 2.5,
            "count_units": None,
            "seizure_cases": 1,
            "transport_mode": "air",
            "conveyance": "container",
            "place": "Port-au-Prince",
            "origin_iso3": "COL",
            "destination_iso3": "USA",
            "agency": "BLTS",
            "case_ref": "HT-1",
            "admin1": "Ouest",
            "country_text": "Haïti",
            "drug_text": "Chlorhydrate de cocaïne",
            **UNDECIDED,
        }
    ]


def test_date_key_is_the_day_of_a_case_else_the_year(make_records):
    rows = [
        CASE | {"seizure_date": "31/12/2010", "case_ref": "HT-1"},
        CASE | {"seizure_date": "2011-01-01", "case_ref": "HT-2"},
        CASE | {"seizure_date": None, "year": "2009", "case_ref": "HT-3"},  # a case dated by its year only
    ]
    facts = to_facts(
        prepared(make_records(rows), CASE_KEY, "duplicate"), "seizure_cases", HANDED_FACT_COLUMNS
    )
    assert facts.select("case_ref", "date_key", "year").rows() == [
        ("HT-1", 20101231, 2010),
        ("HT-2", 20110101, 2011),
        ("HT-3", 20090000, 2009),
    ]


def test_warnings_loaded_with_the_row_are_kept(make_records):
    frame = prepared(make_records([ANNUAL, ANNUAL | {"drug": "Marihuana"}]))
    found = pl.DataFrame({"row_id": [1], "severity": ["warning"], "check_name": ["numeric_seizure_cases"]})
    loaded, _ = split_quarantine(frame, as_issues(found))
    facts = to_facts(loaded, "seizures_annual", HANDED_FACT_COLUMNS)
    assert facts.select("drug_id", "warnings").rows() == [
        ("heroin", None),
        ("cannabis_herb", "numeric_seizure_cases"),
    ]


def corrections(records: pl.DataFrame, *changes: tuple[int, str, str, str]) -> pl.DataFrame:
    """'correct' decisions naming rows of `records` by their keys: (row_id, field, value, decision_id)."""
    key_of = dict(row_keys(with_occurrence(records)).iter_rows())  # as the run: the rows as submitted
    return pl.DataFrame(
        [
            {
                "business_key": records["business_key"][row_id],
                "row_key": key_of[row_id],
                "check_name": f"{field}_check",
                "field": field,
                "value": records[f"{field}_text"][row_id],
                "action": "correct",
                "corrected_value": value,
                "decided_at": datetime(2026, 2, 1),
                "decision_id": decision_id,
            }
            for row_id, field, value, decision_id in changes
        ],
        schema=DECISION_SCHEMA,
    )


def test_corrected_rows_keep_the_texts_the_country_sent_beside_the_corrected_figure(make_records):
    rows = [
        ANNUAL | {"quantity": "-5"},
        ANNUAL | {"drug": "Polvo de ángel azul", "year": "2010"},
        ANNUAL | {"country": None, "country_code": "XXX", "year": "2009"},  # a code-only file's country
        ANNUAL | {"quantity": None, "unit": "kilos", "year": "2008"},  # an empty cell, corrected
        ANNUAL | {"year": "2007"},  # not corrected
    ]
    records = make_records(rows)
    decided = corrections(
        records,
        (0, "quantity", "5", "d0"),
        (1, "drug", "Heroína", "d1"),
        (2, "country_code", "PER", "d2"),
        (3, "quantity", "7", "d3"),
        (3, "unit", "t", "d4"),
    )

    facts = to_facts(prepared(records, decisions=decided), "seizures_annual", HANDED_FACT_COLUMNS)

    assert facts.select(
        "year", "iso3", "drug_id", "kilograms", "quantity_text", "unit_text", "country_text", "drug_text"
    ).rows() == [
        (2011, "PER", "heroin", 5.0, "-5", "kg", "Perú", "Heroína"),
        (2010, "PER", "heroin", 1234.5, "1.234,5", "kg", "Perú", "Polvo de ángel azul"),
        (2009, "PER", "heroin", 1234.5, "1.234,5", "kg", "XXX", "Heroína"),
        (2008, "PER", "heroin", 7000.0, None, "kilos", "Perú", "Heroína"),
        (2007, "PER", "heroin", 1234.5, "1.234,5", "kg", "Perú", "Heroína"),
    ]
    assert facts["decision_id"].to_list() == ["d0", "d1", "d2", "d4", None]


def test_covered_slices_are_the_country_years_of_every_row_read(make_records):
    rows = [
        ANNUAL,
        ANNUAL | {"drug": "Marihuana"},  # the same country and year again
        ANNUAL | {"year": "2010", "quantity": "-5"},  # a row to be quarantined still covers its year
        ANNUAL | {"country": "Colombia"},
        ANNUAL | {"country": "Narnia", "year": "2009"},  # no country: covers nothing
        ANNUAL | {"year": "dos mil"},  # no year: covers nothing
    ]
    slices = covered_slices(prepared(make_records(rows)))
    assert slices == [("COL", 2011), ("PER", 2010), ("PER", 2011)]
    assert [type(year) for _, year in slices] == [int, int, int]


def test_covered_slices_of_a_file_without_figures_are_none(make_records):
    assert covered_slices(prepared(make_records([ANNUAL | {"country": "Narnia"}]))) == []


def test_reporting_country_is_the_one_country_of_every_figure():
    def facts(*iso3):
        return pl.DataFrame({"iso3": list(iso3)}, schema={"iso3": pl.String})

    assert reporting_country(facts("PER", "PER", None)) == "PER"
    assert reporting_country(facts("PER", "COL", "PER")) is None  # a multi-country file
    assert reporting_country(facts()) is None  # nothing loaded


def test_calendar_has_a_row_per_year_then_a_row_per_day():
    dates = calendar(2011, 2012)

    assert dates.columns == DIM_DATE.column_names
    assert dict(dates.schema) == {
        "date_key": pl.Int32,
        "grain": pl.String,
        "date": pl.Date,
        "year": pl.Int32,
        "quarter": pl.Int32,
        "month": pl.Int32,
    }
    assert dates.height == 2 + 365 + 366  # 2012 is a leap year
    assert dates.head(3).rows() == [
        (20110000, "year", None, 2011, None, None),
        (20120000, "year", None, 2012, None, None),
        (20110101, "day", date(2011, 1, 1), 2011, 1, 1),
    ]
    leap_day = dates.filter(pl.col("date_key") == 20120229).rows()
    assert leap_day == [(20120229, "day", date(2012, 2, 29), 2012, 1, 2)]
    assert dates.tail(1).rows() == [(20121231, "day", date(2012, 12, 31), 2012, 4, 12)]
    assert dates["date_key"].is_unique().all()
    per_grain = dates.group_by("grain").agg(pl.len(), pl.col("date").min().alias("first"))
    assert sorted(per_grain.rows()) == [("day", 731, date(2011, 1, 1)), ("year", 2, None)]
