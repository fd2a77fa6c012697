"""The nightly flow: discover -> read -> conform -> validate -> load -> report."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from honlea.config.catalog import load_catalog
from honlea.config.check import check_config
from honlea.config.names import FileStatus, PublishedBecause, RunStatus, RunTrigger
from honlea.config.reference import vocabulary_version
from honlea.config.settings import RETRIES, ReadLimits, load_settings
from honlea.expectations.runner import build_docs
from honlea.expectations.suites import EXPECTATIONS
from honlea.flows.housekeeping import remove_expired
from honlea.flows.load import publish_staged
from honlea.flows.logs import quiet_task_runs
from honlea.flows.notify import notify, run_failed
from honlea.flows.reading import stop_workers
from honlea.flows.runners import task_runner
from honlea.flows.staged import CONFORMED, DECISIONS, READ_AGAIN, StagedFile
from honlea.flows.tasks import (
    conform_submission,
    discover,
    mark_failed,
    read_submission,
    register,
    validate_submission,
)
from honlea.transforms.decisions import DECISION_SCHEMA
from honlea.transforms.summary import summary_markdown
from honlea.warehouse.connection import connect, upgrade_schema
from honlea.warehouse.lock import run_lock
from honlea.warehouse.publish import (
    abandon_runs,
    abandoned_message,
    decision_snapshot,
    fail_run,
    files_to_read_again,
    loaded_hashes,
    start_run,
)
from honlea.warehouse.schema import (
    DIM_SUBMISSION,
    ETL_RUN,
    FACT_SEIZURE,
    LOAD_AUDIT,
    QUALITY_ISSUE,
    STEWARD_DECISION,
)
from honlea.warehouse.views import V_OPEN_ISSUES

#: Statuses after which a file goes no further this run.
FINAL = (
    FileStatus.ALREADY_LOADED,
    FileStatus.REFUSED,
    FileStatus.UNRECOGNISED,
    FileStatus.FAILED,
    FileStatus.VALIDATED,
)


NO_DOCS = "none (no file was validated in this run)"


def new_run_id() -> str:
    """Sortable, unique: UTC time and a short random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def run_trigger() -> RunTrigger:
    """How this flow run was started, from Prefect's record of it: without a deployment, by hand
    (`honlea run`); of the deployment, by its schedule (auto-scheduled) or by hand (the UI, CLI or API)."""
    context = FlowRunContext.get()
    run = context.flow_run if context else None
    if run is None or run.deployment_id is None:
        return RunTrigger.MANUAL
    return RunTrigger.SCHEDULE if run.auto_scheduled else RunTrigger.DEPLOYMENT


@task(name="begin-run", **RETRIES)
def begin_run(
    warehouse_url: str, run_id: str, trigger: str, files: int, run_dir: str, reread: tuple[str, ...] = ()
) -> frozenset[str]:
    """Bring the warehouse's schema up to date, mark abandoned the runs that died (this run holds the
    lock, so a run still marked running has no live process), record this run as running, save the
    stewards' decisions in force and the files to read again (those the run reads again by itself, and
    `reread`: SHA-256 asked for) for the files' tasks; the SHA-256 of the files not to read again."""
    with connect(warehouse_url) as warehouse:
        upgrade_schema(warehouse)
        dead = abandon_runs(warehouse, run_id)
        if dead:
            notify(
                f"HONLEA: {len(dead)} nightly run(s) ended without an outcome",
                f"Run {run_id} found these runs dead (killed, crashed, or the machine stopped); nothing of "
                f"theirs was published: {', '.join(dead)}.",
            )
        start_run(warehouse, run_id, str(flow_run.id or ""), trigger, files)
        Path(run_dir).mkdir(parents=True, exist_ok=True)
        decision_snapshot(warehouse, DECISION_SCHEMA).write_parquet(Path(run_dir) / DECISIONS)
        again = files_to_read_again(warehouse, vocabulary_version(), load_catalog().vocabulary_checks())
        again |= dict.fromkeys(reread, PublishedBecause.REREAD)
        (Path(run_dir) / READ_AGAIN).write_text(json.dumps(again), encoding="utf-8")
        return loaded_hashes(warehouse) - again.keys()


@task(name="housekeeping")
def housekeeping(data_dir: str, keep_days: int) -> int:
    """Remove the staging files and Data Docs of runs older than keep_days (HONLEA_KEEP_DAYS); how many
    run folders were removed."""
    return len(remove_expired(Path(data_dir), keep_days, datetime.now(UTC).replace(tzinfo=None)))


@task(name="load", **RETRIES)
def load(run_id: str, warehouse_url: str, folders: list[str]) -> None:
    """Publish every staged file of the run, and the sources' precedence, in one transaction."""
    with connect(warehouse_url) as warehouse:
        publish_staged(warehouse, run_id, folders)


