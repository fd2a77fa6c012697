"""Run a dataset's suite with Great Expectations and list every failing row (no sample cap)."""

from __future__ import annotations

import logging
import os
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from expectations import seizure_cases, seizures_annual
from expectations.checks import Check

DATASETS: dict[str, ModuleType] = {"seizures_annual": seizures_annual, "seizure_cases": seizure_cases}
FAILURE_SCHEMA = {
    "row_id": pl.Int64,
    "check_name": pl.String,
    "field": pl.String,
    "severity": pl.String,
    "message": pl.String,
}
_RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]}
_SITE = "run"


def checks_for(dataset: str, today: date) -> list[Check]:
    """The checks of a dataset's suite; KeyError names the known datasets."""
    if dataset not in DATASETS:
        raise KeyError(f"no expectation suite for dataset {dataset!r}; known: {sorted(DATASETS)}")
    return DATASETS[dataset].checks(today)


@cache
def _context(docs_dir: Path) -> Any:
    """An in-memory GX context whose Data Docs site is written to `docs_dir`."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in [n for n in logging.root.manager.loggerDict if n.startswith("great_expectations")]:
        logging.getLogger(name).setLevel(logging.WARNING)  # GX logs every temporary folder at INFO

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in context.get_site_names():
        context.delete_data_docs_site(site)
    context.add_data_docs_site(
        _SITE,
        {
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
        },
    )
    context.data_sources.add_pandas("submissions").add_dataframe_asset(
        "conformed"
    ).add_batch_definition_whole_dataframe("file")
    return context


@cache
def _validation(docs_dir: Path, dataset: str, today: date) -> Any:
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = _context(docs_dir)
    suite = gx.ExpectationSuite(name=dataset)
    for check in checks_for(dataset, today):
        expectation = getattr(gxe, check.expectation)
        suite.add_expectation(expectation(column=check.column, meta={"check": check.name}, **check.kwargs))
    suite = context.suites.add_or_update(suite)
    batch = context.data_sources.get("submissions").get_asset("conformed").get_batch_definition("file")
    return context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=dataset, data=batch, suite=suite)
    )


def _for_validation(frame: pl.DataFrame, columns: list[str]) -> Any:
    """The columns the suite reads, as pandas (dates as datetimes, which GX compares with bounds)."""
    return frame.select(
        "row_id",
        *[pl.col(c).cast(pl.Datetime("ms")) if frame.schema[c] == pl.Date else pl.col(c) for c in columns],
    ).to_pandas()


def validate(frame: pl.DataFrame, dataset: str, run_name: str, docs_dir: Path, today: date) -> pl.DataFrame:
    """One row per failing (row_id, check): the check's field, severity and message.

    Runs the dataset's Great Expectations suite on the conformed frame (needs a unique row_id)
    and keeps the result for the run's Data Docs.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    checks = {c.name: c for c in checks_for(dataset, today)}
    validation = _validation(docs_dir, dataset, today)
    columns = sorted({c.column for c in checks.values()})
    result = validation.run(
        batch_parameters={"dataframe": _for_validation(frame, columns)},
        result_format=_RESULT_FORMAT,
        run_id=RunIdentifier(run_name=run_name),
    )
    rows = []
    for outcome in result.results:
        check = checks[outcome.expectation_config.meta["check"]]
        for failing in outcome.result.get("unexpected_index_list") or []:
            rows.append((int(failing["row_id"]), check.name, check.field, check.severity, check.message))
    return pl.DataFrame(rows, schema=FAILURE_SCHEMA, orient="row")


def build_docs(docs_dir: Path) -> Path:
    """Render the Data Docs of every validation run in this process; the path of index.html."""
    _context(docs_dir).build_data_docs(site_names=[_SITE])
    return docs_dir / "index.html"
