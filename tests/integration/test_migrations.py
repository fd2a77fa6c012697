"""Upgrades keep the data: the migrations build exactly the schema the code describes, and a warehouse
built by the code before migrations existed (commit fb0019f, checked out here) is upgraded in place,
keeps every fact, issue, decision and history row, and then runs like a fresh one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from honlea.warehouse.connection import connect, upgrade_schema
from honlea.warehouse.migrations import current_version, latest_version
from honlea.warehouse.schema import TABLES
from tests.integration.helpers import query, run_nightly

REPO = Path(__file__).resolve().parents[2]
LEGACY_COMMIT = "fb0019f"  # main before migrations: tables made with CREATE TABLE IF NOT EXISTS
HEADER = "País;Año;Droga;Cantidad;Unidad\n"
INBOX_STEPS = (
    {
        "col_anual_v1.csv": [
            "Colombia;2010;Cocaína;900;kg",
            "COL;2011;Cocaína;1000;kg",
            "Colombia;2011;Kryptonita;5;kg",
        ]
    },
    {"col_anual_v2.csv": ["Colombia;2011;Cocaína;1500;kg", "Colombia;2011;Marihuana;12,5;toneladas"]},
)
NEW_FILE = {"per_anual.csv": ["Perú;2011;Pasta básica de cocaína;310;kg"]}


def _write(inbox: Path, files: dict[str, list[str]]) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        (inbox / name).write_bytes((HEADER + "".join(f"{r}\n" for r in rows)).encode("cp1252"))


def _types(url: str) -> dict[tuple[str, str, str], str]:
    columns = query(
        url,
        "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema IN ('staging', 'warehouse', 'quality')",
    )
    return {(s, t, c): d.upper() for s, t, c, d in columns.iter_rows()}


_SAME_TYPE = {"DOUBLE PRECISION": "DOUBLE", "CHARACTER VARYING": "VARCHAR", "TEXT": "VARCHAR"}


def test_migrations_build_the_schema_the_code_describes(tmp_path, new_warehouse):
    url = new_warehouse()
    with connect(url) as warehouse:
        assert upgrade_schema(warehouse) == list(range(1, latest_version() + 1))
        assert upgrade_schema(warehouse) == []  # nothing pending the second time
        assert current_version(warehouse) == latest_version()
    found = {
        key: _SAME_TYPE.get(kind, kind).replace("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP")
        for key, kind in _types(url).items()
    }
    described = {(t.schema, t.name, c.name): c.type for t in TABLES for c in t.columns}
    assert found == described


def test_a_newer_warehouse_is_refused(tmp_path):
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    with connect(url) as warehouse:
        upgrade_schema(warehouse)
        warehouse.execute("INSERT INTO quality.schema_version VALUES (999, 'from the future', NULL)")
        with pytest.raises(RuntimeError, match="newer than this code"):
            upgrade_schema(warehouse)


_LEGACY_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from honlea.flows.nightly import nightly
    from honlea.review.service import IssueFilter, decide, list_issues
    from honlea.warehouse.connection import connect
    inbox, data, url, steps = Path(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    header = "País;Año;Droga;Cantidad;Unidad\\n"
    for number, files in enumerate(steps):
        for name, rows in files.items():
            (inbox / name).write_bytes((header + "".join(r + "\\n" for r in rows)).encode("cp1252"))
        nightly(inbox=str(inbox), warehouse_url=url, data_dir=data)
        if number == 0:
            with connect(url) as warehouse:
                issues = list_issues(warehouse, IssueFilter(check_name="known_drug"))
                decide(warehouse, issues["issue_id"].to_list(), "reject", "Legacy Steward", "no such drug")
            nightly(inbox=str(inbox), warehouse_url=url, data_dir=data)  # applies the decision
    """
)


