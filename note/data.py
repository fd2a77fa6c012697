"""The numbers of the Secretariat's note, read from the warehouse in one place (`read_note_data`): the
seizure figures from the marts views (one figure per country, drug group and year, chosen by the source
precedence), the coverage and quality scorecard, the sources side by side, and the names of countries,
drug groups and sources from the dimensions. Nothing here formats or translates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from honlea.config.schemas import Meeting, NoteRules
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.views import V_QUESTIONNAIRE_RETURNS, V_RECOMMENDATION_IMPLEMENTATION

#: The one place the note reads seizure figures from: one figure per country, drug group and year, chosen
#: by the configurable source precedence (warehouse.dim_source), so two sources are never added.
PREFERRED_GROUP_FIGURES = "marts.v_seizures_group_preferred"
SCORECARD = "marts.v_reporting_scorecard"
ALL_GROUP_FIGURES = "marts.v_seizures_group_annual"  # every source's figures: which years each source covers
COMPARISON = "marts.v_source_comparison"
REPORTS = "marts.v_country_reports"
REPORT_INDICATORS = "marts.v_country_indicators"
PREFERRED_FIGURES = "marts.v_seizures_preferred"

#: Where a region's name may be found, widest first, and the column naming its sub-regions.
AREA_LEVELS = (
    ("unodc_region", "unodc_subregion"),
    ("m49_region", "m49_subregion"),
    ("unodc_subregion", None),
    ("m49_subregion", "m49_intermediate_region"),
    ("m49_intermediate_region", None),
)
#: A year has world figures when the figures come from every one of these UNODC regions.
WORLD_REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
NAMES = ("name_en", "name_es", "name_fr")


class NoteDataError(ValueError):
    """The warehouse cannot give the note what it needs (no figures, an unknown region or year)."""


@dataclass(frozen=True)
class Area:
    """The region the note covers: the dim_country column naming it, and the one naming its sub-regions."""

    name: str
    column: str
    sub_column: str | None
    subregions: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceYear:
    """The reference year and why: the latest year (not after `latest_allowed`) for which at least the
    quorum of the States considered have figures."""

    year: int
    reporting: int  # States considered with figures for the year
    considered: int  # the region's member States (or, if it has none, its countries)
    members_only: bool  # True: `considered` counts member States
    chosen_by_user: bool


@dataclass(frozen=True)
class NoteData:
    """Every number of the note. Frames carry the columns named in their comments."""

    meeting: Meeting
    rules: NoteRules
    area: Area
    reference: ReferenceYear
    years: tuple[int, ...]  # the trend's years, oldest first; the last is the reference year
    as_of: date  # the day the figures were read
    #: iso3, name_en/es/fr, area, subarea, unodc_region, drug_group_id, year, kilograms, source, is_synthetic
    #: (every country with a figure in kilograms, every year; excluded groups left out)
    figures: pl.DataFrame
    #: drug_group_id, name_en/es/fr (every group the figures hold)
    groups: pl.DataFrame
    #: iso3, name_en/es/fr, area, subarea, in_area (the meeting's member States)
    members: pl.DataFrame
    #: source, precedence, description, submissions, countries, first_received, last_received,
    #: first_year, last_year, synthetic_submissions (sources with current figures, by precedence)
    sources: pl.DataFrame
    #: iso3, reported, sources, submissions, first_received, last_received, resubmissions, rows_loaded,
    #: rows_quarantined, issues_open, most_failed_check (one row per member State, reference year)
    scorecard: pl.DataFrame
    #: iso3, drug_group_id, year, source_a, kilograms_a, source_b, kilograms_b, difference_kg,
    #: difference_pct, preferred_source (member States; excluded groups left out)
    comparison: pl.DataFrame
    world_years: tuple[int, ...]  # years whose figures come from every UNODC region
    #: symbol, meeting, paper_number, iso3, name_en/es/fr, language (the current country reports of the
    #: latest meeting up to the note's that has any)
    reports: pl.DataFrame
    #: symbol, iso3, name_en/es/fr, drug_group_id, drug_id, drug_en/es/fr, year, kilograms: the seizures
    #: those reports give for a country, drug and year that no statistics source gives
    report_only: pl.DataFrame
    #: iso3, name_en/es/fr, on_time, received_date (the current questionnaire returns of the meeting)
    returns: pl.DataFrame
    #: code, topic, topic_en/es/fr, answers, implemented, partially_implemented, not_implemented,
    #: not_applicable (counts of the current returns' statuses, by recommendation)
    implementation: pl.DataFrame

    @property
    def previous_year(self) -> int:
        return self.years[-2]

    @property
    def is_synthetic(self) -> bool:
        """Synthetic demo data is among the warehouse's current submissions."""
        return int(self.sources["synthetic_submissions"].sum()) > 0

    def in_area(self) -> pl.DataFrame:
        """The figures of the region's countries."""
        return self.figures.filter(pl.col("area") == self.area.name)


