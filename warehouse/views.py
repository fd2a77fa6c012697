"""Analyst views in the `marts` schema (plain SQL that DuckDB and PostgreSQL both run), with their meaning."""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.schema import DIM_COUNTRY, DIM_DRUG, DIM_SUBMISSION, FACT_SEIZURE, MARTS


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

VIEWS = (V_SEIZURE_HISTORY, V_SEIZURES_ANNUAL, V_SEIZURES_GROUP_ANNUAL)
