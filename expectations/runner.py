"""Run a dataset's suite and list every failing row (no sample cap); build Great Expectations' Data Docs.

The checks are evaluated as polars expressions (expectations/checks.py), in whichever process
executes the task (threads or Dask workers), without importing Great Expectations; each result is
kept in Great Expectations' JSON form (expectations/results.py) so that the run's Data Docs can be
built in one place afterwards.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from datetime import date
from functools import partial
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
_STATIC = Path(__file__).parent / "static"  # the Data Docs' assets (static/PROVENANCE.md)
#: What GX's pages load from public CDNs -> the copy in static/ they load instead (None: the tag is
#: removed: vega draws charts of distributions, which no HONLEA check has).
_CDN = {
    "https://cdn.jsdelivr.net/npm/vega@5": None,
    "https://cdn.jsdelivr.net/npm/vega-lite@5": None,
    "https://cdn.jsdelivr.net/npm/vega-embed@6": None,
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": (  # noqa: E501
        "bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (  # noqa: E501
        "bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (  # noqa: E501
        "bootstrap-table-filter-control.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker.min.js"
    ),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": (
        "bootstrap-prefers-dark.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "css/all.min.css",
}
_TAG = re.compile(r'<(script|link)\b[^>]*?\b(?:src|href)="(https?://[^"]+)"[^>]*>(?:\s*</script>)?')
_OWN = re.compile(r'\b(src|href)="(?:\./|\.\./)*static/')
#: GX's logo, from its web assets; GX copies it into the site's static/images too.
_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3\.us-east-2\.amazonaws\.com/[\w.-]+\.png(\?[^\"')]*)?"
)


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


def _with_file_rows(document: dict, rows: pl.DataFrame) -> dict:
    """The validation result with its failing rows named as stewards see them, by their row in the file
    (and sheet, for a file of several) instead of row_id (`rows`: row_id, sheet, source_row); GX's
    query by row_id, of no use to a reader, left out."""
    where = {
        row_id: (sheet, row)
        for row_id, sheet, row in rows.select("row_id", "sheet", "source_row").iter_rows()
    }
    names = ["sheet", "row"] if rows["sheet"].n_unique() > 1 else ["row"]
    for outcome in document["results"]:
        result = outcome.get("result") or {}
        if not any("row_id" in entry for entry in result.get("unexpected_index_list") or []):
            continue  # nothing failed (or the expectation names no rows)
        for key in ("unexpected_index_list", "partial_unexpected_index_list"):
            result[key] = [
                {name: value for name, value in entry.items() if name != "row_id"}
                | dict(zip(names, where[entry["row_id"]][-len(names) :], strict=True))
                for entry in result.get(key) or []
            ]
        result["unexpected_index_column_names"] = names
        result.pop("unexpected_index_query", None)
    return document


def _local(tag: re.Match, up: str) -> str:
    """A script or stylesheet tag of a CDN's file as the tag of its copy (none for vega's)."""
    kind, url = tag.groups()
    if url not in _CDN:
        return tag.group(0)
    if _CDN[url] is None:
        return ""
    path = f"{up}/static/vendor/{_CDN[url]}"
    return f'<script src="{path}"></script>' if kind == "script" else f'<link rel="stylesheet" href="{path}">'


def _offline(docs_dir: Path) -> None:
    """Point every page's scripts and stylesheets at copies in docs_dir/static/vendor (hard links to the
    package's static/ where the file system allows), and GX's logo at its copy in static/images."""
    vendor = docs_dir / "static" / "vendor"
    for source in (p for p in _STATIC.rglob("*") if p.is_file() and p.suffix != ".md"):
        target = vendor / source.relative_to(_STATIC)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            try:
                os.link(source, target)
            except OSError:  # another file system
                shutil.copyfile(source, target)

    for page in docs_dir.rglob("*.html"):
        up = Path(os.path.relpath(docs_dir, page.parent)).as_posix()  # the page's way to docs_dir
        html = _TAG.sub(partial(_local, up=up), page.read_text(encoding="utf-8"))
        html = _OWN.sub(rf'\1="{up}/static/', html)  # GX's own, some a folder too high or too low
        page.write_text(_LOGO.sub(f"{up}/static/images/logo-long.png", html), encoding="utf-8")


def build_docs(docs_dir: Path, results: list[tuple[str, str, dict, pl.DataFrame | None]]) -> Path:
    """Render Data Docs for (dataset, run_name, result JSON, the rows' row_id, sheet and source_row or
    None) validations into docs_dir, that render without internet; its index.html."""
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
    for dataset, run_name, document, rows in results:
        key = ValidationResultIdentifier(
            ExpectationSuiteIdentifier(dataset), RunIdentifier(run_name=run_name), run_name.split(" ", 1)[-1]
        )
        named = document if rows is None else _with_file_rows(document, rows)
        context.validation_results_store.set(key, schema.load(named))
    context.build_data_docs(site_names=[_SITE])
    _offline(docs_dir)
    return docs_dir / "index.html"
