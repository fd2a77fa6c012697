"""The views of issue 9 on the demo, on DuckDB and PostgreSQL: reporting coverage and scorecard, the
preferred figure of each key by the sources' precedence, and the sources side by side. Every expected
value is computed here, with SQL of its own over the facts, dimensions and quality tables.

Beside the demo the inbox holds a second UNODC release (South America's 2018 rows of the annex at 110 %,
and the same rows for 2017, which the annex does not cover), read by a profile of its own with the last
rank, and a resubmission of Argentina's 2011 totals (one figure, one row quarantined)."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from honlea.config.settings import ANNEX_FILE, CONFIG_DIR
from honlea.demo.inbox import write_demo_inbox
from tests.config_helpers import append, copy_config, edit
from tests.integration.helpers import BACKENDS, analyst_role, query, run_nightly, warehouse_url

RELEASE = "unodc_release_2023"
RESUBMISSION = "SYNTHETIC_ARG_incautaciones_anuales_2011_rev.csv"
SCALE = 1.1
CASES_COUNTRIES = ("ECU", "FRA", "JAM")  # annual totals and seizure cases in 2011


def _write_release(path: Path) -> None:
    annex = pl.read_excel(ANNEX_FILE, read_options={"header_row": 1})
    rows = annex.filter(
        (pl.col("Region") == "Americas")
        & (pl.col("SubRegion") == "South America")
        & (pl.col("Reference year") == 2018)
    ).with_columns(pl.col("Kilograms") * SCALE)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(["Another UNODC release of drug seizures (test copy)"])
    sheet.append(annex.columns)
    for year in (2017, 2018):
        for row in rows.with_columns(pl.lit(year).alias("Reference year")).iter_rows():
            sheet.append(list(row))
    book.save(path)


def _configure(folder: Path) -> Path:
    copy_config(folder)
    profile = folder / "profiles" / "unodc_release.yaml"
    shutil.copy(folder / "profiles" / "unodc_annex.yaml", profile)
    edit(profile, "name: unodc_annex", f"name: unodc_release\nsource: {RELEASE}")
    edit(
        profile,
        'file_patterns: ["*drug_seizures_*.xlsx", "*wdr*annex*.xlsx"]',
        'file_patterns: ["*release*"]',
    )
    append(folder / "source_precedence.csv", f"{RELEASE},9,Another UNODC release")
    return folder


@pytest.fixture(scope="module", params=BACKENDS)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, a second UNODC release and a resubmission through one nightly run; the warehouse URL."""
    work = tmp_path_factory.mktemp("sources")
    inbox = work / "inbox"
    write_demo_inbox(inbox)
    _write_release(inbox / "unodc_release_2023.xlsx")
    rows = ["Argentina;2011;Cocaína;1500;kg", "Argentina;2011;Heroína;-5;kg"]
    resubmission = inbox / RESUBMISSION
    resubmission.write_bytes(("País;Año;Droga;Cantidad;Unidad\n" + "\n".join(rows) + "\n").encode("cp1252"))
    latest = max(p.stat().st_mtime for p in inbox.rglob("*") if p.is_file())
    os.utime(resubmission, (latest + 60, latest + 60))  # arrived after everything else
    warehouse = warehouse_url(request.param, work)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HONLEA_CONFIG_DIR", str(_configure(work / "config")))
        url, _ = run_nightly(inbox, work, next(warehouse))
    yield url
    next(warehouse, None)


def _ranks(url: str) -> dict[str, int]:
    """source -> rank as the configuration of the run gives it (and as dim_source must hold it)."""
    ranks = dict(query(url, "SELECT source, precedence FROM warehouse.dim_source").iter_rows())
    assert ranks[RELEASE] == 9 and ranks["unodc_annex"] == 1
    return ranks


# -- coverage and scorecard --------------------------------------------------------------------------

_CURRENT = """
SELECT f.iso3, f.year, s.source, s.sha256, s.received_at
FROM warehouse.fact_seizure f JOIN warehouse.dim_submission s ON s.submission_id = f.submission_id
WHERE f.valid_to IS NULL"""


