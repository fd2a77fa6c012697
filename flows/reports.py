"""The country-report input kind: a conference room paper (.docx, .pdf, .xlsx) becomes a document, its
narrative sections and their search postings, and its indicator figures (fact_country_indicator).

The steps follow the statistics': `read` runs in the isolated worker (no Prefect, no GX imported here
at module level), `conform` is the statistics' conform (the indicator records carry the statistics'
fields, so countries, drugs, units and numbers follow the same rules), `validate` runs the
country_indicators suite and the stewards' decisions; `tables` names what publish inserts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from honlea.config.meetings import load_meetings
from honlea.config.names import FileStatus
from honlea.config.reference import vocabularies
from honlea.config.reports import report_indicators, report_rules
from honlea.config.schemas import Profile
from honlea.flows.kinds import KindSteps
from honlea.flows.staged import ISSUES, RECORDS, StagedFile
from honlea.sources.grids import UnreadableFile
from honlea.sources.reports import REPORT_FORMATS, read_report
from honlea.transforms.quality import Problem, file_issues
from honlea.transforms.reports import (
    ReportMetadata,
    indicator_records,
    report_metadata,
    sections_frame,
    table_labels,
)
from honlea.transforms.search import postings, section_terms
from honlea.warehouse.schema import DOCUMENT, DOCUMENT_SECTION, FACT_COUNTRY_INDICATOR, SEARCH_POSTING, Table

DOCUMENT_FILE = "document.parquet"
SECTIONS = "sections.parquet"
POSTINGS = "postings.parquet"
INDICATORS = "indicators.parquet"  # the rows of fact_country_indicator (not FACTS: those are seizures)
#: the indicator records' fields that identify one figure (a key twice is a conflict for a steward)
KEY = ["country", "drug", "unit", "year"]


def claims(path: Path, profile: Profile) -> bool:
    """A Word document or a PDF is a report whatever its name; a workbook when its name fits the
    profile's patterns (CRP ...)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in profile.formats or suffix not in REPORT_FORMATS:
        return False
    return suffix != "xlsx" or profile.matches_name(path)


def _slice_year(metadata: ReportMetadata, received: str) -> int:
    """The meeting's year (config/meetings.yaml), else the report's date's, else the year it arrived."""
    if metadata.meeting is not None:
        try:
            return load_meetings().meeting(metadata.meeting).start.year
        except LookupError:
            pass
    written = (metadata.report_date or "")[:4]
    return int(written) if written.isdigit() else int(received[:4])


def read(staged: StagedFile, path: Path, profiles: tuple[Profile, ...]) -> str:
    """In the worker, with the profile that claimed the file: the report's document row, sections,
    postings and indicator records, and the issues of reading it (an unreadable file, metadata missing
    or contradicting its file name)."""
    (profile,) = profiles
    staged.profile, staged.source, staged.dataset = profile.name, profile.source, profile.dataset
    staged.matched_by = "name" if profile.matches_name(path) else "format"
    try:
        document = read_report(path)
    except UnreadableFile as exc:
        staged.status, staged.message = FileStatus.UNRECOGNISED, str(exc)
        file_issues([Problem.of(None, "unreadable_report", reason=exc)]).write_parquet(staged.file(ISSUES))
        staged.save()
        return staged.status
    metadata, problems = report_metadata(document, path.name, report_rules(), vocabularies().countries)
    indexed = section_terms(sections_frame(document, metadata.language))
    sections = indexed.with_columns(pl.col("terms").list.len().cast(pl.Int32))
    records = indicator_records(document, metadata.iso3, report_rules(), report_indicators())
    pl.DataFrame(
        [
            {
                "symbol": metadata.symbol,
                "meeting": metadata.meeting,
                "paper_number": metadata.number,
                "iso3": metadata.iso3,
                "country_text": metadata.country_text,
                "language": metadata.language,
                "language_basis": metadata.language_basis,
                "report_date": metadata.report_date,
                "sections": len(document.sections),
                "tables": len(document.tables),
            }
        ],
        schema_overrides={"meeting": pl.Int32, "paper_number": pl.Int32, "iso3": pl.String},
    ).with_columns(pl.col("sections", "tables").cast(pl.Int32)).write_parquet(staged.file(DOCUMENT_FILE))
    sections.write_parquet(staged.file(SECTIONS))
    postings(indexed).write_parquet(staged.file(POSTINGS))
    records.write_parquet(staged.file(RECORDS))
    file_issues(problems).write_parquet(staged.file(ISSUES))
    staged.key, staged.key_policy, staged.decimal_hint = KEY, "conflict", "."
    staged.labels = table_labels(document, report_rules())
    staged.reporting_iso3 = metadata.iso3
    if metadata.iso3:
        staged.slices = [(metadata.iso3, _slice_year(metadata, staged.received_at))]
    staged.rows_read, staged.status = records.height, FileStatus.READ
    staged.save()
    return staged.status


def conform(staged: StagedFile) -> str:
    """The statistics' conform: the indicator records carry the statistics' fields."""
    from honlea.flows.statistics import conform as conform_figures

    return conform_figures(staged)


def validate(staged: StagedFile, today: date) -> str:
    """The country_indicators suite and the stewards' decisions, as for the statistics: the figures to
    load (INDICATORS), every issue found, the GX result."""
    from honlea.flows.statistics import check_rows, submitted_keys

    _conformed, loaded, quarantined = check_rows(staged, today)
    facts = indicator_facts(loaded.join(submitted_keys(staged, loaded), on="row_id", how="left"))
    facts.write_parquet(staged.file(INDICATORS))
    staged.rows_loaded = facts.height
    staged.rows_quarantined += quarantined.height
    staged.status = FileStatus.VALIDATED
    staged.save()
    return staged.status


def indicator_facts(loaded: pl.DataFrame) -> pl.DataFrame:
    """fact_country_indicator's columns (but submission_id) of the loaded rows."""
    if "warnings" not in loaded.columns:
        loaded = loaded.with_columns(pl.lit(None, dtype=pl.String).alias("warnings"))
    return loaded.select(
        "row_id",
        pl.col("sheet").alias("table_label"),
        "table_heading",
        pl.col("source_row").cast(pl.Int32),
        "source_column",
        "iso3",
        pl.col("year").cast(pl.Int32),
        "indicator_id",
        "drug_id",
        "quantity",
        "quantity_text",
        "unit",
        "unit_text",
        "measure",
        "kilograms",
        "indicator_text",
        "drug_text",
        "warnings",
        "decision_id",
        "row_key",
    )


def tables(staged: StagedFile) -> dict[Table, Path]:
    """The warehouse tables a validated report adds rows to, and the parquet of its rows."""
    return {
        DOCUMENT: staged.file(DOCUMENT_FILE),
        DOCUMENT_SECTION: staged.file(SECTIONS),
        SEARCH_POSTING: staged.file(POSTINGS),
        FACT_COUNTRY_INDICATOR: staged.file(INDICATORS),
    }


STEPS = KindSteps(claims=claims, read=read, conform=conform, validate=validate, tables=tables)
