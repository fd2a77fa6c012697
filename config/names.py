"""The canonical names every layer shares. The bottom of the package: it imports nothing of ours and
loads nothing, so every layer may import it, warehouse/ included.

The enums are StrEnums: each member is the very string the database, the staging folder and the
profiles hold, so it compares equal to it and is stored as it.
"""

from __future__ import annotations

from enum import StrEnum

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
    "admin1": "administrative area of the seizure: department, state or province (case-level sources)",
}
FIELDS = tuple(FIELD_MEANINGS)


class InputKind(StrEnum):
    """The kinds of input a government sends; each has its own reading, checks and tables
    (flows/kinds.py)."""

    STATISTICS = "statistics"  # drug seizure statistics: annual totals and case records
    QUESTIONNAIRE = "questionnaire"  # returns on the implementation of a meeting's recommendations
    COUNTRY_REPORT = "country_report"  # reports on the trafficking situation (Word, PDF, workbooks)


INPUT_KINDS = tuple(kind.value for kind in InputKind)


class KeyPolicy(StrEnum):
    """How a source's repeated keys combine (see transforms/keys.py)."""

    SUM = "sum"  # rows are parts of one figure and add up
    DUPLICATE = "duplicate"  # the same case twice: the copy is dropped
    CONFLICT = "conflict"  # one key given twice: both rows are quarantined


KEY_POLICIES = tuple(policy.value for policy in KeyPolicy)
#: Layouts of a sheet: one row per figure, or one column per year holding the quantity.
SHAPES = ("long", "wide_by_year")
#: The vocabularies a profile's `synonyms` may override for its own rows.
SYNONYM_KINDS = ("country", "drug", "unit")
#: What a file holds; each has its Great Expectations suite (expectations/). country_indicators: the
#: indicator tables of a country report.
STATISTICS_DATASETS = ("seizures_annual", "seizure_cases")  # their rows are seizure figures
DATASETS = (*STATISTICS_DATASETS, "questionnaire_returns", "country_indicators")
#: File types the readers read (sources/readers.py, sources/formats.py; docx and pdf: sources/reports.py),
#: by extension.
FORMATS = ("xlsx", "xlsm", "xls", "ods", "csv", "txt", "json", "jsonl", "parquet", "docx", "pdf")
#: What a unit measures; mass and volume convert to kilograms, counted items stay counts, an area (hectares
#: of crops eradicated, in country reports) stays in its unit.
MEASURES = ("mass", "volume", "count", "area")
#: Languages of submissions and of the feedback to countries.
LANGUAGES = ("en", "es", "fr")
#: What a quality check is about: one source row (or a cell of it), a sheet (or a column of it), a file.
CHECK_LEVELS = ("row", "sheet", "file")
#: A failed check's consequence: error (the row is quarantined), warning (loaded and flagged), info.
SEVERITIES = ("error", "warning", "info")


class FileStatus(StrEnum):
    """How far an inbox file got in a run (quality.load_audit keeps where it ended)."""

    REGISTERED = "registered"
    READ = "read"
    CONFORMED = "conformed"
    VALIDATED = "validated"
    LOADED = "loaded"  # published
    ALREADY_LOADED = "already_loaded"  # the same bytes were published before, or earlier in the run
    UNRECOGNISED = "unrecognised"  # no profile recognises it, or it cannot be read
    REFUSED = "refused"  # a symbolic link leading out of the inbox, not followed
    FAILED = "failed"  # a step failed: all its rows count as quarantined


class Severity(StrEnum):
    """What a failed check does to its row."""

    ERROR = "error"  # the row is quarantined
    WARNING = "warning"  # the row is loaded and flagged
    INFO = "info"  # an exact duplicate, dropped


class IssueStatus(StrEnum):
    """Where a quality issue stands after the stewards' decisions."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    AWAITING = "awaiting"  # the country's new file


class DecisionAction(StrEnum):
    """What a steward decides on an issue."""

    ACCEPT = "accept"  # load the row as submitted
    CORRECT = "correct"  # load it with a corrected value
    REJECT = "reject"  # never load it
    AWAIT = "await"  # wait for the country's new file
    REOPEN = "reopen"  # reverse the last decision
    ACKNOWLEDGE = "acknowledge"  # a file-level issue seen: not open while the same file's bytes come back


class PublishedBecause(StrEnum):
    """Why a version of a figure was published (fact_seizure.published_because)."""

    SUBMISSION = "submission"  # a file's first figures
    RESUBMISSION = "resubmission"  # a later file of the source for the same country and year
    DECISION = "decision"  # a steward's decision changed it
    VOCABULARY = "vocabulary"  # it loads after a vocabulary change
    REREAD = "reread"  # its file was read again on request (`honlea reread`), after its profile changed


class RunStatus(StrEnum):
    """How a nightly run stands (quality.etl_run)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    ABANDONED = "abandoned"  # its process died; found by a later run


class RunTrigger(StrEnum):
    """How a nightly run was started (quality.etl_run.trigger)."""

    MANUAL = "manual"  # `honlea run`, `honlea reread`, or the flow called in Python
    DEPLOYMENT = "deployment"  # a run of the deployment started by hand: the Prefect UI, CLI or API
    SCHEDULE = "schedule"  # a run the deployment's schedule created
