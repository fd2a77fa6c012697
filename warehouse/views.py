"""Analyst views in the `marts` schema (plain SQL that DuckDB and PostgreSQL both run), with their meaning."""

from __future__ import annotations

from dataclasses import dataclass

from honlea.config.names import STATISTICS_DATASETS, DecisionAction, IssueStatus, Severity
from honlea.warehouse.schema import (
    DIM_COUNTRY,
    DIM_DRUG,
    DIM_INDICATOR,
    DIM_LIAISON_OFFICE,
    DIM_RECOMMENDATION,
    DIM_SOURCE,
    DIM_SUBMISSION,
    DOCUMENT,
    DOCUMENT_SECTION,
    FACT_COUNTRY_INDICATOR,
    FACT_QUESTIONNAIRE_RETURN,
    FACT_RECOMMENDATION_STATUS,
    FACT_SEIZURE,
    LOAD_AUDIT,
    MARTS,
    NOT_REPORTED,
    QUALITY_ISSUE,
    STEWARD_DECISION,
    SUBMISSION_SLICE,
)


@dataclass(frozen=True)
class View:
    name: str
    doc: str  # states the grain
    select: str
    columns: dict[str, str]  # column -> meaning, in the view's order

    @property
    def qualified(self) -> str:
        return f"{MARTS}.{self.name}"

    def ddl(self) -> str:
        return f"CREATE VIEW {self.qualified} AS\n{self.select}"


_STATISTICS = ", ".join(f"'{d}'" for d in STATISTICS_DATASETS)  # files of seizure figures
_PLACE = {
    "iso3": "ISO3 code of the reporting country",
    "country": "UN short name in English",
    "unodc_region": "UNODC region",
    "unodc_subregion": "UNODC sub-region (Mexico is in North America)",
    "m49_subregion": "UN M49 sub-region",
}
_SOURCE = {
    "source": "kind of source: unodc_annex, national_annual_totals or national_seizure_cases",
    "is_synthetic": "true for synthetic demo data, not official statistics",
}

V_SEIZURE_HISTORY = View(
    "v_seizure_history",
    "One row per figure ever published, current or replaced: filter valid_from <= D and "
    "(valid_to IS NULL OR valid_to > D) to see what the warehouse said on day D.",
    f"""SELECT
  f.seizure_id, f.submission_id, s.file_name, f.sheet, f.source_row, s.source, s.is_synthetic,
  f.iso3, c.name_en AS country, f.drug_id, d.name_en AS drug, d.drug_group_id, d.is_total,
  f.figure_type, f.year, f.seizure_date, f.quantity, f.unit, f.kilograms, f.count_units,
  f.seizure_cases, f.valid_from, f.valid_to, f.superseded_by, f.published_because, f.decision_id,
  f.repeats_row
FROM {FACT_SEIZURE.qualified} f
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = f.iso3
JOIN {DIM_DRUG.qualified} d ON d.drug_id = f.drug_id""",
    {
        "seizure_id": "fact key",
        "submission_id": "file the figure came from",
        "file_name": "file name",
        "sheet": "sheet name",
        "source_row": "row number in the file",
        **_SOURCE,
        "iso3": _PLACE["iso3"],
        "country": _PLACE["country"],
        "drug_id": "drug identifier (dim_drug)",
        "drug": "drug name, English",
        "drug_group_id": "UNODC drug group identifier",
        "is_total": "the source's own total of its group",
        "figure_type": "annual_total or case",
        "year": "calendar year",
        "seizure_date": "day of the seizure (cases)",
        "quantity": "quantity as submitted, in unit",
        "unit": "canonical unit",
        "kilograms": "quantity in kilograms (null for counts)",
        "count_units": "quantity of counted items (plants, tablets)",
        "seizure_cases": "number of seizure cases",
        "valid_from": "when the figure was published",
        "valid_to": "when a resubmission replaced it (null: current)",
        "superseded_by": "the submission that replaced it",
        "published_because": "why this version was published: submission, resubmission, decision or "
        "vocabulary (a steward's decision or a vocabulary change made the file be read again)",
        "decision_id": "the steward's decision that changed this figure (quality.steward_decision)",
        "repeats_row": "the figure is listed twice under two names of one drug; counted in that row",
    },
)