def test_coverage_says_who_reported_which_year_in_which_source(run):
    current = query(run, _CURRENT)
    coverage = query(run, "SELECT * FROM marts.v_reporting_coverage")
    countries, years = set(current["iso3"]), set(current["year"])
    sources = set(query(run, "SELECT source FROM warehouse.dim_source")["source"])
    assert coverage.height == len(countries) * len(years) * len(sources)
    assert set(coverage["iso3"]) == countries and set(coverage["year"]) == years
    assert set(coverage["source"]) == sources  # the release's rank too
    reported = set(current.select("iso3", "year", "source").iter_rows())
    flagged = set(coverage.filter("reported").select("iso3", "year", "source").iter_rows())
    assert flagged == reported
    expected = current.group_by("iso3", "year", "source").agg(
        pl.col("received_at").min().alias("first"), pl.col("sha256").n_unique().alias("files")
    )
    joined = coverage.join(expected, on=["iso3", "year", "source"], how="inner")
    assert joined.height == len(reported)
    assert (joined["first_received"] == joined["first"]).all() and (
        joined["submissions"] == joined["files"]
    ).all()
    missing = coverage.filter(~pl.col("reported"))
    assert missing["first_received"].is_null().all() and (missing["submissions"] == 0).all()

    def flag(iso3: str, year: int, source: str) -> bool:
        return coverage.filter(iso3=iso3, year=year, source=source)["reported"].item()

    # Argentina sends its own totals for 2011, not for 2018; the annex the other way round
    assert flag("ARG", 2011, "national_annual_totals") and not flag("ARG", 2018, "national_annual_totals")
    assert flag("ARG", 2018, "unodc_annex") and not flag("ARG", 2011, "unodc_annex")
    assert flag("ARG", 2017, RELEASE) and not flag("ARG", 2017, "unodc_annex")
    for iso3 in CASES_COUNTRIES:
        assert flag(iso3, 2011, "national_seizure_cases") and not flag(iso3, 2010, "national_seizure_cases")


_CURRENT_ISSUES = """
SELECT COALESCE(q.iso3, s.reporting_iso3) AS iso3, q.year, s.source, q.check_name, q.severity, q.status,
  q.submission_id, q.sheet, q.source_row
FROM quality.quality_issue q
JOIN warehouse.dim_submission s ON s.submission_id = q.submission_id AND s.run_id = q.run_id
WHERE s.valid_to IS NULL"""


def test_the_scorecard_counts_files_figures_quarantined_rows_and_issues(run):
    card = query(run, "SELECT * FROM marts.v_reporting_scorecard")
    key = ["iso3", "year", "source"]
    assert card.select(key).is_unique().all()
    loaded = query(run, _CURRENT).group_by(key).agg(pl.len().alias("expected_loaded"))
    issues = query(run, _CURRENT_ISSUES).drop_nulls(["iso3", "year"])
    held = (pl.col("severity") == "error") & (pl.col("status") != "accepted") | (
        pl.col("status") == "rejected"
    )
    counted = issues.group_by(key).agg(
        pl.len().alias("expected_issues"),
        pl.struct("submission_id", "sheet", "source_row").filter(held).n_unique().alias("expected_held"),
        (pl.col("status").eq("open") & pl.col("severity").is_in(["error", "warning"])).sum().alias("open"),
    )
    top = (
        issues.group_by(*key, "check_name")
        .len()
        .sort(["len", "check_name"], descending=[True, False])
        .group_by(key, maintain_order=True)
        .first()
    )
    files = query(
        run,
        "SELECT sl.iso3, sl.year, s.source, COUNT(DISTINCT s.sha256) AS files "
        "FROM warehouse.submission_slice sl "
        "JOIN warehouse.dim_submission s ON s.submission_id = sl.submission_id "
        "GROUP BY sl.iso3, sl.year, s.source",
    )
    expected = (
        files.join(loaded, on=key, how="full", coalesce=True)
        .join(counted, on=key, how="full", coalesce=True)
        .join(top.select(*key, pl.col("check_name").alias("top")), on=key, how="left")
    )
    compared = card.join(expected, on=key, how="full", coalesce=True)
    assert compared.height == card.height == expected.height
    for column, wanted in [
        ("submissions", "files"),
        ("rows_loaded", "expected_loaded"),
        ("rows_quarantined", "expected_held"),
        ("issues_open", "open"),
        ("issues", "expected_issues"),
    ]:
        assert (compared[column] == compared[wanted].fill_null(0)).all(), column
    assert compared.filter(pl.col("most_failed_check").ne_missing(pl.col("top"))).is_empty()
    assert (card["resubmissions"] == (card["submissions"] - 1).clip(lower_bound=0)).all()

    # Argentina's 2011: the resubmission replaced the first file's figures, one row held back
    arg = card.filter(iso3="ARG", year=2011, source="national_annual_totals").row(0, named=True)
    assert (arg["submissions"], arg["resubmissions"], arg["rows_loaded"]) == (2, 1, 1)
    assert (arg["rows_quarantined"], arg["issues_open"]) == (1, 1)
    assert arg["most_failed_check"] == "non_negative_quantity"
    assert arg["last_received"] > arg["first_received"]
    # a year the resubmission did not cover keeps the first file alone
    assert card.filter(iso3="ARG", year=2010, source="national_annual_totals")["resubmissions"].item() == 0


