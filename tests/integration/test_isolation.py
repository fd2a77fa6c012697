"""One file never takes the night down, and a run leaves nothing behind: files that crash the reading
worker or exhaust its memory or time fail alone; a run ended by a signal leaves no process, and the
next run marks it abandoned."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from contextlib import suppress
from pathlib import Path

import openpyxl
import psutil
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.settings import get_current_settings

import honlea.flows.tasks
from tests.integration.helpers import query, run_nightly

HEADER = "País;Año;Droga;Cantidad;Unidad\n"
GOOD = {"peru_anual.csv": "Perú;2011;Heroína;12;kg", "chile_anual.csv": "Chile;2011;Marihuana;3,5;toneladas"}
STUCK = "a_stuck_anual.csv"  # first in the inbox: its worker reads staging folder 0000


def _inbox(root: Path) -> Path:
    """Two good files and one more (STUCK) whose worker a test may stop."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    for name, row in {**GOOD, STUCK: "Bolivia;2011;Heroína;7;kg"}.items():
        (inbox / name).write_bytes(f"{HEADER}{row}\n".encode("cp1252"))
    return inbox


def _zip_bomb_xlsx(path: Path, megabytes: int) -> None:
    """An 800 KB workbook whose one cell unpacks to `megabytes` MB of text (a zip bomb)."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"], workbook.active["A2"] = "País", "x"
    plain = io.BytesIO()
    workbook.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, data)
                continue
            head, tail = data.split(b'<c r="A2"', 1)
            with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head + b'<c r="A2" t="inlineStr"><is><t>')
                for _ in range(megabytes):
                    sheet.write(b"a" * (1 << 20))
                sheet.write(b"</t></is></c></row></sheetData>" + tail.split(b"</sheetData>", 1)[1])


def _honlea_run(inbox: Path, workdir: Path, own_server: bool = False, **env: str) -> subprocess.Popen:
    """`honlea run` as a process of its own, on the session's Prefect server or (own_server) without
    one, so that it starts its temporary server."""
    environment = {**os.environ, "HONLEA_DATA_DIR": str(workdir / "data"), **env}
    environment.pop("PREFECT_API_URL", None)
    if own_server:
        environment["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "300"  # a busy test machine
    else:
        environment["PREFECT_API_URL"] = get_current_settings().api.url
    command = [Path(sys.executable).with_name("honlea"), "run", "--inbox", str(inbox)]
    command += ["--warehouse", f"duckdb:///{workdir / 'honlea.duckdb'}"]
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _command(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def _alive(process: psutil.Process) -> bool:
    """Running (a zombie is dead: only its exit status is left for whoever reaps it)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _stop_stuck_worker(run: subprocess.Popen, how: signal.Signals = signal.SIGSTOP) -> psutil.Process:
    """Find the worker reading STUCK among the run's processes and stop it (SIGSTOP), as a read hung on
    a dead network mount would: the run now waits for it; or abort it (SIGABRT), as a reader crashing
    natively on a malformed file would."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        for process in psutil.Process(run.pid).children(recursive=True):
            command = _command(process)
            if "honlea.flows.reading" in command and command.endswith(os.sep + "0000"):
                process.send_signal(how)
                return process
        time.sleep(0.02)
    raise AssertionError(f"no worker read {STUCK}: {run.communicate()}")


def _audit(url: str) -> dict[str, tuple[str, str | None]]:
    audit = query(url, "SELECT file_name, status, message FROM quality.load_audit")
    return {name: (status, message) for name, status, message in audit.iter_rows()}


@pytest.mark.parametrize("runner", ["threads", "dask"])
def test_files_that_crash_the_reader_or_exhaust_its_memory_fail_alone(tmp_path, runner):
    inbox = _inbox(tmp_path)
    _zip_bomb_xlsx(inbox / "bomb_annual.xlsx", 800)  # 800 MB unpacked: over the limit
    row = ";".join(str(n) for n in range(10, 30)) + "\n"  # ~60 bytes of Python objects per 3 bytes
    (inbox / "huge_anual.csv").write_text(HEADER + row * 350_000)  # 21 MB: over the limit, in Python
    run = _honlea_run(inbox, tmp_path, HONLEA_TASK_RUNNER=runner, HONLEA_READ_MEMORY_MB="512")
    _stop_stuck_worker(run, signal.SIGABRT)  # the worker reading STUCK dies as a native crash would
    out, err = run.communicate(timeout=900)
    assert run.returncode == 0, err
    url = f"duckdb:///{tmp_path / 'honlea.duckdb'}"
    audit = _audit(url)
    assert {name: status for name, (status, _) in audit.items()} == {
        "peru_anual.csv": "loaded",
        "chile_anual.csv": "loaded",
        STUCK: "failed",
        "bomb_annual.xlsx": "failed",
        "huge_anual.csv": "failed",
    }
    assert "crashed with SIGABRT" in audit[STUCK][1]
    assert "ran out of memory (memory limit 512 MB, HONLEA_READ_MEMORY_MB)" in audit["bomb_annual.xlsx"][1]
    assert "ran out of memory (memory limit 512 MB, HONLEA_READ_MEMORY_MB)" in audit["huge_anual.csv"][1]
    issues = query(url, "SELECT file_name, check_name FROM quality.quality_issue WHERE severity = 'error'")
    assert sorted(issues.rows()) == [
        (STUCK, "processing_failed"),
        ("bomb_annual.xlsx", "processing_failed"),
        ("huge_anual.csv", "processing_failed"),
    ]
    figures = query(url, "SELECT iso3, kilograms FROM marts.v_seizures_annual ORDER BY iso3")
    assert figures.rows() == [("CHL", 3500.0), ("PER", 12.0)]
    assert STUCK in out and "SIGABRT" in out  # the summary
    flow_run_id = query(url, "SELECT flow_run_id FROM quality.etl_run")["flow_run_id"].item()
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    failed_reads = [t for t in task_runs if t.name.startswith("read · ") and t.state.is_failed()]
    assert len(failed_reads) == 3 and {t.run_count for t in failed_reads} == {1}  # a crash is not retried


def test_a_reader_that_hangs_is_stopped_at_the_time_limit(tmp_path):
    run = _honlea_run(_inbox(tmp_path), tmp_path, HONLEA_READ_TIMEOUT_SECONDS="10")
    worker = _stop_stuck_worker(run)
    _, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    assert not _alive(worker)
    audit = _audit(f"duckdb:///{tmp_path / 'honlea.duckdb'}")
    assert audit[STUCK][0] == "failed"
    assert "took longer than 10 s (HONLEA_READ_TIMEOUT_SECONDS) and was stopped" in audit[STUCK][1]
    assert [audit[name][0] for name in GOOD] == ["loaded", "loaded"]


def test_a_read_failing_for_another_reason_is_retried(tmp_path, monkeypatch):
    """An error starting the worker (here injected: no process could be forked) may be transient."""
    read_in_worker, calls = honlea.flows.tasks.read_in_worker, []

    def fork_fails_once(folder, limits):
        calls.append(folder)
        if len(calls) == 1:
            raise BlockingIOError("injected: Resource temporarily unavailable")
        return read_in_worker(folder, limits)

    monkeypatch.setattr(honlea.flows.tasks, "read_in_worker", fork_fails_once)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "peru_anual.csv").write_bytes(f"{HEADER}{GOOD['peru_anual.csv']}\n".encode("cp1252"))
    url, _ = run_nightly(inbox, tmp_path)
    assert len(calls) == 2 and _audit(url)["peru_anual.csv"][0] == "loaded"


def _end_while_reading(
    tmp_path: Path, how: signal.Signals, runner: str = "threads", own_server: bool = True
) -> list[psutil.Process]:
    """Start `honlea run`, end it with `how` while it reads, wait for it to exit; its processes as they
    were when it was ended."""
    run = _honlea_run(
        _inbox(tmp_path), tmp_path, own_server, HONLEA_TASK_RUNNER=runner, HONLEA_READ_TIMEOUT_SECONDS="3600"
    )
    _stop_stuck_worker(run)
    family = psutil.Process(run.pid).children(recursive=True)
    commands = [_command(process) for process in family]
    assert any("honlea.flows.reading" in c for c in commands)
    assert own_server == any("uvicorn" in c and "prefect.server" in c for c in commands), commands
    if runner == "dask":
        assert any("multiprocessing.spawn" in c for c in commands), commands  # the Dask workers
    run.send_signal(how)
    # the stuck read would hold the run for the hour of its time limit: ending within minutes (a slack
    # for a loaded test machine, where Prefect's cancellation alone has taken over 60 s) shows that no
    # read is waited for
    run.communicate(timeout=300)
    assert run.returncode == -how
    return family


def _left(family: list[psutil.Process]) -> list[str]:
    """Commands of the processes still alive after a grace of 30 s (the kernel kills them at once)."""
    deadline = time.monotonic() + 30
    while any(map(_alive, family)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return [_command(process) for process in family if _alive(process)]


def test_a_killed_run_leaves_no_process_and_the_next_run_marks_it_abandoned(tmp_path):
    assert _left(_end_while_reading(tmp_path, signal.SIGKILL)) == []
    url = f"duckdb:///{tmp_path / 'honlea.duckdb'}"
    (dead,) = query(url, "SELECT run_id FROM quality.etl_run WHERE status = 'running'")["run_id"]
    run = _honlea_run(tmp_path / "inbox", tmp_path, own_server=True)
    family: dict[psutil.Process, str] = {}  # every process of this run: none outlives it either

    def watch() -> None:
        while run.poll() is None:
            with suppress(psutil.NoSuchProcess):
                for process in psutil.Process(run.pid).children(recursive=True):
                    family.setdefault(process, _command(process))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    summary, err = run.communicate(timeout=900)
    watcher.join()
    assert run.returncode == 0, err
    assert any("uvicorn" in command for command in family.values())
    assert _left(list(family)) == []
    runs = query(url, "SELECT run_id, status, message, finished_at FROM quality.etl_run ORDER BY run_id")
    (_, status, message, finished_at), (run_id, *_) = runs.iter_rows()
    assert status == "abandoned" and finished_at is not None
    assert message == f"its process ended without recording an outcome; found by run {run_id}"
    assert "## Runs found abandoned" in summary and dead in summary
    statuses = {name: status for name, (status, _) in _audit(url).items()}
    assert statuses == dict.fromkeys([*GOOD, STUCK], "loaded")  # nothing of the dead run was published


@pytest.mark.parametrize(
    ("how", "runner", "own_server"),
    [(signal.SIGTERM, "threads", False), (signal.SIGINT, "threads", False), (signal.SIGKILL, "dask", False)],
    ids=["SIGTERM", "SIGINT", "SIGKILL-dask"],
)
def test_a_run_ended_by_a_signal_leaves_no_process(tmp_path, how, runner, own_server):
    assert _left(_end_while_reading(tmp_path, how, runner, own_server)) == []
