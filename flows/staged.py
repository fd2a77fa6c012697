"""What one file's processing leaves in the run's staging folder, passed between tasks by path."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from honlea.config.names import FileStatus, InputKind
from honlea.transforms.decisions import DECISION_SCHEMA, effective_decisions

META = "meta.json"
RECORDS = "records.parquet"
CONFORMED = "conformed.parquet"
FACTS = "facts.parquet"
ISSUES = "issues.parquet"
VALIDATION = "validation.json"
DECISIONS = "decisions.parquet"  # in the run's folder: the stewards' decisions in force
READ_AGAIN = "read_again.json"  # in the run's folder: sha256 -> why a published file is read again
DUPLICATES = "duplicates.parquet"
NOT_REPORTED = "not_reported.parquet"  # figures a file does not report, as read ("no data" markers, ...)
NOT_REPORTED_ROWS = "not_reported_rows.parquet"  # the same with their country, drug and year (conformed)


@dataclass
class StagedFile:
    """One inbox file's state in a run; saved as meta.json in its staging folder."""

    folder: str
    path: str
    file_name: str
    sha256: str
    received_at: str
    run_id: str = ""
    status: str = FileStatus.REGISTERED
    message: str | None = None
    profile: str | None = None
    kind: str = InputKind.STATISTICS  # the profile's kind: decides the steps after reading (flows/kinds.py)
    source: str | None = None
    matched_by: str | None = None  # name (file-name pattern) or header
    dataset: str | None = None
    decimal_hint: str = "."  # the reader's guess, before the numbers are seen
    decimal_mark: str | None = None  # the mark the file's numbers use (conform step)
    key: list[str] = field(default_factory=list)
    key_policy: str | None = None
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> field -> header text
    reporting_iso3: str | None = None
    slices: list[tuple[str, int]] = field(default_factory=list)  # (iso3, year) the file covers
    synthetic: bool = False
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    rows_not_reported: int = 0  # rows that give no figure (counted, not loaded, not an error)
    vocabulary_version: str | None = None  # digest of the vocabulary the file was read with

    def summary_line(self) -> str:
        """One line for the run's log, after the load (which publishes every validated file): where the
        file ended and its rows."""
        status = FileStatus.LOADED if self.status == FileStatus.VALIDATED else self.status
        rows = (
            f"rows read {self.rows_read}, loaded {self.rows_loaded}, quarantined {self.rows_quarantined}, "
            f"duplicates {self.rows_duplicate}, not reported {self.rows_not_reported}"
        )
        why = f"; {self.message}" if self.message else ""
        return f"{self.file_name}: {status} ({self.profile or 'no profile'}); {rows}{why}"

    def file(self, name: str) -> Path:
        return Path(self.folder) / name

    @property
    def validation(self) -> bool:
        """True once the file's Great Expectations result is saved."""
        return self.file(VALIDATION).exists()

    def _snapshot(self) -> pl.DataFrame:
        path = Path(self.folder).parent / DECISIONS
        return pl.read_parquet(path) if path.exists() else pl.DataFrame(schema=DECISION_SCHEMA)

    def decisions(self) -> pl.DataFrame:
        """The stewards' decisions in force for this run (from the snapshot saved beside the files)."""
        return effective_decisions(self._snapshot())

    def read_again_because(self) -> str | None:
        """Why this run reads a published file again ('decision' or 'vocabulary'); None for a new file."""
        path = Path(self.folder).parent / READ_AGAIN
        return json.loads(path.read_text(encoding="utf-8")).get(self.sha256) if path.exists() else None

    def decisions_as_of(self) -> datetime | None:
        """When the run's snapshot of decisions was taken: decisions made later wait for the next run."""
        return self._snapshot()["decided_at"].max()

    def validation_result(self) -> dict:
        """The Great Expectations validation result (JSON) of the file's rows."""
        return json.loads(self.file(VALIDATION).read_text(encoding="utf-8"))

    def save(self) -> str:
        """Write meta.json (whole or not at all: a reading worker may be killed); return the folder (what
        tasks pass on)."""
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        written = self.file(META + ".part")
        written.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        written.replace(self.file(META))
        return self.folder

    @classmethod
    def load(cls, folder: str | Path) -> StagedFile:
        return cls(**json.loads((Path(folder) / META).read_text(encoding="utf-8")))