def test_a_files_quarantined_rows_are_those_of_its_countries_and_years(run):
    """For a national file of one country, the scorecard's rows quarantined over its years add up to
    what load_audit counted for the file."""
    audit = query(
        run,
        "SELECT a.file_name, a.rows_quarantined, s.reporting_iso3, s.source FROM quality.load_audit a "
        "JOIN warehouse.dim_submission s ON s.submission_id = a.submission_id "
        "WHERE s.valid_to IS NULL AND s.reporting_iso3 IS NOT NULL AND a.status = 'loaded'",
    )
    card = query(run, "SELECT iso3, source, year, rows_quarantined FROM marts.v_reporting_scorecard")
    files = audit.filter(pl.col("reporting_iso3") != "ARG")  # two files share ARG 2011
    assert files.height > 20 and files["rows_quarantined"].sum() >= 5
    for file_name, held, iso3, source in files.iter_rows():
        years = query(
            run,
            "SELECT DISTINCT sl.year FROM warehouse.submission_slice sl JOIN warehouse.dim_submission s "
            "ON s.submission_id = sl.submission_id WHERE s.file_name = ? AND s.valid_to IS NULL",
            [file_name],
        )["year"]
        mine = card.filter(
            pl.col("iso3") == iso3, pl.col("source") == source, pl.col("year").is_in(years.to_list())
        )
        assert mine["rows_quarantined"].sum() == held, file_name


# -- one figure per key, by precedence ---------------------------------------------------------------

_BY_SOURCE = """
SELECT f.iso3, f.drug_id, f.year, s.source, SUM(f.kilograms) AS kg, SUM(f.count_units) AS units
FROM warehouse.fact_seizure f JOIN warehouse.dim_submission s ON s.submission_id = f.submission_id
WHERE f.valid_to IS NULL AND f.repeats_row IS NULL
GROUP BY f.iso3, f.drug_id, f.year, s.source"""


