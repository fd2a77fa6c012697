"""Thin Prefect tasks: each reads its input from the staging folder, calls transforms, writes back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import task

from config.reference import dim_drug, vocabularies, vocabulary_version
from config.settings import RETRIES, SYNTHETIC_PREFIX
from config.source_profiles import load_profiles
from expectations.runner import validate
from sources.contents import read_contents
from sources.readers import UnreadableFile, content_rows, read_file, sha256
from sources.recognise import Unrecognised, recognise
from transforms.decisions import apply_decisions, row_keys
from transforms.facts import covered_slices, reporting_country, to_facts
from transforms.numbers import infer_decimal_mark
from transforms.pipeline import prepare_rows
from transforms.quality import (
    Problem,
    duplicate_issue_rows,
    failing_rows,
    file_issues,
    issue_rows,
    split_quarantine,
)
from warehouse.staging import CONFORMED, DUPLICATES, FACTS, ISSUES, META, RECORDS, VALIDATION, StagedFile

INBOX_IGNORED = (".", "~$")  # hidden files and Office lock files


@task(name="discover", **RETRIES)
def discover(inbox: str) -> list[tuple[str, str]]:
    """(path, sha256) of every file below the inbox, in path order."""
    root = Path(inbox)
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} does not exist")
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(INBOX_IGNORED))
    return [(str(p), sha256(p)) for p in files]


@task(name="register", **RETRIES)
def register(
    path: str, digest: str, folder: str, published: frozenset[str], same_as: str | None, run_id: str
) -> str:
    """Start the file's staging folder. Status already_loaded when the same bytes were published by an
    earlier run, or came earlier in this run (`same_as`: that file's path).
    """
    file = Path(path)
    received = datetime.fromtimestamp(file.stat().st_mtime, UTC).replace(tzinfo=None)
    staged = StagedFile(folder, path, file.name, digest, received.isoformat(), run_id)
    staged.synthetic = file.name.upper().startswith(SYNTHETIC_PREFIX)
    if digest in published:
        staged.status, staged.message = "already_loaded", "the same file was published by an earlier run"
    elif same_as is not None:
        staged.status, staged.message = "already_loaded", f"the same file as {same_as}, earlier in this run"
    staged.save()
    return staged.status


@task(name="read", **RETRIES)
def read_submission(folder: str) -> str:
    """Recognise the file's profile; write its records (one per figure) and the issues of reading it,
    and count its rows (read, quarantined in reading, not reported)."""
    staged = StagedFile.load(folder)
    path = Path(staged.path)
    rows = 0  # the non-blank rows of its visible sheets: quarantined when the file is not recognised
    try:
        reading = read_file(path)
        rows = content_rows(reading.grids)
        recognised = recognise(path, reading.grids, load_profiles())
    except (UnreadableFile, Unrecognised) as exc:
        staged.status, staged.message = "unrecognised", str(exc)
        staged.rows_read = staged.rows_quarantined = rows
        file_issues([Problem(None, "unrecognised_file", str(exc))]).write_parquet(staged.file(ISSUES))
        staged.save()
        return staged.status
    staged.rows_read = rows - len(recognised.sheets)  # all quarantined, should reading fail from here on
    staged.save()
    contents = read_contents(recognised, reading.hidden)
    contents.records.write_parquet(staged.file(RECORDS))
    contents.issues.write_parquet(staged.file(ISSUES))
    profile = recognised.profile
    staged.profile, staged.source, staged.dataset = profile.name, profile.source, profile.dataset
    staged.matched_by = "name" if recognised.by_name else "header"
    staged.key, staged.key_policy = profile.key, profile.key_policy
    staged.decimal_hint = recognised.sheets[0][0].decimal_hint
    staged.labels = {grid.sheet: header.labels for grid, header in recognised.sheets}
    staged.rows_read, staged.rows_quarantined = contents.rows_read, contents.rows_quarantined
    staged.rows_not_reported, staged.status = contents.rows_not_reported, "read"
    staged.save()
    return staged.status


@task(name="conform")
def conform_submission(folder: str) -> str:
    """Stewards' corrections applied, then canonical codes and numbers, exact duplicates set aside,
    key conflicts, figures listed twice and total shortfalls marked."""
    staged = StagedFile.load(folder)
    records = pl.read_parquet(staged.file(RECORDS))
    staged.decimal_mark = infer_decimal_mark(records["quantity_text"], staged.decimal_hint)
    kept, dropped = prepare_rows(
        records,
        source=staged.source,
        key=staged.key,
        policy=staged.key_policy,
        decisions=staged.decisions(),
        vocab=vocabularies(),
        drugs=dim_drug(),
        decimal_hint=staged.decimal_mark,
    )
    kept.write_parquet(staged.file(CONFORMED))
    dropped.write_parquet(staged.file(DUPLICATES))
    staged.rows_duplicate, staged.status = dropped.height, "conformed"
    staged.vocabulary_version = vocabulary_version()
    staged.save()
    return staged.status


@task(name="validate")
def validate_submission(folder: str, today: date) -> str:
    """Run the dataset's suite, apply stewards' decisions; write the facts to load, every issue found
    (with its status) and the GX result."""
    staged = StagedFile.load(folder)
    conformed = pl.read_parquet(staged.file(CONFORMED))
    failures, result = validate(conformed, staged.dataset, f"{staged.run_id} {staged.file_name}", today)
    staged.file(VALIDATION).write_text(json.dumps(result), encoding="utf-8")
    submitted = pl.read_parquet(staged.file(RECORDS))  # row keys name the rows as the country sent them
    keys = row_keys(
        failing_rows(submitted, failures).join(conformed.select("row_id", "occurrence"), on="row_id")
    )
    found = apply_decisions(issue_rows(conformed, failures, staged.labels, keys), staged.decisions())
    loaded, quarantined = split_quarantine(conformed, found)
    facts = to_facts(loaded, staged.dataset)
    facts.write_parquet(staged.file(FACTS))
    duplicates = duplicate_issue_rows(pl.read_parquet(staged.file(DUPLICATES)))
    issues = pl.concat([pl.read_parquet(staged.file(ISSUES)), duplicates, found], how="diagonal")
    issues.write_parquet(staged.file(ISSUES))
    staged.rows_loaded = facts.height
    staged.rows_quarantined += quarantined.height  # and those quarantined in reading
    staged.reporting_iso3, staged.status = reporting_country(facts), "validated"
    staged.slices = covered_slices(conformed)
    staged.save()
    return staged.status


def mark_failed(folder: str, path: str, digest: str, message: str) -> None:
    """Record that a step failed for the file: every row read that gives a figure counts as
    quarantined, with a file issue."""
    meta = Path(folder) / META
    staged = (
        StagedFile.load(folder) if meta.exists() else StagedFile(folder, path, Path(path).name, digest, "")
    )
    staged.status, staged.message = "failed", message
    staged.rows_quarantined = staged.rows_read - staged.rows_not_reported
    staged.rows_loaded, staged.rows_duplicate = 0, 0
    staged.save()
    earlier = [pl.read_parquet(staged.file(ISSUES))] if staged.file(ISSUES).exists() else []
    issue = file_issues([Problem(None, "processing_failed", message)])
    pl.concat([*earlier, issue]).write_parquet(staged.file(ISSUES))
