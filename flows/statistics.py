"""The steps of seizure statistics (annual totals, case records, the UNODC annex): sheets read by
their header rows, figures conformed, checked, and published to fact_seizure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl

from honlea.config.names import FileStatus
from honlea.config.reference import dim_drug, vocabularies, vocabulary_version
from honlea.config.schemas import Profile
from honlea.expectations.runner import validate as run_suite
from honlea.flows.kinds import KindSteps
from honlea.flows.staged import CONFORMED, DUPLICATES, FACTS, ISSUES, RECORDS, VALIDATION, StagedFile
from honlea.sources.contents import read_contents
from honlea.sources.readers import UnreadableFile, content_rows, read_file
from honlea.sources.recognise import Unrecognised, recognise
from honlea.transforms.decisions import apply_decisions, row_keys
from honlea.transforms.facts import covered_slices, reporting_country, to_facts
from honlea.transforms.numbers import infer_decimal_mark
from honlea.transforms.pipeline import prepare_rows
from honlea.transforms.quality import (
    Problem,
    duplicate_issue_rows,
    failing_rows,
    file_issues,
    issue_rows,
    split_quarantine,
)
from honlea.warehouse.publish import HANDED_FACT_COLUMNS
from honlea.warehouse.schema import Table


def claims(path: Path, profile: Profile) -> bool:
    """Statistics is the fallback: it claims nothing before the other kinds have declined."""
    return False


def read(staged: StagedFile, path: Path, profiles: tuple[Profile, ...]) -> str:
    """Recognise the file's profile among `profiles`; write its records (one per figure) and the issues
    of reading it, and count its rows (read, quarantined in reading, not reported)."""
    rows = 0  # the non-blank rows of its visible sheets: quarantined when the file is not recognised
    try:
        reading = read_file(path)
        rows = content_rows(reading.grids)
        recognised = recognise(path, reading.grids, profiles)
    except (UnreadableFile, Unrecognised) as exc:
        staged.status, staged.message = FileStatus.UNRECOGNISED, str(exc)
        staged.rows_read = staged.rows_quarantined = rows
        file_issues([Problem.of(None, "unrecognised_file", reason=exc)]).write_parquet(staged.file(ISSUES))
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
    staged.rows_not_reported, staged.status = contents.rows_not_reported, FileStatus.READ
    staged.save()
    return staged.status


def conform(staged: StagedFile) -> str:
    """Stewards' corrections applied, then canonical codes and numbers, exact duplicates set aside,
    key conflicts, figures listed twice and total shortfalls marked."""
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
    staged.rows_duplicate, staged.status = dropped.height, FileStatus.CONFORMED
    staged.vocabulary_version = vocabulary_version()
    staged.save()
    return staged.status


def validate(staged: StagedFile, today: date) -> str:
    """Run the dataset's suite, apply stewards' decisions; write the facts to load, every issue found
    (with its status) and the GX result."""
    conformed = pl.read_parquet(staged.file(CONFORMED))
    failures, result = run_suite(conformed, staged.dataset, f"{staged.run_id} {staged.file_name}", today)
    staged.file(VALIDATION).write_text(json.dumps(result), encoding="utf-8")
    submitted = pl.read_parquet(staged.file(RECORDS))  # row keys name the rows as the country sent them
    keys = row_keys(
        failing_rows(submitted, failures).join(conformed.select("row_id", "occurrence"), on="row_id")
    )
    found = apply_decisions(issue_rows(conformed, failures, staged.labels, keys), staged.decisions())
    loaded, quarantined = split_quarantine(conformed, found)
    facts = to_facts(loaded, staged.dataset, HANDED_FACT_COLUMNS)
    facts.write_parquet(staged.file(FACTS))
    duplicates = duplicate_issue_rows(pl.read_parquet(staged.file(DUPLICATES)))
    issues = pl.concat([pl.read_parquet(staged.file(ISSUES)), duplicates, found], how="diagonal")
    issues.write_parquet(staged.file(ISSUES))
    staged.rows_loaded = facts.height
    staged.rows_quarantined += quarantined.height  # and those quarantined in reading
    staged.reporting_iso3, staged.status = reporting_country(facts), FileStatus.VALIDATED
    staged.slices = covered_slices(conformed)
    staged.save()
    return staged.status


def tables(staged: StagedFile) -> dict[Table, Path]:
    """None besides the facts: seizure figures are published figure by figure (RunFile.facts)."""
    return {}


STEPS = KindSteps(claims=claims, read=read, conform=conform, validate=validate, tables=tables)
