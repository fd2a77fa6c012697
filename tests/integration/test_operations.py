"""Nightly operations on DuckDB and PostgreSQL: no-change runs, resubmissions and history, twice is
identical, crash then rerun, concurrent runs and migrations, analysts who read and can neither write nor
stop the night, the data dictionary."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import polars as pl
import psycopg
import pytest

import honlea.warehouse.publish
from honlea.warehouse.connection import connect, upgrade_schema
from honlea.warehouse.lock import WarehouseLocked, run_lock
from honlea.warehouse.migrations import current_version, latest_version, migrations
from honlea.warehouse.publish import start_run
from honlea.warehouse.schema import SCHEMAS, TABLES, WAREHOUSE
from honlea.warehouse.views import VIEWS
from tests.integration.helpers import analyst_role, query, run_nightly, warehouse_url

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

    monkeypatch.setattr(honlea.warehouse.publish, "_audit_row", crash)  # after the facts are inserted
    with pytest.raises(OSError, match="injected"):
        run_nightly(inbox, tmp_path, url)
    assert content_hash(url) == before
    failed = query(url, "SELECT status, message FROM quality.etl_run WHERE status <> 'succeeded'").row(0)
    assert failed[0] == "failed" and "injected" in failed[1]
    monkeypatch.undo()
    run_nightly(inbox, tmp_path, url)
    assert current_kg(url, "CHL", 2011) == 3500 and current_kg(url, "PER", 2011) == 12


def test_data_docs_that_cannot_be_rendered_do_not_undo_the_night(tmp_path, new_warehouse, monkeypatch):
    import honlea.flows.nightly

    url = new_warehouse()
    inbox = tmp_path / "inbox"
    write(inbox, "peru_anual.csv", "Perú;2011;Heroína;12;kg")

    def crash(*args, **kwargs):
        raise OSError("injected: no room for the Data Docs")

    monkeypatch.setattr(honlea.flows.nightly, "build_docs", crash)  # rendered while the load runs
    _, summary = run_nightly(inbox, tmp_path, url)
    assert current_kg(url, "PER", 2011) == 12
    assert query(url, "SELECT status FROM quality.etl_run")["status"].to_list() == ["succeeded"]
    assert "Great Expectations Data Docs: not rendered (" in summary and "injected" in summary


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


def test_a_run_left_running_is_marked_abandoned_by_the_next(tmp_path, new_warehouse):
    url = new_warehouse()
    write(tmp_path / "inbox", "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    with connect(url) as warehouse:
        upgrade_schema(warehouse)
        start_run(warehouse, "20120101T000000Z-dead00", "", "schedule", 1)  # then its process died
    _, summary = run_nightly(tmp_path / "inbox", tmp_path, url)
    (dead, status, message, finished_at), (run_id, *_) = query(
        url, "SELECT run_id, status, message, finished_at FROM quality.etl_run ORDER BY run_id"
    ).iter_rows()
    assert (dead, status, finished_at is not None) == ("20120101T000000Z-dead00", "abandoned", True)
    assert message == f"its process ended without recording an outcome; found by run {run_id}"
    assert "## Runs found abandoned" in summary and dead in summary
    run_nightly(tmp_path / "inbox", tmp_path, url)  # nothing else to mark: the first run succeeded
    assert query(url, "SELECT status FROM quality.etl_run ORDER BY run_id")["status"].to_list() == [
        "abandoned",
        "succeeded",
        "succeeded",
    ]


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
    with analyst_role(url) if url.startswith("postgresql") else nullcontext(url) as analyst_url:
        with connect(analyst_url, read_only=True) as analyst:
            assert analyst.scalar("SELECT COUNT(*) FROM marts.v_seizures_annual") == 1
            with pytest.raises(Exception, match=r"(?i)read.only|permission denied"):
                analyst.execute("DELETE FROM warehouse.fact_seizure")
        if url.startswith("postgresql"):
            with (
                connect(analyst_url) as analyst,
                pytest.raises(Exception, match=r"(?i)read.only|permission denied"),
            ):
                analyst.execute("CREATE TABLE marts.mine (x INTEGER)")
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.fact_seizure")["n"].item() == 1


@pytest.fixture
def postgres_url(tmp_path) -> Iterator[str]:
    yield from warehouse_url("postgresql", tmp_path)


#: What an analyst might try against the night or the data, each refused by a privilege.
FORBIDDEN = (
    "SELECT name FROM quality.run_lock FOR UPDATE NOWAIT",  # the nightly run's lock
    "LOCK TABLE quality.run_lock IN ACCESS EXCLUSIVE MODE NOWAIT",
    "LOCK TABLE quality.etl_run IN EXCLUSIVE MODE NOWAIT",  # what serialises migrations
    "CREATE TEMP TABLE mine (x INTEGER)",
    "CREATE TABLE public.mine (x INTEGER)",
    "CREATE TABLE marts.mine (x INTEGER)",
    "CREATE SCHEMA mine",
    "DELETE FROM warehouse.fact_seizure",
    "UPDATE warehouse.dim_country SET iso3 = iso3",
    "INSERT INTO quality.steward_decision (decision_id) VALUES ('forged')",
    "SELECT * FROM warehouse.fact_seizure FOR UPDATE NOWAIT",
    "LOCK TABLE warehouse.fact_seizure IN SHARE MODE NOWAIT",
)


def test_an_analyst_cannot_stop_the_night_or_write(tmp_path, postgres_url):
    """As the analyst, with the read-only default turned off (the analyst may do that): privileges must
    refuse. The advisory lock runs took before (key 20121001) no longer stops a run."""
    inbox = tmp_path / "inbox"
    write(inbox, "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    run_nightly(inbox, tmp_path, postgres_url)
    with analyst_role(postgres_url) as analyst_url, connect(analyst_url) as analyst:
        analyst.execute("SET default_transaction_read_only = off")
        for statement in FORBIDDEN:
            with pytest.raises(psycopg.errors.InsufficientPrivilege), analyst.transaction():
                analyst.execute(statement)
        assert analyst.scalar("SELECT COUNT(*) FROM marts.v_seizures_annual") == 1
        assert analyst.scalar("SELECT SUM(kilograms) FROM warehouse.fact_seizure") == 12

        assert analyst.scalar("SELECT pg_try_advisory_lock(20121001)")
        write(inbox, "chile_anual.csv", "Chile;2011;Marihuana;3,5;toneladas")
        run_nightly(inbox, tmp_path, postgres_url, lock_wait_seconds=1)  # not refused
        assert analyst.scalar("SELECT SUM(kilograms) FROM warehouse.fact_seizure") == 3512


def test_the_run_lock_outlives_a_server_timeout_for_idle_transactions(postgres_url, monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c idle_in_transaction_session_timeout=1s")
    with run_lock(postgres_url, 0):
        time.sleep(2)  # the lock's transaction idles while the run works on other connections
        with pytest.raises(WarehouseLocked), run_lock(postgres_url, 0):
            pass


def test_a_run_that_recreates_views_and_comments_is_not_blocked_by_its_own_lock(
    tmp_path, postgres_url, monkeypatch
):
    """The schema upgrade inside a run comments on quality.run_lock while the run holds its lock."""
    inbox = tmp_path / "inbox"
    write(inbox, "peru_anual.csv", "Perú;2011;Heroína;12;kg")
    run_nightly(inbox, tmp_path, postgres_url)
    with connect(postgres_url) as warehouse:
        warehouse.execute("UPDATE quality.schema_state SET derived_digest = 'an older release'")
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=20s")  # a blocked statement fails instead of hanging
    write(inbox, "chile_anual.csv", "Chile;2011;Marihuana;3,5;toneladas")
    run_nightly(inbox, tmp_path, postgres_url)
    assert current_kg(postgres_url, "CHL", 2011) == 3500
    assert query(postgres_url, "SELECT derived_digest FROM quality.schema_state").item() != "an older release"


def _upgrade_at_once(url: str, runs: int) -> list[list[int] | BaseException]:
    """upgrade_schema from `runs` connections released at the same instant; what each returned or raised."""
    start = threading.Barrier(runs)
    outcomes: list[list[int] | BaseException] = []

    def upgrade() -> None:
        with connect(url) as warehouse:
            start.wait()
            try:
                outcomes.append(upgrade_schema(warehouse))
            except BaseException as exc:  # reported by the caller's assertion
                outcomes.append(exc)

    threads = [threading.Thread(target=upgrade) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("version", [0, 1])
def test_runs_starting_at_once_migrate_one_after_the_other(postgres_url, version):
    """On an empty database (0) and on one built before migrations (1): each migration is applied once."""
    if version:
        with connect(postgres_url) as warehouse:
            for schema in SCHEMAS:
                warehouse.execute(f"CREATE SCHEMA {schema}")
            migrations()[0].apply(warehouse)
            assert current_version(warehouse) == 1
    outcomes = _upgrade_at_once(postgres_url, 3)
    assert [outcome for outcome in outcomes if isinstance(outcome, BaseException)] == []
    assert sorted(outcomes, key=len) == [[], [], list(range(version + 1, latest_version() + 1))]


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