def _area(warehouse: Warehouse, name: str) -> Area:
    for column, sub_column in AREA_LEVELS:
        found = warehouse.scalar(f"SELECT COUNT(*) FROM warehouse.dim_country WHERE {column} = ?", [name])
        if found:
            subregions = ()
            if sub_column:
                subregions = tuple(
                    warehouse.query(
                        f"SELECT DISTINCT {sub_column} AS s FROM warehouse.dim_country "
                        f"WHERE {column} = ? AND {sub_column} IS NOT NULL ORDER BY 1",
                        [name],
                    )["s"]
                )
            return Area(name, column, sub_column, subregions)
    known = warehouse.query(
        "SELECT DISTINCT unodc_region AS r FROM warehouse.dim_country "
        "WHERE unodc_region IS NOT NULL ORDER BY 1"
    )["r"]
    raise NoteDataError(
        f"region {name!r} is neither a UNODC region ({', '.join(known)}) nor an M49 region or sub-region"
    )


def _figures(warehouse: Warehouse, area: Area, excluded: list[str]) -> pl.DataFrame:
    sub = f"c.{area.sub_column}" if area.sub_column else "CAST(NULL AS VARCHAR)"
    marks = ", ".join("?" for _ in excluded) or "NULL"
    return warehouse.query(
        f"""SELECT p.iso3, c.name_en, c.name_es, c.name_fr, c.{area.column} AS area, {sub} AS subarea,
  c.unodc_region, p.drug_group_id, p.year, p.kilograms, p.source, p.is_synthetic
FROM {PREFERRED_GROUP_FIGURES} p JOIN warehouse.dim_country c ON c.iso3 = p.iso3
WHERE p.kilograms IS NOT NULL AND p.drug_group_id NOT IN ({marks})""",
        excluded,
    )


def _members(warehouse: Warehouse, meeting: Meeting, area: Area) -> pl.DataFrame:
    sub = f"{area.sub_column}" if area.sub_column else "CAST(NULL AS VARCHAR)"
    frame = warehouse.query(
        f"SELECT iso3, name_en, name_es, name_fr, {area.column} AS area, {sub} AS subarea "
        f"FROM warehouse.dim_country WHERE iso3 IN ({', '.join('?' for _ in meeting.member_states)})",
        meeting.member_states,
    )
    return frame.with_columns((pl.col("area") == area.name).fill_null(False).alias("in_area")).sort("name_en")


def _reference_year(
    figures: pl.DataFrame, members: pl.DataFrame, countries: int, area: Area, quorum: float, year: int | None
) -> ReferenceYear:
    """The latest year with figures from at least the quorum of the region's member States (or of its
    countries when no member State is in it); `year` when given."""
    considered = members.filter("in_area")["iso3"]
    members_only = considered.len() > 0
    in_area = figures.filter(pl.col("area") == area.name)
    if members_only:
        in_area = in_area.filter(pl.col("iso3").is_in(considered.implode()))
    total = considered.len() if members_only else countries
    reporting = in_area.group_by("year").agg(pl.col("iso3").n_unique().alias("n")).sort("year")
    if year is not None:
        found = reporting.filter(pl.col("year") == year)["n"]
        return ReferenceYear(year, int(found.item()) if found.len() else 0, total, members_only, True)
    enough = reporting.filter(pl.col("n") >= quorum * total)
    if enough.is_empty():
        most = reporting.sort("n").tail(1)
        best = f"; the most is {most['n'].item()} in {most['year'].item()}" if most.height else ""
        raise NoteDataError(
            f"no year has figures from at least {quorum:.0%} of the {total} "
            f"{'member States' if members_only else 'countries'} of {area.name}{best}"
        )
    chosen = enough.tail(1).row(0, named=True)
    return ReferenceYear(chosen["year"], chosen["n"], total, members_only, False)


