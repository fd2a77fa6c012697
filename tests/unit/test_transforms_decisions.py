"""transforms.decisions: a steward's decision names one row (business key + row key) and changes that row
only; corrections keep what the country sent; the latest decision per row and check is in force."""

import hashlib
from datetime import datetime

import polars as pl
import pytest

from honlea.transforms.decisions import (
    DECISION_SCHEMA,
    SUBMITTED,
    apply_corrections,
    apply_decisions,
    effective_decisions,
    row_keys,
    with_occurrence,
)
from tests.unit.pipeline import prepared

# The UNODC annex gives some figures as several identical rows (parts of one figure, cell for cell alike).
HERB = {"country_code": "LUX", "drug": "Cannabis herb", "year": "2021", "quantity": "1.5", "unit": "kg"}
RESIN = HERB | {"drug": "Cannabis resin", "quantity": "0.2"}
HERB_KEY = "unit_test|lux|cannabis herb|2021|kg|"
RESIN_KEY = "unit_test|lux|cannabis resin|2021|kg|"


def digest(row: dict) -> str:
    """The row key's digest computed here, independently: SHA-1 of the fields as submitted joined by
    the unit separator (a missing field as ''; admin1, added later, only when given), its first 16 hex
    digits."""
    texts = [row.get(column.removesuffix("_text")) or "" for column in SUBMITTED if column != "admin1_text"]
    texts += [row["admin1"]] if row.get("admin1") else []
    return hashlib.sha1("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]


def decisions(*rows: dict) -> pl.DataFrame:
    """Decisions as quality.steward_decision keeps them; unnamed columns null."""
    return pl.DataFrame(
        [{name: row.get(name) for name in DECISION_SCHEMA} for row in rows], schema=DECISION_SCHEMA
    )


def correction(business_key, row_key, field, value, decision_id, check="numeric_quantity", day=1):
    return {
        "business_key": business_key,
        "row_key": row_key,
        "check_name": check,
        "field": field,
        "action": "correct",
        "corrected_value": value,
        "decided_at": datetime(2026, 1, day),
        "decision_id": decision_id,
    }


@pytest.fixture
def annex(make_records):
    """Three identical herb rows (row_id 0, 2, 3) and a resin row (1), with business key and occurrence."""
    return with_occurrence(make_records([HERB, RESIN, HERB, HERB]))


def test_identical_rows_are_numbered_in_file_order(annex, make_records):
    records = make_records([HERB, RESIN, HERB, HERB])
    assert annex.columns == [*records.columns, "occurrence"]
    assert annex.drop("occurrence").equals(records)
    assert annex.select("row_id", "business_key", "occurrence").rows() == [
        (0, HERB_KEY, 1),
        (1, RESIN_KEY, 1),
        (2, HERB_KEY, 2),
        (3, HERB_KEY, 3),
    ]


def test_occurrence_follows_row_id_not_the_frames_order(make_records):
    shuffled = make_records([HERB, RESIN, HERB, HERB]).reverse()
    assert with_occurrence(shuffled).select("row_id", "occurrence").rows() == [(3, 3), (2, 2), (1, 1), (0, 1)]


def test_occurrence_counts_rows_alike_in_every_field_as_submitted(make_records):
    rows = [
        HERB | {"row_hash": 1},
        HERB | {"row_hash": 2},  # differs only in a column no profile maps: alike in every field
        HERB | {"place": "Esch-sur-Alzette"},  # differs in one field: another row
        HERB | {"quantity": None},
    ]
    assert with_occurrence(make_records(rows))["occurrence"].to_list() == [1, 2, 1, 1]


def test_a_row_key_is_the_digest_of_the_fields_as_submitted_and_the_occurrence(annex):
    keys = row_keys(annex)
    assert keys.columns == ["row_id", "row_key"]
    herb, resin = digest(HERB), digest(RESIN)
    assert keys.rows() == [(0, f"{herb}-1"), (1, f"{resin}-1"), (2, f"{herb}-2"), (3, f"{herb}-3")]


def test_the_row_key_is_stable_across_versions_and_places_in_the_file(make_records):
    """Decisions stored in the warehouse name rows by this key: it must never change for the same row,
    wherever the row stands (another sheet, row number or position in a resubmission)."""
    moved = make_records([RESIN, RESIN, HERB], sheet="Export 2024", first_row=40)
    keys = row_keys(with_occurrence(moved))
    assert keys.rows() == [(0, "f8de25922dac9410-1"), (1, "f8de25922dac9410-2"), (2, "7441bc185bbfc885-1")]
    assert digest(HERB) == "7441bc185bbfc885"
    # a field added later (admin1) changes no key of a row without it, and is in the key where given
    with_area = row_keys(with_occurrence(make_records([HERB | {"admin1": "Antioquia"}])))
    assert (
        with_area["row_key"].to_list()
        == [f"{digest(HERB | {'admin1': 'Antioquia'})}-1"]
        != ["7441bc185bbfc885-1"]
    )


def test_row_keys_of_some_rows_keep_their_occurrence_in_the_whole_file(annex):
    assert row_keys(annex.filter(pl.col("row_id") == 3)).rows() == [(3, f"{digest(HERB)}-3")]


def test_a_correction_changes_only_the_row_it_names(annex):
    second = correction(HERB_KEY, f"{digest(HERB)}-2", "quantity", "15", "d1")
    corrected = apply_corrections(annex, decisions(second))

    assert corrected.columns == [*annex.columns, "decision_id", "submitted"]
    assert corrected.select("row_id", "quantity_text", "decision_id").rows() == [
        (0, "1.5", None),
        (1, "0.2", None),
        (2, "15", "d1"),
        (3, "1.5", None),
    ]
    assert corrected.drop("quantity_text", "decision_id", "submitted").equals(annex.drop("quantity_text"))


def test_a_corrected_row_keeps_the_texts_the_country_sent(annex):
    corrected = apply_corrections(
        annex, decisions(correction(HERB_KEY, f"{digest(HERB)}-3", "unit", "t", "d1"))
    )
    as_sent = annex.select(SUBMITTED).row(3, named=True)
    assert as_sent["unit_text"] == "kg"
    assert corrected["submitted"].to_list() == [None, None, None, as_sent]
    assert corrected["unit_text"].to_list() == ["kg", "kg", "kg", "t"]


def test_a_correction_of_an_empty_cell_keeps_it_empty_as_sent(make_records):
    records = with_occurrence(make_records([HERB | {"quantity": None}]))
    key = f"{digest(HERB | {'quantity': None})}-1"
    corrected = apply_corrections(records, decisions(correction(HERB_KEY, key, "quantity", "7", "d1")))
    assert corrected.select("quantity_text", "decision_id").rows() == [("7", "d1")]
    assert corrected["submitted"].struct.field("quantity_text").to_list() == [None]


def test_two_corrections_of_one_row_change_both_fields_and_name_the_latest(annex):
    key = f"{digest(HERB)}-1"
    both = decisions(
        correction(HERB_KEY, key, "quantity", "2", "d1", check="non_negative_quantity", day=1),
        correction(HERB_KEY, key, "unit", "g", "d2", check="known_unit", day=2),
    )
    corrected = apply_corrections(annex, both)
    assert corrected.select("row_id", "quantity_text", "unit_text", "decision_id").rows() == [
        (0, "2", "g", "d2"),
        (1, "0.2", "kg", None),
        (2, "1.5", "kg", None),
        (3, "1.5", "kg", None),
    ]
    sent = corrected["submitted"][0]
    assert (sent["quantity_text"], sent["unit_text"]) == ("1.5", "kg")


def test_two_corrections_of_one_field_keep_one_row_per_record_and_the_latest_value(annex):
    key = f"{digest(HERB)}-1"
    twice = decisions(
        correction(HERB_KEY, key, "quantity", "2", "d1", check="key_conflict", day=1),
        correction(HERB_KEY, key, "quantity", "3", "d2", check="total_vs_components", day=2),
    )
    corrected = apply_corrections(annex, twice)
    assert corrected["row_id"].to_list() == [0, 1, 2, 3]
    assert corrected.filter(pl.col("decision_id") == "d2")["quantity_text"].to_list() == ["3"]


@pytest.mark.parametrize(
    "decision",
    [
        {"action": "accept"},
        {"action": "reject"},
        {"action": "await"},
        {"action": "correct", "field": None},  # a correction without a cell corrects nothing
        {"action": "correct", "business_key": RESIN_KEY},  # the row key of a herb row, another key
        {"action": "correct", "row_key": f"{digest(HERB)}-4"},  # there is no fourth identical row
    ],
    ids=["accept", "reject", "await", "no-field", "other-business-key", "other-occurrence"],
)
def test_what_is_not_a_correction_of_a_row_of_the_file_changes_nothing(annex, decision):
    named = correction(HERB_KEY, f"{digest(HERB)}-1", "quantity", "15", "d1") | decision
    corrected = apply_corrections(annex, decisions(named))
    assert corrected.drop("decision_id", "submitted").equals(annex)
    assert corrected["decision_id"].to_list() == [None] * 4
    assert corrected["submitted"].to_list() == [None] * 4


def test_through_the_run_s_chain_a_correction_changes_one_figure(make_records):
    """prepare_rows applies corrections before conforming: the corrected row's number, the others'
    numbers as sent (`sum` policy: the identical rows are parts of one figure)."""
    second = correction(HERB_KEY, f"{digest(HERB)}-2", "quantity", "15", "d1")
    kept = prepared(make_records([HERB, RESIN, HERB, HERB]), policy="sum", decisions=decisions(second))
    assert kept.select("row_id", "kilograms", "quantity_text", "decision_id").rows() == [
        (0, 1.5, "1.5", None),
        (1, 0.2, "0.2", None),
        (2, 15.0, "15", "d1"),
        (3, 1.5, "1.5", None),
    ]
    assert kept["submitted"].struct.field("quantity_text").to_list() == [None, None, "1.5", None]


def issue(row_key: str, check: str, business_key: str = HERB_KEY) -> dict:
    return {"business_key": business_key, "row_key": row_key, "check_name": check, "source_row": 2}


def test_apply_decisions_sets_the_status_of_each_row_and_check():
    herb = digest(HERB)
    issues = pl.DataFrame(
        [
            issue(f"{herb}-1", "non_negative_quantity"),
            issue(f"{herb}-1", "known_unit"),  # same row, another check: undecided
            issue(f"{herb}-2", "non_negative_quantity"),  # an identical sibling: undecided
            issue(f"{herb}-3", "non_negative_quantity"),
            issue(f"{herb}-4", "non_negative_quantity"),
            issue(f"{herb}-5", "non_negative_quantity"),
        ]
    )
    decided = decisions(
        {"business_key": HERB_KEY, "row_key": f"{herb}-1", "check_name": "non_negative_quantity"}
        | {"action": "accept", "decision_id": "a"},
        {"business_key": HERB_KEY, "row_key": f"{herb}-3", "check_name": "non_negative_quantity"}
        | {"action": "reject", "decision_id": "r"},
        {"business_key": HERB_KEY, "row_key": f"{herb}-4", "check_name": "non_negative_quantity"}
        | {"action": "await", "decision_id": "w"},
        correction(HERB_KEY, f"{herb}-5", "quantity", "15", "c", check="non_negative_quantity"),
    )

    found = apply_decisions(issues, decided)

    assert found.columns == [*issues.columns, "status", "decision_id"]
    assert found.select("row_key", "check_name", "status", "decision_id").rows() == [
        (f"{herb}-1", "non_negative_quantity", "accepted", "a"),
        (f"{herb}-1", "known_unit", "open", None),
        (f"{herb}-2", "non_negative_quantity", "open", None),
        (f"{herb}-3", "non_negative_quantity", "rejected", "r"),
        (f"{herb}-4", "non_negative_quantity", "awaiting", "w"),
        (f"{herb}-5", "non_negative_quantity", "open", None),  # corrected, and still failing: open again
    ]


def test_apply_decisions_without_decisions_leaves_every_issue_open():
    issues = pl.DataFrame([issue("abc-1", "known_drug"), issue("abc-2", "known_drug")])
    found = apply_decisions(issues, decisions())
    assert found.select("status", "decision_id").rows() == [("open", None), ("open", None)]


def decided(row_key: str, check: str, action: str, day: int, decision_id: str) -> dict:
    at = datetime(2026, 3, day)
    return {"business_key": HERB_KEY, "row_key": row_key, "check_name": check, "action": action} | {
        "decided_at": at,
        "decision_id": decision_id,
    }


def test_the_latest_decision_per_row_and_check_is_in_force_and_a_reopen_removes_it():
    history = decisions(
        decided("k-1", "known_unit", "reject", 3, "e"),
        decided("k-1", "known_unit", "accept", 1, "a"),  # replaced by the later reject
        decided("k-2", "known_unit", "accept", 1, "b"),
        decided("k-2", "known_unit", "reopen", 2, "c"),  # reversed: nothing in force
        decided("k-3", "known_unit", "await", 1, "d"),
        decided("k-3", "known_unit", "reopen", 2, "f"),
        decided("k-3", "known_unit", "reject", 4, "g"),  # decided again after the reopen
        decided("k-1", "numeric_quantity", "accept", 1, "h"),  # the same row's other check
        decided("k-4", "known_unit", "accept", 5, "j"),
        decided("k-4", "known_unit", "reject", 5, "i"),  # same moment: the larger id is the later
    )

    effective = effective_decisions(history)

    assert effective.schema == pl.Schema(DECISION_SCHEMA)
    assert sorted(effective.select("row_key", "check_name", "action", "decision_id").rows()) == [
        ("k-1", "known_unit", "reject", "e"),
        ("k-1", "numeric_quantity", "accept", "h"),
        ("k-3", "known_unit", "reject", "g"),
        ("k-4", "known_unit", "accept", "j"),
    ]


def test_no_decisions_none_in_force():
    assert effective_decisions(decisions()).shape == (0, len(DECISION_SCHEMA))
