"""`honlea run` in a terminal: a bar of the run's files and a line per file as it is done (its status
and rows), read from the run's staging folder; nothing when the output is not a terminal (cron, pipes
and tests see the same output as without it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from honlea.config.names import FileStatus
from honlea.flows.nightly import FINAL
from honlea.flows.staged import META, StagedFile
from honlea.flows.tasks import inbox_entries

POLL_SECONDS = 0.5
STYLES = {FileStatus.VALIDATED: "green", FileStatus.FAILED: "red", FileStatus.ALREADY_LOADED: "dim"}


def inbox_files(inbox: Path) -> int:
    """How many files the run will find in the inbox (as flows.tasks.discover counts them)."""
    return sum(1 for p in inbox_entries(inbox) if p.is_symlink() or p.is_file()) if inbox.is_dir() else 0


def file_line(staged: StagedFile) -> str:
    """One file as it ended its processing: status, name, rows (rich markup)."""
    style = STYLES.get(staged.status, "yellow")
    rows = (
        f"{staged.rows_read} rows read, {staged.rows_loaded} to load, {staged.rows_quarantined} quarantined, "
        f"{staged.rows_duplicate} duplicates"
    )
    return f"[{style}]{staged.status:<14}[/{style}] {staged.file_name}  [dim]{rows}[/dim]"


class _Watcher:
    """Shows each file of the run that appears in the staging folder once it is done."""

    def __init__(self, progress: Progress, staging: Path, total: int) -> None:
        self.progress, self.staging = progress, staging
        self.before = set(staging.glob("*")) if staging.is_dir() else set()  # earlier runs' folders
        self.task = progress.add_task("files", total=total or None)
        self.shown: set[Path] = set()

    def poll(self) -> None:
        runs = sorted(p for p in self.staging.glob("*") if p.is_dir() and p not in self.before)
        for meta in sorted(runs[0].glob(f"*/{META}")) if runs else []:
            if meta in self.shown:
                continue
            staged = StagedFile.load(meta.parent)  # written whole or not at all
            if staged.status in FINAL:
                self.shown.add(meta)
                self.progress.console.print(file_line(staged), highlight=False)
                self.progress.advance(self.task)


@contextmanager
def file_progress(console: Console, data_dir: Path, inbox: Path) -> Iterator[None]:
    """While the block runs the nightly flow: its files' progress on the console, if a terminal."""
    if not console.is_terminal:
        yield
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
        watcher = _Watcher(progress, data_dir / "staging", inbox_files(inbox))
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(POLL_SECONDS):
                watcher.poll()

        thread = threading.Thread(target=watch, name="honlea-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            watcher.poll()  # the files done since the last look
