"""Thin Prefect tasks: each reads its input from the staging folder, calls transforms, writes back."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import Task, task
from prefect.client.schemas.objects import State, TaskRun

from honlea.config.names import FileStatus
from honlea.config.settings import RETRIES, SYNTHETIC_PREFIX, ReadLimits
from honlea.flows.kinds import steps
from honlea.flows.reading import ReadFailed, read_in_worker
from honlea.flows.staged import ISSUES, META, StagedFile
from honlea.sources.readers import sha256
from honlea.transforms.quality import Problem, file_issues

INBOX_IGNORED = (".", "~$")  # hidden files and Office lock files


def inbox_entries(root: Path) -> list[Path]:
    """What a run considers below the inbox, in path order: every entry but hidden files and Office
    lock files (folders included: discover keeps the files and the links)."""
    return sorted(p for p in root.rglob("*") if not p.name.startswith(INBOX_IGNORED))


@task(name="discover", **RETRIES)
def discover(inbox: str) -> list[tuple[str, str, str | None]]:
    """(path, sha256, why it is refused) of every file below the inbox, in path order. A symbolic link
    leading out of the inbox, or nowhere, is not followed: it comes with the reason, and no sha256."""
    root = Path(inbox)
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} does not exist")
    entries = []
    for path in inbox_entries(root):
        refused = _refused_link(path, inside=root.resolve())
        if refused:
            entries.append((str(path), "", refused))
        elif path.is_file():
            entries.append((str(path), sha256(path), None))
    return entries


def _refused_link(path: Path, inside: Path) -> str | None:
    """Why an inbox entry is not followed: it is a symbolic link to outside the inbox, or to nothing."""
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))
    if not target.exists():
        return f"{path.name} is a symbolic link to {os.readlink(path)}, which does not exist: not followed"
    if not target.is_relative_to(inside):
        return f"{path.name} is a symbolic link to {target}, outside the inbox: not followed"
    return None


@task(name="register", **RETRIES)
def register(
    path: str,
    digest: str,
    folder: str,
    published: frozenset[str],
    same_as: str | None,
    run_id: str,
    refused: str | None = None,
) -> str:
    """Start the file's staging folder. Status refused (with a file issue) for a link discover did not
    follow, already_loaded when the same bytes were published by an earlier run, or came earlier in
    this run (`same_as`: that file's path).
    """
    file = Path(path)
    received = datetime.fromtimestamp(file.lstat().st_mtime, UTC).replace(tzinfo=None)  # a link: its own
    staged = StagedFile(folder, path, file.name, digest, received.isoformat(), run_id)
    staged.synthetic = file.name.upper().startswith(SYNTHETIC_PREFIX)
    if refused:
        staged.status, staged.message = FileStatus.REFUSED, refused
    elif digest in published:
        staged.status, staged.message = (
            FileStatus.ALREADY_LOADED,
            "the same file was published by an earlier run",
        )
    elif same_as is not None:
        staged.status, staged.message = (
            FileStatus.ALREADY_LOADED,
            f"the same file as {same_as}, earlier in this run",
        )
    staged.save()
    if refused:
        file_issues([Problem.of(None, "refused_link", reason=refused)]).write_parquet(staged.file(ISSUES))
    return staged.status


def _transient(task: Task, task_run: TaskRun, state: State) -> bool:
    """Retry a read unless its worker crashed, ran out of memory or time, or failed: none is transient."""
    return not isinstance(state.result(raise_on_failure=False), ReadFailed)


@task(name="read", **RETRIES, retry_condition_fn=_transient)
def read_submission(folder: str, limits: ReadLimits) -> str:
    """Recognise the file's profile and write its records, in a worker process (flows.reading)."""
    return read_in_worker(folder, limits)


@task(name="conform")
def conform_submission(folder: str) -> str:
    """The kind's conform step (flows/kinds.py): canonical codes and values, duplicates set aside."""
    staged = StagedFile.load(folder)
    return steps(staged.kind).conform(staged)


@task(name="validate")
def validate_submission(folder: str, today: date) -> str:
    """The kind's validate step: its suite, the stewards' decisions, the rows to load and every issue."""
    staged = StagedFile.load(folder)
    return steps(staged.kind).validate(staged, today)


def mark_failed(folder: str, path: str, digest: str, message: str) -> None:
    """Record that a step failed for the file: every row read that gives a figure counts as
    quarantined, with a file issue."""
    meta = Path(folder) / META
    staged = (
        StagedFile.load(folder) if meta.exists() else StagedFile(folder, path, Path(path).name, digest, "")
    )
    staged.status, staged.message = FileStatus.FAILED, message
    staged.rows_quarantined = staged.rows_read - staged.rows_not_reported
    staged.rows_loaded, staged.rows_duplicate = 0, 0
    staged.save()
    earlier = [pl.read_parquet(staged.file(ISSUES))] if staged.file(ISSUES).exists() else []
    issue = file_issues([Problem.of(None, "processing_failed", reason=message)])
    pl.concat([*earlier, issue]).write_parquet(staged.file(ISSUES))
