"""A suite's validation result in Great Expectations' form, built from the checks' polars evaluation.

The document has the shape that `ValidationDefinition.run(result_format="COMPLETE")` gives, as JSON
(`to_json_dict`): per expectation its configuration, success, the counts (element, unexpected,
missing) and every unexpected value with its row_id. Every row is counted, so the Data Docs rendered
from it (runner.build_docs) say what a Great Expectations run on the whole frame says; a unit test
compares the two on the same rows (tests/unit/test_expectations_runner.py).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from importlib.metadata import version
from typing import Any

import polars as pl

from honlea.expectations.checks import Check
from honlea.expectations.suites import BETWEEN, NOT_NULL

PARTIAL = 20  # how many unexpected values Great Expectations lists in its partial lists
ROW_ID = "row_id"  # the column naming unexpected rows (unexpected_index_column_names)
_BATCH = {"datasource_name": "submissions", "data_asset_name": "conformed"}


def _type(expectation: str) -> str:
    """ExpectColumnValuesToBeNull -> expect_column_values_to_be_null (the configuration's type)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", expectation).lower()


def _json(value: Any) -> Any:
    """A value as the result's JSON gives it (dates as ISO timestamps, as Great Expectations saw them)."""
    return value.isoformat() if isinstance(value, date) else value


def _percent(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def _counts(values: list[Any]) -> list[dict[str, Any]]:
    """partial_unexpected_counts: the most frequent unexpected values, ties by value."""
    tally: dict[Any, int] = {}
    for value in values:
        tally[value] = tally.get(value, 0) + 1
    ordered = sorted(tally.items(), key=lambda item: (-item[1], item[0] is not None, str(item[0])))
    return [{"value": value, "count": count} for value, count in ordered[:PARTIAL]]


def expectation_result(check: Check, element_count: int, missing: int, unexpected: pl.DataFrame) -> dict:
    """One expectation's result. `unexpected`: the failing rows in frame order, with row_id, `index`
    (their position in the frame) and `value` (the checked column's)."""
    values = [_json(v) for v in unexpected["value"].to_list()]
    rows = [{check.column: v, ROW_ID: r} for v, r in zip(values, unexpected[ROW_ID].to_list(), strict=True)]
    count = len(values)
    result: dict[str, Any] = {
        "element_count": element_count,
        "unexpected_count": count,
        "unexpected_percent": _percent(count, element_count),
        "partial_unexpected_list": values[:PARTIAL],
        "unexpected_index_column_names": [ROW_ID],
    }
    if check.expectation == BETWEEN:  # a range check ignores missing values
        present = element_count - missing
        result |= {
            "unexpected_percent": _percent(count, present),
            "missing_count": missing,
            "missing_percent": _percent(missing, element_count),
            "unexpected_percent_total": _percent(count, element_count),
            "unexpected_percent_nonmissing": _percent(count, present),
        }
    elif check.expectation != NOT_NULL:
        del result["unexpected_index_column_names"]  # as Great Expectations 1.x writes it
    result |= {
        "partial_unexpected_counts": _counts(values),
        "partial_unexpected_index_list": rows[:PARTIAL],
        "unexpected_list": values,
        "unexpected_index_list": rows,
        "unexpected_index_query": f"df.filter(items={unexpected['index'].to_list()}, axis=0)",
    }
    kwargs = {"batch_id": "{datasource_name}-{data_asset_name}".format(**_BATCH), "column": check.column}
    return {
        "success": count == 0,
        "expectation_config": {
            "type": _type(check.expectation),
            "kwargs": kwargs | check.kwargs,
            "meta": {"check": check.name},
            "id": str(uuid.uuid4()),
            "severity": "critical",
        },
        "result": result,
        "meta": {},
        "exception_info": {"raised_exception": False, "exception_traceback": None, "exception_message": None},
    }


def suite_result(dataset: str, run_name: str, results: list[dict]) -> dict:
    """The suite's validation result around its expectations' `results`."""
    passed = sum(r["success"] for r in results)
    now = datetime.now(UTC)
    return {
        "success": passed == len(results),
        "results": results,
        "suite_name": dataset,
        "suite_parameters": {},
        "statistics": {
            "evaluated_expectations": len(results),
            "successful_expectations": passed,
            "unsuccessful_expectations": len(results) - passed,
            "success_percent": _percent(passed, len(results)),
        },
        "meta": {
            "great_expectations_version": version("great_expectations"),
            "batch_spec": {"batch_data": "PolarsDataFrame"},
            "batch_markers": {"ge_load_time": f"{now:%Y%m%dT%H%M%S.%fZ}"},
            "active_batch_definition": _BATCH
            | {"data_connector_name": "fluent", "batch_identifiers": {"dataframe": "<DATAFRAME>"}},
            "validation_id": str(uuid.uuid4()),
            "checkpoint_id": None,
            "run_id": {"run_name": run_name, "run_time": now.isoformat()},
            "validation_time": now.isoformat(),
            "evaluated_by": "polars (honlea.expectations.checks.Check.holds)",
        },
        "id": None,
    }
