"""The steps of seizure statistics (annual totals, case records, the UNODC annex): sheets read by
their header rows, figures conformed, checked, and published to fact_seizure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl

from honlea.config.names import FileStatus
from honlea.config.reference import dim_drug, no_data_markers, vocabularies, vocabulary_version, with_synonyms
from honlea.config.schemas import Profile
from honlea.config.source_profiles import load_profiles
from honlea.expectations.runner import validate as run_suite
from honlea.flows.kinds import KindSteps
from honlea.flows.staged import (
    CONFORMED,
    DUPLICATES,
    FACTS,
    ISSUES,
    NOT_REPORTED,
    NOT_REPORTED_ROWS,
    RECORDS,
    VALIDATION,
    StagedFile,
)
from honlea.sources.contents import read_contents
from honlea.sources.grids import UnreadableFile
from honlea.sources.readers import content_rows, read_file
from honlea.sources.recognise import Unrecognised, recognise
from honlea.transforms.decisions import apply_decisions, row_keys
from honlea.transforms.facts import covered_slices, reporting_country, to_facts
from honlea.transforms.numbers import infer_decimal_mark
from honlea.transforms.pipeline import conform_not_reported, prepare_rows
from honlea.transforms.quality import (
    Problem,
    duplicate_issue_rows,
    failing_rows,
    file_issues,
    issue_rows,
    split_quarantine,
)
from honlea.warehouse.publish import HANDED_FACT_COLUMNS
from honlea.warehouse.schema import NOT_REPORTED as NOT_REPORTED_TABLE
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
    contents = read_contents(recognised, reading.hidden, no_data_markers())
    contents.records.write_parquet(staged.file(RECORDS))
    contents.not_reported.write_parquet(staged.file(NOT_REPORTED))
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
    profile = next((p for p in load_profiles() if p.name == staged.profile), None)
    vocab = with_synonyms(vocabularies(), profile.synonyms if profile else {})
    kept, dropped = prepare_rows(
        records,
        source=staged.source,
        key=staged.key,
        policy=staged.key_policy,
        decisions=staged.decisions(),
        vocab=vocab,
        drugs=dim_drug(),
        decimal_hint=staged.decimal_mark,
    )
    kept.write_parquet(staged.file(CONFORMED))
    dropped.write_parquet(staged.file(DUPLICATES))
    if staged.file(NOT_REPORTED).exists():
        not_reported = conform_not_reported(pl.read_parquet(staged.file(NOT_REPORTED)), vocab)
        not_reported.write_parquet(staged.file(NOT_REPORTED_ROWS))
    staged.rows_duplicate, staged.status = dropped.height, FileStatus.CONFORMED
    staged.vocabulary_version = vocabulary_version()
    staged.save()
    return staged.status


def submitted_keys(staged: StagedFile, rows: pl.DataFrame) -> pl.DataFrame:
    """row_id and row_key of the given conformed rows, named as the country sent them (what a steward's
    decision names)."""
    submitted = pl.read_parquet(staged.file(RECORDS))
    return row_keys(submitted.join(rows.select("row_id", "occurrence"), on="row_id"))


def check_rows(staged: StagedFile, today: date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Run the dataset's suite, apply stewards' decisions; write every issue found (with its status) and
    the GX result. (conformed, loaded, quarantined) rows."""
    conformed = pl.read_parquet(staged.file(CONFORMED))
    failures, result = run_suite(conformed, staged.dataset, f"{staged.run_id} {staged.file_name}", today)
    staged.file(VALIDATION).write_text(json.dumps(result), encoding="utf-8")
    keys = submitted_keys(staged, failing_rows(conformed, failures))
    found = apply_decisions(issue_rows(conformed, failures, staged.labels, keys), staged.decisions())
    loaded, quarantined = split_quarantine(conformed, found)
    duplicates = duplicate_issue_rows(pl.read_parquet(staged.file(DUPLICATES)))
    issues = pl.concat([pl.read_parquet(staged.file(ISSUES)), duplicates, found], how="diagonal")
    issues.write_parquet(staged.file(ISSUES))
    return conformed, loaded, quarantined


def validate(staged: StagedFile, today: date) -> str:
    """Run the dataset's suite, apply stewards' decisions; write the facts to load, every issue found
    (with its status) and the GX result."""
    conformed, loaded, quarantined = check_rows(staged, today)
    facts = to_facts(loaded, staged.dataset, HANDED_FACT_COLUMNS)
    facts.write_parquet(staged.file(FACTS))
    staged.rows_loaded = facts.height
    staged.rows_quarantined += quarantined.height  # and those quarantined in reading
    staged.reporting_iso3, staged.status = reporting_country(facts), FileStatus.VALIDATED
    staged.slices = covered_slices(conformed)
    staged.save()
    return staged.status


def tables(staged: StagedFile) -> dict[Table, Path]:
    """Besides the facts (published figure by figure, RunFile.facts): the figures the file does not
    report (quality.not_reported)."""
    rows = staged.file(NOT_REPORTED_ROWS)
    return {NOT_REPORTED_TABLE: rows} if rows.exists() else {}


STEPS = KindSteps(claims=claims, read=read, conform=conform, validate=validate, tables=tables)