@pytest.fixture(scope="module")
def legacy_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as it was at LEGACY_COMMIT, checked out from this repository's history."""
    if subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", LEGACY_COMMIT], check=False).returncode:
        pytest.skip(f"commit {LEGACY_COMMIT} is not in this clone's history")
    folder = tmp_path_factory.mktemp("legacy")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", LEGACY_COMMIT], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _build_legacy(code: Path, inbox: Path, data: Path, url: str) -> None:
    import json

    from prefect.settings import PREFECT_API_URL

    inbox.mkdir(parents=True)
    env = os.environ | {"PYTHONPATH": str(code), "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    done = subprocess.run(
        [sys.executable, "-c", _LEGACY_SCRIPT, str(inbox), str(data), url, json.dumps(INBOX_STEPS)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _row_key(path: Path, source_row: int) -> str:
    """The row key a nightly run gives the row of the file (a decision on it must name it so)."""
    import polars as pl

    from honlea.config.source_profiles import load_profiles
    from honlea.sources.readers import read_grids
    from honlea.sources.recognise import recognise
    from honlea.transforms.decisions import row_keys, with_occurrence
    from honlea.transforms.records import sheet_records

    result = recognise(path, read_grids(path), load_profiles())
    ((grid, header),) = result.sheets
    sheet = sheet_records(grid.frame, header, grid.sheet, result.profile.defaults)
    records = with_occurrence(sheet.records)
    return row_keys(records.filter(pl.col("source_row") == source_row))["row_key"].item()


_KEPT = {
    "warehouse.fact_seizure": "seizure_id, submission_id, iso3, drug_id, year, quantity, valid_to",
    "warehouse.dim_submission": "submission_id, sha256, source, valid_from, valid_to, superseded_by",
    "quality.quality_issue": "issue_id, run_id, source_row, check_name, value, status",
    "quality.steward_decision": "decision_id, issue_id, action, steward, applied_run_id",
    "quality.load_audit": "run_id, file_name, status, rows_read, rows_loaded, rows_quarantined",
    "quality.etl_run": "run_id, status, rows_read, rows_loaded",
}


def _snapshot(url: str) -> dict[str, list[tuple]]:
    return {
        table: sorted(query(url, f"SELECT {columns} FROM {table}").rows(), key=str)
        for table, columns in _KEPT.items()
    }


def test_a_warehouse_built_before_migrations_is_upgraded_and_keeps_its_data(
    tmp_path, new_warehouse, legacy_code
):
    legacy_url, fresh_url = new_warehouse(), new_warehouse()
    inbox = tmp_path / "inbox"
    _build_legacy(legacy_code, inbox, tmp_path / "legacy-data", legacy_url)
    before = _snapshot(legacy_url)
    assert len(before["quality.steward_decision"]) == 1
    closed = [row[:6] for row in before["warehouse.fact_seizure"] if row[-1] is not None]
    assert closed == [  # history exists: (seizure_id, submission_id, iso3, drug_id, year, quantity)
        (10000000, 1, "COL", "non_specified_cocaine", 2010, 900.0),  # v1, replaced when the decision
        (10000001, 1, "COL", "non_specified_cocaine", 2011, 1000.0),  # had the legacy code read it again
        (20000001, 2, "COL", "non_specified_cocaine", 2011, 1000.0),  # that 2011 figure, replaced by v2
    ]
    with connect(legacy_url) as warehouse:
        assert current_version(warehouse) == 1

    _write(inbox, NEW_FILE)
    run_nightly(inbox, tmp_path, legacy_url)
    after = _snapshot(legacy_url)
    for table, rows in before.items():
        if table in ("quality.load_audit", "quality.etl_run"):
            assert set(rows) <= set(after[table]), table  # the new run adds its own rows
        else:
            kept = [row for row in after[table] if row in set(rows)]
            assert kept == rows, table  # every old row is still there, unchanged
    decision = query(legacy_url, "SELECT row_key FROM quality.steward_decision").item()
    assert decision == _row_key(inbox / "col_anual_v1.csv", 4)  # names the row it was made on, as a run does
    legacy_issues = {row[0] for row in before["quality.quality_issue"] if row[3] == "known_drug"}
    years = query(legacy_url, "SELECT issue_id, year FROM quality.quality_issue").rows()
    assert legacy_issues and {year for issue, year in years if issue in legacy_issues} == {2011}  # its row's

    # the same history on a fresh warehouse with the new code gives the same current figures
    fresh_inbox = tmp_path / "fresh-inbox"
    for number, files in enumerate(INBOX_STEPS):
        _write(fresh_inbox, files)
        run_nightly(fresh_inbox, tmp_path / "fresh", fresh_url)
        if number == 0:
            from honlea.review.service import IssueFilter, decide, list_issues

            with connect(fresh_url) as warehouse:
                ids = list_issues(warehouse, IssueFilter(check_name="known_drug"))["issue_id"].to_list()
                decide(warehouse, ids, "reject", "Steward", "no such drug")
            run_nightly(fresh_inbox, tmp_path / "fresh", fresh_url)
    _write(fresh_inbox, NEW_FILE)
    run_nightly(fresh_inbox, tmp_path / "fresh", fresh_url)
    figures = (
        "SELECT iso3, drug_id, year, kilograms, source_rows, source FROM marts.v_seizures_annual "
        "ORDER BY iso3, drug_id, year"
    )
    assert query(legacy_url, figures).rows() == query(fresh_url, figures).rows()
    assert len(query(legacy_url, figures)) == 4
    with connect(legacy_url) as warehouse:
        assert current_version(warehouse) == latest_version()
