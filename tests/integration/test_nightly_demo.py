"""The real nightly flow over the demo inbox: every planted error caught, every row accounted for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from honlea.demo.inbox import write_demo_inbox
from honlea.demo.specification import PLANTED_ERRORS, RETURNS
from tests.integration.helpers import BACKENDS, query, run_nightly, unaccounted, warehouse_url

CAUGHT = [error for error in PLANTED_ERRORS if error.check]  # the other lines plant more cells of one error


@pytest.fixture(scope="module", params=BACKENDS)
def demo_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The demo inbox through one nightly run, on DuckDB and on PostgreSQL: (url, summary, workdir)."""
    work = tmp_path_factory.mktemp("demo")
    write_demo_inbox(work / "inbox")
    warehouse = warehouse_url(request.param, work)
    url, summary = run_nightly(work / "inbox", work, next(warehouse))
    yield url, summary, work
    next(warehouse, None)


def test_every_row_is_loaded_quarantined_dropped_as_duplicate_or_not_reported(demo_run):
    url, _, _ = demo_run
    audit = query(url, "SELECT * FROM quality.load_audit")
    assert audit.height == 44 + len(
        RETURNS
    )  # 27 statistics files, 16 country reports, the annex, the returns
    assert unaccounted(audit) == []
    facts = query(url, "SELECT submission_id, COUNT(*) AS n FROM warehouse.fact_seizure GROUP BY 1")
    loaded = audit.filter(pl.col("status") == "loaded").join(facts, on="submission_id")
    assert (loaded["n"] == loaded["rows_loaded"]).all()
    quarantined = query(
        url,
        "SELECT submission_id, COUNT(DISTINCT source_row) AS n FROM quality.quality_issue "
        "WHERE severity = 'error' AND source_row IS NOT NULL GROUP BY 1",
    )
    per_file = (
        audit.filter(pl.col("status") == "loaded")
        .join(quarantined, on="submission_id", how="left")
        .with_columns(pl.col("n").fill_null(0))
    )
    assert (per_file["n"] == per_file["rows_quarantined"]).all()
    assert (
        audit["rows_read"].sum()
        == 11013 + audit.filter(pl.col("file_name").str.starts_with("SYNTHETIC"))["rows_read"].sum()
    )
    # the German wide file lists Morphine without a figure; the cover note is read but not recognised
    counts = audit.select("file_name", "status", "rows_read", "rows_quarantined", "rows_not_reported")
    assert counts.filter(pl.col("rows_not_reported") > 0).rows() == [
        ("SYNTHETIC_DEU_annual_seizure_totals_by_year.xlsx", "loaded", 41, 0, 1)
    ]
    assert counts.filter(pl.col("status") == "unrecognised").rows() == [
        ("SYNTHETIC_PAN_nota_de_remision.csv", "unrecognised", 3, 3, 0)
    ]
    run = query(
        url,
        "SELECT rows_read, rows_loaded, rows_quarantined, rows_duplicate, rows_not_reported "
        "FROM quality.etl_run WHERE run_id = ?",
        [audit["run_id"][0]],
    )
    assert run.row(0) == tuple(audit[c].sum() for c in run.columns)


@pytest.mark.parametrize("planted", CAUGHT, ids=[p.check for p in CAUGHT])
def test_planted_error_is_caught_where_it_was_planted(demo_run, planted):
    url, _, _ = demo_run
    issues = query(
        url,
        "SELECT sheet, source_row, column_name FROM quality.quality_issue "
        "WHERE file_name = ? AND check_name = ?",
        [Path(planted.file).name, planted.check],
    )
    assert (planted.sheet, planted.row, planted.column) in issues.rows(), (planted, issues)


