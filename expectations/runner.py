"""Run a dataset's suite with Great Expectations and list every failing row (no sample cap).

Validation runs in whichever process executes the task (threads or Dask workers); each result is
kept as JSON so that the run's Data Docs can be built in one place afterwards.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from honlea.config.settings import config_dir
from honlea.expectations.checks import checks_for

FAILURE_SCHEMA = {
    "row_id": pl.Int64,
    "check_name": pl.String,
    "field": pl.String,
    "severity": pl.String,
    "message": pl.String,
}
_RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]}
_SITE = "run"
# GX 1.24 returns wrong counts when one context validates in several threads at once
_VALIDATING = threading.Lock()


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


@cache
def _validation(dataset: str, today: date, _config: Path) -> Any:
    """The dataset's suite registered in this process's context, ready to run on a dataframe (one per
    configuration folder: the catalog there decides the checks)."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = _new_context()
    suite = gx.ExpectationSuite(name=dataset)
    for check in checks_for(dataset, today):
        expectation = getattr(gxe, check.expectation)
        suite.add_expectation(expectation(column=check.column, meta={"check": check.name}, **check.kwargs))
    suite = context.suites.add(suite)
    batch = context.data_sources.add_pandas("submissions").add_dataframe_asset("conformed")
    definition = batch.add_batch_definition_whole_dataframe("file")
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=dataset, data=definition, suite=suite)
    )


def _for_validation(frame: pl.DataFrame, columns: list[str]) -> Any:
    """The columns the suite reads, as pandas (dates as datetimes, which GX compares with bounds)."""
    return frame.select(
        "row_id",
        *[pl.col(c).cast(pl.Datetime("ms")) if frame.schema[c] == pl.Date else pl.col(c) for c in columns],
    ).to_pandas()


def validate(frame: pl.DataFrame, dataset: str, run_name: str, today: date) -> tuple[pl.DataFrame, dict]:
    """(failures, result): one row per failing (row_id, check) with the check's field, severity and
    message; and the GX validation result as JSON, for the run's Data Docs.

    Runs the dataset's Great Expectations suite on the conformed frame (needs a unique row_id).
    """
    from great_expectations.core.run_identifier import RunIdentifier

    checks = {c.name: c for c in checks_for(dataset, today)}
    columns = sorted({c.column for c in checks.values()})
    with _VALIDATING:
        result = _validation(dataset, today, config_dir()).run(
            batch_parameters={"dataframe": _for_validation(frame, columns)},
            result_format=_RESULT_FORMAT,
            run_id=RunIdentifier(run_name=run_name),
        )
    rows = []
    for outcome in result.results:
        check = checks[outcome.expectation_config.meta["check"]]
        for failing in outcome.result.get("unexpected_index_list") or []:
            rows.append((int(failing["row_id"]), check.name, check.field, check.severity, check.message))
    return pl.DataFrame(rows, schema=FAILURE_SCHEMA, orient="row"), result.to_json_dict()


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