@task(name="record-failure", **RETRIES)
def record_failure(warehouse_url: str, run_id: str, trigger: str, message: str) -> None:
    """Mark the run failed in quality.etl_run (creating the warehouse's tables if the run failed first)."""
    with connect(warehouse_url) as warehouse:
        upgrade_schema(warehouse)
        fail_run(warehouse, run_id, str(flow_run.id or ""), trigger, message)


@task(name="data-docs", **RETRIES)
def data_docs(docs_dir: str, folders: list[str]) -> str:
    """Render this run's Great Expectations Data Docs, failing rows named by their row in the file; the
    path of their index page (or, when the run validated no file, a line saying so: nothing is rendered)."""
    results = []
    for staged in map(StagedFile.load, folders):
        if staged.validation:
            rows = pl.read_parquet(staged.file(CONFORMED), columns=["row_id", "sheet", "source_row"])
            name = f"{staged.run_id} {staged.file_name}"
            results.append((staged.dataset, name, staged.validation_result(), rows))
    if not results:
        return NO_DOCS
    return str(build_docs(Path(docs_dir), results).resolve())


@task(name="report", **RETRIES)
def report(run_id: str, warehouse_url: str, docs_index: str) -> str:
    """Summary of load_audit and quality issues, published as a Prefect markdown artifact."""
    with connect(warehouse_url, read_only=True) as warehouse:
        audit = warehouse.query(
            f"SELECT * FROM {LOAD_AUDIT.qualified} WHERE run_id = ? ORDER BY path", [run_id]
        )
        issues = warehouse.query(f"SELECT * FROM {QUALITY_ISSUE.qualified} WHERE run_id = ?", [run_id])
        pending = warehouse.scalar(
            f"SELECT COUNT(*) FROM {STEWARD_DECISION.qualified} d JOIN {ETL_RUN.qualified} r ON r.run_id = ? "
            "WHERE d.applied_run_id IS NULL AND d.decided_at <= r.started_at",
            [run_id],
        )
        republished = warehouse.query(
            f"SELECT f.published_because AS reason, COUNT(*) AS figures FROM {FACT_SEIZURE.qualified} f "
            f"JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = f.submission_id "
            "WHERE s.run_id = ? AND f.published_because IN (?, ?, ?) GROUP BY 1",
            [run_id, PublishedBecause.DECISION, PublishedBecause.VOCABULARY, PublishedBecause.REREAD],
        )
        abandoned = warehouse.query(
            f"SELECT run_id, started_at FROM {ETL_RUN.qualified} WHERE status = ? AND message = ? "
            "ORDER BY run_id",
            [RunStatus.ABANDONED, abandoned_message(run_id)],
        )
        backlog = warehouse.query(f"SELECT iso3, check_name, issues FROM {V_OPEN_ISSUES.qualified}")
        previous = warehouse.query(
            f"SELECT run_id, status, files_loaded, message FROM {ETL_RUN.qualified} WHERE run_id < ? "
            "ORDER BY run_id DESC LIMIT 1",
            [run_id],
        )
    markdown = summary_markdown(
        run_id,
        audit,
        issues,
        docs_index,
        load_settings().review_url,
        pending,
        republished=dict(republished.rows()),
        abandoned=abandoned,
        backlog=backlog,
        previous=previous.row(0, named=True) if previous.height else None,
    )
    create_markdown_artifact(markdown=markdown, key="nightly-summary", description=f"Nightly run {run_id}")
    return markdown


@task(name="note")
def regenerate_note(run_id: str, warehouse_url: str, data_dir: str) -> str:
    """Write the Secretariat's note of the configured meeting into <data_dir>/note in every language,
    when this run published something (or there is no note yet); a markdown line naming the files,
    also published as the `nightly-note` artifact. Fails, with the reason, when the note cannot be
    written: the load before it stays committed."""
    from honlea.note.cli import note_folder

    folder = note_folder(Path(data_dir)).resolve()
    with connect(warehouse_url, read_only=True) as warehouse:
        loaded = warehouse.scalar(f"SELECT files_loaded FROM {ETL_RUN.qualified} WHERE run_id = ?", [run_id])
    if not loaded and any(folder.glob("*.docx")):
        markdown = f"Secretariat's note: not regenerated (nothing new was published); it stays in `{folder}`."
    else:
        from honlea.note.build import write_note  # its imports (documents, charts) only when it writes

        run = write_note(warehouse_url, folder)
        files = "\n".join(
            f"- {f.language}: [{f.docx.name}]({f.docx.as_uri()}), [{f.html.name}]({f.html.as_uri()}), "
            f"[{f.annex.name}]({f.annex.as_uri()})"
            for f in run.files
        )
        markdown = (
            f"Secretariat's note {run.symbol} (reference year {run.reference_year}), written in "
            f"{run.seconds:.1f} s to `{folder}`:\n{files}"
        )
    create_markdown_artifact(markdown=markdown, key="nightly-note", description="The Secretariat's note")
    return markdown


