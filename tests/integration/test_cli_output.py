"""What analysts and stewards read in a terminal, and what scripts read: `honlea sql` and `honlea issues
list` print aligned tables, or csv, json and markdown; a SQL error is one line."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console

from honlea.config.settings import load_settings
from honlea.flows.cli import main, run_now
from honlea.flows.logs import TASK_RUNS_LEVEL
from honlea.warehouse.examples import EXAMPLES
from tests.integration.helpers import query, run_nightly

TOTALS = (
    "Country;Year;Drug;Quantity;Unit\n"
    "Colombia;2011;Cocaine hydrochloride;1234.4;kg\n"
    "Perú;2011;Heroin;-5;kg\n"  # row 3: a negative quantity, quarantined
    "Bolivia;2011;Cannabis herb (marijuana);20;kg\n"
)
QUERY = "select iso3, year, kilograms from marts.v_seizures_annual order by iso3"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("cli")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "annual_totals_2011.csv").write_text(TOTALS, encoding="utf-8")
    return run_nightly(inbox, root)[0]


def test_sql_prints_an_aligned_table_with_numbers_to_the_right(warehouse, capsys):
    assert main(["sql", QUERY, "--warehouse", warehouse]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["iso3", "┃", "year", "┃", "kilograms"]
    assert [line.split() for line in lines[2:4]] == [
        ["BOL", "│", "2011", "│", "20.0"],
        ["COL", "│", "2011", "│", "1234.4"],
    ]
    assert lines[2].index("20.0") + len("20.0") == lines[3].index("1234.4") + len("1234.4")  # right-aligned
    assert lines[-1] == "2 row(s)"
    assert "shape:" not in "\n".join(lines)  # not a DataFrame's debug print


def test_sql_prints_every_row_as_csv_json_or_markdown_for_scripts(warehouse, capsys):
    assert main(["sql", QUERY, "--warehouse", warehouse, "--format", "csv", "--max-rows", "1"]) == 0
    assert capsys.readouterr().out == "iso3,year,kilograms\nBOL,2011,20.0\nCOL,2011,1234.4\n"
    assert main(["sql", QUERY, "--warehouse", warehouse, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"iso3": "BOL", "year": 2011, "kilograms": 20.0},
        {"iso3": "COL", "year": 2011, "kilograms": 1234.4},
    ]
    assert main(["sql", QUERY, "--warehouse", warehouse, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "| BOL  | 2011 | 20.0      |",
        "| COL  | 2011 | 1234.4    |",
    ]


def test_a_sql_error_is_one_line_and_the_help_example_works(warehouse, capsys):
    assert main(["sql", "select * from no_such_view", "--warehouse", warehouse]) == 2
    err = capsys.readouterr().err
    assert err.startswith("SQL error: ") and err.count("\n") == 1 and "no_such_view" in err
    with pytest.raises(SystemExit):
        main(["sql", "--help"])
    example = capsys.readouterr().out.split('e.g. "')[1].split('"')[0]
    assert main(["sql", example, "--warehouse", warehouse]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 row(s)"


def test_issues_list_prints_a_table_or_csv(warehouse, capsys):
    assert main(["issues", "list", "--warehouse", warehouse]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["issue_id", "┃", "iso3"] and table[-1] == "1 row(s)"
    assert main(["issues", "list", "--warehouse", warehouse, "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("issue_id,iso3,file_name,sheet,source_row,column_name,value,check_name")
    assert (
        len(rows) == 2 and ",PER,annual_totals_2011.csv,csv,3,Quantity,-5,non_negative_quantity," in rows[1]
    )


def test_the_data_dictionarys_example_queries_answer(warehouse, capsys):
    answers = []
    for _, sql in EXAMPLES:
        assert main(["sql", sql, "--warehouse", warehouse, "--format", "json"]) == 0
        answers.append(json.loads(capsys.readouterr().out))
    trend, top, history, backlog = answers
    assert trend == [{"year": 2011, "kilograms": 1234.0, "countries": 1}]
    assert [(r["country"], r["kilograms"]) for r in top] == [("Colombia", 1234.0)]
    assert history == []  # loaded today: the warehouse said nothing of Colombia on 1 June 2026
    assert backlog == [{"country": "Peru", "issues": 1, "checks": "non_negative_quantity"}]


def test_the_runs_tasks_are_named_by_their_file(warehouse):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    flow_run_id = query(warehouse, "SELECT flow_run_id FROM quality.etl_run")["flow_run_id"].item()
    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    steps = ("file", "register", "read", "conform", "validate")
    assert {f"{step} · annual_totals_2011.csv" for step in steps} <= {t.name for t in tasks}


def test_a_night_with_nothing_new_reports_the_whole_backlog_and_the_previous_run(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "annual_totals_2011.csv").write_text(TOTALS, encoding="utf-8")
    url, first = run_nightly(inbox, tmp_path)
    _, second = run_nightly(inbox, tmp_path, url)
    previous = query(url, "SELECT MIN(run_id) AS r FROM quality.etl_run")["r"].item()
    assert f"Previous run {previous}: succeeded, 1 file(s) published." in second
    assert "1 issue(s) wait for a steward, from every run so far" in second  # this run found none
    assert "| PER | non_negative_quantity | 1 |" in second
    assert "Previous run" not in first


@contextmanager
def prefect_logging_at_info(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Prefect's loggers at INFO, as outside the tests (tests/conftest.py quiets them to WARNING),
    through the environment: Prefect configures its logging again when it starts a server's app."""
    from prefect.logging.configuration import setup_logging

    with monkeypatch.context() as patch:
        patch.setenv("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "INFO")
        setup_logging()
        try:
            yield
        finally:
            patch.undo()
            setup_logging()


def run_log(flow_run_id: str) -> list:
    """Every log record the Prefect API holds of the flow run (its own and its task runs')."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)
    of_run = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
    logs: list = []
    with get_client(sync_client=True) as client:
        while page := client.read_logs(of_run, limit=200, offset=len(logs)):
            logs += page
    return logs


def test_the_runs_log_has_a_line_per_file_and_the_errors_not_a_line_per_task_run(tmp_path, monkeypatch):
    monkeypatch.delenv(TASK_RUNS_LEVEL, raising=False)  # Prefect's default, as the run sets it
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "annual_totals_2011.csv").write_text(TOTALS, encoding="utf-8")
    (inbox / "annual_totals_2012.csv").write_text(TOTALS.replace("2011", "2012"), encoding="utf-8")
    (inbox / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    with prefect_logging_at_info(monkeypatch):
        url, _ = run_nightly(inbox, tmp_path)
    flow_run_id = query(url, "SELECT flow_run_id FROM quality.etl_run").item()
    logs = run_log(flow_run_id)
    by_tasks = [log for log in logs if log.task_run_id is not None]
    assert not [log for log in by_tasks if log.message.startswith("Finished in state Completed")]
    assert all(log.level >= logging.WARNING for log in by_tasks)  # only what went wrong
    lines = [log.message for log in logs if log.task_run_id is None and log.level == logging.INFO]
    for name in ("annual_totals_2011.csv", "annual_totals_2012.csv", "broken.xlsx"):
        (line,) = [line for line in lines if line.startswith(f"{name}: ")]
        assert "rows read " in line
    assert "quarantined 1" in next(line for line in lines if line.startswith("annual_totals_2011.csv"))
    assert len(logs) < 20  # ~50 before: a line for every task run


@pytest.fixture
def small_inbox(tmp_path, monkeypatch) -> tuple[Path, str]:
    """An inbox of a file with a quarantined row and one no profile recognises; a DuckDB URL."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "annual_totals_2011.csv").write_text(TOTALS, encoding="utf-8")
    (inbox / "notes.txt").write_text("see attached\n", encoding="utf-8")
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    return inbox, f"duckdb:///{tmp_path / 'honlea.duckdb'}"


def test_honlea_run_prints_only_its_summary_when_not_in_a_terminal(small_inbox, capsys):
    inbox, url = small_inbox
    assert main(["run", "--inbox", str(inbox), "--warehouse", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Nightly run ") and out.endswith(f"\nWarehouse: {url}\n")  # as before
    assert "\x1b[" not in out and "rows read" not in out  # no progress, no colours


def test_honlea_run_in_a_terminal_shows_each_file_as_it_is_done(small_inbox, capsys):
    inbox, url = small_inbox
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=160)
    assert run_now(load_settings(inbox, url), console=terminal) == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    lines = [line.split() for line in shown.splitlines()]
    assert ["validated", "annual_totals_2011.csv", "3", "rows", "read,", "2", "to", "load,", "1"] in [
        line[:9] for line in lines
    ]
    assert ["unrecognised", "notes.txt"] in [line[:2] for line in lines]
    assert "2/2" in shown  # the bar: both files done
    assert capsys.readouterr().out.startswith("# Nightly run ")  # the summary, as without a terminal
