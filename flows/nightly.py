"""The nightly flow: discover -> read -> conform -> validate -> load -> report."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from expectations.runner import build_docs
from flows.tasks import (
    conform_submission,
    discover,
    mark_failed,
    read_submission,
    register,
    validate_submission,
)
from transforms.summary import summary_markdown
from warehouse.connection import connect
from warehouse.publish import loaded_hashes, publish
from warehouse.staging import StagedFile

#: Statuses after which a file goes no further this run.
FINAL = ("already_loaded", "unrecognised", "failed", "validated")


def new_run_id() -> str:
    """Sortable, unique: UTC time and a short random suffix."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


@task(name="published-files")
def published_files(warehouse_url: str) -> frozenset[str]:
    """SHA-256 of the files the warehouse already holds."""
    with connect(warehouse_url) as connection:
        return frozenset(loaded_hashes(connection))


@task(name="load")
def load(run_id: str, warehouse_url: str, folders: list[str]) -> None:
    """Publish every staged file of the run in one transaction."""
    with connect(warehouse_url) as connection:
        publish(connection, run_id, [StagedFile.load(folder) for folder in folders])


@task(name="data-docs")
def data_docs(docs_dir: str) -> str:
    """Render this run's Great Expectations Data Docs; the path of their index page."""
    return str(build_docs(Path(docs_dir)).resolve())


@task(name="report")
def report(run_id: str, warehouse_url: str, docs_index: str) -> str:
    """Summary of load_audit and quality issues, published as a Prefect markdown artifact."""
    with connect(warehouse_url) as connection:
        audit = connection.sql(
            "SELECT * FROM load_audit WHERE run_id = ? ORDER BY path", params=[run_id]
        ).pl()
        issues = connection.sql("SELECT * FROM quality_issue WHERE run_id = ?", params=[run_id]).pl()
    markdown = summary_markdown(run_id, audit, issues, docs_index)
    create_markdown_artifact(markdown=markdown, key="nightly-summary", description=f"Nightly run {run_id}")
    return markdown


def stage_file(
    path: str,
    digest: str,
    folder: str,
    published: frozenset[str],
    same_as: str | None,
    run_id: str,
    docs_dir: str,
    today: date,
) -> str:
    """Take one file as far as it goes; a failing step marks the file failed and the run goes on."""
    steps = [
        (register, (path, digest, folder, published, same_as)),
        (read_submission, (folder,)),
        (conform_submission, (folder,)),
        (validate_submission, (folder, run_id, docs_dir, today)),
    ]
    for step, args in steps:
        state = step(*args, return_state=True)
        if state.is_failed():
            message = f"{step.name} failed for {Path(path).name}: {state.message}"
            get_run_logger().error(message)
            mark_failed(folder, path, digest, message)
            break
        if state.result() in FINAL:
            break
    return folder


@flow(name="nightly", log_prints=True)
def nightly(inbox: str, warehouse_url: str, data_dir: str) -> str:
    """One nightly run over everything in the inbox; returns the run's summary (markdown)."""
    run_id = new_run_id()
    run_dir = Path(data_dir) / "staging" / run_id
    docs_dir = Path(data_dir) / "gx_docs" / run_id
    files = discover(inbox)
    published = published_files(warehouse_url)
    first_with: dict[str, str] = {}  # sha256 -> the first path with those bytes this run
    folders = []
    for index, (path, digest) in enumerate(files):
        same_as = first_with.setdefault(digest, path)
        folders.append(
            stage_file(
                path,
                digest,
                str(run_dir / f"{index:04d}"),
                published,
                None if same_as == path else same_as,
                run_id,
                str(docs_dir),
                date.today(),
            )
        )
    docs_index = data_docs(str(docs_dir))
    load(run_id, warehouse_url, folders)
    return report(run_id, warehouse_url, docs_index)
