"""honlea.expectations.runner.validate on small conformed frames: every failing row, and the validation result
Great Expectations itself gives on the same rows."""

import json
import re
from datetime import date

import polars as pl
import pytest

from honlea.expectations.runner import FAILURE_SCHEMA, build_docs, checks_for, validate
from tests.unit.pipeline import prepared

TODAY = date(2026, 11, 29)
ANNUAL = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "5", "unit": "kg"}
CASE = {"seizure_date": "04/03/2011", "country": "Haïti", "drug": "Cocaïne", "quantity": "2", "unit": "kg"}


def conformed(make_records, vocab, rows, key, policy):
    return prepared(make_records(rows), key, policy)


def annual(make_records, vocab, rows):
    return conformed(make_records, vocab, rows, ["country", "drug", "unit", "year"], "conflict")


def failures_of(failures):
    return sorted(zip(failures["row_id"], failures["check_name"], strict=True))


def test_unknown_dataset_names_the_known_ones():
    with pytest.raises(KeyError, match="seizure_cases"):
        checks_for("arrests", TODAY)


def test_annual_errors_land_on_their_rows(make_records, vocab):
    rows = [
        ANNUAL,  # 0: fine
        ANNUAL | {"drug": "Marihuana", "quantity": "-5"},  # 1
        ANNUAL | {"drug": "Cocaine hydrochloride", "quantity": None},  # 2
        ANNUAL | {"drug": "Résine de cannabis", "quantity": "unos 20"},  # 3
        ANNUAL | {"year": "2031"},  # 4
        ANNUAL | {"year": "1989", "drug": "Crack cocaine"},  # 5
        ANNUAL | {"country": "Narnia"},  # 6
        ANNUAL | {"drug": "Polvo de ángel azul"},  # 7
        ANNUAL | {"unit": "bolsitas"},  # 8
        ANNUAL | {"year": "dos mil once", "drug": "Coca leaf"},  # 9
    ]
    frame = annual(make_records, vocab, rows)

    failures, _ = validate(frame, "seizures_annual", "unit annual", TODAY)

    assert dict(failures.schema) == FAILURE_SCHEMA
    assert failures_of(failures) == [
        (1, "non_negative_quantity"),
        (2, "required_quantity"),
        (3, "numeric_quantity"),
        (4, "plausible_year"),
        (5, "plausible_year"),
        (6, "known_country"),
        (7, "known_drug"),
        (8, "known_unit"),
        (9, "valid_year"),
    ]
    assert set(failures["severity"]) == {"error"}
    messages = dict(zip(failures["check_name"], failures["message"], strict=True))
    assert messages["plausible_year"] == "the year must be between 1990 and 2026"
    fields = dict(zip(failures["check_name"], failures["field"], strict=True))
    assert fields["non_negative_quantity"] == "quantity"
    assert fields["known_country"] == "country"


def test_rows_that_pass_produce_no_failures(make_records, vocab):
    rows = [
        ANNUAL,
        ANNUAL | {"drug": "Marihuana", "quantity": "1.234,5", "unit": "toneladas", "seizure_cases": "12"},
        ANNUAL | {"country": None, "country_code": "COL", "drug": "éxtasis", "unit": "pastillas"},
        ANNUAL | {"drug": "Cocaine (total)", "quantity": "0"},
        ANNUAL | {"year": "2026"},
    ]
    frame = annual(make_records, vocab, rows)
    assert frame["drug_id"].null_count() == 0  # the rows are genuinely understood
    failures, _ = validate(frame, "seizures_annual", "unit clean", TODAY)
    assert failures.height == 0
    assert dict(failures.schema) == FAILURE_SCHEMA


def test_key_conflict_and_total_shortfall(make_records, vocab):
    rows = [
        ANNUAL | {"quantity": "12"},
        ANNUAL | {"quantity": "15"},
        ANNUAL | {"drug": "Cocaine (total)", "quantity": "10"},
        ANNUAL | {"drug": "Clorhidrato de cocaína", "quantity": "30"},
    ]
    frame = annual(make_records, vocab, rows)
    failures, _ = validate(frame, "seizures_annual", "unit keys", TODAY)
    assert failures_of(failures) == [(0, "key_conflict"), (1, "key_conflict"), (2, "total_vs_components")]
    severity = dict(zip(failures["check_name"], failures["severity"], strict=True))
    assert severity == {"key_conflict": "error", "total_vs_components": "warning"}


