"""transforms.quality: issues with the header and value as submitted; quarantine and warnings."""

from datetime import date

import polars as pl

from honlea.expectations.runner import FAILURE_SCHEMA, validate
from honlea.transforms.keys import split_exact_duplicates
from honlea.transforms.quality import ISSUE_COLUMNS, duplicate_issue_rows, issue_rows, split_quarantine
from honlea.transforms.seizures import conform_seizures
from tests.unit.pipeline import as_issues, keys_of, prepared

LABELS = {
    "Datos": {"country": "País", "drug": "Droga", "year": "Año", "quantity": "Cantidad", "unit": "Unidad"}
}
ROW = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "5", "unit": "kg"}


def conformed(make_records, vocab, rows):
    return prepared(make_records(rows, first_row=5, source_column="Cantidad"))


def failures(*rows):
    """rows of (row_id, check_name, field, severity, message)."""
    return pl.DataFrame(rows, schema=FAILURE_SCHEMA, orient="row")


def test_issue_rows_show_the_header_label_and_the_submitted_text(make_records, vocab):
    frame = conformed(make_records, vocab, [ROW, ROW | {"country": "Narnia", "drug": "Marihuana"}])
    found = failures((1, "known_country", "country", "error", "country name not recognised"))

    issues = issue_rows(frame, found, LABELS, keys_of(frame))

    assert issues.columns == list(ISSUE_COLUMNS)
    assert issues.drop("row_id", "business_key", "row_values", "iso3", "row_key", "related_rows").rows(
        named=True
    ) == [
        {
            "sheet": "Datos",
            "source_row": 6,
            "column_name": "País",
            "field": "country",
            "value": "Narnia",
            "check_name": "known_country",
            "severity": "error",
            "message": "country name not recognised",
            "year": 2011,
        }
    ]


def test_quantity_issues_name_the_rows_own_source_column(make_records, vocab):
    rows = [ROW | {"quantity": "unos 20", "source_column": "2008"}]
    frame = conformed(make_records, vocab, rows)
    found = failures((0, "numeric_quantity", "quantity", "error", "the quantity is not a number"))
    issue = issue_rows(frame, found, {"Datos": {"country": "Country"}}, keys_of(frame)).row(0, named=True)
    assert (issue["column_name"], issue["value"]) == ("2008", "unos 20")


def test_a_field_without_a_header_label_has_no_column_name(make_records, vocab):
    frame = conformed(make_records, vocab, [ROW | {"unit": "bolsitas"}])
    found = failures((0, "known_unit", "unit", "error", "unit not recognised"))
    issue = issue_rows(frame, found, {"Datos": {"country": "País"}}, keys_of(frame)).row(0, named=True)
    assert (issue["column_name"], issue["value"]) == (None, "bolsitas")


def test_key_conflict_and_shortfall_messages_carry_their_context(make_records, vocab):
    rows = [
        ROW | {"quantity": "12"},
        ROW | {"quantity": "15"},
        ROW | {"drug": "Cocaine (total)", "quantity": "10"},
        ROW | {"drug": "Clorhidrato de cocaína", "quantity": "30,5"},
    ]
    frame = conformed(make_records, vocab, rows)
    found = failures(
        (0, "key_conflict", "quantity", "error", "rows in conflict: rows {conflicting_rows}"),
        (1, "key_conflict", "quantity", "error", "rows in conflict: rows {conflicting_rows}"),
        (2, "total_vs_components", "quantity", "warning", "total too small (components: {components_kg} kg)"),
    )
    issues = issue_rows(frame, found, LABELS, keys_of(frame))
    assert issues.select("source_row", "value", "message").rows() == [
        (5, "12", "rows in conflict: rows 5, 6"),
        (6, "15", "rows in conflict: rows 5, 6"),
        (7, "10", "total too small (components: 30.5 kg)"),
    ]


def test_split_quarantine_errors_out_warnings_in(make_records, vocab):
    frame = conformed(make_records, vocab, [ROW, ROW | {"drug": "Marihuana"}, ROW | {"drug": "Crack"}])
    found = failures(
        (0, "non_negative_quantity", "quantity", "error", "negative"),
        (0, "numeric_seizure_cases", "seizure_cases", "warning", "cases"),
        (1, "total_vs_components", "quantity", "warning", "total"),
        (1, "numeric_seizure_cases", "seizure_cases", "warning", "cases"),
        (1, "numeric_seizure_cases", "seizure_cases", "warning", "cases"),
    )

    loaded, quarantined = split_quarantine(frame, as_issues(found))

    assert quarantined["row_id"].to_list() == [0]
    assert loaded["row_id"].to_list() == [1, 2]
    assert loaded["warnings"].to_list() == ["numeric_seizure_cases,total_vs_components", None]
    assert quarantined.columns == frame.columns


def test_split_quarantine_without_failures_loads_everything(make_records, vocab):
    frame = conformed(make_records, vocab, [ROW, ROW | {"drug": "Marihuana"}])
    loaded, quarantined = split_quarantine(frame, as_issues(failures()))
    assert (loaded.height, quarantined.height) == (2, 0)
    assert loaded["warnings"].to_list() == [None, None]


def test_duplicate_issue_rows_name_the_repeated_row(make_records, vocab):
    frame = conform_seizures(make_records([ROW, ROW], first_row=8), vocab)
    _, dropped = split_exact_duplicates(frame, "conflict")
    issues = duplicate_issue_rows(dropped)
    assert issues.columns == [*ISSUE_COLUMNS, "status"]
    assert issues.select("source_row", "check_name", "severity", "message").rows() == [
        (9, "exact_duplicate", "info", "repeats row 8 exactly; the copy was dropped")
    ]
    assert duplicate_issue_rows(dropped.clear()).shape == (0, len(ISSUE_COLUMNS) + 1)  # none dropped


def test_from_validation_to_quarantine_and_issues(make_records, vocab, gx_docs_dir):
    rows = [
        ROW,
        ROW | {"drug": "Marihuana", "quantity": "-3"},
        ROW | {"drug": "Cocaine (total)", "quantity": "10"},
        ROW | {"drug": "Clorhidrato de cocaína", "quantity": "30"},
        ROW | {"drug": "Crack", "quantity": "aprox. 15"},
    ]
    frame = conformed(make_records, vocab, rows)
    found, _ = validate(frame, "seizures_annual", "unit quality", date(2026, 11, 29))

    loaded, quarantined = split_quarantine(frame, as_issues(found))
    issues = issue_rows(frame, found, LABELS, keys_of(frame))

    assert quarantined["source_row"].to_list() == [6, 9]
    assert loaded["source_row"].to_list() == [5, 7, 8]
    assert loaded["warnings"].to_list() == [None, "total_vs_components", None]
    assert issues.select("source_row", "column_name", "value", "check_name", "severity").rows() == [
        (6, "Cantidad", "-3", "non_negative_quantity", "error"),
        (7, "Cantidad", "10", "total_vs_components", "warning"),
        (9, "Cantidad", "aprox. 15", "numeric_quantity", "error"),
    ]


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