V_SEIZURES_ANNUAL = View(
    "v_seizures_annual",
    "One row per country x drug x year x source, current figures only. A source's rows for one key "
    "are combined as its profile says: under 'sum' (UNODC annex) they are parts of one figure and "
    "are added; cases add up to the year; duplicates and conflicts never reach the facts; a figure "
    "listed twice under two names of one drug (fact_seizure.repeats_row) is counted once.",
    f"""SELECT
  f.iso3, c.name_en AS country, c.unodc_region, c.unodc_subregion, c.m49_subregion,
  d.drug_group, d.drug_subgroup, d.name_en AS drug, d.drug_id, d.drug_group_id, d.is_total, f.year,
  SUM(f.kilograms) AS kilograms, SUM(f.count_units) AS count_units, SUM(f.seizure_cases) AS seizure_cases,
  COUNT(*) AS source_rows, s.source, s.is_synthetic
FROM {FACT_SEIZURE.qualified} f
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = f.iso3
JOIN {DIM_DRUG.qualified} d ON d.drug_id = f.drug_id
WHERE f.valid_to IS NULL AND f.repeats_row IS NULL
GROUP BY f.iso3, c.name_en, c.unodc_region, c.unodc_subregion, c.m49_subregion, d.drug_group,
  d.drug_subgroup, d.name_en, d.drug_id, d.drug_group_id, d.is_total, f.year, s.source, s.is_synthetic""",
    {
        **_PLACE,
        "drug_group": "UNODC drug group, English",
        "drug_subgroup": "drug sub-group, English",
        "drug": "drug name, English",
        "drug_id": "drug identifier (dim_drug)",
        "drug_group_id": "UNODC drug group identifier",
        "is_total": "the source's own total of its group: never add it to the group's other rows",
        "year": "calendar year",
        "kilograms": "kilograms seized (mass, and volume at 1 kg per litre); null when only counts",
        "count_units": "counted items seized (plants, tablets, units)",
        "seizure_cases": "number of seizure cases (counted cases for case-level sources)",
        "source_rows": "how many source rows were combined",
        **_SOURCE,
    },
)

V_SEIZURES_GROUP_ANNUAL = View(
    "v_seizures_group_annual",
    "One row per country x drug group x year x source: the source's own reported total where it "
    "gives one, otherwise the sum of the components counted in group totals (plants, leaf and seed "
    "are not). Never both added; 'basis' says which was used.",
    f"""WITH parts AS (
  SELECT a.iso3, a.drug_group_id, a.year, a.source, a.is_synthetic,
    SUM(CASE WHEN a.is_total THEN a.kilograms END) AS reported_total_kg,
    SUM(CASE WHEN NOT a.is_total AND d.in_group_total THEN a.kilograms END) AS components_kg,
    BOOL_OR(a.is_total) AS has_total
  FROM {V_SEIZURES_ANNUAL.qualified} a
  JOIN {DIM_DRUG.qualified} d ON d.drug_id = a.drug_id
  GROUP BY a.iso3, a.drug_group_id, a.year, a.source, a.is_synthetic
)
SELECT
  p.iso3, c.name_en AS country, c.unodc_region, c.unodc_subregion, c.m49_subregion,
  p.drug_group_id, g.drug_group, p.year,
  CASE WHEN p.has_total THEN p.reported_total_kg ELSE p.components_kg END AS kilograms,
  CASE WHEN p.has_total THEN 'reported_total' ELSE 'sum_of_components' END AS basis,
  p.reported_total_kg, p.components_kg, p.source, p.is_synthetic
FROM parts p
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = p.iso3
JOIN (SELECT DISTINCT drug_group_id, drug_group FROM {DIM_DRUG.qualified}) g
  ON g.drug_group_id = p.drug_group_id""",
    {
        **_PLACE,
        "drug_group_id": "UNODC drug group identifier",
        "drug_group": "UNODC drug group, English",
        "year": "calendar year",
        "kilograms": "the group's kilograms: the reported total, or else the sum of its components",
        "basis": "reported_total or sum_of_components",
        "reported_total_kg": "the source's own group total, kilograms",
        "components_kg": "sum of the components counted in group totals, kilograms",
        **_SOURCE,
    },
)


# Coverage and quality of the submissions (issue 9): who reported what, and how it went.

V_REPORTING_COVERAGE = View(
    "v_reporting_coverage",
    "One row per country x year x source, for every country with a current figure in any source, every "
    "year any source gives a figure for, and every source (dim_source and the sources loaded): whether "
    "the source gives a current figure for that country and year, and when the files holding them "
    "arrived. A source that did not report is a row with reported = false.",
    f"""WITH figures AS (
  SELECT f.iso3, f.year, s.source, MIN(s.received_at) AS first_received,
    MAX(s.received_at) AS last_received, COUNT(DISTINCT s.sha256) AS submissions,
    BOOL_OR(s.is_synthetic) AS is_synthetic
  FROM {FACT_SEIZURE.qualified} f
  JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id
  WHERE f.valid_to IS NULL
  GROUP BY f.iso3, f.year, s.source
),
sources AS (
  SELECT source FROM {DIM_SOURCE.qualified}
  UNION SELECT source FROM {DIM_SUBMISSION.qualified} WHERE dataset IN ({_STATISTICS})
)
SELECT
  c.iso3, c.name_en AS country, c.unodc_region, c.unodc_subregion, c.m49_subregion, y.year, so.source,
  fi.iso3 IS NOT NULL AS reported, fi.first_received, fi.last_received,
  COALESCE(fi.submissions, 0) AS submissions, fi.is_synthetic
FROM (SELECT DISTINCT iso3 FROM figures) k
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = k.iso3
CROSS JOIN (SELECT DISTINCT year FROM figures) y
CROSS JOIN sources so
LEFT JOIN figures fi ON fi.iso3 = k.iso3 AND fi.year = y.year AND fi.source = so.source""",
    {
        **_PLACE,
        "year": "calendar year",
        "source": _SOURCE["source"],
        "reported": "true when the source gives at least one current figure for the country and year",
        "first_received": "when the first file holding those figures arrived (null: not reported)",
        "last_received": "when the last file holding those figures arrived (null: not reported)",
        "submissions": "how many files hold those figures (a file read again counts once; 0: not reported)",
        "is_synthetic": "true when a file holding those figures is synthetic demo data (null: not reported)",
    },
)

