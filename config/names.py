"""The canonical names every layer shares. The bottom of the package: it imports nothing of ours."""

from __future__ import annotations

#: Every canonical field a profile may name, with its meaning; records carry each as "<field>_text".
FIELD_MEANINGS = {
    "region": "region as the source names it (the UNODC annex)",
    "subregion": "sub-region as the source names it (the UNODC annex)",
    "country": "country or area, by name (EN/ES/FR) or ISO3 code",
    "country_code": "country code: ISO3, ISO2 or M49",
    "drug_group": "drug group as the source names it",
    "drug_subgroup": "drug sub-group as the source names it (context for an ambiguous drug name)",
    "drug": "drug or substance seized",
    "year": "reference year",
    "quantity": "quantity seized, as written",
    "unit": "unit of the quantity (kg, g, l, tablets, ...)",
    "seizure_cases": "number of seizure cases",
    "seizure_date": "date of the seizure (case-level sources)",
    "transport_mode": "mode of transport (air, sea, road, ...)",
    "conveyance": "means of conveyance (container, vehicle, vessel, ...)",
    "place": "place of the seizure",
    "origin_country": "country the drugs came from",
    "destination_country": "country the drugs were going to",
    "agency": "seizing agency",
    "case_ref": "the case's reference in the source",
}
FIELDS = tuple(FIELD_MEANINGS)

#: How a source's repeated keys combine (see transforms/keys.py).
KEY_POLICIES = ("sum", "duplicate", "conflict")
#: Layouts of a sheet: one row per figure, or one column per year holding the quantity.
SHAPES = ("long", "wide_by_year")
#: What a file holds; each has its Great Expectations suite (expectations/).
DATASETS = ("seizures_annual", "seizure_cases")
#: File types the readers read (sources/readers.py), by extension.
FORMATS = ("xlsx", "xlsm", "csv", "txt")
#: What a unit measures; mass and volume convert to kilograms, counted items stay counts.
MEASURES = ("mass", "volume", "count")
#: Languages of submissions and of the feedback to countries.
LANGUAGES = ("en", "es", "fr")
#: What a quality check is about: one source row (or a cell of it), a sheet (or a column of it), a file.
CHECK_LEVELS = ("row", "sheet", "file")
#: A failed check's consequence: error (the row is quarantined), warning (loaded and flagged), info.
SEVERITIES = ("error", "warning", "info")
