"""Run a dataset's suite and list every failing row (no sample cap); build Great Expectations' Data Docs.

The checks are evaluated as polars expressions (expectations/checks.py), in whichever process
executes the task (threads or Dask workers), without importing Great Expectations; each result is
kept in Great Expectations' JSON form (expectations/results.py) so that the run's Data Docs can be
built in one place afterwards.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from honlea.expectations.checks import checks_for
from honlea.expectations.results import ROW_ID, expectation_result, suite_result

FAILURE_SCHEMA = {
    "row_id": pl.Int64,
    "check_name": pl.String,
    "field": pl.String,
    "severity": pl.String,
    "message": pl.String,
}
_SITE = "run"


def _new_context() -> Any:
    """An in-memory GX context, quiet, with no Data Docs site of its own."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in [n for n in logging.root.manager.loggerDict if n.startswith("great_expectations")]:
        logging.getLogger(name).setLevel(logging.WARNING)  # GX logs every temporary folder at INFO
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in context.get_site_names():
        context.delete_data_docs_site(site)
    return context


def validate(frame: pl.DataFrame, dataset: str, run_name: str, today: date) -> tuple[pl.DataFrame, dict]:
    """(failures, result): one row per failing (row_id, check) with the check's field, severity and
    message, by check then row; and the validation result in Great Expectations' JSON form, for the
    run's Data Docs (expectations/results.py).

    Each check of the dataset's suite is evaluated on the conformed frame (needs a unique row_id) in
    its polars form (Check.holds), on its own column, in one pass over the frame.
    """
    checks = checks_for(dataset, today)
    failing = frame.select(*[(~check.holds()).alias(check.name) for check in checks])
    missing = frame.select(pl.col(check.column).null_count().alias(check.name) for check in checks)
    results = []
    for check in checks:
        value = pl.col(check.column)
        if frame.schema[check.column] == pl.Date:
            value = value.cast(pl.Datetime("ms"))  # as it is compared with the bounds
        unexpected = frame.select(
            ROW_ID, pl.int_range(pl.len(), dtype=pl.Int64).alias("index"), value.alias("value")
        ).filter(failing[check.name])
        results.append(expectation_result(check, frame.height, missing[check.name][0], unexpected))
    table = pl.DataFrame(
        [(c.name, c.field, c.severity, c.message) for c in checks],
        schema=["check_name", "field", "severity", "message"],
        orient="row",
    )
    failures = (
        failing.with_columns(frame[ROW_ID])
        .unpivot(index=ROW_ID, variable_name="check_name", value_name="fails")
        .filter("fails")
        .join(table, on="check_name", how="left", maintain_order="left")
        .select(FAILURE_SCHEMA.keys())
        .cast(FAILURE_SCHEMA)
    )
    return failures, suite_result(dataset, run_name, results)


def build_docs(docs_dir: Path, results: list[tuple[str, str, dict]]) -> Path:
    """Render Data Docs for (dataset, run_name, result JSON) validations into docs_dir; its index.html."""
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResultSchema
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = _new_context()
    store = {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())}
    context.add_data_docs_site(_SITE, {"class_name": "SiteBuilder", "store_backend": store})
    schema = ExpectationSuiteValidationResultSchema()
    for dataset, run_name, document in results:
        key = ValidationResultIdentifier(
            ExpectationSuiteIdentifier(dataset), RunIdentifier(run_name=run_name), run_name.split(" ", 1)[-1]
        )
        context.validation_results_store.set(key, schema.load(document))
    context.build_data_docs(site_names=[_SITE])
    return docs_dir / "index.html"