def _sources(warehouse: Warehouse) -> pl.DataFrame:
    submissions = warehouse.query(
        """SELECT s.source, d.precedence, d.description, COUNT(*) AS submissions,
  COUNT(DISTINCT s.reporting_iso3) AS countries, MIN(s.received_at) AS first_received,
  MAX(s.received_at) AS last_received,
  SUM(CASE WHEN s.is_synthetic THEN 1 ELSE 0 END) AS synthetic_submissions
FROM warehouse.dim_submission s JOIN warehouse.dim_source d ON d.source = s.source
WHERE s.valid_to IS NULL GROUP BY s.source, d.precedence, d.description"""
    )
    years = warehouse.query(  # the years of the statistics' figures and of the reports' indicators
        "SELECT source, MIN(year) AS first_year, MAX(year) AS last_year, "
        "COUNT(DISTINCT iso3) AS figure_countries FROM ("
        f"SELECT source, year, iso3 FROM {ALL_GROUP_FIGURES} "
        f"UNION ALL SELECT source, year, iso3 FROM {REPORT_INDICATORS}) figures GROUP BY source"
    )
    return (
        submissions.join(years, on="source", how="left")
        .with_columns(
            pl.max_horizontal("countries", pl.col("figure_countries").fill_null(0)).alias("countries")
        )
        .drop("figure_countries")
        .sort("precedence")
    )


def _scorecard(warehouse: Warehouse, members: pl.DataFrame, year: int) -> pl.DataFrame:
    rows = warehouse.query(f"SELECT * FROM {SCORECARD} WHERE year = ? ORDER BY iso3, source", [year]).filter(
        pl.col("iso3").is_in(members["iso3"].implode())
    )
    per_state = rows.group_by("iso3").agg(
        (pl.col("rows_loaded").sum() > 0).alias("reported"),
        pl.col("source").filter(pl.col("rows_loaded") > 0).unique().sort().str.join(", ").alias("sources"),
        pl.col("submissions").sum(),
        pl.col("first_received").min(),
        pl.col("last_received").max(),
        pl.col("resubmissions").sum(),
        pl.col("rows_loaded").sum(),
        pl.col("rows_quarantined").sum(),
        pl.col("issues_open").sum(),
        pl.col("most_failed_check").sort_by("issues_open", descending=True).drop_nulls().first(),
    )
    return (
        members.select("iso3", *NAMES, "in_area")
        .join(per_state, on="iso3", how="left")
        .with_columns(
            pl.col("reported").fill_null(False),
            *(pl.col(c).fill_null(0) for c in ("submissions", "resubmissions", "rows_loaded")),
            *(pl.col(c).fill_null(0) for c in ("rows_quarantined", "issues_open")),
        )
        .sort("name_en")
    )


def _comparison(warehouse: Warehouse, members: pl.DataFrame, excluded: list[str]) -> pl.DataFrame:
    frame = warehouse.query(f"SELECT * FROM {COMPARISON}")
    return (
        frame.filter(
            pl.col("iso3").is_in(members["iso3"].implode()), ~pl.col("drug_group_id").is_in(excluded)
        )
        .join(members.select("iso3", *NAMES), on="iso3")
        .sort(pl.col("difference_kg").abs(), descending=True, nulls_last=True)
    )


def _reports(warehouse: Warehouse, meeting: int) -> pl.DataFrame:
    return warehouse.query(
        f"""SELECT r.symbol, r.meeting, r.paper_number, r.iso3, c.name_en, c.name_es, c.name_fr, r.language
FROM {REPORTS} r JOIN warehouse.dim_country c ON c.iso3 = r.iso3
WHERE r.meeting = (SELECT MAX(meeting) FROM {REPORTS} WHERE meeting <= ?)
ORDER BY r.paper_number, r.symbol""",
        [meeting],
    )


def _returns(warehouse: Warehouse, meeting: int) -> pl.DataFrame:
    return warehouse.query(
        "SELECT r.iso3, c.name_en, c.name_es, c.name_fr, r.on_time, r.received_date "
        f"FROM {V_QUESTIONNAIRE_RETURNS.qualified} r JOIN warehouse.dim_country c ON c.iso3 = r.iso3 "
        "WHERE r.meeting = ? ORDER BY r.iso3",
        [meeting],
    )