def test_error_rows_stay_out_and_warning_rows_load_flagged(demo_run):
    url, _, _ = demo_run
    conflict = query(url, "SELECT * FROM quality.quality_issue WHERE check_name = 'key_conflict'")
    planted = next(error for error in PLANTED_ERRORS if error.check == "key_conflict")
    assert conflict["file_name"].to_list() == [Path(planted.file).name] * 2
    rows = conflict["source_row"].to_list()
    assert sorted(rows) == sorted([planted.copy_of, planted.row])  # the row sent again, and its copy
    assert all(str(r) in conflict["message"][0] for r in rows)  # the message names both rows of the conflict
    in_facts = query(
        url,
        "SELECT f.source_row FROM warehouse.fact_seizure f "
        "JOIN warehouse.dim_submission s USING (submission_id) WHERE s.file_name = ?",
        [conflict["file_name"][0]],
    )["source_row"].to_list()
    assert not set(rows) & set(in_facts)
    flagged = query(
        url,
        "SELECT s.file_name, f.source_row, f.warnings FROM warehouse.fact_seizure f "
        "JOIN warehouse.dim_submission s USING (submission_id) WHERE f.warnings LIKE '%total_vs_components%'",
    )
    planted = "SYNTHETIC_PER_incautaciones_anuales_2007-2011.csv"
    assert flagged.filter(pl.col("file_name") == planted).rows() == [(planted, 20, "total_vs_components")]
    assert flagged.height == 1 + 49  # and the real annex's 49 totals smaller than their components


def test_issue_names_file_sheet_row_column_and_value(demo_run):
    url, _, work = demo_run
    planted = next(error for error in PLANTED_ERRORS if error.check == "numeric_quantity")
    issue = query(url, "SELECT * FROM quality.quality_issue WHERE check_name = 'numeric_quantity'").row(
        0, named=True
    )
    assert (issue["file_name"], issue["sheet"], issue["column_name"]) == (
        Path(planted.file).name,
        planted.sheet,
        planted.column,
    )
    assert issue["value"] == planted.value and issue["severity"] == "error"  # the value as submitted
    text = (work / "inbox" / planted.file).read_bytes().decode("cp1252")
    assert planted.value in text.splitlines()[issue["source_row"] - 1]  # the row as an editor numbers it


def test_unrecognised_file_is_reported_with_its_reason(demo_run):
    url, summary, _ = demo_run
    (row,) = query(url, "SELECT * FROM quality.load_audit WHERE status = 'unrecognised'").rows(named=True)
    assert row["file_name"] == "SYNTHETIC_PAN_nota_de_remision.csv"
    assert "no source profile recognises it" in row["message"]
    assert "SYNTHETIC_PAN_nota_de_remision.csv" in summary


def test_duplicate_case_is_dropped_and_counted(demo_run):
    url, _, _ = demo_run
    jam = query(
        url, "SELECT * FROM quality.load_audit WHERE file_name = 'SYNTHETIC_JAM_seizure_cases_2011.csv'"
    )
    assert jam["rows_duplicate"].to_list() == [1]
    refs = query(
        url,
        "SELECT case_ref, COUNT(*) AS n FROM warehouse.fact_seizure WHERE figure_type = 'case' GROUP BY 1",
    )
    assert refs["n"].max() == 1


def test_views_answer_analyst_questions(demo_run):
    url, _, _ = demo_run
    annual = query(url, "SELECT * FROM marts.v_seizures_annual")
    expected = [
        "iso3", "country", "unodc_region", "unodc_subregion", "m49_subregion", "drug_group", "drug_subgroup",
        "drug", "drug_id", "drug_group_id", "is_total", "year", "kilograms", "count_units", "seizure_cases",
        "source_rows", "source", "is_synthetic",
    ]  # fmt: skip
    assert annual.columns == expected
    assert annual.select(pl.struct("iso3", "drug_id", "year", "source").is_unique().all()).item()
    mexico = annual.filter(pl.col("iso3") == "MEX")
    assert set(mexico["unodc_subregion"]) == {"North America"} and set(mexico["m49_subregion"]) == {
        "Latin America and the Caribbean"
    }
    cases = annual.filter(pl.col("source") == "national_seizure_cases", pl.col("iso3") == "JAM")
    assert (
        cases["seizure_cases"].sum()
        == query(
            url,
            "SELECT COUNT(*) AS n FROM warehouse.fact_seizure WHERE figure_type = 'case' AND iso3 = 'JAM'",
        )["n"].item()
    )