def test_seizure_cases_future_date_and_unknown_transport_mode(make_records, vocab):
    rows = [
        CASE | {"transport_mode": "aérien", "case_ref": "HT-1"},  # 0: fine
        CASE | {"seizure_date": "04/03/2027", "case_ref": "HT-2"},  # 1: after today
        CASE | {"transport_mode": "téléportation", "case_ref": "HT-3"},  # 2
        CASE | {"seizure_date": "31/12/1989", "case_ref": "HT-4"},  # 3: too old
        CASE | {"seizure_date": "hier", "case_ref": "HT-5"},  # 4
        CASE | {"seizure_date": "29/11/2026", "case_ref": "HT-6"},  # 5: today is fine
        CASE | {"origin_country": "Mordor", "case_ref": "HT-7"},  # 6
    ]
    frame = conformed(make_records, vocab, rows, ["country", "case_ref"], "duplicate")

    failures, _ = validate(frame, "seizure_cases", "unit cases", TODAY)

    assert failures_of(failures) == [
        (1, "plausible_date"),
        (2, "known_transport_mode"),
        (3, "plausible_date"),
        (4, "valid_date"),
        (6, "known_origin_country"),
    ]
    severity = dict(zip(failures["check_name"], failures["severity"], strict=True))
    assert severity["plausible_date"] == "error"
    assert severity["known_transport_mode"] == "warning"
    assert severity["known_origin_country"] == "warning"
    fields = dict(zip(failures["check_name"], failures["field"], strict=True))
    assert fields["known_origin_country"] == "origin_country"
    assert (
        failures.filter(pl.col("check_name") == "plausible_date")["message"].to_list()
        == ["the date must be between 1990-01-01 and today (2026-11-29): it is in the future or too old"] * 2
    )


def test_every_failing_row_comes_back_without_a_sample_cap(make_records, vocab):
    rows = [ANNUAL | {"quantity": "-1" if i % 20 < 3 else "1", "place": str(i)} for i in range(20_000)]
    frame = prepared(make_records(rows), policy="sum")  # the rows repeat one key: parts of one figure
    expected = [i for i in range(20_000) if i % 20 < 3]

    failures, _ = validate(frame, "seizures_annual", "unit big", TODAY)

    assert len(expected) == 3_000
    assert set(failures["check_name"]) == {"non_negative_quantity"}
    assert sorted(failures["row_id"].to_list()) == expected


def test_data_docs_are_built_from_saved_results(make_records, vocab, gx_docs_dir):
    _, result = validate(annual(make_records, vocab, [ANNUAL]), "seizures_annual", "run1 unit.csv", TODAY)
    saved = json.loads(json.dumps(result))  # as the validate task keeps it in the staging folder
    index = build_docs(gx_docs_dir, [("seizures_annual", "run1 unit.csv", saved, None)])
    assert index == gx_docs_dir / "index.html"
    assert index.is_file()
    assert "seizures_annual" in index.read_text(encoding="utf-8")


def test_a_code_and_a_name_naming_two_countries_is_an_error(make_records, vocab):
    row = {
        "country": "Peru",
        "country_code": "COL",
        "drug": "Heroin",
        "year": "2011",
        "quantity": "1",
        "unit": "kg",
    }
    failures, _ = validate(
        prepared(make_records([row]), ["country"], "sum"), "seizures_annual", "mismatch", TODAY
    )
    assert failures.select("check_name", "severity").rows() == [("country_name_matches_code", "error")]