# The issues of each published file's current reading (those of the run that published it, while it
# is current), with the country and year of their row.
_CURRENT_ISSUES = f"""
  SELECT COALESCE(q.iso3, s.reporting_iso3) AS iso3, q.year, s.source, s.is_synthetic, q.check_name,
    q.severity, q.status,
    CAST(q.submission_id AS VARCHAR) || ' ' || q.sheet || ' ' || CAST(q.source_row AS VARCHAR) AS row_ref
  FROM {QUALITY_ISSUE.qualified} q
  JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = q.submission_id AND s.run_id = q.run_id
  WHERE s.valid_to IS NULL AND q.year IS NOT NULL AND COALESCE(q.iso3, s.reporting_iso3) IS NOT NULL"""

V_REPORTING_SCORECARD = View(
    "v_reporting_scorecard",
    "One row per country x year x source that a file covered (a figure, loaded or quarantined) or that "
    "has quality issues: its files, when they arrived, resubmissions, figures loaded, rows quarantined, "
    "open issues and the check most often failed. Issues and quarantined rows count the current reading "
    "of each file, by the country and year of their row; what a file lost without a row of a known "
    "country and year (a file not recognised or failed, a sheet not read, a column that is not a "
    "calendar year) is counted per file only, in quality.load_audit.",
    f"""WITH files AS (
  SELECT sl.iso3, sl.year, s.source, s.sha256, s.received_at, s.is_synthetic
  FROM {SUBMISSION_SLICE.qualified} sl
  JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = sl.submission_id
),
current_issues AS ({_CURRENT_ISSUES}
),
keys AS (
  SELECT iso3, year, source, BOOL_OR(is_synthetic) AS is_synthetic FROM (
    SELECT iso3, year, source, is_synthetic FROM files
    UNION SELECT iso3, year, source, is_synthetic FROM current_issues) k
  GROUP BY iso3, year, source
),
received AS (
  SELECT iso3, year, source, COUNT(DISTINCT sha256) AS submissions, MIN(received_at) AS first_received,
    MAX(received_at) AS last_received
  FROM files GROUP BY iso3, year, source
),
loaded AS (
  SELECT f.iso3, f.year, s.source, COUNT(*) AS rows_loaded
  FROM {FACT_SEIZURE.qualified} f
  JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id
  WHERE f.valid_to IS NULL
  GROUP BY f.iso3, f.year, s.source
),
held AS (
  SELECT iso3, year, source, COUNT(*) AS issues,
    COUNT(DISTINCT CASE WHEN (severity = 'error' AND status <> 'accepted') OR status = 'rejected'
      THEN row_ref END) AS rows_quarantined,
    COUNT(CASE WHEN status = 'open' AND severity IN ('error', 'warning') THEN 1 END) AS issues_open
  FROM current_issues GROUP BY iso3, year, source
),
checks AS (
  SELECT iso3, year, source, check_name,
    ROW_NUMBER() OVER (PARTITION BY iso3, year, source ORDER BY COUNT(*) DESC, check_name) AS pick
  FROM current_issues GROUP BY iso3, year, source, check_name
)
SELECT
  k.iso3, c.name_en AS country, c.unodc_region, c.unodc_subregion, c.m49_subregion, k.year, k.source,
  COALESCE(r.submissions, 0) AS submissions, r.first_received, r.last_received,
  GREATEST(COALESCE(r.submissions, 0) - 1, 0) AS resubmissions,
  COALESCE(l.rows_loaded, 0) AS rows_loaded, COALESCE(h.rows_quarantined, 0) AS rows_quarantined,
  COALESCE(h.issues_open, 0) AS issues_open, COALESCE(h.issues, 0) AS issues,
  m.check_name AS most_failed_check, k.is_synthetic
FROM keys k
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = k.iso3
LEFT JOIN received r ON r.iso3 = k.iso3 AND r.year = k.year AND r.source = k.source
LEFT JOIN loaded l ON l.iso3 = k.iso3 AND l.year = k.year AND l.source = k.source
LEFT JOIN held h ON h.iso3 = k.iso3 AND h.year = k.year AND h.source = k.source
LEFT JOIN checks m ON m.iso3 = k.iso3 AND m.year = k.year AND m.source = k.source AND m.pick = 1""",
    {
        **_PLACE,
        "year": "calendar year",
        "source": _SOURCE["source"],
        "submissions": "files of the source that covered the country and year, current or replaced (a file "
        "read again counts once)",
        "first_received": "when the first of them arrived",
        "last_received": "when the last of them arrived",
        "resubmissions": "files that replaced an earlier file's figures for the country and year "
        "(submissions - 1)",
        "rows_loaded": "current figures of the source for the country and year (fact_seizure rows; a sheet "
        "with one column per year gives one per year cell)",
        "rows_quarantined": "rows of the country and year held back in the current reading of their file (an "
        "error-level check not accepted, or rejected by a steward); rows lost with a whole file, sheet or "
        "column are counted per file in quality.load_audit only",
        "issues_open": "errors and warnings of the country and year waiting for a steward or for the "
        "country's new file, as of the last run",
        "issues": "quality issues of the country and year in the current reading of their files, whatever "
        "their severity or status",
        "most_failed_check": "the check with most of those issues (ties: the first by name); null: none",
        "is_synthetic": "true when a file covering the country and year is synthetic demo data",
    },
)