def test_group_view_uses_reported_total_or_components_never_both(demo_run):
    url, _, _ = demo_run
    groups = query(url, "SELECT * FROM marts.v_seizures_group_annual WHERE source = 'national_annual_totals'")
    totals = groups.filter(pl.col("basis") == "reported_total")
    assert totals.height == 15 and (totals["kilograms"] == totals["reported_total_kg"]).all()
    components = groups.filter(pl.col("basis") == "sum_of_components")
    assert components["reported_total_kg"].is_null().all()
    assert (components["kilograms"] == components["components_kg"]).all()
    peru = totals.filter(
        pl.col("iso3") == "PER", pl.col("drug_group_id") == "cocaine_type", pl.col("year") == 2010
    )
    peru_facts = query(
        url,
        "SELECT d.is_total, d.in_group_total, SUM(f.kilograms) AS kg FROM warehouse.fact_seizure f "
        "JOIN warehouse.dim_drug d USING (drug_id) WHERE f.iso3 = 'PER' AND f.year = 2010 "
        "AND d.drug_group_id = 'cocaine_type' GROUP BY 1, 2",
    )
    reported = peru_facts.filter(pl.col("is_total"))["kg"].sum()
    parts = peru_facts.filter(~pl.col("is_total") & pl.col("in_group_total"))["kg"].sum()
    assert (reported, parts) == (pytest.approx(27862.4), pytest.approx(26211.3))  # the demo's figures
    assert peru.select("kilograms", "reported_total_kg", "components_kg").rows() == [
        (pytest.approx(reported), pytest.approx(reported), pytest.approx(parts))
    ]


def test_data_docs_and_summary(demo_run):
    url, summary, work = demo_run
    run_id = query(url, "SELECT DISTINCT run_id FROM quality.load_audit")["run_id"].item()
    index = work / "data" / "gx_docs" / run_id / "index.html"
    assert index.exists() and str(index) in summary
    assert f"[{run_id}](http://127.0.0.1:8765/docs/{run_id}/index.html)" in summary  # for the Prefect UI
    assert "| **all files** |" in summary and "known_drug" in summary


def test_second_run_over_same_inbox_loads_nothing_again(demo_run, tmp_path):
    url, _, work = demo_run
    before = query(url, "SELECT COUNT(*) AS n, SUM(kilograms) AS kg FROM warehouse.fact_seizure")
    from honlea.flows.nightly import nightly

    nightly(inbox=str(work / "inbox"), warehouse_url=url, data_dir=str(tmp_path))
    assert query(url, "SELECT COUNT(*) AS n, SUM(kilograms) AS kg FROM warehouse.fact_seizure").equals(before)
    runs = query(
        url, "SELECT run_id, status, COUNT(*) AS n FROM quality.load_audit GROUP BY 1, 2 ORDER BY run_id"
    )
    last = runs.filter(pl.col("run_id") == runs["run_id"].max())
    assert dict(zip(last["status"], last["n"], strict=True)) == {
        "already_loaded": 43 + len(RETURNS),
        "unrecognised": 1,
    }


def test_synthetic_demo_rows_are_labelled_in_the_views(demo_run):
    url, _, _ = demo_run
    labelled = query(
        url, "SELECT source, is_synthetic, COUNT(*) AS n FROM marts.v_seizures_annual GROUP BY 1, 2"
    )
    flags = {(r["source"], r["is_synthetic"]) for r in labelled.iter_rows(named=True)}
    assert flags == {
        ("unodc_annex", False),
        ("national_annual_totals", True),
        ("national_seizure_cases", True),
    }
    assert query(
        url,
        "SELECT BOOL_AND(is_synthetic) AS s FROM marts.v_seizures_group_annual WHERE source <> 'unodc_annex'",
    )["s"].item()


def test_run_publishes_a_prefect_markdown_artifact(demo_run):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    url, _, _ = demo_run
    run_id = query(url, "SELECT MIN(run_id) AS r FROM quality.load_audit")["r"].item()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["nightly-summary"]))
        )
    bodies = [a.data for a in artifacts if a.type == "markdown"]
    (summary,) = [body for body in bodies if body.startswith(f"# Nightly run {run_id}")]  # one per run
    assert "SYNTHETIC_URY" in summary
    assert "## Open issues by country and check" in summary and "| URY | known_drug | 1 |" in summary
    assert "http://127.0.0.1:8765/" in summary
