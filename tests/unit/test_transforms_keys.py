"""transforms.keys: exact repeats and key conflicts under the sum / duplicate / conflict policies."""

import polars as pl
import pytest

from honlea.transforms.keys import key_columns, mark_key_conflicts, split_exact_duplicates
from honlea.transforms.seizures import conform_seizures

ANNUAL_KEY = ["country", "drug", "unit", "year"]
ROW = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "12", "unit": "kg"}


def test_key_columns_use_codes_for_country_drug_measure_and_year():
    assert key_columns(ANNUAL_KEY) == ["iso3", "drug_id", "measure", "year"]
    assert key_columns(["country", "case_ref"]) == ["iso3", "case_ref_text"]


def test_policy_sum_keeps_exact_repeats(make_records):
    frame = make_records([ROW, ROW, ROW])
    kept, dropped = split_exact_duplicates(frame, "sum")
    assert kept.equals(frame)
    assert dropped.height == 0
    assert dropped.columns == [*frame.columns, "duplicate_of"]


@pytest.mark.parametrize("policy", ["duplicate", "conflict"])
def test_exact_repeats_are_dropped_naming_the_first_row(make_records, policy):
    other = ROW | {"drug": "Marihuana"}
    frame = make_records([ROW, other, ROW, ROW], first_row=5)  # source rows 5, 6, 7, 8
    kept, dropped = split_exact_duplicates(frame, policy)
    assert kept["source_row"].to_list() == [5, 6]
    assert kept.columns == frame.columns
    assert dropped["source_row"].to_list() == [7, 8]
    assert dropped["duplicate_of"].to_list() == [5, 5]


def test_rows_differing_in_any_submitted_cell_are_not_exact_repeats(make_records):
    frame = make_records([ROW, ROW | {"agency": "DIRANDRO"}, ROW | {"quantity": "12,0"}])
    kept, dropped = split_exact_duplicates(frame, "conflict")
    assert (kept.height, dropped.height) == (3, 0)


def test_unknown_policy_is_refused(make_records):
    with pytest.raises(ValueError, match="unknown key policy 'merge'"):
        split_exact_duplicates(make_records([ROW]), "merge")


def test_a_key_given_twice_with_different_quantities_lists_all_its_rows(make_records, vocab):
    rows = [
        ROW | {"source_row": 12},
        ROW | {"drug": "Marihuana", "source_row": 13},
        # the same key written differently: code instead of name, English drug name
        ROW | {"country": None, "country_code": "PER", "drug": "Heroin", "quantity": "15", "source_row": 15},
    ]
    conformed = conform_seizures(make_records(rows), vocab)
    marked = mark_key_conflicts(conformed, ANNUAL_KEY, "conflict")
    assert marked["conflicting_rows"].to_list() == ["12, 15", None, "12, 15"]
    assert marked.height == conformed.height
    assert marked["row_id"].to_list() == [0, 1, 2]


def test_same_key_written_two_ways_is_a_conflict_not_two_figures(make_records, vocab):
    rows = [ROW, ROW | {"country": "PER"}]
    conformed = conform_seizures(make_records(rows), vocab)
    assert conformed["iso3"].n_unique() == 1
    marked = mark_key_conflicts(conformed, ANNUAL_KEY, "conflict")
    assert marked["conflicting_rows"].to_list() == ["2, 3", "2, 3"]


def test_a_key_with_null_parts_is_not_a_conflict(make_records, vocab):
    rows = [ROW | {"year": None, "quantity": "12"}, ROW | {"year": None, "quantity": "15"}]
    rows += [ROW | {"drug": "Polvo de ángel azul", "quantity": "1"}, ROW | {"drug": "Polvo de ángel azul"}]
    marked = mark_key_conflicts(conform_seizures(make_records(rows), vocab), ANNUAL_KEY, "conflict")
    assert marked["conflicting_rows"].to_list() == [None, None, None, None]


def test_policy_sum_marks_no_conflicts(make_records, vocab):
    rows = [ROW, ROW | {"quantity": "15"}]
    marked = mark_key_conflicts(conform_seizures(make_records(rows), vocab), ANNUAL_KEY, "sum")
    assert marked["conflicting_rows"].to_list() == [None, None]


def test_case_key_uses_the_submitted_case_reference(make_records, vocab):
    case = {"seizure_date": "04/03/2011", "country": "Haïti", "drug": "Cocaïne", "unit": "kg"}
    rows = [
        case | {"case_ref": "HT-001", "quantity": "2"},
        case | {"case_ref": "HT-001", "quantity": "3"},
        case | {"case_ref": "HT-002", "quantity": "3"},
        case | {"case_ref": None, "quantity": "4"},
        case | {"case_ref": None, "quantity": "5"},
    ]
    marked = mark_key_conflicts(
        conform_seizures(make_records(rows), vocab), ["country", "case_ref"], "duplicate"
    )
    assert marked["conflicting_rows"].to_list() == ["2, 3", "2, 3", None, None, None]


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
