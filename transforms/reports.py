"""What a country report's text means: its metadata (symbol, country, meeting, language, date), its
sections as rows, and its indicator tables as records of the same fields as the statistics (so that
countries, drugs, units and numbers are conformed by the same rules, transforms/seizures.py).

Pure: the report's text (sources/reports.py) and the rules (config/country_reports.yaml,
config/report_indicators.csv) in, frames and problems out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from honlea.config.catalog import load_catalog
from honlea.config.names import FIELDS, LANGUAGES, IssueStatus
from honlea.config.schemas import ReportRules, TableSigns
from honlea.config.text import normalize_texts
from honlea.sources.reports import ReportDocument, ReportTable
from honlea.transforms.decisions import STATUS_OF_ACTION
from honlea.transforms.quality import Problem
from honlea.transforms.records import text_column
from honlea.transforms.search import fold

_WORDS = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"^(19|20)\d\d$")
_ISO3_IN_NAME = re.compile(r"(?:^|[^A-Za-z])([A-Z]{3})(?=[^A-Za-z]|$)")
#: the columns a report's indicator records add to the statistics' fields
INDICATOR_COLUMNS = {"indicator_text": pl.String, "indicator_id": pl.String, "table_heading": pl.String}
SECTION_SCHEMA = {"section_no": pl.Int32, "heading": pl.String, "text": pl.String, "language": pl.String}


@dataclass(frozen=True)
class ReportMetadata:
    """Who sent the report, which paper it is and in what language."""

    symbol: str | None
    meeting: int | None
    number: int | None  # the paper's number: CRP.<number>
    iso3: str | None
    country_text: str | None  # the country as the report (or its file name) gives it
    language: str
    language_basis: str  # declared or detected
    report_date: str | None


def _one(text: str) -> str:
    return normalize_texts([text])[0] or ""


def _labelled(cover: list[str], labels: list[str]) -> str | None:
    """The value of a cover line 'Label: value' whose label is one of `labels`."""
    wanted = set(normalize_texts(labels))
    for line in cover:
        label, colon, value = line.partition(":")
        if colon and _one(label) in wanted and value.strip():
            return value.strip()
    return None


def _language(document: ReportDocument, rules: ReportRules) -> tuple[str, str]:
    """(language, 'declared' or 'detected'): as the cover or the file's properties declare it, else the
    language with most of its common words in the text."""
    declared = _labelled(document.cover, rules.labels["language"]) or document.declared_language or ""
    name = _one(declared.split("-")[0]) if "-" in declared and len(declared) <= 6 else _one(declared)
    for language, names in rules.language_names.items():
        if name and name in normalize_texts(names):
            return language, "declared"
    tables = [cell for table in document.tables for row in table.rows for cell in [table.heading, row[0]]]
    text = " ".join([*document.cover, *(s.text for s in document.sections), *tables])
    words = Counter(_WORDS.findall(fold(text)))
    scores = {lang: sum(words[w] for w in rules.language_words[lang]) for lang in LANGUAGES}
    return max(scores, key=lambda lang: scores[lang]), "detected"


def report_metadata(
    document: ReportDocument, file_name: str, rules: ReportRules, countries: pl.DataFrame
) -> tuple[ReportMetadata, list[Problem]]:
    """The report's metadata, from its text first and its file name second; a problem where the two
    disagree (symbol number, country) or where neither gives them. `countries` has alias (normalised
    name or code) and iso3."""
    lookup = dict(zip(countries["alias"], countries["iso3"], strict=True))
    problems = []
    text = "\n".join(document.cover)
    found = re.search(rules.symbol_pattern, text)
    in_name = re.search(rules.file_symbol_pattern, file_name, re.IGNORECASE)
    number = int(found["number"]) if found else None
    name_number = int(in_name["number"]) if in_name else None
    if number is not None and name_number is not None and number != name_number:
        problems.append(
            Problem.of(
                None, "report_metadata_mismatch", what="paper number", document=number, in_name=name_number
            )
        )
    meeting = int(found["meeting"]) if found and "meeting" in found.groupdict() else None
    country_text = _labelled(document.cover, rules.labels["country"])
    iso3 = lookup.get(_one(country_text)) if country_text else None
    name_iso3 = next((c for c in _ISO3_IN_NAME.findall(file_name) if c in lookup.values()), None)
    if iso3 and name_iso3 and iso3 != name_iso3:
        problems.append(
            Problem.of(None, "report_metadata_mismatch", what="country", document=iso3, in_name=name_iso3)
        )
    number = number if number is not None else name_number
    for what, value in (("document symbol", number), ("country", iso3 or name_iso3)):
        if value is None:
            problems.append(Problem.of(None, "report_metadata_missing", what=what))
    language, basis = _language(document, rules)
    symbol = found.group(0) if found else (f"CRP.{number}" if number is not None else None)
    metadata = ReportMetadata(
        symbol,
        meeting,
        number,
        iso3 or name_iso3,
        country_text or name_iso3,
        language,
        basis,
        _labelled(document.cover, rules.labels["date"]),
    )
    return metadata, problems


def sections_frame(document: ReportDocument, language: str) -> pl.DataFrame:
    """One row per narrative section: section_no, heading, text, language."""
    rows = [(s.order, s.heading, s.text, language) for s in document.sections]
    return pl.DataFrame(rows, schema=SECTION_SCHEMA, orient="row")


def _signs(table: ReportTable, signs: TableSigns) -> bool:
    heading = _one(table.heading)
    first = _one(table.rows[0][0]) if table.rows and table.rows[0] else ""
    named = set(normalize_texts(signs.headings))
    return first in normalize_texts(signs.first_column) or any(
        heading == h or heading.startswith(h + " ") for h in named
    )


def _heading_unit(heading: str, rules: ReportRules) -> str | None:
    words = set(_one(heading).split())
    return next(
        (unit for unit, names in rules.heading_units.items() if words & set(normalize_texts(names))), None
    )


def table_labels(document: ReportDocument, rules: ReportRules) -> dict[str, dict[str, str]]:
    """For each table, the header text of the columns the drug (or indicator) and the unit are read from:
    where an issue about them points."""
    unit_headers = set(normalize_texts(rules.unit_column))
    labels = {}
    for table in document.tables:
        if table.rows and table.rows[0]:
            header = table.rows[0]
            units = [h for h in header if _one(h) in unit_headers]
            labels[table.label] = {"drug": header[0], **({"unit": units[0]} if units else {})}
    return labels


def indicator_records(
    document: ReportDocument, iso3: str | None, rules: ReportRules, indicators: pl.DataFrame
) -> pl.DataFrame:
    """One record per figure of the report's indicator tables (a row and a year column): the statistics'
    fields as text (country, drug, year, quantity, unit) and indicator_text, indicator_id (null when the
    row names no known indicator), table_heading. A seizures table's rows name drugs; a table of other
    indicators' rows name indicators, each with its unit (config/report_indicators.csv). Tables of
    neither kind are left out."""
    by_label = {
        label: (row["indicator_id"], row["unit"])
        for row in indicators.iter_rows(named=True)
        for label in normalize_texts(row["labels"])
    }
    seizure_id = indicators.filter(pl.col("by_drug"))["indicator_id"][0]
    unit_headers = set(normalize_texts(rules.unit_column))
    records = []
    for table in document.tables:
        seizures = _signs(table, rules.seizure_tables)
        if not (seizures or _signs(table, rules.indicator_tables)) or len(table.rows) < 2:
            continue
        header = table.rows[0]
        years = [(i, h) for i, h in enumerate(header) if _YEAR.match(h)]
        unit_at = next((i for i, h in enumerate(header) if _one(h) in unit_headers), None)
        for offset, row in enumerate(table.rows[1:], start=1):
            label = row[0] if row else ""
            if not label:
                continue
            indicator_id, unit = (seizure_id, None) if seizures else by_label.get(_one(label), (None, None))
            unit = row[unit_at] if unit_at is not None and unit_at < len(row) else unit
            unit = unit or (_heading_unit(table.heading, rules) if seizures else None)
            for column, year in years:
                value = row[column] if column < len(row) else ""
                if not value.strip():
                    continue
                records.append(
                    {
                        "sheet": table.label,
                        "source_row": table.first_row + offset,
                        "source_column": year,
                        "country_text": iso3,
                        "drug_text": label if seizures else None,
                        "year_text": year,
                        "quantity_text": value,
                        "unit_text": unit,
                        "indicator_text": label,
                        "indicator_id": indicator_id,
                        "table_heading": table.heading,
                    }
                )
    schema = {"sheet": pl.String, "source_row": pl.Int64, "source_column": pl.String}
    schema |= {text_column(f): pl.String for f in FIELDS} | INDICATOR_COLUMNS
    frame = pl.DataFrame(records, schema=schema)
    return frame.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id"),
        *schema,
        pl.struct("sheet", "source_row", "source_column", "quantity_text").hash().alias("row_hash"),
        pl.when(pl.col("indicator_id").is_null()).then(pl.col("indicator_text")).alias("indicator_unmatched"),
    )


def difference_issues(differences: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """The warning a steward sees for each report figure that differs from the statistics (see
    warehouse/crosscheck.py), with both figures and both sources in its message; its status follows the
    latest steward's decision on that figure and check (`decided`)."""
    catalog = load_catalog()
    check = "report_vs_statistics"
    rows = []
    for number, row in enumerate(differences.iter_rows(named=True)):
        pct = 100 * (row["report_kg"] - row["statistics_kg"]) / row["statistics_kg"]
        message = catalog.message(
            check,
            report_kg=f"{row['report_kg']:,.1f}",
            drug=row["drug"],
            year=row["year"],
            statistics_source=row["statistics_source"],
            statistics_file=row["statistics_file"],
            statistics_kg=f"{row['statistics_kg']:,.1f}",
            difference_pct=f"{pct:+.1f}",
        )
        rows.append(
            {
                "issue_id": f"{run_id}-crosscheck-{number}",
                "run_id": run_id,
                "submission_id": row["submission_id"],
                "file_name": row["file_name"],
                "sheet": row["sheet"],
                "source_row": row["source_row"],
                "column_name": row["column_name"],
                "field": "quantity",
                "value": row["value"],
                "check_name": check,
                "severity": catalog.severity(check),
                "message": message,
                "business_key": None,
                "status": STATUS_OF_ACTION.get(row["decided"] or "", IssueStatus.OPEN),
                "row_values": None,
                "iso3": row["iso3"],
                "row_key": row["row_key"],
                "related_rows": row["statistics_file"],
                "year": row["year"],
            }
        )
    return pl.DataFrame(
        rows,
        schema_overrides={"submission_id": pl.Int64, "source_row": pl.Int32, "year": pl.Int32}
        | dict.fromkeys(("business_key", "row_values", "row_key", "related_rows"), pl.String),
    )
