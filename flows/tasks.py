"""Thin Prefect tasks: each reads its input from the staging folder, calls transforms, writes back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import task

from config.reference import dim_drug, vocabularies
from config.settings import SYNTHETIC_PREFIX
from config.source_profiles import load_profiles
from expectations.runner import validate
from sources.readers import UnreadableFile, read_grids, sha256
from sources.recognise import Unrecognised, recognise
from transforms.facts import reporting_country, to_facts
from transforms.keys import mark_key_conflicts, split_exact_duplicates
from transforms.quality import ISSUE_COLUMNS, duplicate_issue_rows, issue_rows, split_quarantine
from transforms.records import records_from_grid
from transforms.seizures import conform_seizures
from transforms.totals import mark_total_shortfalls
from warehouse.staging import CONFORMED, FACTS, ISSUES, RECORDS, StagedFile

DUPLICATES = "duplicates.parquet"
INBOX_IGNORED = (".", "~$")  # hidden files and Office lock files


@task(name="discover")
def discover(inbox: str) -> list[str]:
    """Every file below the inbox, in path order."""
    root = Path(inbox)
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} does not exist")
    return [str(p) for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(INBOX_IGNORED)]


@task(name="register")
def register(path: str, folder: str, published: frozenset[str], earlier: dict[str, str]) -> str:
    """Start the file's staging folder. Status already_loaded when the same bytes were published by an
    earlier run or came earlier in this run (`earlier`: sha256 -> file name, updated here).
    """
    file = Path(path)
    received = datetime.fromtimestamp(file.stat().st_mtime, UTC).replace(tzinfo=None)
    staged = StagedFile(folder, path, file.name, sha256(file), received.isoformat())
    staged.synthetic = file.name.upper().startswith(SYNTHETIC_PREFIX)
    if staged.sha256 in published:
        staged.status, staged.message = "already_loaded", "the same file was published by an earlier run"
    elif staged.sha256 in earlier:
        staged.status = "already_loaded"
        staged.message = f"the same file as {earlier[staged.sha256]}, earlier in this run"
    earlier.setdefault(staged.sha256, file.name)
    staged.save()
    return staged.status


def _file_issue(staged: StagedFile, check: str, message: str) -> None:
    """A quality issue about the whole file (no row), for the steward's list."""
    row = dict.fromkeys(ISSUE_COLUMNS) | {"check_name": check, "severity": "error", "message": message}
    pl.DataFrame([row], schema=dict.fromkeys(ISSUE_COLUMNS, pl.String)).with_columns(
        pl.col("source_row").cast(pl.Int64)
    ).write_parquet(staged.file(ISSUES))


@task(name="read")
def read_submission(folder: str) -> str:
    """Recognise the file's profile and write its records (one row per data row)."""
    staged = StagedFile.load(folder)
    path = Path(staged.path)
    try:
        recognised = recognise(path, read_grids(path), load_profiles())
    except (UnreadableFile, Unrecognised) as exc:
        staged.status, staged.message = "unrecognised", str(exc)
        _file_issue(staged, "unrecognised_file", str(exc))
        staged.save()
        return staged.status
    profile = recognised.profile
    parts = [
        records_from_grid(grid.frame, header, grid.sheet, profile.defaults)
        for grid, header in recognised.sheets
    ]
    records = pl.concat(parts).with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id"))
    records.write_parquet(staged.file(RECORDS))
    staged.profile, staged.dataset = profile.name, profile.dataset
    staged.key, staged.key_policy = profile.key, profile.key_policy
    staged.labels = {name: label for _, header in recognised.sheets for name, label in header.labels.items()}
    staged.rows_read, staged.status = records.height, "read"
    staged.save()
    return staged.status


@task(name="conform")
def conform_submission(folder: str) -> str:
    """Canonical codes and numbers, exact duplicates set aside, key conflicts and total shortfalls marked."""
    staged = StagedFile.load(folder)
    conformed = conform_seizures(pl.read_parquet(staged.file(RECORDS)), vocabularies())
    kept, dropped = split_exact_duplicates(conformed, staged.key_policy)
    kept = mark_total_shortfalls(mark_key_conflicts(kept, staged.key, staged.key_policy), dim_drug())
    kept.write_parquet(staged.file(CONFORMED))
    dropped.write_parquet(staged.file(DUPLICATES))
    staged.rows_duplicate, staged.status = dropped.height, "conformed"
    staged.save()
    return staged.status


@task(name="validate")
def validate_submission(folder: str, run_id: str, docs_dir: str, today: date) -> str:
    """Run the dataset's suite; write the facts to load and every issue found."""
    staged = StagedFile.load(folder)
    conformed = pl.read_parquet(staged.file(CONFORMED))
    failures = validate(conformed, staged.dataset, f"{run_id} {staged.file_name}", Path(docs_dir), today)
    loaded, quarantined = split_quarantine(conformed, failures)
    facts = to_facts(loaded, staged.dataset)
    facts.write_parquet(staged.file(FACTS))
    issues = pl.concat(
        [
            issue_rows(conformed, failures, staged.labels),
            duplicate_issue_rows(pl.read_parquet(staged.file(DUPLICATES))),
        ]
    )
    issues.write_parquet(staged.file(ISSUES))
    staged.rows_loaded, staged.rows_quarantined = facts.height, quarantined.height
    staged.reporting_iso3, staged.status = reporting_country(facts), "validated"
    staged.save()
    return staged.status