def gx_result(frame, dataset):
    """The suite run by Great Expectations itself on the same rows, as the validation result's JSON."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = gx.get_context(mode="ephemeral")
    checks = checks_for(dataset, TODAY)
    suite = context.suites.add(gx.ExpectationSuite(name=dataset))
    for check in checks:
        expectation = getattr(gxe, check.expectation)
        suite.add_expectation(expectation(column=check.column, meta={"check": check.name}, **check.kwargs))
    asset = context.data_sources.add_pandas("submissions").add_dataframe_asset("conformed")
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(
            name=dataset, data=asset.add_batch_definition_whole_dataframe("file"), suite=suite
        )
    )
    rows = frame.select("row_id", *sorted({c.column for c in checks}))
    rows = rows.with_columns(pl.col(pl.Date).cast(pl.Datetime("ms"))).to_pandas()  # GX compares datetimes
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]}
    return definition.run(batch_parameters={"dataframe": rows}, result_format=result_format).to_json_dict()


def comparable(result):
    """What the Data Docs show of a result: success, statistics, and per expectation its configuration
    (without its id), success and counts, unexpected values and rows."""
    return (
        result["success"],
        result["statistics"],
        [
            (
                r["success"],
                {k: v for k, v in r["expectation_config"].items() if k != "id"},
                r["result"],
            )
            for r in result["results"]
        ],
    )


@pytest.mark.gx  # runs Great Expectations itself, to compare
@pytest.mark.parametrize("case", ["annual_errors", "cases_errors", "clean", "no_rows"])
def test_the_result_is_the_one_great_expectations_gives(make_records, vocab, case):
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResultSchema

    if case == "cases_errors":
        rows = [
            CASE | {"transport_mode": "aérien", "case_ref": "HT-1"},
            CASE | {"seizure_date": "04/03/2027", "case_ref": "HT-2"},
            CASE | {"transport_mode": "téléportation", "case_ref": "HT-3"},
            CASE | {"seizure_date": "31/12/1989", "case_ref": "HT-4"},
            CASE | {"seizure_date": "hier", "case_ref": "HT-5"},
            CASE
            | {"seizure_date": "29/11/2026", "case_ref": "HT-6", "quantity": "-3", "seizure_cases": "-2"},
            CASE | {"origin_country": "Mordor", "case_ref": "HT-7", "quantity": None},
            CASE | {"origin_country": "Mordor", "case_ref": "HT-7", "quantity": "abc"},
            CASE | {"transport_mode": "téléportation", "case_ref": "HT-9", "drug": None},
        ]
        frame, dataset = (
            conformed(make_records, vocab, rows, ["country", "case_ref"], "duplicate"),
            "seizure_cases",
        )
    else:
        rows = {
            "annual_errors": [
                ANNUAL | {"quantity": "12"},
                ANNUAL | {"quantity": "15", "seizure_cases": "3"},
                ANNUAL | {"drug": "Cocaine (total)", "quantity": "10"},
                ANNUAL | {"drug": "Clorhidrato de cocaína", "quantity": "30"},
                ANNUAL | {"drug": "Marihuana", "quantity": "-5"},
                ANNUAL | {"year": "2031", "country": "Narnia", "unit": None},
                ANNUAL | {"year": "dos mil once", "drug": "Coca leaf", "quantity": "unos 20"},
            ],
            "clean": [ANNUAL, ANNUAL | {"drug": "Marihuana", "quantity": "1.234,5"}],
            "no_rows": [],
        }[case]
        frame, dataset = annual(make_records, vocab, rows), "seizures_annual"

    failures, ours = validate(frame, dataset, "unit same as gx", TODAY)
    theirs = gx_result(frame, dataset)

    assert comparable(ours) == comparable(theirs)
    found = {
        (r["row_id"], o["expectation_config"]["meta"]["check"])
        for o in theirs["results"]
        for r in o["result"].get("unexpected_index_list") or []
    }
    assert set(zip(failures["row_id"], failures["check_name"], strict=True)) == found
    assert (failures.height > 0) == (case.endswith("errors"))
    ExpectationSuiteValidationResultSchema().load(json.loads(json.dumps(ours)))  # what build_docs reads


def test_data_docs_render_offline_and_name_failing_rows_by_their_row_in_the_file(
    make_records, vocab, gx_docs_dir
):
    bad = ANNUAL | {"drug": "Polvo de ángel azul", "quantity": "-5"}  # two checks, one of each result form
    frame = annual(make_records, vocab, [ANNUAL, bad])
    _, result = validate(frame, "seizures_annual", "run1 unit.csv", TODAY)
    rows = frame.select("row_id", "sheet", pl.col("row_id").add(7).alias("source_row"))  # rows 7 and 8
    index = build_docs(
        gx_docs_dir, [("seizures_annual", "run1 unit.csv", json.loads(json.dumps(result)), rows)]
    )
    (page,) = (gx_docs_dir / "validations").rglob("*.html")
    for html_page in (index, page):
        html = html_page.read_text(encoding="utf-8")
        assets = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) + re.findall(
            r'<link[^>]*\bhref="([^"]+)"', html
        )
        assert len(assets) > 10
        assert [a for a in assets if "://" in a or not (html_page.parent / a).is_file()] == []
        assert "amazonaws.com" not in html and "cdn" not in html
    fonts = gx_docs_dir / "static" / "vendor" / "webfonts" / "fa-solid-900.woff2"
    assert (
        fonts.is_file()
        and "../webfonts/fa-solid-900.woff2" in (fonts.parent.parent / "css" / "all.min.css").read_text()
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    assert "Unexpected Value Count row -5.0 1 8 " in text  # row 8 of the file, not row_id 1
    assert "Unexpected Value Count row Polvo de ángel azul 1 8 " in text
    assert "row_id" not in text and "df.filter" not in text