def test_the_preferred_figure_is_the_highest_ranked_sources_alone(run):
    ranks = _ranks(run)
    by_source = query(run, _BY_SOURCE).with_columns(pl.col("source").replace_strict(ranks).alias("rank"))
    key = ["iso3", "drug_id", "year"]
    expected = (
        by_source.sort("rank")
        .group_by(key, maintain_order=True)
        .agg(pl.all().first(), pl.len().alias("available"))
        .select(*key, pl.col("source").alias("expected_source"), "kg", "units", "available")
    )
    preferred = query(run, "SELECT * FROM marts.v_seizures_preferred")
    assert preferred.select(key).is_unique().all()
    compared = preferred.join(expected, on=key, how="full", coalesce=True)
    assert compared.height == preferred.height == expected.height
    assert (compared["source"] == compared["expected_source"]).all()
    assert (compared["sources_available"] == compared["available"]).all()
    assert ((compared["kilograms"] - compared["kg"]).abs().fill_null(0) < 1e-6).all()
    assert compared["kilograms"].is_null().to_list() == compared["kg"].is_null().to_list()
    assert ((compared["count_units"] - compared["units"]).abs().fill_null(0) < 1e-6).all()
    # what the precedence decides in the demo: the annex, else the annual totals, else the cases
    picked = dict(preferred.filter(pl.col("sources_available") > 1).group_by("source").len().iter_rows())
    assert picked.get("unodc_annex", 0) > 0 and picked.get("national_annual_totals", 0) > 0
    assert "national_seizure_cases" not in picked and RELEASE not in picked
    alone = preferred.filter(pl.col("sources_available") == 1)
    assert RELEASE in set(alone["source"])  # 2017, which nothing else gives


def test_two_unodc_releases_are_not_added_for_south_americas_cocaine(run):
    """The analyst's question of issue 9: South America's cocaine in 2018 is one source's figure."""
    where = "unodc_subregion = 'South America' AND drug_group_id = 'cocaine_type' AND year = 2018"
    by_source = dict(
        query(
            run,
            f"SELECT source, SUM(kilograms) FROM marts.v_seizures_group_annual WHERE {where} GROUP BY source",
        ).iter_rows()
    )
    assert set(by_source) == {"unodc_annex", RELEASE}
    assert by_source[RELEASE] == pytest.approx(by_source["unodc_annex"] * SCALE, rel=1e-9)
    preferred = query(run, f"SELECT source, kilograms FROM marts.v_seizures_group_preferred WHERE {where}")
    assert set(preferred["source"]) == {"unodc_annex"}
    assert preferred["kilograms"].sum() == pytest.approx(by_source["unodc_annex"], rel=1e-12)
    assert preferred["kilograms"].sum() < sum(by_source.values()) / 2
    # independently of the views: the annex's own cocaine rows (its totals where it gives them)
    annex = query(
        run,
        "SELECT f.iso3, d.is_total, d.in_group_total, SUM(f.kilograms) AS kg FROM warehouse.fact_seizure f "
        "JOIN warehouse.dim_submission s ON s.submission_id = f.submission_id "
        "JOIN warehouse.dim_drug d ON d.drug_id = f.drug_id JOIN warehouse.dim_country c ON c.iso3 = f.iso3 "
        "WHERE s.source = 'unodc_annex' AND f.valid_to IS NULL AND f.repeats_row IS NULL AND f.year = 2018 "
        "AND d.drug_group_id = 'cocaine_type' AND c.unodc_subregion = 'South America' "
        "GROUP BY f.iso3, d.is_total, d.in_group_total",
    )
    per_country = annex.group_by("iso3").agg(
        pl.when(pl.col("is_total").any())
        .then(pl.col("kg").filter("is_total").sum())
        .otherwise(pl.col("kg").filter(~pl.col("is_total") & pl.col("in_group_total")).sum())
        .first()
    )
    assert preferred["kilograms"].sum() == pytest.approx(per_country["kg"].sum(), rel=1e-9)
    # 2017: only the release gives it, so the release's figure is the one used
    earlier = query(
        run,
        "SELECT DISTINCT source FROM marts.v_seizures_group_preferred "
        "WHERE unodc_subregion = 'South America' AND year = 2017",
    )["source"]
    assert earlier.to_list() == [RELEASE]


# -- sources side by side ----------------------------------------------------------------------------