# Where several sources give a figure for one key, the one of lowest precedence (dim_source) is used;
# a source missing from dim_source comes after every ranked one.
_UNRANKED = 2147483647
_RANK = f"COALESCE(r.precedence, {_UNRANKED})"
_PRECEDENCE_RULE = (
    "The source is chosen by warehouse.dim_source.precedence (config/source_precedence.csv; by default "
    "the UNODC annex, then a country's annual totals, then the sum of its seizure cases), per key: the "
    "national figure where the annex gives none, the annex otherwise."
)

_CHOSEN_SOURCE = "the source the figure comes from (the one of highest precedence giving it)"


def _one_source_per_key(view: View, key: tuple[str, ...], columns: str, where: str = "") -> str:
    """The columns of the row of `view` whose source has the highest precedence, per key, and
    sources_available (how many rows the key has)."""
    partition = ", ".join(f"v.{column}" for column in key)
    return f"""WITH ranked AS (
  SELECT v.*,
    ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY {_RANK}, v.source) AS pick,
    COUNT(*) OVER (PARTITION BY {partition}) AS sources_available
  FROM {view.qualified} v
  LEFT JOIN {DIM_SOURCE.qualified} r ON r.source = v.source{where}
)
SELECT {columns}
FROM ranked
WHERE pick = 1"""


