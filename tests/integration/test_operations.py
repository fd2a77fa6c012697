"""Nightly operations on DuckDB and PostgreSQL: no-change runs, resubmissions and history, twice is
identical, crash then rerun, concurrent runs, read-only analysts, the data dictionary."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

import warehouse.publish
from tests.integration.helpers import query, run_nightly
from warehouse.connection import connect
from warehouse.lock import WarehouseLocked, run_lock
from warehouse.roles import grant_analyst
from warehouse.schema import TABLES, WAREHOUSE
from warehouse.views import VIEWS

HEADER = "País;Año;Droga;Cantidad;Unidad\n"


def write(inbox: Path, name: str, *rows: str) -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / name
    path.write_bytes((HEADER + "".join(f"{r}\n" for r in rows)).encode("cp1252"))
    return path


def content_hash(url: str) -> dict[str, int]:
    """A hash of the rows of every published table and view, whatever their order."""
    published = [t.qualified for t in TABLES if t.schema == WAREHOUSE] + [v.qualified for v in VIEWS]
    return {name: int(query(url, f"SELECT * FROM {name}").hash_rows().sum()) for name in published}


def current_kg(url: str, iso3: str, year: int) -> float:
    return query(
        url,
        "SELECT SUM(kilograms) AS kg FROM marts.v_seizures_annual WHERE iso3 = ? AND year = ?",
        [iso3, year],
    )["kg"].item()


def test_a_night_without_new_files_changes_nothing(tmp_path, new_warehouse):
    url = new_warehouse()
    write(tmp_path / "inbox", "incautaciones_anuales_col.csv", "Colombia;2011;Marihuana;12,5;toneladas")
    run_nightly(tmp_path / "inbox", tmp_path, url)
    before = content_hash(url)
    run_nightly(tmp_path / "inbox", tmp_path, url)
    assert content_hash(url) == before
    runs = query(url, "SELECT status, files, files_loaded, rows_read FROM quality.etl_run ORDER BY run_id")
    assert runs.rows() == [("succeeded", 1, 1, 1), ("succeeded", 1, 0, 0)]
    assert query(url, "SELECT status FROM quality.load_audit ORDER BY finished_at")["status"].to_list() == [
        "loaded",
        "already_loaded",
    ]


def test_a_resubmission_replaces_the_old_figures_and_keeps_their_history(tmp_path, new_warehouse):
    url = new_warehouse()
    inbox = tmp_path / "inbox"
    write(
        inbox, "col_anual_v1.csv", "Colombia;2010;Clorhidrato de cocaína;900;kg", "COL;2011;Cocaína;1000;kg"
    )
    run_nightly(inbox, tmp_path, url)
    between = datetime.utcnow()
    time.sleep(0.05)
    write(inbox, "col_anual_v2.csv", "Colombia;2011;Cocaína;1500;kg")
    run_nightly(inbox, tmp_path, url)
    assert current_kg(url, "COL", 2011) == 1500 and current_kg(url, "COL", 2010) == 900
    as_of = query(
        url,
        "SELECT year, SUM(kilograms) AS kg FROM marts.v_seizure_history "
        "WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) GROUP BY year ORDER BY year",
        [between, between],
    )
    assert as_of.rows() == [(2010, 900.0), (2011, 1000.0)]
    submissions = query(
        url, "SELECT file_name, valid_to FROM warehouse.dim_submission ORDER BY submission_id"
    )
    assert submissions["valid_to"].null_count() == 2  # v1 still holds 2010
    write(
        inbox,
        "col_anual_v3.csv",
        "Colombia;2010;Clorhidrato de cocaína;950;kg",
        "Colombia;2011;Cocaína;1600;kg",
    )
    run_nightly(inbox, tmp_path, url)
    closed = query(
        url, "SELECT file_name, superseded_by FROM warehouse.dim_submission WHERE valid_to IS NOT NULL"
    )
    assert sorted(closed["file_name"]) == ["col_anual_v1.csv", "col_anual_v2.csv"]
    assert (current_kg(url, "COL", 2010), current_kg(url, "COL", 2011)) == (950, 1600)
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.fact_seizure")["n"].item() == 5  # nothing deleted


def test_a_failure_while_publishing_leaves_the_warehouse_as_it_was(tmp_path, new_warehouse, monkeypatch):
    url = new_warehouse()
    inbox = tmp_path / "inbox"
    write(inbox, "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    run_nightly(inbox, tmp_path, url)
    before = content_hash(url)
    write(inbox, "chile_anual.csv", "Chile;2011;Marihuana;3,5;toneladas")

    def crash(*args, **kwargs):
        raise OSError("injected: disk full while publishing")

    monkeypatch.setattr(warehouse.publish, "_audit_row", crash)  # after the facts are inserted
    with pytest.raises(OSError, match="injected"):
        run_nightly(inbox, tmp_path, url)
    assert content_hash(url) == before
    failed = query(url, "SELECT status, message FROM quality.etl_run WHERE status <> 'succeeded'").row(0)
    assert failed[0] == "failed" and "injected" in failed[1]
    monkeypatch.undo()
    run_nightly(inbox, tmp_path, url)
    assert current_kg(url, "CHL", 2011) == 3500 and current_kg(url, "PER", 2011) == 12


def test_a_second_run_waits_for_the_first_and_loads_nothing_twice(tmp_path, new_warehouse):
    url = new_warehouse()
    inbox = tmp_path / "inbox"
    for country in ("Perú", "Chile", "Bolivia", "Ecuador"):
        write(inbox, f"{country}_anual.csv", f"{country};2011;Marihuana;1;kg")
    errors: list[BaseException] = []

    def run(workdir: Path) -> None:
        try:
            run_nightly(inbox, workdir, url, lock_wait_seconds=120)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(tmp_path / f"run{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.fact_seizure")["n"].item() == 4
    statuses = query(url, "SELECT status, COUNT(*) AS n FROM quality.load_audit GROUP BY 1 ORDER BY 1")
    assert statuses.rows() == [("already_loaded", 4), ("loaded", 4)]


def test_a_run_refuses_when_another_holds_the_warehouse(tmp_path, new_warehouse):
    url = new_warehouse()
    write(tmp_path / "inbox", "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    with run_lock(url, 0), pytest.raises(WarehouseLocked, match="another nightly run"):
        run_nightly(tmp_path / "inbox", tmp_path, url, lock_wait_seconds=0.5)
    run_nightly(tmp_path / "inbox", tmp_path, url)  # free again
    assert current_kg(url, "PER", 2011) == 12


def test_analysts_read_but_cannot_write(tmp_path, new_warehouse):
    url = new_warehouse()
    write(tmp_path / "inbox", "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    run_nightly(tmp_path / "inbox", tmp_path, url)
    if url.startswith("duckdb"):
        analyst_url = url
    else:
        role = f"analyst_{tmp_path.name[-12:].lower().replace('-', '_')}"
        with connect(url) as admin:
            grant_analyst(admin, role)
        analyst_url = url.replace("//postgres@", f"//{role}@")
    try:
        with connect(analyst_url, read_only=True) as analyst:
            assert analyst.scalar("SELECT COUNT(*) FROM marts.v_seizures_annual") == 1
            with pytest.raises(Exception, match=r"(?i)read.only|permission denied"):
                analyst.execute("DELETE FROM warehouse.fact_seizure")
        if not url.startswith("duckdb"):
            with (
                connect(analyst_url) as analyst,
                pytest.raises(Exception, match=r"(?i)read.only|permission denied"),
            ):
                analyst.execute("CREATE TABLE marts.mine (x INTEGER)")
    finally:
        if not url.startswith("duckdb"):
            with connect(url) as admin:
                admin.execute(f"DROP OWNED BY {role}")
                admin.execute(f"DROP ROLE {role}")
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.fact_seizure")["n"].item() == 1


def test_every_table_view_and_column_carries_its_meaning(tmp_path, new_warehouse):
    url = new_warehouse()
    write(tmp_path / "inbox", "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    run_nightly(tmp_path / "inbox", tmp_path, url)
    if url.startswith("duckdb"):
        tables = query(url, "SELECT schema_name || '.' || table_name AS name, comment FROM duckdb_tables()")
        views = query(url, "SELECT schema_name || '.' || view_name AS name, comment FROM duckdb_views()")
        columns = query(url, "SELECT schema_name || '.' || table_name AS name, comment FROM duckdb_columns()")
    else:
        described = (
            "SELECT n.nspname || '.' || c.relname AS name, obj_description(c.oid) AS comment FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v')"
        )
        tables = views = query(url, described)
        columns = query(
            url,
            "SELECT table_schema || '.' || table_name AS name, col_description("
            "(table_schema || '.' || table_name)::regclass, ordinal_position) AS comment "
            "FROM information_schema.columns",
        )
    ours = [t.qualified for t in TABLES] + [v.qualified for v in VIEWS]
    commented = pl.concat([tables, views]).filter(pl.col("name").is_in(ours), pl.col("comment").is_not_null())
    assert sorted(set(commented["name"])) == sorted(ours)
    mine = columns.filter(pl.col("name").is_in(ours))
    declared = {t.qualified: len(t.columns) for t in TABLES} | {v.qualified: len(v.columns) for v in VIEWS}
    assert dict(mine.group_by("name").len().iter_rows()) == declared  # every column, and only those
    assert mine["comment"].null_count() == 0
