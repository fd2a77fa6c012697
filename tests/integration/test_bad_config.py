"""A configuration error is not bad data: it stops the run at once, loudly, before any file is touched."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

from honlea.flows.cli import main
from tests.config_helpers import copy_config, edit
from tests.integration.helpers import run_nightly

GOOD = "Country,Year,Drug,Quantity,Unit\nColombia,2011,Cocaine hydrochloride,12.5,kg\n"


def _misspelt_profile(root: Path) -> tuple[Path, str]:
    """A config folder whose annual_totals profile misspells key_policy; the problem that names it."""
    folder = copy_config(root / "config")
    path = folder / "profiles" / "annual_totals.yaml"
    line = edit(path, "key_policy: conflict", "key_polcy: conflict")
    return folder, f"{path}:{line}: key_polcy: unknown key (allowed: name, title, source, kind, dataset,"


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "totals_annual_col.csv").write_text(GOOD, encoding="utf-8")
    return inbox


def _untouched(url: str) -> bool:
    """No warehouse file (DuckDB), or no schema of ours in the database (PostgreSQL)."""
    if url.startswith("duckdb:///"):
        return not Path(url.removeprefix("duckdb:///")).parent.exists()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        schemas = connection.execute(
            "SELECT COUNT(*) FROM information_schema.schemata "
            "WHERE schema_name IN ('staging', 'warehouse', 'quality', 'marts')"
        ).fetchone()
    return schemas == (0,)


def test_honlea_run_refuses_a_misspelt_profile_key_within_seconds(tmp_path):
    folder, problem = _misspelt_profile(tmp_path)
    command = [
        str(Path(sys.executable).parent / "honlea"),
        *("run", "--config", str(folder), "--inbox", str(_inbox(tmp_path))),
        *("--warehouse", f"duckdb:///{tmp_path / 'warehouse' / 'w.duckdb'}"),
    ]
    started = time.monotonic()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HONLEA_DATA_DIR": str(tmp_path / "data")},
    )
    assert done.returncode == 2, done.stderr
    assert time.monotonic() - started < 30  # no Prefect server started, nothing retried
    assert "The nightly run did not start: 2 configuration problem(s):" in done.stderr
    assert problem in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config", "inbox"]  # no warehouse, no data/


def test_honlea_run_with_a_bad_config_dir_writes_nothing(tmp_path, new_warehouse, monkeypatch, capsys):
    folder, problem = _misspelt_profile(tmp_path)
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(folder))
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    url = new_warehouse()
    assert main(["run", "--inbox", str(_inbox(tmp_path)), "--warehouse", url]) == 2
    assert problem in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
    assert _untouched(url)


def test_the_nightly_flow_fails_at_once_on_a_bad_profile_before_any_task(
    tmp_path, new_warehouse, monkeypatch
):
    """A deployment runs the flow without the command: the flow checks the configuration itself."""
    folder, problem = _misspelt_profile(tmp_path)
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(folder))
    url = new_warehouse()
    _, state = run_nightly(_inbox(tmp_path), tmp_path, url, return_state=True)
    assert state.is_failed()
    assert "ConfigError: 2 configuration problem(s):" in state.message and problem in state.message
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        )
    assert tasks == []  # not discover, not begin-run: nothing ran, so nothing was retried
    assert not (tmp_path / "data").exists()  # no staging folder
    assert _untouched(url)  # no etl_run row: not even the tables


def test_a_misspelt_check_in_the_catalog_stops_the_run_before_anything_is_touched(
    tmp_path, new_warehouse, monkeypatch, capsys
):
    folder = copy_config(tmp_path / "config")
    path = folder / "checks.csv"
    line = edit(path, "plausible_year,row,error,", "plausible_yaer,row,error,")
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(folder))
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    url = new_warehouse()
    assert main(["run", "--inbox", str(_inbox(tmp_path)), "--warehouse", url]) == 2
    refused = capsys.readouterr().err
    assert f"{path}:{line}: datasets: plausible_yaer: no expectation in expectations/suites.py" in refused
    assert (
        f"{path}: name: plausible_year: an expectation in expectations/suites.py, but no suite runs it"
        in refused
    )
    assert not (tmp_path / "data").exists()
    assert _untouched(url)
