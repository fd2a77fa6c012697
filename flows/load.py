"""The load step's hand-over: a run's staged files and the reference tables built from config/, given
to the warehouse, which stores what it is handed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from honlea.config.catalog import load_catalog
from honlea.config.directory import dim_liaison_office, dim_recommendation
from honlea.config.names import FileStatus
from honlea.config.reference import dim_country, dim_drug, dim_source
from honlea.config.reports import dim_indicator
from honlea.flows.kinds import steps
from honlea.flows.staged import FACTS, ISSUES, StagedFile
from honlea.transforms.facts import calendar
from honlea.transforms.reports import difference_issues
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.crosscheck import record_issues, report_differences
from honlea.warehouse.publish import RunFile, publish
from honlea.warehouse.schema import (
    DIM_COUNTRY,
    DIM_DATE,
    DIM_DRUG,
    DIM_INDICATOR,
    DIM_LIAISON_OFFICE,
    DIM_RECOMMENDATION,
    DIM_SOURCE,
    FACT_COUNTRY_INDICATOR,
    Table,
)

_AUDITED = (
    "path",
    "file_name",
    "profile",
    "status",
    "message",
    "rows_read",
    "rows_loaded",
    "rows_quarantined",
    "rows_duplicate",
    "rows_not_reported",
    "sha256",
)
_SUBMITTED = (
    "path",
    "file_name",
    "sha256",
    "profile",
    "source",
    "matched_by",
    "dataset",
    "reporting_iso3",
    "vocabulary_version",
    "decimal_mark",
)


def reference_tables() -> dict[Table, pl.DataFrame]:
    """The dimensions every run replaces whole: countries, drugs, the sources' precedence, the
    recommendations and the liaison offices (config/), and the calendar from the catalog's year floor to
    next year."""
    years = (load_catalog().params["year_floor"], datetime.now(UTC).year + 1)
    return {
        DIM_SOURCE: dim_source(),
        DIM_COUNTRY: dim_country(),
        DIM_DRUG: dim_drug(),
        DIM_DATE: calendar(*years),
        DIM_INDICATOR: dim_indicator(),
        DIM_RECOMMENDATION: dim_recommendation().select(DIM_RECOMMENDATION.column_names),
        DIM_LIAISON_OFFICE: dim_liaison_office().select(DIM_LIAISON_OFFICE.column_names),
    }


def run_file(staged: StagedFile) -> RunFile:
    """What the warehouse records of a staged file: its audit row; for a validated file, its
    submission, the countries and years it covers, its facts (statistics) or its kind's tables; its
    issues."""
    submission = None
    if staged.status == FileStatus.VALIDATED:
        submission = {name: getattr(staged, name) for name in _SUBMITTED} | {
            "is_synthetic": staged.synthetic,
            "received_at": datetime.fromisoformat(staged.received_at),
        }
    issues, facts = staged.file(ISSUES), staged.file(FACTS)
    return RunFile(
        place=Path(staged.folder).name,
        audit={name: getattr(staged, name) for name in _AUDITED},
        submission=submission,
        slices=staged.slices,
        facts=facts if submission and facts.exists() else None,
        issues=issues if issues.exists() else None,
        read_again_because=staged.read_again_because() if submission else None,
        tables=steps(staged.kind).tables(staged) if submission else {},
    )


def publish_staged(warehouse: Warehouse, run_id: str, folders: Iterable[str | Path]) -> None:
    """Publish the run's staged files, in the order they arrived, in one transaction."""
    staged = sorted(map(StagedFile.load, folders), key=lambda file: (file.received_at, file.path))
    as_of = staged[0].decisions_as_of() if staged else None
    files = [run_file(file) for file in staged]
    publish(warehouse, run_id, files, reference_tables(), as_of)
    if any(FACT_COUNTRY_INDICATOR in file.tables for file in files):  # a country report was published
        flag_report_differences(warehouse, run_id)


def flag_report_differences(warehouse: Warehouse, run_id: str) -> None:
    """A warning for each figure of the run's country reports that differs from the statistics by more
    than the catalog's tolerance (report_vs_statistics), recorded after the run's files are published."""
    tolerance = load_catalog().params["tolerance_pct"]
    record_issues(warehouse, difference_issues(report_differences(warehouse, run_id, tolerance), run_id))