def _report_only(warehouse: Warehouse, meeting: int) -> pl.DataFrame:
    return warehouse.query(
        f"""SELECT i.symbol, i.iso3, c.name_en, c.name_es, c.name_fr, i.drug_group_id, i.drug_id,
  d.name_en AS drug_en, d.name_es AS drug_es, d.name_fr AS drug_fr, i.year, i.kilograms
FROM {REPORT_INDICATORS} i
JOIN warehouse.document doc ON doc.submission_id = i.submission_id
JOIN warehouse.dim_country c ON c.iso3 = i.iso3
JOIN warehouse.dim_drug d ON d.drug_id = i.drug_id
WHERE i.kilograms IS NOT NULL
  AND doc.meeting = (SELECT MAX(meeting) FROM {REPORTS} WHERE meeting <= ?)
  AND NOT EXISTS (SELECT 1 FROM {PREFERRED_FIGURES} p
                  WHERE p.iso3 = i.iso3 AND p.drug_id = i.drug_id AND p.year = i.year)
ORDER BY i.drug_group_id, c.name_en, i.drug_id, i.year""",
        [meeting],
    )


def _implementation(warehouse: Warehouse, meeting: int) -> pl.DataFrame:
    counts = ", ".join(
        f"COUNT(*) FILTER (WHERE i.status = '{status}') AS {status}"
        for status in ("implemented", "partially_implemented", "not_implemented", "not_applicable")
    )
    return warehouse.query(
        f"SELECT d.code, d.topic, d.topic_en, d.topic_es, d.topic_fr, COUNT(i.status) AS answers, {counts} "
        f"FROM {V_RECOMMENDATION_IMPLEMENTATION.qualified} i "
        "JOIN warehouse.dim_recommendation d ON d.code = i.recommendation_code "
        "WHERE i.meeting = ? GROUP BY d.code, d.topic, d.topic_en, d.topic_es, d.topic_fr, d.issue, d.letter "
        "ORDER BY d.issue, d.letter",
        [meeting],
    )


def _world_years(figures: pl.DataFrame) -> tuple[int, ...]:
    regions = figures.group_by("year").agg(pl.col("unodc_region").unique())
    wanted = set(WORLD_REGIONS)
    return tuple(
        sorted(row["year"] for row in regions.iter_rows(named=True) if wanted <= set(row["unodc_region"]))
    )


def read_note_data(
    warehouse: Warehouse,
    meeting: Meeting,
    rules: NoteRules,
    region: str | None = None,
    year: int | None = None,
) -> NoteData:
    """Everything the note says, as numbers. NoteDataError when the warehouse has no figures for it."""
    area = _area(warehouse, region or rules.region)
    figures = _figures(warehouse, area, rules.excluded_groups)
    if figures.is_empty():
        raise NoteDataError("the warehouse holds no seizure figures in kilograms: there is nothing to report")
    countries = warehouse.scalar(
        f"SELECT COUNT(*) FROM warehouse.dim_country WHERE {area.column} = ? AND status = 'current'",
        [area.name],
    )
    members = _members(warehouse, meeting, area)
    reference = _reference_year(figures, members, countries, area, rules.reference_quorum, year)
    groups = warehouse.query(
        "SELECT DISTINCT drug_group_id, drug_group AS name_en, drug_group_es AS name_es, "
        "drug_group_fr AS name_fr FROM warehouse.dim_drug"
    ).filter(pl.col("drug_group_id").is_in(figures["drug_group_id"].unique().implode()))
    return NoteData(
        meeting=meeting,
        rules=rules,
        area=area,
        reference=reference,
        years=tuple(range(reference.year - rules.trend_years + 1, reference.year + 1)),
        as_of=datetime.now().date(),
        figures=figures,
        groups=groups,
        members=members,
        sources=_sources(warehouse),
        scorecard=_scorecard(warehouse, members, reference.year),
        comparison=_comparison(warehouse, members, rules.excluded_groups),
        world_years=_world_years(figures),
        reports=_reports(warehouse, meeting.number),
        report_only=_report_only(warehouse, meeting.number),
        returns=_returns(warehouse, meeting.number),
        implementation=_implementation(warehouse, meeting.number),
    )