@task(name="process-file")
def process_file(
    path: str, digest: str, folder: str, run_id: str, today: date, read_limits: ReadLimits
) -> str:
    """Take a new file as far as it goes (register, read, conform, validate); a failing step marks the
    file failed, with the step and the reason, and the run goes on. Returns its staging folder."""
    steps = [
        (register, (path, digest, folder, frozenset(), None, run_id)),
        (read_submission, (folder, read_limits)),
        (conform_submission, (folder,)),
        (validate_submission, (folder, today)),
    ]
    for step, args in steps:
        state = step.with_options(task_run_name=f"{step.name} · {Path(path).name}")(*args, return_state=True)
        if state.is_failed():
            message = f"{step.name} failed for {Path(path).name}: {state.message}"
            get_run_logger().error(message)
            mark_failed(folder, path, digest, message)
            break
        if state.result() in FINAL:
            break
    return folder


def _wait_for(futures: list[PrefectFuture[str]]) -> None:
    """Wait until the futures are done, in steps of a second. A wait without a time limit is not woken
    by a signal (SIGINT, SIGTERM) that another thread of the process received: the run would go on."""
    finished = threading.Semaphore(0)
    for future in futures:
        future.add_done_callback(lambda _: finished.release())
    for _ in futures:
        while not finished.acquire(timeout=1):
            pass


@flow(
    name="nightly",
    log_prints=True,
    task_runner=task_runner(load_settings().task_runner, load_settings().parallel_files),
    on_failure=[run_failed],
    on_crashed=[run_failed],
)
def nightly(
    inbox: str,
    warehouse_url: str,
    data_dir: str,
    lock_wait_seconds: float = 600,
    reread: tuple[str, ...] = (),
) -> str:
    """One nightly run over everything in the inbox; returns the run's summary (markdown). The published
    files whose SHA-256 `reread` names are read again (`honlea reread`).

    One run writes at a time: a second waits up to lock_wait_seconds for the first, then refuses. A
    configuration error fails the run at once, before any file or the warehouse is touched. The run's
    trigger (manual, deployment or schedule) is Prefect's record of how it was started.
    """
    quiet_task_runs()
    get_run_logger().info(check_config(implemented=EXPECTATIONS))
    run_id, trigger = new_run_id(), run_trigger()
    run_dir = Path(data_dir) / "staging" / run_id
    docs_dir = Path(data_dir) / "gx_docs" / run_id
    with run_lock(warehouse_url, lock_wait_seconds):
        try:
            files = discover(inbox)
            published = begin_run(warehouse_url, run_id, trigger, len(files), str(run_dir), tuple(reread))
            settings = load_settings()
            if removed := housekeeping(data_dir, settings.keep_days):
                get_run_logger().info(
                    f"Removed {removed} folder(s) of runs older than {settings.keep_days} days"
                )
            first_with: dict[str, str] = {}  # sha256 -> the first path with those bytes this run
            folders: list[str] = []
            futures = []
            for index, (path, digest, refused) in enumerate(files):
                first = path if refused else first_with.setdefault(digest, path)
                same_as = None if first == path else first
                folder = str(run_dir / f"{index:04d}")
                folders.append(folder)
                if refused or same_as or digest in published:  # goes no further: no task runs for it
                    register.fn(path, digest, folder, published, same_as, run_id, refused)
                    continue
                futures.append(
                    process_file.with_options(task_run_name=f"file · {Path(path).name}").submit(
                        path, digest, folder, run_id, date.today(), settings.read_limits
                    )
                )
            try:
                _wait_for(futures)
            except BaseException:  # interrupted (SIGINT, SIGTERM): no read outlasts the run
                stop_workers()
                raise
            for future in futures:
                future.result()
            load(run_id, warehouse_url, folders)
            docs = data_docs(str(docs_dir), folders, return_state=True)
            if docs.is_failed():  # an aid to the stewards: the load stands without it
                docs_index = f"not rendered ({docs.message})"
                get_run_logger().error(f"The Great Expectations Data Docs were {docs_index}")
            else:
                docs_index = docs.result()
            for staged in map(StagedFile.load, folders):
                get_run_logger().info(staged.summary_line())
        except Exception as exc:
            record_failure(warehouse_url, run_id, trigger, f"{type(exc).__name__}: {exc}")
            raise
        # the load is committed: a note that cannot be written fails its own task, not the run
        note = regenerate_note(run_id, warehouse_url, data_dir, return_state=True)
    summary = report(run_id, warehouse_url, docs_index)
    if note.is_failed():
        message = f"The Secretariat's note was not regenerated: {note.message}"
        get_run_logger().error(message)
        create_markdown_artifact(markdown=message, key="nightly-note", description="The Secretariat's note")
        return f"{summary}\n\n{message}"
    return f"{summary}\n\n{note.result()}"
