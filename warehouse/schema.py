"""Tables of the warehouse as they are after the latest migration (warehouse/migrations creates and
changes them; a test keeps the two equal), with their meaning. Code names columns from here.

Schemas separate the layers: `staging` (a run's rows on their way in), `warehouse` (dimensions and
facts), `quality` (issues, audit, runs) and `marts` (analyst views). DuckDB and PostgreSQL use the
same names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str


STAGING, WAREHOUSE, QUALITY, MARTS = "staging", "warehouse", "quality", "marts"
SCHEMAS = (STAGING, WAREHOUSE, QUALITY, MARTS)


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    doc: str  # states the grain
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        """schema.name"""
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, doc: str) -> Column:
    return Column(name, type_, doc)


DIM_COUNTRY = Table(
    WAREHOUSE,
    "dim_country",
    "One row per country or area (UN M49 list plus historic entities such as the Netherlands Antilles).",
    (
        _c("iso3", "VARCHAR", "ISO 3166-1 alpha-3 code"),
        _c("iso2", "VARCHAR", "ISO 3166-1 alpha-2 code"),
        _c("m49_code", "VARCHAR", "UN M49 numeric code, three digits"),
        _c("name_en", "VARCHAR", "UN short name in English"),
        _c("name_es", "VARCHAR", "UN short name in Spanish"),
        _c("name_fr", "VARCHAR", "UN short name in French"),
        _c("m49_region", "VARCHAR", "UN M49 region"),
        _c("m49_subregion", "VARCHAR", "UN M49 sub-region"),
        _c("m49_intermediate_region", "VARCHAR", "UN M49 intermediate region (e.g. Caribbean)"),
        _c("unodc_region", "VARCHAR", "UNODC region (World Drug Report)"),
        _c("unodc_subregion", "VARCHAR", "UNODC sub-region (Mexico is in North America)"),
        _c("status", "VARCHAR", "current, historic (with when it ended) or territory"),
    ),
    ("iso3",),
)

DIM_COUNTRY_SUCCESSOR = Table(
    WAREHOUSE,
    "dim_country_successor",
    "One row per historic entity and a country or area it became, or became part of (the USSR, "
    "Czechoslovakia, Yugoslavia, Serbia and Montenegro, the Netherlands Antilles; "
    "config/country_successors.csv).",
    (
        _c("predecessor", "VARCHAR", "the historic entity (dim_country)"),
        _c("successor", "VARCHAR", "a successor (dim_country)"),
        _c("year", "INTEGER", "the successor's first year"),
    ),
)

DIM_DRUG = Table(
    WAREHOUSE,
    "dim_drug",
    "One row per drug of the taxonomy (config/drugs.csv), following UNODC's drug groups.",
    (
        _c("drug_id", "VARCHAR", "stable identifier"),
        _c("drug_group_id", "VARCHAR", "UNODC drug group identifier"),
        _c("drug_group", "VARCHAR", "drug group, English"),
        _c("drug_group_es", "VARCHAR", "drug group, Spanish"),
        _c("drug_group_fr", "VARCHAR", "drug group, French"),
        _c("drug_subgroup", "VARCHAR", "sub-group, English"),
        _c("name_en", "VARCHAR", "drug name, English"),
        _c("name_es", "VARCHAR", "drug name, Spanish"),
        _c("name_fr", "VARCHAR", "drug name, French"),
        _c("is_total", "BOOLEAN", "the source's own total of its group: never add it to the components"),
        _c("in_group_total", "BOOLEAN", "counted when components are summed to a group figure"),
        _c("default_measure", "VARCHAR", "mass or count: how the drug is normally reported"),
    ),
    ("drug_id",),
)

DIM_DATE = Table(
    WAREHOUSE,
    "dim_date",
    "One row per year (grain 'year', date_key yyyy0000) and per day (grain 'day', date_key yyyymmdd).",
    (
        _c("date_key", "INTEGER", "yyyymmdd for a day, yyyy0000 for a whole year"),
        _c("grain", "VARCHAR", "year or day"),
        _c("date", "DATE", "the day (null for a year)"),
        _c("year", "INTEGER", "calendar year"),
        _c("quarter", "INTEGER", "1-4 (null for a year)"),
        _c("month", "INTEGER", "1-12 (null for a year)"),
    ),
    ("date_key",),
)

DIM_SOURCE = Table(
    WAREHOUSE,
    "dim_source",
    "One row per source, with its precedence: where several sources give a figure for the same country, "
    "drug (or drug group) and year, the views of preferred figures take the lowest (loaded by each run "
    "from config/source_precedence.csv).",
    (
        _c("source", "VARCHAR", "kind of source, as dim_submission.source names it"),
        _c("precedence", "INTEGER", "its rank: 1 is preferred to 2, and so on"),
        _c("description", "VARCHAR", "what the source is and when its figure is used"),
    ),
    ("source",),
)

DIM_SUBMISSION = Table(
    WAREHOUSE,
    "dim_submission",
    "One row per ingested file.",
    (
        _c("submission_id", "BIGINT", "surrogate key"),
        _c("run_id", "VARCHAR", "nightly run that loaded the file"),
        _c("path", "VARCHAR", "path of the file in the inbox"),
        _c("file_name", "VARCHAR", "file name"),
        _c("sha256", "VARCHAR", "SHA-256 of the file's bytes"),
        _c("profile", "VARCHAR", "source profile that read it (config/profiles)"),
        _c(
            "source",
            "VARCHAR",
            "kind of source (unodc_annex, national_annual_totals, national_seizure_cases)",
        ),
        _c("matched_by", "VARCHAR", "how the profile was chosen: name (file-name pattern) or header"),
        _c("dataset", "VARCHAR", "seizures_annual or seizure_cases"),
        _c("reporting_iso3", "VARCHAR", "the country all its rows are about (null for multi-country files)"),
        _c(
            "is_synthetic", "BOOLEAN", "synthetic demo data (file named SYNTHETIC_*), not official statistics"
        ),
        _c("received_at", "TIMESTAMP", "when the file arrived (its modification time)"),
        _c("loaded_at", "TIMESTAMP", "when the run published it"),
        _c("valid_from", "TIMESTAMP", "from when its figures were the warehouse's current ones"),
        _c("valid_to", "TIMESTAMP", "when a resubmission replaced all its figures (null: still current)"),
        _c("superseded_by", "BIGINT", "the submission that replaced it"),
        _c(
            "vocabulary_version",
            "VARCHAR",
            "digest of the vocabulary (config/) the file was read with: a change re-reads files whose rows "
            "failed only for unknown vocabulary",
        ),
        _c(
            "decimal_mark",
            "VARCHAR",
            "the decimal mark its numbers use (. or ,): corrections are read with it",
        ),
    ),
    ("submission_id",),
)

FACT_SEIZURE = Table(
    WAREHOUSE,
    "fact_seizure",
    "One row per reported figure: a seizure case or an annual total of a country, drug and year, "
    "as one source row gave it (lineage: submission, sheet, source_row). Rows that failed an "
    "error-level check are not here (see quality.quality_issue). A resubmission for the same source, "
    "country and year closes the old figures (valid_to) instead of deleting them.",
    (
        _c("seizure_id", "BIGINT", "key: submission_id * 10,000,000 + the row's position in its file"),
        _c("submission_id", "BIGINT", "file the figure came from"),
        _c("sheet", "VARCHAR", "sheet name ('csv' for csv files)"),
        _c("source_row", "INTEGER", "row number in the file, as Excel or an editor shows it"),
        _c("figure_type", "VARCHAR", "annual_total or case"),
        _c("iso3", "VARCHAR", "country that reported the figure"),
        _c("drug_id", "VARCHAR", "drug (dim_drug)"),
        _c("date_key", "INTEGER", "dim_date key: the day of a case, or yyyy0000 for an annual total"),
        _c("year", "INTEGER", "calendar year of the figure"),
        _c("seizure_date", "DATE", "day of the seizure (cases only)"),
        _c("quantity", "DOUBLE", "quantity as submitted, as a number, in unit"),
        _c("quantity_text", "VARCHAR", "quantity exactly as submitted"),
        _c("unit", "VARCHAR", "canonical unit of quantity (kg, g, t, l, unit, plant, ...)"),
        _c("unit_text", "VARCHAR", "unit exactly as submitted"),
        _c("measure", "VARCHAR", "mass, volume or count"),
        _c(
            "kg_factor", "DOUBLE", "kilograms per unit used for kilograms (litres at 1 kg/l; null for counts)"
        ),
        _c("kilograms", "DOUBLE", "quantity in kilograms (null for counts such as plants or tablets)"),
        _c("count_units", "DOUBLE", "quantity for counted items (plants, tablets, units); null for mass"),
        _c("seizure_cases", "BIGINT", "number of seizure cases (1 for a case row)"),
        _c("transport_mode", "VARCHAR", "air, sea, land, postal, rail, river or unknown (cases)"),
        _c("conveyance", "VARCHAR", "container, semi_submersible, go_fast_boat, light_aircraft, ... (cases)"),
        _c("place", "VARCHAR", "place of seizure as submitted (cases)"),
        _c("origin_iso3", "VARCHAR", "country of origin or departure (cases)"),
        _c("destination_iso3", "VARCHAR", "country of destination (cases)"),
        _c("agency", "VARCHAR", "seizing agency as submitted (cases)"),
        _c("case_ref", "VARCHAR", "the country's case reference (cases)"),
        _c("country_text", "VARCHAR", "country exactly as submitted"),
        _c("drug_text", "VARCHAR", "drug exactly as submitted"),
        _c("warnings", "VARCHAR", "warning-level checks the row failed, comma separated (null when none)"),
        _c("valid_from", "TIMESTAMP", "when the figure was published"),
        _c("valid_to", "TIMESTAMP", "when a resubmission replaced it (null: current)"),
        _c("superseded_by", "BIGINT", "the submission that replaced it"),
        _c(
            "published_because",
            "VARCHAR",
            "why this version was published: submission (first figures of a file), resubmission "
            "(replaces an earlier file's), decision (a steward's decision changed it), vocabulary (it "
            "loads after a vocabulary change), reread (its file was read again on request, `honlea reread`); "
            "null: published before this was recorded",
        ),
        _c("decision_id", "VARCHAR", "the steward's decision that changed this figure (null: as sent)"),
        _c(
            "repeats_row",
            "INTEGER",
            "the same non-zero figure under another name of the same drug, country and year is in this "
            "source row: listed twice, counted once (views leave this row out)",
        ),
        _c("admin1", "VARCHAR", "administrative area (department, state, province) as submitted (cases)"),
    ),
    ("seizure_id",),
)

QUALITY_ISSUE = Table(
    QUALITY,
    "quality_issue",
    "One row per failed check on one source row (or on a whole file, where source_row is null).",
    (
        _c("issue_id", "VARCHAR", "key: the run, the file's place in the run and the issue's number"),
        _c("run_id", "VARCHAR", "nightly run"),
        _c("submission_id", "BIGINT", "file (null when the file could not be read)"),
        _c("file_name", "VARCHAR", "file name"),
        _c("sheet", "VARCHAR", "sheet name"),
        _c("source_row", "INTEGER", "row number in the file"),
        _c("column_name", "VARCHAR", "column header as written in the file"),
        _c("field", "VARCHAR", "canonical field the column holds"),
        _c("value", "VARCHAR", "the value as submitted"),
        _c("check_name", "VARCHAR", "which check failed"),
        _c("severity", "VARCHAR", "error (row quarantined), warning (row loaded and flagged), info"),
        _c("message", "VARCHAR", "what is wrong, for the steward and the country"),
        _c(
            "business_key",
            "VARCHAR",
            "the row's identity across resubmissions: source, country, drug, year, unit, case",
        ),
        _c(
            "status",
            "VARCHAR",
            "open, accepted, rejected or awaiting (a steward's decision applied by the run)",
        ),
        _c("row_values", "VARCHAR", "the whole row as submitted (JSON: field -> text)"),
        _c("iso3", "VARCHAR", "the row's country, where recognised"),
        _c(
            "row_key",
            "VARCHAR",
            "the row among its file's rows: digest of its fields as submitted and its occurrence among "
            "identical rows (a decision names exactly this row)",
        ),
        _c(
            "related_rows",
            "VARCHAR",
            "the rows of the file this issue is about besides its own: all rows of a conflict "
            "('5, 6', or 'Sheet!5, Sheet!6' across sheets), the row a figure listed twice repeats",
        ),
        _c(
            "year",
            "INTEGER",
            "the row's year as read (a case's from its date); null for an issue about a file, a sheet or a "
            "column, or when the year could not be read",
        ),
    ),
)

STEWARD_DECISION = Table(
    QUALITY,
    "steward_decision",
    "One row per decision a data steward took on a quality issue; never updated but for applied_run_id. "
    "The latest decision for a business key, check and submitted value is the one in force.",
    (
        _c("decision_id", "VARCHAR", "key"),
        _c("issue_id", "VARCHAR", "the issue decided on"),
        _c("business_key", "VARCHAR", "the row's identity across resubmissions"),
        _c("check_name", "VARCHAR", "the failed check"),
        _c("field", "VARCHAR", "the field the check is about"),
        _c("value", "VARCHAR", "the value as submitted"),
        _c(
            "action", "VARCHAR", "accept, correct, reject, await (resubmission) or reopen (reverses the last)"
        ),
        _c("corrected_value", "VARCHAR", "the value to load instead (correct)"),
        _c("reason", "VARCHAR", "why"),
        _c("steward", "VARCHAR", "who decided"),
        _c("decided_at", "TIMESTAMP", "when (UTC)"),
        _c("applied_run_id", "VARCHAR", "the nightly run that applied it (null: not yet)"),
        _c("row_key", "VARCHAR", "the row decided on (see quality_issue.row_key)"),
        _c(
            "sha256",
            "VARCHAR",
            "acknowledge (an issue about a whole file that was not loaded): the file's bytes; it holds for "
            "the check every night the same bytes come back",
        ),
    ),
    ("decision_id",),
)

LOAD_AUDIT = Table(
    QUALITY,
    "load_audit",
    "One row per file per run: rows_read = rows_loaded + rows_quarantined + rows_duplicate + "
    "rows_not_reported.",
    (
        _c("run_id", "VARCHAR", "nightly run"),
        _c("submission_id", "BIGINT", "file (null when it was not loaded)"),
        _c("path", "VARCHAR", "path of the file in the inbox"),
        _c("file_name", "VARCHAR", "file name"),
        _c("profile", "VARCHAR", "source profile (null when unrecognised)"),
        _c(
            "status",
            "VARCHAR",
            "loaded, already_loaded, unrecognised, refused (a symbolic link not followed) or failed",
        ),
        _c("rows_read", "BIGINT", "data rows read from the file"),
        _c("rows_loaded", "BIGINT", "rows published to fact_seizure"),
        _c("rows_quarantined", "BIGINT", "rows held back by an error-level check"),
        _c("rows_duplicate", "BIGINT", "exact repeats of another row, dropped"),
        _c("message", "VARCHAR", "why the file was not loaded, or null"),
        _c("finished_at", "TIMESTAMP", "when the run published this row"),
        _c(
            "rows_not_reported",
            "BIGINT",
            "figures the file says it does not have (a 'no data' marker such as '--' or 'not known', or a "
            "wide row with every year blank): listed in quality.not_reported, not an error",
        ),
        _c("sha256", "VARCHAR", "SHA-256 of the file's bytes (null: a link not followed)"),
    ),
)

ETL_RUN = Table(
    QUALITY,
    "etl_run",
    "One row per nightly run.",
    (
        _c("run_id", "VARCHAR", "the run (UTC start time and a random suffix)"),
        _c("flow_run_id", "VARCHAR", "Prefect flow run id"),
        _c("trigger", "VARCHAR", "how the run was started: manual, deployment (started by hand) or schedule"),
        _c("started_at", "TIMESTAMP", "when the run took the warehouse lock (UTC)"),
        _c("finished_at", "TIMESTAMP", "when it published or failed (UTC)"),
        _c(
            "status",
            "VARCHAR",
            "running, succeeded, failed, or abandoned (its process died; found by a later run)",
        ),
        _c("files", "BIGINT", "files found in the inbox"),
        _c("files_loaded", "BIGINT", "files published"),
        _c("rows_read", "BIGINT", "data rows read"),
        _c("rows_loaded", "BIGINT", "rows published"),
        _c("rows_quarantined", "BIGINT", "rows held back by an error-level check"),
        _c("rows_duplicate", "BIGINT", "exact duplicates dropped"),
        _c("message", "VARCHAR", "why the run failed, or null"),
        _c(
            "rows_not_reported",
            "BIGINT",
            "figures not reported ('no data' markers, wide rows without figures)",
        ),
    ),
    ("run_id",),
)

NOT_REPORTED = Table(
    QUALITY,
    "not_reported",
    "One row per figure a published file does not report: a 'no data' marker (config/no_data_markers.csv: "
    "'--', 'not known', 's/d', ...) where the quantity would be, or a row of a sheet with one column per "
    "year that gives no figure in any year (once, without a year). Not a fact and not an error: counted "
    "in load_audit.rows_not_reported.",
    (
        _c("submission_id", "BIGINT", "the file (dim_submission)"),
        _c("sheet", "VARCHAR", "sheet name"),
        _c("source_row", "INTEGER", "row number in the file"),
        _c("source_column", "VARCHAR", "header of the cell (a year column of a wide sheet)"),
        _c("iso3", "VARCHAR", "country, where its name or code is known"),
        _c("drug_id", "VARCHAR", "drug (dim_drug), where its name is known"),
        _c("year", "INTEGER", "year of the figure (null: a wide row with no figure in any year)"),
        _c("country_text", "VARCHAR", "country exactly as submitted"),
        _c("drug_text", "VARCHAR", "drug exactly as submitted"),
        _c("marker", "VARCHAR", "the marker as written (null: the cells were blank)"),
    ),
)

STAGING_FACT = Table(
    STAGING,
    "fact_seizure",
    "A run's facts on their way into warehouse.fact_seizure (empty between runs).",
    FACT_SEIZURE.columns,
)

SUBMISSION_SLICE = Table(
    WAREHOUSE,
    "submission_slice",
    "One row per country and year a submission covers (its rows, quarantined ones included): what a "
    "later submission of the same source replaces.",
    (
        _c("submission_id", "BIGINT", "the file being published"),
        _c("iso3", "VARCHAR", "country"),
        _c("year", "INTEGER", "year"),
    ),
)

DIM_RECOMMENDATION = Table(
    WAREHOUSE,
    "dim_recommendation",
    "One row per recommendation a meeting adopted (config/recommendations.csv, loaded by each run), with "
    "its issue and topic; the next meeting's questionnaire asks each State what it did about it.",
    (
        _c("code", "VARCHAR", "meeting/issue(letter), e.g. 22/2(c)"),
        _c("meeting", "INTEGER", "the meeting that adopted it"),
        _c("issue", "INTEGER", "the issue (working group) it answers"),
        _c("letter", "VARCHAR", "its letter within the issue"),
        _c("issue_title_en", "VARCHAR", "the issue's title, English"),
        _c("issue_title_es", "VARCHAR", "the issue's title, Spanish"),
        _c("issue_title_fr", "VARCHAR", "the issue's title, French"),
        _c("topic", "VARCHAR", "topic code analysts group by (forensics, precursor_control, ...)"),
        _c("topic_en", "VARCHAR", "topic, English"),
        _c("topic_es", "VARCHAR", "topic, Spanish"),
        _c("topic_fr", "VARCHAR", "topic, French"),
        _c("text_en", "VARCHAR", "the text as adopted, English"),
        _c("text_es", "VARCHAR", "Spanish (an unofficial working translation; null: none)"),
        _c("text_fr", "VARCHAR", "French (an unofficial working translation; null: none)"),
    ),
    ("code",),
)

DIM_LIAISON_OFFICE = Table(
    WAREHOUSE,
    "dim_liaison_office",
    "One row per liaison office that sends a country's statistics or questionnaire returns (the directory, "
    "config/liaison_offices.csv, loaded by each run).",
    (
        _c("office_id", "VARCHAR", "the office: ISO3 and a number"),
        _c("iso3", "VARCHAR", "its country"),
        _c("agency", "VARCHAR", "the agency's name"),
        _c("function", "VARCHAR", "what it sends: statistics, questionnaire"),
        _c("language", "VARCHAR", "en, es or fr: its submissions', its feedback's and its forms' language"),
        _c("contact", "VARCHAR", "an office's contact address"),
        _c("is_synthetic", "BOOLEAN", "a demo entry, not a real office"),
    ),
    ("office_id",),
)

FACT_QUESTIONNAIRE_RETURN = Table(
    WAREHOUSE,
    "fact_questionnaire_return",
    "One row per questionnaire return (a file): a country's answer to a meeting's questionnaire on the "
    "previous meeting's recommendations. A later return of the same country for the same meeting "
    "supersedes it (dim_submission.valid_to); both stay.",
    (
        _c("submission_id", "BIGINT", "the return's file"),
        _c("meeting", "INTEGER", "the meeting whose questionnaire it answers"),
        _c("iso3", "VARCHAR", "the answering country"),
        _c("office_id", "VARCHAR", "the country's liaison office (dim_liaison_office) that answers"),
        _c("responding_agency", "VARCHAR", "the responding agency as the return names it"),
        _c("contact", "VARCHAR", "the contact as the return gives it"),
        _c("reply_date", "DATE", "the date of reply the return gives (null: none or unreadable)"),
        _c("arrived_date", "DATE", "the day the file arrived"),
        _c(
            "received_date",
            "DATE",
            "the day the return counts as received: its date of reply where it gives one no later than "
            "the file's arrival, else the arrival",
        ),
        _c("cutoff", "DATE", "the meeting's cut-off for returns (config/meetings.yaml)"),
        _c("on_time", "BOOLEAN", "received by the cut-off (null: the meeting has no cut-off)"),
        _c("language", "VARCHAR", "the return's language (en, es, fr), from its form"),
        _c("sheet", "VARCHAR", "the sheet the answers were read from"),
    ),
)

FACT_RECOMMENDATION_STATUS = Table(
    WAREHOUSE,
    "fact_recommendation_status",
    "One row per recommendation a questionnaire return answers: the country's status of implementation "
    "and what it says it did, found difficult and needs.",
    (
        _c("submission_id", "BIGINT", "the return's file"),
        _c("meeting", "INTEGER", "the meeting whose questionnaire it answers"),
        _c("iso3", "VARCHAR", "the answering country"),
        _c("recommendation_code", "VARCHAR", "the recommendation (dim_recommendation.code)"),
        _c(
            "status",
            "VARCHAR",
            "implemented, partially_implemented, not_implemented, not_applicable (null: no answer read)",
        ),
        _c("status_text", "VARCHAR", "the status exactly as written"),
        _c("measures", "VARCHAR", "measures taken, as written"),
        _c("difficulties", "VARCHAR", "difficulties met, as written"),
        _c("assistance", "VARCHAR", "assistance requested, as written"),
        _c("sheet", "VARCHAR", "sheet name"),
        _c("source_row", "INTEGER", "row number in the sheet"),
    ),
)

RUN_LOCK = Table(
    QUALITY,
    "run_lock",
    "One row: the nightly run holds a lock on this table for its whole length (PostgreSQL); only the "
    "loading role can reach the quality schema, so no analyst can take it.",
    (_c("name", "VARCHAR", "the lock's name"),),
    ("name",),
)

SCHEMA_VERSION = Table(
    QUALITY,
    "schema_version",
    "One row per migration applied to this warehouse (warehouse/migrations).",
    (
        _c("version", "INTEGER", "migration number"),
        _c("name", "VARCHAR", "what it changed"),
        _c("applied_at", "TIMESTAMP", "when (UTC)"),
    ),
    ("version",),
)

SCHEMA_STATE = Table(
    QUALITY,
    "schema_state",
    "One row: digest of the views and comments last created, so they are re-created only when they change.",
    (_c("derived_digest", "VARCHAR", "SHA-256 of the view and comment statements"),),
)

# Country reports (conference room papers): the documents, their sections, the search index over them
# and the indicators of their tables (migration "country_reports").

DIM_INDICATOR = Table(
    WAREHOUSE,
    "dim_indicator",
    "One row per indicator a country report may give (loaded by each run from config/report_indicators.csv).",
    (
        _c("indicator_id", "VARCHAR", "stable identifier"),
        _c("by_drug", "BOOLEAN", "given per drug (seizures)"),
        _c("unit", "VARCHAR", "the unit of its figures (null: the report's table gives it)"),
        _c("name_en", "VARCHAR", "name, English"),
        _c("name_es", "VARCHAR", "name, Spanish"),
        _c("name_fr", "VARCHAR", "name, French"),
    ),
    ("indicator_id",),
)

DOCUMENT = Table(
    WAREHOUSE,
    "document",
    "One row per country report loaded (a submission of source country_report): which paper it is, "
    "whose, in what language.",
    (
        _c("submission_id", "BIGINT", "the file (dim_submission)"),
        _c(
            "symbol",
            "VARCHAR",
            "document symbol, e.g. UNODC/HONLAC/22/CRP.5 (from the text, else CRP.<n> from the file name)",
        ),
        _c("meeting", "INTEGER", "the HONLEA meeting the paper is for"),
        _c("paper_number", "INTEGER", "the n of CRP.n"),
        _c("iso3", "VARCHAR", "the reporting country"),
        _c("country_text", "VARCHAR", "the country as the report (or its file name) gives it"),
        _c("language", "VARCHAR", "en, es or fr"),
        _c("language_basis", "VARCHAR", "declared (cover or file properties) or detected (from its words)"),
        _c("report_date", "VARCHAR", "the date the report gives, as written"),
        _c("sections", "INTEGER", "narrative sections"),
        _c("tables", "INTEGER", "tables (indicator tables and others)"),
    ),
)

DOCUMENT_SECTION = Table(
    WAREHOUSE,
    "document_section",
    "One row per narrative section of a country report: heading, text, order, language.",
    (
        _c("submission_id", "BIGINT", "the report's file"),
        _c("section_no", "INTEGER", "1, 2, ... in the document"),
        _c("heading", "VARCHAR", "the section's heading"),
        _c("text", "VARCHAR", "its text, paragraphs separated by new lines"),
        _c("language", "VARCHAR", "the language it is indexed in (the report's)"),
        _c("terms", "INTEGER", "index terms in heading and text (its length for BM25)"),
    ),
)

SEARCH_POSTING = Table(
    WAREHOUSE,
    "search_posting",
    "The full-text index of report sections: one row per section and term. Terms are words folded "
    "(lower case, accents removed) and stemmed with the Snowball stemmer of the section's language; "
    "marts queries rank sections by BM25 over these rows (warehouse/search.py).",
    (
        _c("submission_id", "BIGINT", "the report's file"),
        _c("section_no", "INTEGER", "the section (document_section)"),
        _c("language", "VARCHAR", "the language the term was stemmed in"),
        _c("term", "VARCHAR", "the stemmed term"),
        _c("tf", "INTEGER", "how many times it occurs in the section"),
    ),
)

FACT_COUNTRY_INDICATOR = Table(
    WAREHOUSE,
    "fact_country_indicator",
    "One row per figure of a country report's indicator tables: country x year x indicator (x drug for "
    "seizures), conformed with the statistics' country, drug and unit rules, with lineage to the "
    "document, table and row. Rows that failed an error-level check are not here.",
    (
        _c("submission_id", "BIGINT", "the report's file"),
        _c("row_id", "BIGINT", "the figure's position among the report's figures"),
        _c("table_label", "VARCHAR", "which table: 'table 2', 'page 3 table 1' or the sheet's name"),
        _c("table_heading", "VARCHAR", "the table's heading or caption, as written"),
        _c("source_row", "INTEGER", "row of the table (its header is 1; a sheet's row in a workbook)"),
        _c("source_column", "VARCHAR", "the header of the figure's column (its year)"),
        _c("iso3", "VARCHAR", "the reporting country"),
        _c("year", "INTEGER", "calendar year of the figure"),
        _c("indicator_id", "VARCHAR", "indicator (dim_indicator)"),
        _c("drug_id", "VARCHAR", "drug (dim_drug), for seizures; null for other indicators"),
        _c("quantity", "DOUBLE", "the figure, as a number, in unit"),
        _c("quantity_text", "VARCHAR", "the figure exactly as written"),
        _c("unit", "VARCHAR", "canonical unit (kg, t, person, laboratory, ha, ...)"),
        _c("unit_text", "VARCHAR", "unit as written (or the indicator's unit)"),
        _c("measure", "VARCHAR", "mass, volume, count or area"),
        _c("kilograms", "DOUBLE", "quantity in kilograms (mass and volume; null otherwise)"),
        _c("indicator_text", "VARCHAR", "the row's label as written"),
        _c("drug_text", "VARCHAR", "drug as written (seizures)"),
        _c("warnings", "VARCHAR", "warning-level checks the row failed, comma separated (null when none)"),
        _c("decision_id", "VARCHAR", "the steward's decision that changed this figure (null: as written)"),
        _c(
            "row_key",
            "VARCHAR",
            "the figure among its report's figures (quality_issue.row_key): what a "
            "steward's decision on it names",
        ),
    ),
)

TABLES = (
    DIM_COUNTRY,
    DIM_COUNTRY_SUCCESSOR,
    DIM_DRUG,
    DIM_DATE,
    DIM_SUBMISSION,
    DIM_SOURCE,
    FACT_SEIZURE,
    QUALITY_ISSUE,
    NOT_REPORTED,
    LOAD_AUDIT,
    ETL_RUN,
    STEWARD_DECISION,
    STAGING_FACT,
    SUBMISSION_SLICE,
    DIM_RECOMMENDATION,
    DIM_LIAISON_OFFICE,
    FACT_QUESTIONNAIRE_RETURN,
    FACT_RECOMMENDATION_STATUS,
    RUN_LOCK,
    SCHEMA_VERSION,
    SCHEMA_STATE,
    DIM_INDICATOR,
    DOCUMENT,
    DOCUMENT_SECTION,
    SEARCH_POSTING,
    FACT_COUNTRY_INDICATOR,
)
