"""Analyst views over the star schema (plain SQL that DuckDB and PostgreSQL both run)."""

from __future__ import annotations

V_SEIZURES_ANNUAL = """
CREATE OR REPLACE VIEW v_seizures_annual AS
-- One row per country x drug x year x source. A source's rows for one key are combined as its
-- profile says: under 'sum' (UNODC annex) they are parts of one figure and are added; cases add
-- up to the year; duplicates and conflicts never reach the facts. is_synthetic marks demo data.
SELECT
  f.iso3,
  c.name_en AS country,
  c.unodc_region,
  c.unodc_subregion,
  c.m49_subregion,
  d.drug_group,
  d.drug_subgroup,
  d.name_en AS drug,
  d.drug_id,
  d.drug_group_id,
  d.is_total,
  f.year,
  SUM(f.kilograms) AS kilograms,
  SUM(f.count_units) AS count_units,
  SUM(f.seizure_cases) AS seizure_cases,
  COUNT(*) AS source_rows,
  s.source,
  s.is_synthetic
FROM fact_seizure f
JOIN dim_submission s ON s.submission_id = f.submission_id
JOIN dim_country c ON c.iso3 = f.iso3
JOIN dim_drug d ON d.drug_id = f.drug_id
GROUP BY f.iso3, c.name_en, c.unodc_region, c.unodc_subregion, c.m49_subregion, d.drug_group,
  d.drug_subgroup, d.name_en, d.drug_id, d.drug_group_id, d.is_total, f.year, s.source, s.is_synthetic
"""

V_SEIZURES_GROUP_ANNUAL = """
CREATE OR REPLACE VIEW v_seizures_group_annual AS
-- One row per country x drug group x year x source: the source's own reported total where it
-- gives one, otherwise the sum of the components counted in group totals (plants, leaf and seed
-- are not). Never both added; 'basis' says which was used.
WITH parts AS (
  SELECT a.iso3, a.drug_group_id, a.year, a.source, a.is_synthetic,
    SUM(CASE WHEN a.is_total THEN a.kilograms END) AS reported_total_kg,
    SUM(CASE WHEN NOT a.is_total AND d.in_group_total THEN a.kilograms END) AS components_kg,
    BOOL_OR(a.is_total) AS has_total
  FROM v_seizures_annual a
  JOIN dim_drug d ON d.drug_id = a.drug_id
  GROUP BY a.iso3, a.drug_group_id, a.year, a.source, a.is_synthetic
)
SELECT
  p.iso3,
  c.name_en AS country,
  c.unodc_region,
  c.unodc_subregion,
  c.m49_subregion,
  p.drug_group_id,
  g.drug_group,
  p.year,
  CASE WHEN p.has_total THEN p.reported_total_kg ELSE p.components_kg END AS kilograms,
  CASE WHEN p.has_total THEN 'reported_total' ELSE 'sum_of_components' END AS basis,
  p.reported_total_kg,
  p.components_kg,
  p.source,
  p.is_synthetic
FROM parts p
JOIN dim_country c ON c.iso3 = p.iso3
JOIN (SELECT DISTINCT drug_group_id, drug_group FROM dim_drug) g ON g.drug_group_id = p.drug_group_id
"""

VIEWS = (V_SEIZURES_ANNUAL, V_SEIZURES_GROUP_ANNUAL)
