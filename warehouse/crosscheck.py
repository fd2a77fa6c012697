"""Country reports against the statistics: where a report published by a run gives a country's seizures
of a drug for a year and the statistics give the same (the preferred source's figure,
marts.v_seizures_preferred), the figures that differ by more than a tolerance, with both sources."""

from __future__ import annotations

import polars as pl

from honlea.warehouse.backends import Warehouse
from honlea.warehouse.schema import (
    DIM_DRUG,
    DIM_SUBMISSION,
    FACT_COUNTRY_INDICATOR,
    FACT_SEIZURE,
    QUALITY_ISSUE,
    STEWARD_DECISION,
)
from honlea.warehouse.views import V_SEIZURES_PREFERRED

CHECK = "report_vs_statistics"

_DIFFERENCES = f"""
SELECT f.submission_id, s.file_name, f.table_label AS sheet, f.source_row, f.source_column AS column_name,
  f.quantity_text AS value, f.iso3, f.year, f.row_key, d.name_en AS drug, f.kilograms AS report_kg,
  p.kilograms AS statistics_kg, p.source AS statistics_source,
  (SELECT MIN(ss.file_name) FROM {FACT_SEIZURE.qualified} fs
   JOIN {DIM_SUBMISSION.qualified} ss ON ss.submission_id = fs.submission_id
   WHERE fs.valid_to IS NULL AND ss.source = p.source AND fs.iso3 = f.iso3 AND fs.drug_id = f.drug_id
     AND fs.year = f.year) AS statistics_file,
  (SELECT MAX(dd.action) FROM {STEWARD_DECISION.qualified} dd
   WHERE dd.row_key = f.row_key AND dd.check_name = '{CHECK}'
     AND dd.decided_at = (SELECT MAX(d2.decided_at) FROM {STEWARD_DECISION.qualified} d2
                          WHERE d2.row_key = f.row_key AND d2.check_name = '{CHECK}')) AS decided
FROM {FACT_COUNTRY_INDICATOR.qualified} f
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id AND s.run_id = ? AND s.valid_to IS NULL
JOIN {DIM_DRUG.qualified} d ON d.drug_id = f.drug_id
JOIN {V_SEIZURES_PREFERRED.qualified} p ON p.iso3 = f.iso3 AND p.drug_id = f.drug_id AND p.year = f.year
WHERE f.kilograms IS NOT NULL AND p.kilograms IS NOT NULL
  AND ABS(f.kilograms - p.kilograms) > ? * p.kilograms / 100.0
ORDER BY f.submission_id, f.row_id
"""


def report_differences(warehouse: Warehouse, run_id: str, tolerance_pct: float) -> pl.DataFrame:
    """One row per figure of the reports published by the run that differs from the statistics by more
    than tolerance_pct per cent of the statistics' figure: where it is (submission_id, file_name, sheet,
    source_row, column_name, value, iso3, year, row_key), drug, report_kg, statistics_kg,
    statistics_source, statistics_file, and the latest steward's decision on it (decided)."""
    return warehouse.query(_DIFFERENCES, [run_id, tolerance_pct])


def record_issues(warehouse: Warehouse, issues: pl.DataFrame) -> None:
    """Insert quality issues (quality_issue's columns) in one transaction."""
    if issues.is_empty():
        return
    with warehouse.transaction():
        warehouse.insert(QUALITY_ISSUE, issues)
