"""The deployment's schedule, `honlea serve` against a real Prefect server, the Dask task runner,
and the data dictionary pages."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.settings import get_current_settings

from honlea.config.settings import PROJECT_ROOT, load_settings
from honlea.flows.cli import main
from honlea.flows.nightly import nightly
from honlea.flows.runners import task_runner
from honlea.warehouse.schema import TABLES
from honlea.warehouse.views import VIEWS
from tests.integration.helpers import query, run_nightly


def test_prefect_yaml_deploys_the_nightly_flow_on_the_configured_schedule():
    spec = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())
    (deployment,) = spec["deployments"]
    module, name = deployment["entrypoint"].split(":")
    assert (PROJECT_ROOT / module).exists() and name == "nightly" == nightly.name
    settings = load_settings()
    (schedule,) = deployment["schedules"]
    assert (schedule["cron"], schedule["timezone"]) == (settings.cron, settings.timezone)
    assert "trigger" not in deployment["parameters"]  # each run finds out itself who started it


def test_honlea_serve_registers_the_scheduled_deployment(tmp_path):
    env = {
        **os.environ,
        "PREFECT_API_URL": get_current_settings().api.url,
        "HONLEA_DATA_DIR": str(tmp_path / "data"),
        "HONLEA_TIMEZONE": "America/Guatemala",
    }
    server = subprocess.Popen(
        [Path(sys.executable).with_name("honlea"), "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deployment = None
        with get_client(sync_client=True) as client:
            for _ in range(120):
                try:
                    deployment = client.read_deployment_by_name("nightly/nightly")
                    break
                except Exception:
                    time.sleep(0.5)
        assert deployment is not None, (
            server.stdout.read1().decode() if server.poll() is not None else "no deployment"
        )
        (schedule,) = deployment.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "America/Guatemala")
        assert "trigger" not in deployment.parameters
        assert deployment.parameters["data_dir"] == str((tmp_path / "data").resolve())
    finally:
        server.terminate()
        server.wait(timeout=30)


def of_deployment(deployment_id):
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterDeploymentId

    return FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(any_=[deployment_id]))


def _finished(client, flow_run_id, seconds: int = 300):
    """The flow run, once it has ended (its state final)."""
    for _ in range(seconds):
        run = client.read_flow_run(flow_run_id)
        if run.state and run.state.is_final():
            return run
        time.sleep(1)
    raise AssertionError(f"flow run {flow_run_id} did not end: {run.state}")


def test_the_trigger_says_who_started_the_run(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    url, _ = run_nightly(inbox, tmp_path)  # as honlea run: the flow called here, no deployment
    _, failed = run_nightly(tmp_path / "no_such_inbox", tmp_path, url, return_state=True)
    assert failed.is_failed()
    manual = query(url, "SELECT status, trigger FROM quality.etl_run ORDER BY run_id").rows()
    assert manual == [("succeeded", "manual"), ("failed", "manual")]  # a failed run keeps its trigger

    served = f"duckdb:///{tmp_path / 'served.duckdb'}"
    env = {
        **os.environ,
        "PREFECT_API_URL": get_current_settings().api.url,
        "HONLEA_DATA_DIR": str(tmp_path / "data"),
        "HONLEA_INBOX": str(inbox),
        "HONLEA_WAREHOUSE_URL": served,
    }
    server = subprocess.Popen([Path(sys.executable).with_name("honlea"), "serve"], env=env)
    try:
        with get_client(sync_client=True) as client:
            for _ in range(120):  # registered by this server (an earlier test served another inbox)
                try:
                    deployment = client.read_deployment_by_name("nightly/nightly")
                    if deployment.parameters["inbox"] == str(inbox.resolve()):
                        break
                except Exception:
                    pass
                time.sleep(0.5)
            by_hand = client.create_flow_run_from_deployment(deployment.id)  # as the UI's "Run" button
            now = datetime.now(UTC)
            client.request(  # the schedule's run of last night, as Prefect's scheduler creates it
                "POST",
                "/deployments/{id}/schedule",
                path_params={"id": deployment.id},
                json={
                    "start_time": (now - timedelta(days=1, hours=1)).isoformat(),
                    "end_time": now.isoformat(),
                    "min_runs": 1,
                    "max_runs": 1,
                },
            )
            (scheduled,) = [
                run
                for run in client.read_flow_runs(flow_run_filter=of_deployment(deployment.id))
                if run.auto_scheduled and run.expected_start_time < now
            ]
            runs = [_finished(client, run.id) for run in (by_hand, scheduled)]
        assert [run.state.is_completed() for run in runs] == [True, True]
    finally:
        server.terminate()
        server.wait(timeout=30)
    triggers = dict(query(served, "SELECT flow_run_id, trigger FROM quality.etl_run").rows())
    assert triggers == {str(by_hand.id): "deployment", str(scheduled.id): "schedule"}


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(tmp_path)}
    done = subprocess.run(
        [Path(sys.executable).with_name("honlea"), "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "prefect server start" in done.stderr


def test_the_dask_task_runner_loads_the_same_as_threads(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for country, kg in (("Perú", "12"), ("Chile", "3,5"), ("Bolivia", "7")):
        (inbox / f"{country}_anual.csv").write_bytes(
            f"País;Año;Droga;Cantidad;Unidad\n{country};2011;Heroína;{kg};kg\n".encode("cp1252")
        )
    threads_url, _ = run_nightly(inbox, tmp_path / "threads")
    dask_url = f"duckdb:///{tmp_path / 'dask' / 'honlea.duckdb'}"
    nightly.with_options(task_runner=task_runner("dask", 2))(
        inbox=str(inbox), warehouse_url=dask_url, data_dir=str(tmp_path / "dask" / "data")
    )
    figures = "SELECT iso3, kilograms FROM marts.v_seizures_annual ORDER BY iso3"
    assert (
        query(dask_url, figures).rows()
        == query(threads_url, figures).rows()
        == [
            ("BOL", 7.0),
            ("CHL", 3.5),
            ("PER", 12.0),
        ]
    )
    (docs,) = (tmp_path / "dask" / "data" / "gx_docs").iterdir()  # validated in workers, documented here
    pages = sorted(page.name for page in (docs / "validations").rglob("*.html"))
    assert pages == ["Bolivia_anual.csv.html", "Chile_anual.csv.html", "Perú_anual.csv.html"]
    assert "Perú_anual.csv" in (docs / "index.html").read_text(encoding="utf-8")


def test_the_thread_runner_takes_parallel_files_files_at_a_time(monkeypatch):
    monkeypatch.setenv("HONLEA_PARALLEL_FILES", "2")
    lock, running, most = threading.Lock(), [0], [0]

    @task
    def one_file(number: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1
        return number

    @flow(task_runner=task_runner("threads", 2))
    def files() -> list[int]:
        return [future.result() for future in [one_file.submit(n) for n in range(6)]]

    assert files() == list(range(6))
    assert 1 <= most[0] <= 2


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_parallel_files_must_be_a_whole_number_of_at_least_one(monkeypatch, value):
    monkeypatch.setenv("HONLEA_PARALLEL_FILES", value)
    with pytest.raises(ValueError, match="HONLEA_PARALLEL_FILES"):
        load_settings()


def test_honlea_docs_writes_the_data_dictionary(tmp_path, capsys):
    assert main(["docs", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "data-dictionary.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "data-dictionary.md").read_text(encoding="utf-8")
    for name in [t.qualified for t in TABLES] + [v.qualified for v in VIEWS]:
        assert f'id="{name}"' in page and f"`{name}`" in markdown
    assert "kilograms per unit used for kilograms" in page
    assert "data-dictionary.html" in capsys.readouterr().out
