"""The steps of questionnaire returns: a return read by its defined names (or labels), its country,
date of reply, recommendations and statuses recognised and checked, and published to
fact_questionnaire_return and fact_recommendation_status. A later return of the same country for the
same meeting supersedes it (the slice is the country and the meeting's year)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl

from honlea.config.directory import catalogue, country_language, offices_to_remind
from honlea.config.meetings import load_meetings
from honlea.config.names import FileStatus
from honlea.config.reference import country_vocabulary
from honlea.config.schemas import Profile
from honlea.flows.kinds import KindSteps
from honlea.flows.staged import CONFORMED, ISSUES, RECORDS, VALIDATION, StagedFile
from honlea.sources.questionnaire import ANSWER, has_defined_names, read_return
from honlea.transforms.decisions import apply_decisions
from honlea.transforms.quality import Problem, file_issues
from honlea.transforms.questionnaire import (
    conform_return,
    quarantined_rows,
    received,
    return_issues,
    status_rows,
)
from honlea.warehouse.schema import FACT_QUESTIONNAIRE_RETURN, FACT_RECOMMENDATION_STATUS, Table

RETURN = "return.parquet"  # the fact_questionnaire_return row of a validated return
STATUSES = "statuses.parquet"  # its fact_recommendation_status rows (not FACTS: those are seizure figures)
RETURN_SCHEMA = {
    "meeting": pl.Int32,
    "iso3": pl.String,
    "office_id": pl.String,
    "responding_agency": pl.String,
    "contact": pl.String,
    "reply_date": pl.Date,
    "arrived_date": pl.Date,
    "received_date": pl.Date,
    "cutoff": pl.Date,
    "on_time": pl.Boolean,
    "language": pl.String,
    "sheet": pl.String,
}


def claims(path: Path, profile: Profile) -> bool:
    """A workbook of the profile's formats whose name fits the profile, or that has the return's defined
    names (a form of the Secretariat, however the country named the file)."""
    if path.suffix.lower().lstrip(".") not in profile.formats:
        return False
    return profile.matches_name(path) or has_defined_names(path)


def read(staged: StagedFile, path: Path, profiles: tuple[Profile, ...]) -> str:
    """Read the return's records (by defined names, else by the profile's labels) into staging."""
    profile = profiles[0]
    labels = profile.questionnaire.labels if profile.questionnaire else {}
    try:
        found = read_return(path, labels)
    except Exception as exc:  # a file that is no workbook openpyxl reads: not a return
        found = None
        reason = f"{type(exc).__name__}: {exc}"
    else:
        reason = None if found.records.filter(pl.col("kind") == ANSWER).height else "no answer found"
    if found is None or reason:
        staged.status = FileStatus.UNRECOGNISED
        staged.message = f"not a questionnaire return of profile {profile.name}: {reason}"
        file_issues([Problem.of(None, "unrecognised_file", reason=staged.message)]).write_parquet(
            staged.file(ISSUES)
        )
        staged.save()
        return staged.status
    found.records.write_parquet(staged.file(RECORDS))
    staged.profile, staged.source, staged.dataset = profile.name, profile.source, profile.dataset
    staged.matched_by = found.by
    staged.labels = {found.sheet or "": found.labels}
    staged.rows_read = found.records.filter(pl.col("kind") == ANSWER).height
    staged.status = FileStatus.READ
    staged.save()
    return staged.status


def _meeting(records: pl.DataFrame) -> int:
    """The meeting the return answers: its form's, else the configured one."""
    written = records["meeting_text"].drop_nulls()
    meetings = load_meetings()
    if written.len() and written[0].strip().isdigit():
        return int(written[0].strip())
    return meetings.configured


def conform(staged: StagedFile) -> str:
    """Recognise the country, the date of reply, the recommendations and the statuses."""
    records = pl.read_parquet(staged.file(RECORDS))
    meeting = _meeting(records)
    codes = catalogue().of_meeting(meeting - 1)["code"].to_list()
    conformed = conform_return(records, meeting, codes, catalogue().aliases, country_vocabulary())
    conformed.write_parquet(staged.file(CONFORMED))
    staged.status = FileStatus.CONFORMED
    staged.save()
    return staged.status


def _office(iso3: str) -> str | None:
    office = offices_to_remind().filter(pl.col("iso3") == iso3)["office_id"]
    return office[0] if office.len() else None


def validate(staged: StagedFile, today: date) -> str:
    """Run the returns' suite; write the issues, the return's row and its loaded statuses."""
    from honlea.expectations.runner import validate as run_suite

    conformed = pl.read_parquet(staged.file(CONFORMED))
    failures, result = run_suite(conformed, staged.dataset, f"{staged.run_id} {staged.file_name}", today)
    staged.file(VALIDATION).write_text(json.dumps(result), encoding="utf-8")
    meeting = load_meetings().meeting(int(conformed["meeting"][0]))
    labels = next(iter(staged.labels.values()), {})
    found = return_issues(conformed, failures, labels, staged.source or "", meeting.start.year)
    issues = apply_decisions(found, staged.decisions())  # accept, reject, await; a correction stays open
    issues.write_parquet(staged.file(ISSUES))
    quarantined = quarantined_rows(conformed, issues)
    statuses = status_rows(conformed, quarantined)
    iso3 = conformed["iso3"][0]
    identification = conformed.filter(pl.col("kind") == "identification").row(0, named=True)
    rows = []
    if iso3 is not None:
        arrived = datetime.fromisoformat(staged.received_at).date()
        day, on_time = received(identification["reply_date"], arrived, meeting.questionnaire_cutoff)
        rows.append(
            {
                "meeting": meeting.number,
                "iso3": iso3,
                "office_id": _office(iso3),
                "responding_agency": identification["responding_agency_text"],
                "contact": identification["contact_text"],
                "reply_date": identification["reply_date"],
                "arrived_date": arrived,
                "received_date": day,
                "cutoff": meeting.questionnaire_cutoff,
                "on_time": on_time,
                "language": country_language(iso3),
                "sheet": identification["sheet"],
            }
        )
        staged.slices = [(iso3, meeting.start.year)]
    pl.DataFrame(rows, schema=RETURN_SCHEMA).write_parquet(staged.file(RETURN))
    statuses.write_parquet(staged.file(STATUSES))
    staged.reporting_iso3 = iso3
    staged.rows_loaded, staged.rows_quarantined = statuses.height, quarantined.height
    staged.status = FileStatus.VALIDATED
    staged.save()
    return staged.status


def tables(staged: StagedFile) -> dict[Table, Path]:
    """The return's row and its statuses."""
    return {FACT_QUESTIONNAIRE_RETURN: staged.file(RETURN), FACT_RECOMMENDATION_STATUS: staged.file(STATUSES)}


STEPS = KindSteps(claims=claims, read=read, conform=conform, validate=validate, tables=tables)