V_SEIZURES_PREFERRED = View(
    "v_seizures_preferred",
    "One row per country x drug x year: the figure of one source only, the one of highest precedence "
    f"that gives it, never a sum over sources. {_PRECEDENCE_RULE} Drugs of one group may come from "
    "different sources: for a group's figure use v_seizures_group_preferred, not a sum of these rows.",
    _one_source_per_key(
        V_SEIZURES_ANNUAL,
        ("iso3", "drug_id", "year"),
        "iso3, country, unodc_region, unodc_subregion, m49_subregion, drug_group_id, drug_group, drug_id,\n"
        "  drug, is_total, year, kilograms, count_units, seizure_cases, source, sources_available,\n"
        "  is_synthetic",
    ),
    {
        **_PLACE,
        "drug_group_id": "UNODC drug group identifier",
        "drug_group": "UNODC drug group, English",
        "drug_id": "drug identifier (dim_drug)",
        "drug": "drug name, English",
        "is_total": V_SEIZURES_ANNUAL.columns["is_total"],
        "year": "calendar year",
        "kilograms": V_SEIZURES_ANNUAL.columns["kilograms"],
        "count_units": V_SEIZURES_ANNUAL.columns["count_units"],
        "seizure_cases": V_SEIZURES_ANNUAL.columns["seizure_cases"],
        "source": _CHOSEN_SOURCE,
        "sources_available": "how many sources give a figure for the country, drug and year",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)

V_SEIZURES_GROUP_PREFERRED = View(
    "v_seizures_group_preferred",
    "One row per country x drug group x year with a figure in kilograms: the group's figure from "
    f"v_seizures_group_annual of one source only, never a sum over sources. {_PRECEDENCE_RULE}",
    _one_source_per_key(
        V_SEIZURES_GROUP_ANNUAL,
        ("iso3", "drug_group_id", "year"),
        "iso3, country, unodc_region, unodc_subregion, m49_subregion, drug_group_id, drug_group, year,\n"
        "  kilograms, basis, source, sources_available, is_synthetic",
        "\n  WHERE v.kilograms IS NOT NULL",
    ),
    {
        **_PLACE,
        "drug_group_id": "UNODC drug group identifier",
        "drug_group": "UNODC drug group, English",
        "year": "calendar year",
        "kilograms": V_SEIZURES_GROUP_ANNUAL.columns["kilograms"],
        "basis": V_SEIZURES_GROUP_ANNUAL.columns["basis"],
        "source": _CHOSEN_SOURCE,
        "sources_available": "how many sources give the group a figure in kilograms for the country and year",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)


# Country reports (conference room papers): what was received, their indicators, their sections.

_CURRENT_REPORTS = f"""FROM {DOCUMENT.qualified} doc
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = doc.submission_id AND s.valid_to IS NULL
LEFT JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = doc.iso3"""

V_COUNTRY_REPORTS = View(
    "v_country_reports",
    "One row per country report received whose file is current (a later report of the same country for "
    "the same meeting replaces it): symbol, country, language, date.",
    f"""SELECT
  doc.submission_id, doc.symbol, doc.meeting, doc.paper_number, doc.iso3, c.name_en AS country,
  doc.language, doc.language_basis, doc.report_date, doc.sections, doc.tables, s.file_name, s.received_at,
  s.is_synthetic
{_CURRENT_REPORTS}""",
    {
        "submission_id": "the report's file (dim_submission)",
        "symbol": "document symbol (UNODC/HONLAC/<meeting>/CRP.<n>)",
        "meeting": "the HONLEA meeting it was submitted to",
        "paper_number": "the n of CRP.n",
        "iso3": _PLACE["iso3"],
        "country": _PLACE["country"],
        "language": "en, es or fr",
        "language_basis": "declared (cover or file properties) or detected (from its words)",
        "report_date": "the date the report gives, as written",
        "sections": "narrative sections (marts.v_report_sections)",
        "tables": "tables found (indicator tables are in marts.v_country_indicators)",
        "file_name": "file name",
        "received_at": "when the file arrived",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)

V_REPORT_SECTIONS = View(
    "v_report_sections",
    "One row per narrative section of a current country report, with its document. Search them with the "
    "BM25 query of docs/country-reports.md (or `honlea search`).",
    f"""SELECT
  doc.submission_id, doc.symbol, doc.iso3, c.name_en AS country, sec.section_no, sec.heading, sec.text,
  sec.language, sec.terms, s.is_synthetic
{_CURRENT_REPORTS}
JOIN {DOCUMENT_SECTION.qualified} sec ON sec.submission_id = doc.submission_id""",
    {
        "submission_id": "the report's file",
        "symbol": "document symbol",
        "iso3": _PLACE["iso3"],
        "country": _PLACE["country"],
        "section_no": "1, 2, ... in the document",
        "heading": "the section's heading",
        "text": "its text",
        "language": "its language",
        "terms": "index terms (its length for BM25)",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)

V_COUNTRY_INDICATORS = View(
    "v_country_indicators",
    "One row per figure of the indicator tables of current country reports: country x year x indicator "
    "(x drug for seizures), with the document, table and row it comes from.",
    f"""SELECT
  doc.symbol, f.iso3, c.name_en AS country, c.unodc_region, c.unodc_subregion, c.m49_subregion, f.year,
  f.indicator_id, i.name_en AS indicator, f.drug_id, d.name_en AS drug, d.drug_group_id, g.drug_group,
  d.in_group_total, f.quantity, f.unit, f.measure, f.kilograms, f.table_label, f.table_heading, f.source_row,
  f.source_column, f.warnings, f.submission_id, s.source, s.is_synthetic
FROM {FACT_COUNTRY_INDICATOR.qualified} f
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id AND s.valid_to IS NULL
JOIN {DOCUMENT.qualified} doc ON doc.submission_id = f.submission_id
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = f.iso3
LEFT JOIN {DIM_INDICATOR.qualified} i ON i.indicator_id = f.indicator_id
LEFT JOIN {DIM_DRUG.qualified} d ON d.drug_id = f.drug_id
LEFT JOIN (SELECT DISTINCT drug_group_id, drug_group FROM {DIM_DRUG.qualified}) g
  ON g.drug_group_id = d.drug_group_id""",
    {
        "symbol": "document symbol of the report",
        **_PLACE,
        "year": "calendar year",
        "indicator_id": "indicator (dim_indicator)",
        "indicator": "indicator name, English",
        "drug_id": "drug (seizures); null for other indicators",
        "drug": "drug name, English",
        "drug_group_id": "UNODC drug group identifier",
        "drug_group": "UNODC drug group, English",
        "in_group_total": "the drug counts in its group's sum of components",
        "quantity": "the figure, in unit",
        "unit": "canonical unit",
        "measure": "mass, volume, count or area",
        "kilograms": "the figure in kilograms (mass and volume)",
        "table_label": "which table of the report",
        "table_heading": "the table's heading as written",
        "source_row": "row of the table",
        "source_column": "header of the figure's column",
        "warnings": "warning-level checks the figure failed",
        "submission_id": "the report's file",
        "source": "country_report",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)


V_SOURCE_COMPARISON = View(
    "v_source_comparison",
    "One row per country x drug group x year x pair of sources that both give the group a figure in "
    "kilograms (v_seizures_group_annual, and the country reports' seizures tables, summed over the group's "
    "drugs, as source country_report): both figures and their difference. source_a is the one of "
    "higher precedence; preferred_source is the source v_seizures_group_preferred uses (the statistics: "
    "a report's figure is compared, never preferred).",
    f"""WITH groups AS (
  SELECT iso3, country, unodc_region, unodc_subregion, m49_subregion, drug_group_id, drug_group, year,
    kilograms, basis, source, is_synthetic
  FROM {V_SEIZURES_GROUP_ANNUAL.qualified}
  UNION ALL
  SELECT iso3, country, unodc_region, unodc_subregion, m49_subregion, drug_group_id, drug_group, year,
    SUM(kilograms), 'sum_of_components', source, BOOL_OR(is_synthetic)
  FROM {V_COUNTRY_INDICATORS.qualified}
  WHERE drug_id IS NOT NULL AND in_group_total
  GROUP BY iso3, country, unodc_region, unodc_subregion, m49_subregion, drug_group_id, drug_group, year,
    source
),
ranked AS (
  SELECT g.*, {_RANK} AS rank_key
  FROM groups g
  LEFT JOIN {DIM_SOURCE.qualified} r ON r.source = g.source
  WHERE g.kilograms IS NOT NULL
)
SELECT
  a.iso3, a.country, a.unodc_region, a.unodc_subregion, a.m49_subregion, a.drug_group_id, a.drug_group,
  a.year, a.source AS source_a, a.kilograms AS kilograms_a, a.basis AS basis_a,
  b.source AS source_b, b.kilograms AS kilograms_b, b.basis AS basis_b,
  a.kilograms - b.kilograms AS difference_kg,
  100.0 * (a.kilograms - b.kilograms) / NULLIF(b.kilograms, 0) AS difference_pct,
  p.source AS preferred_source, a.is_synthetic OR b.is_synthetic AS is_synthetic
FROM ranked a
JOIN ranked b ON b.iso3 = a.iso3 AND b.drug_group_id = a.drug_group_id AND b.year = a.year
  AND (a.rank_key < b.rank_key OR (a.rank_key = b.rank_key AND a.source < b.source))
JOIN {V_SEIZURES_GROUP_PREFERRED.qualified} p
  ON p.iso3 = a.iso3 AND p.drug_group_id = a.drug_group_id AND p.year = a.year""",
    {
        **_PLACE,
        "drug_group_id": "UNODC drug group identifier",
        "drug_group": "UNODC drug group, English",
        "year": "calendar year",
        "source_a": "the source of higher precedence of the pair",
        "kilograms_a": "its figure for the group, kilograms",
        "basis_a": "how source_a's figure was made: reported_total or sum_of_components",
        "source_b": "the other source",
        "kilograms_b": "its figure for the group, kilograms",
        "basis_b": "how source_b's figure was made: reported_total or sum_of_components",
        "difference_kg": "kilograms_a - kilograms_b",
        "difference_pct": "the difference in per cent of kilograms_b (null when kilograms_b is 0)",
        "preferred_source": "the source whose figure v_seizures_group_preferred uses (the one of highest "
        "precedence giving one: source_a, or a third source)",
        "is_synthetic": "true when either figure is synthetic demo data",
    },
)

V_SEIZURE_CASES_MONTHLY = View(
    "v_seizure_cases_monthly",
    "One row per country x administrative area (admin1) x drug x month x source of the current case-level "
    "figures (figure_type 'case'): how many cases and how much was seized.",
    f"""SELECT
  f.iso3, c.name_en AS country, f.admin1, f.drug_id, d.name_en AS drug, d.drug_group_id,
  CAST(EXTRACT(YEAR FROM f.seizure_date) AS INTEGER) AS year,
  CAST(EXTRACT(MONTH FROM f.seizure_date) AS INTEGER) AS month,
  SUM(f.seizure_cases) AS cases, SUM(f.kilograms) AS kilograms, SUM(f.count_units) AS count_units,
  s.source, s.is_synthetic
FROM {FACT_SEIZURE.qualified} f
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id
JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = f.iso3
JOIN {DIM_DRUG.qualified} d ON d.drug_id = f.drug_id
WHERE f.valid_to IS NULL AND f.repeats_row IS NULL AND f.figure_type = 'case' AND f.seizure_date IS NOT NULL
GROUP BY f.iso3, c.name_en, f.admin1, f.drug_id, d.name_en, d.drug_group_id,
  EXTRACT(YEAR FROM f.seizure_date), EXTRACT(MONTH FROM f.seizure_date), s.source, s.is_synthetic""",
    {
        "iso3": _PLACE["iso3"],
        "country": _PLACE["country"],
        "admin1": "administrative area (department, state, province) as submitted; null when not given",
        "drug_id": "drug identifier (dim_drug)",
        "drug": "drug name, English",
        "drug_group_id": "UNODC drug group identifier",
        "year": "calendar year of the seizures",
        "month": "month of the seizures (1-12)",
        "cases": "number of seizure cases",
        "kilograms": "kilograms seized (null when only counts)",
        "count_units": "counted items seized (plants, tablets, units)",
        **_SOURCE,
    },
)

V_NOT_REPORTED = View(
    "v_not_reported",
    "One row per figure that a current file says it does not have: a 'no data' marker ('--', 'not "
    "known', 's/d', ... of config/no_data_markers.csv) where the quantity would be, or a row of a sheet "
    "with one column per year giving no figure in any year (year null). What each country did not report, "
    "as it said so; a figure it simply left out of its file is not here.",
    f"""SELECT
  n.iso3, COALESCE(c.name_en, n.country_text) AS country, n.drug_id, COALESCE(d.name_en, n.drug_text) AS drug,
  d.drug_group_id, n.year, n.marker, s.source, s.file_name, n.sheet, n.source_row, n.source_column,
  n.submission_id, s.is_synthetic
FROM {NOT_REPORTED.qualified} n
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = n.submission_id
LEFT JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = n.iso3
LEFT JOIN {DIM_DRUG.qualified} d ON d.drug_id = n.drug_id
WHERE s.valid_to IS NULL""",
    {
        "iso3": "ISO3 code of the country (null when its name is not known)",
        "country": "UN short name in English; as submitted when not known",
        "drug_id": "drug identifier (null when its name is not known)",
        "drug": "drug name, English; as submitted when not known",
        "drug_group_id": "UNODC drug group identifier",
        "year": "calendar year not reported (null: no figure in any year of a wide row)",
        "marker": "the 'no data' marker as written (null: blank cells)",
        "source": _SOURCE["source"],
        "file_name": "file name",
        "sheet": "sheet name",
        "source_row": "row number in the file",
        "source_column": "header of the cell (the year column of a wide sheet)",
        "submission_id": "the file (dim_submission)",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)

V_QUESTIONNAIRE_RETURNS = View(
    "v_questionnaire_returns",
    "One row per country and meeting with a current questionnaire return (its latest file; earlier ones "
    "are superseded and stay in warehouse.fact_questionnaire_return): when it was received, whether by "
    "the cut-off, and who sent it.",
    f"""SELECT
  r.meeting, r.iso3, c.name_en AS country, r.received_date, r.reply_date, r.arrived_date, r.cutoff,
  r.on_time, CASE WHEN r.on_time THEN 'on_time' WHEN NOT r.on_time THEN 'late' END AS timeliness,
  r.office_id, o.agency AS office_agency, r.responding_agency, r.contact, r.language,
  (SELECT COUNT(*) FROM {FACT_RECOMMENDATION_STATUS.qualified} a
   WHERE a.submission_id = r.submission_id AND a.status IS NOT NULL) AS statuses_given,
  (SELECT COUNT(*) FROM {FACT_QUESTIONNAIRE_RETURN.qualified} e
   WHERE e.iso3 = r.iso3 AND e.meeting = r.meeting AND e.submission_id < r.submission_id) AS earlier_returns,
  r.submission_id, s.file_name, s.is_synthetic
FROM {FACT_QUESTIONNAIRE_RETURN.qualified} r
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = r.submission_id AND s.valid_to IS NULL
LEFT JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = r.iso3
LEFT JOIN {DIM_LIAISON_OFFICE.qualified} o ON o.office_id = r.office_id""",
    {
        "meeting": "the meeting whose questionnaire the return answers",
        "iso3": _PLACE["iso3"],
        "country": _PLACE["country"],
        "received_date": "the day it counts as received (its date of reply, else the file's arrival)",
        "reply_date": "the date of reply it gives",
        "arrived_date": "the day the file arrived",
        "cutoff": "the meeting's cut-off for returns",
        "on_time": "received by the cut-off",
        "timeliness": "on_time or late (null: no cut-off)",
        "office_id": "the liaison office answering (dim_liaison_office)",
        "office_agency": "the office's agency, as the directory names it",
        "responding_agency": "the responding agency as the return names it",
        "contact": "the contact the return gives",
        "language": "the return's language (en, es, fr)",
        "statuses_given": "recommendations with a recognised status",
        "earlier_returns": "returns of the country for the meeting that this one superseded",
        "submission_id": "the return's file",
        "file_name": "file name",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)

V_RECOMMENDATION_IMPLEMENTATION = View(
    "v_recommendation_implementation",
    "One row per country and recommendation answered in a current questionnaire return. implemented, "
    "partially_implemented and not_implemented are 1.0 or 0.0 (null for not applicable or no status), so "
    "AVG() of each, grouped by recommendation, topic or country, is the share among applicable answers.",
    f"""SELECT
  a.meeting, a.recommendation_code, d.meeting AS recommendation_meeting, d.issue, d.letter,
  d.issue_title_en, d.topic, d.topic_en, a.iso3, c.name_en AS country, a.status, a.status_text,
  CASE WHEN a.status IN ('implemented', 'partially_implemented', 'not_implemented')
    THEN CASE WHEN a.status = 'implemented' THEN 1.0 ELSE 0.0 END END AS implemented,
  CASE WHEN a.status IN ('implemented', 'partially_implemented', 'not_implemented')
    THEN CASE WHEN a.status = 'partially_implemented' THEN 1.0 ELSE 0.0 END END AS partially_implemented,
  CASE WHEN a.status IN ('implemented', 'partially_implemented', 'not_implemented')
    THEN CASE WHEN a.status = 'not_implemented' THEN 1.0 ELSE 0.0 END END AS not_implemented,
  a.measures, a.difficulties, a.assistance, r.on_time, a.submission_id, s.is_synthetic
FROM {FACT_RECOMMENDATION_STATUS.qualified} a
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = a.submission_id AND s.valid_to IS NULL
JOIN {FACT_QUESTIONNAIRE_RETURN.qualified} r ON r.submission_id = a.submission_id
LEFT JOIN {DIM_RECOMMENDATION.qualified} d ON d.code = a.recommendation_code
LEFT JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = a.iso3""",
    {
        "meeting": "the meeting whose questionnaire the return answers",
        "recommendation_code": "the recommendation, e.g. 22/2(c)",
        "recommendation_meeting": "the meeting that adopted it",
        "issue": "its issue",
        "letter": "its letter",
        "issue_title_en": "the issue's title, English",
        "topic": "topic code",
        "topic_en": "topic, English",
        "iso3": _PLACE["iso3"],
        "country": _PLACE["country"],
        "status": "implemented, partially_implemented, not_implemented or not_applicable",
        "status_text": "the status as written",
        "implemented": "1.0 when implemented, 0.0 when partially or not (null: not applicable, no status)",
        "partially_implemented": "1.0 when partially implemented, else as implemented",
        "not_implemented": "1.0 when not implemented, else as implemented",
        "measures": "measures taken, as written",
        "difficulties": "difficulties met, as written",
        "assistance": "assistance requested, as written",
        "on_time": "the return was received by the cut-off",
        "submission_id": "the return's file",
        "is_synthetic": _SOURCE["is_synthetic"],
    },
)

# The issues of each file's current processing: for a published file, those of the run that published
# it while it is current; for a file that could not be loaded, those of the latest run. Each with its
# file's bytes (SHA-256; for a file not loaded, known when no other file of its name was in the run) and
# its latest decision: on its row, or, for a file not loaded, on its file's bytes and check (an
# acknowledgement holds every night the same bytes come back, while each night's issue has a new id).
CURRENT_ISSUES = f"""
SELECT q.issue_id, q.run_id, q.submission_id, q.file_name, q.sheet, q.source_row, q.column_name, q.field,
  q.value, q.check_name, q.severity, q.message, q.status, q.business_key, q.row_key, q.related_rows,
  q.row_values,
  COALESCE(q.iso3, s.reporting_iso3) AS iso3, s.source, s.dataset, s.decimal_mark,
  COALESCE(s.sha256, a.sha256) AS sha256,
  COALESCE(f.action, d.action) AS decision, COALESCE(f.steward, d.steward) AS decided_by
FROM {QUALITY_ISSUE.qualified} q
LEFT JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = q.submission_id
LEFT JOIN (
  SELECT issue_id, action, steward, ROW_NUMBER() OVER (PARTITION BY issue_id ORDER BY decided_at DESC) AS n
  FROM {STEWARD_DECISION.qualified}) d ON d.issue_id = q.issue_id AND d.n = 1
LEFT JOIN (
  SELECT run_id, file_name, MIN(sha256) AS sha256 FROM {LOAD_AUDIT.qualified}
  WHERE submission_id IS NULL AND run_id = (SELECT MAX(run_id) FROM {LOAD_AUDIT.qualified})
  GROUP BY run_id, file_name
  HAVING COUNT(DISTINCT sha256) = 1 AND COUNT(sha256) = COUNT(*)) a
  ON q.submission_id IS NULL AND a.run_id = q.run_id AND a.file_name = q.file_name
LEFT JOIN (
  SELECT sha256, check_name, action, steward,
    ROW_NUMBER() OVER (PARTITION BY sha256, check_name ORDER BY decided_at DESC) AS n
  FROM {STEWARD_DECISION.qualified} WHERE sha256 IS NOT NULL) f
  ON f.sha256 = a.sha256 AND f.check_name = q.check_name AND f.n = 1
WHERE (s.valid_to IS NULL AND q.run_id = s.run_id)
   OR (q.submission_id IS NULL AND q.run_id = (SELECT MAX(run_id) FROM {LOAD_AUDIT.qualified}))
"""
#: An issue waiting for a steward: an open error or warning, not decided since (or reopened).
WAITING = "status = ? AND severity IN (?, ?) AND (decision IS NULL OR decision = ?)"
WAITING_PARAMS = (IssueStatus.OPEN, Severity.ERROR, Severity.WARNING, DecisionAction.REOPEN)
_WAITING_SQL = (
    f"status = '{IssueStatus.OPEN}' AND severity IN ('{Severity.ERROR}', '{Severity.WARNING}') "
    f"AND (decision IS NULL OR decision = '{DecisionAction.REOPEN}')"
)

V_OPEN_ISSUES = View(
    "v_open_issues",
    "The stewards' backlog, one row per country × check × severity: the issues waiting for a decision, "
    "counted as the review page counts them (current processing of each file; open errors and "
    "warnings not decided since).",
    f"""SELECT i.iso3, c.name_en AS country, i.check_name, i.severity, COUNT(*) AS issues,
  COUNT(DISTINCT i.file_name) AS files, MIN(i.run_id) AS oldest_run, MAX(i.run_id) AS newest_run
FROM (SELECT * FROM ({CURRENT_ISSUES}) current WHERE {_WAITING_SQL}) i
LEFT JOIN {DIM_COUNTRY.qualified} c ON c.iso3 = i.iso3
GROUP BY i.iso3, c.name_en, i.check_name, i.severity""",
    {
        "iso3": "ISO3 code of the country the issues are about (empty: a file no country could be read from)",
        "country": "UN short name in English",
        "check_name": "the check that failed (docs/checks.md)",
        "severity": "error (rows quarantined) or warning (rows loaded and flagged)",
        "issues": "issues waiting for a steward's decision",
        "files": "files they are in",
        "oldest_run": "the run that found the oldest of them",
        "newest_run": "the run that found the newest of them",
    },
)

VIEWS = (
    V_SEIZURE_HISTORY,
    V_SEIZURES_ANNUAL,
    V_SEIZURES_GROUP_ANNUAL,
    V_REPORTING_COVERAGE,
    V_REPORTING_SCORECARD,
    V_SEIZURES_PREFERRED,
    V_SEIZURES_GROUP_PREFERRED,
    V_COUNTRY_REPORTS,
    V_REPORT_SECTIONS,
    V_COUNTRY_INDICATORS,
    V_SOURCE_COMPARISON,
    V_SEIZURE_CASES_MONTHLY,
    V_NOT_REPORTED,
    V_QUESTIONNAIRE_RETURNS,
    V_RECOMMENDATION_IMPLEMENTATION,
    V_OPEN_ISSUES,
)