_GROUP_COMPONENTS = """
SELECT f.iso3, d.drug_group_id, s.source, BOOL_OR(d.is_total) AS has_total,
  SUM(CASE WHEN d.in_group_total AND NOT d.is_total THEN f.kilograms END) AS kg
FROM warehouse.fact_seizure f JOIN warehouse.dim_submission s ON s.submission_id = f.submission_id
JOIN warehouse.dim_drug d ON d.drug_id = f.drug_id
WHERE f.valid_to IS NULL AND f.repeats_row IS NULL AND f.year = 2011
  AND f.iso3 IN ('ECU', 'FRA', 'JAM') AND s.source IN ('national_annual_totals', 'national_seizure_cases')
GROUP BY f.iso3, d.drug_group_id, s.source"""


def test_annual_totals_and_the_sum_of_cases_side_by_side(run):
    parts = query(run, _GROUP_COMPONENTS).filter(pl.col("kg").is_not_null())
    assert not parts["has_total"].any()  # the demo's files give no group total for these: components add up
    totals = parts.filter(source="national_annual_totals").select(
        "iso3", "drug_group_id", pl.col("kg").alias("a")
    )
    cases = parts.filter(source="national_seizure_cases").select(
        "iso3", "drug_group_id", pl.col("kg").alias("b")
    )
    both = totals.join(cases, on=["iso3", "drug_group_id"])
    assert set(both["iso3"]) == set(CASES_COUNTRIES)
    compared = query(
        run,
        "SELECT * FROM marts.v_source_comparison WHERE year = 2011 AND source_b = 'national_seizure_cases'",
    )
    assert set(compared["source_a"]) == {"national_annual_totals"}
    assert set(compared["preferred_source"]) == {"national_annual_totals"}
    joined = compared.join(both, on=["iso3", "drug_group_id"], how="full", coalesce=True)
    assert joined.height == compared.height == both.height
    assert ((joined["kilograms_a"] - joined["a"]).abs() < 1e-6).all()
    assert ((joined["kilograms_b"] - joined["b"]).abs() < 1e-6).all()
    assert ((joined["difference_kg"] - (joined["a"] - joined["b"])).abs() < 1e-6).all()
    pct = 100 * (joined["a"] - joined["b"]) / joined["b"]
    assert ((joined["difference_pct"] - pct).abs() < 1e-6).all()


def test_the_annex_and_another_release_side_by_side(run):
    compared = query(run, f"SELECT * FROM marts.v_source_comparison WHERE source_b = '{RELEASE}'")
    assert set(compared["source_a"]) == {"unodc_annex"} and set(compared["year"]) == {2018}
    assert set(compared["unodc_subregion"]) == {"South America"}
    assert set(compared["preferred_source"]) == {"unodc_annex"}
    # the release is the annex at 110 %: each difference is -1/11 of the release's figure, and none
    # where the release gives 0 kg (the annex too)
    zero = compared.filter(pl.col("kilograms_b") == 0)
    assert zero["difference_pct"].is_null().all() and (zero["kilograms_a"] == 0).all()
    others = compared.filter(pl.col("kilograms_b") != 0)
    assert others.height > 10
    assert others["difference_pct"].to_list() == pytest.approx([100 * (1 - SCALE) / SCALE] * others.height)


def test_an_analyst_reads_the_new_views(run):
    if not run.startswith("postgresql"):
        pytest.skip("DuckDB has no roles")
    with analyst_role(run) as analyst_url:
        for view in (
            "v_reporting_coverage",
            "v_reporting_scorecard",
            "v_seizures_preferred",
            "v_seizures_group_preferred",
            "v_source_comparison",
        ):
            assert query(analyst_url, f"SELECT COUNT(*) AS n FROM marts.{view}")["n"].item() > 0
        assert query(analyst_url, "SELECT COUNT(*) AS n FROM warehouse.dim_source")["n"].item() == 5


def test_the_shipped_precedence_file_is_what_dim_source_holds(run):
    with open(CONFIG_DIR / "source_precedence.csv", encoding="utf-8") as handle:
        shipped = {row["source"]: int(row["rank"]) for row in csv.DictReader(handle)}
    assert {s: r for s, r in _ranks(run).items() if s != RELEASE} == shipped
