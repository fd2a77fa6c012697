"""`honlea try FILE [--profile NAME]` and `honlea reread FILE|SUBMISSION_ID`: a new source tried before the
night, and a published file read again after its profile or the vocabulary changed.

`try` reads, conforms and checks the file with the nightly run's steps (in a scratch folder, in this
process: a file you chose, not the inbox's, so without the reading worker's limits) and prints which
profile took it and why, where each field was found, the first rows as conformed and the issues they
raise: nothing is written to the warehouse or the inbox.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

import polars as pl

from honlea.config.names import FileStatus
from honlea.config.settings import load_settings
from honlea.config.source_profiles import load_profiles
from honlea.flows.reading import read_with
from honlea.flows.staged import CONFORMED, ISSUES, NOT_REPORTED_ROWS, StagedFile
from honlea.sources.readers import sha256
from honlea.warehouse.connection import connect
from honlea.warehouse.schema import DIM_SUBMISSION

ROWS_SHOWN = (
    "sheet",
    "source_row",
    "iso3",
    "drug_id",
    "year",
    "seizure_date",
    "quantity",
    "unit",
    "kilograms",
)
ISSUES_SHOWN = ("sheet", "source_row", "column_name", "value", "check_name", "severity", "message")
_FAILED = 1


def _show(title: str, frame: pl.DataFrame, rows: int) -> None:
    print(f"\n{title} ({frame.height}{', first ' + str(rows) if frame.height > rows else ''}):")
    with pl.Config(
        tbl_rows=rows,
        tbl_cols=-1,
        fmt_str_lengths=50,
        tbl_width_chars=200,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        tbl_hide_dtype_separator=True,
    ):
        print(frame.head(rows) if frame.height else "  none")


def _header_mapping(staged: StagedFile, wide: bool) -> None:
    years = ["year, quantity <- a column per year"] if wide else []
    for sheet, labels in staged.labels.items():
        found = [f"{field} <- {label!r}" for field, label in labels.items()]
        print(f"\nsheet {sheet!r}: " + ", ".join([*found, *years]))


def try_file(path: Path, profile: str | None, rows: int) -> int:
    """Read, conform and check the file in a scratch folder; print what the nightly run would do."""
    profiles = load_profiles()
    if profile is not None:
        profiles = tuple(p for p in profiles if p.name == profile)
        if not profiles:
            names = ", ".join(p.name for p in load_profiles())
            print(f"no profile {profile!r} (profiles: {names})", file=sys.stderr)
            return _FAILED
    with tempfile.TemporaryDirectory(prefix="honlea-try-") as scratch:
        staged = StagedFile(str(Path(scratch) / "0000"), str(path), path.name, sha256(path), "")
        staged.save()
        steps = read_with(staged, profiles)
        staged = StagedFile.load(staged.folder)
        if staged.status == FileStatus.UNRECOGNISED:
            print(f"{path.name}: not recognised.\n{staged.message}")
            return _FAILED
        how = (
            "its file name fits the profile's file_patterns"
            if staged.matched_by == "name"
            else ("its name fits no pattern, but a header row names the profile's required fields")
        )
        print(
            f"{path.name}: profile {staged.profile} (kind {staged.kind}, source {staged.source!r}, "
            f"dataset {staged.dataset}): {how}."
        )
        _header_mapping(staged, any(p.name == staged.profile and p.wide_by_year for p in profiles))
        steps.conform(staged)
        steps.validate(StagedFile.load(staged.folder), date.today())
        staged = StagedFile.load(staged.folder)
        conformed = staged.file(CONFORMED)
        if conformed.exists():
            frame = pl.read_parquet(conformed)
            _show(
                "Rows as they will be conformed",
                frame.select(c for c in ROWS_SHOWN if c in frame.columns),
                rows,
            )
        issues = pl.read_parquet(staged.file(ISSUES))
        _show("Issues they would raise", issues.select(c for c in ISSUES_SHOWN if c in issues.columns), rows)
        if staged.file(NOT_REPORTED_ROWS).exists():
            not_reported = pl.read_parquet(staged.file(NOT_REPORTED_ROWS))
            _show("Figures not reported ('no data' markers, wide rows without figures)", not_reported, rows)
        print(
            f"\nrows read {staged.rows_read}: would load {staged.rows_loaded}, quarantine "
            f"{staged.rows_quarantined}, drop {staged.rows_duplicate} as duplicates, count "
            f"{staged.rows_not_reported} as not reported. Nothing was written to the warehouse."
        )
    return 0


def _try(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return _FAILED
    return try_file(path, args.profile, args.rows)


def _published(warehouse_url: str, target: str) -> tuple[Path, str]:
    """(path, sha256) of a submission by its id, or of a file by its path."""
    if not target.isdigit():
        path = Path(target)
        if not path.is_file():
            raise SystemExit(f"no such file: {path}")
        return path, sha256(path)
    with connect(warehouse_url, read_only=True) as warehouse:
        found = warehouse.query(
            f"SELECT path, sha256 FROM {DIM_SUBMISSION.qualified} WHERE submission_id = ?", [int(target)]
        )
    if found.is_empty():
        raise SystemExit(f"no submission {target} in the warehouse")
    path, digest = found.row(0)
    return Path(path), digest


def _reread(args: argparse.Namespace) -> int:
    from honlea.flows.cli import CONFIG_ERROR, _config_refused, run_now

    if _config_refused("honlea reread did not start"):
        return CONFIG_ERROR
    settings = load_settings(args.inbox, args.warehouse)
    path, digest = _published(settings.warehouse_url, args.target)
    if not path.resolve().is_relative_to(settings.inbox.resolve()):
        raise SystemExit(f"{path} is not in the inbox {settings.inbox}: put it back there to read it again")
    if not path.is_file() or sha256(path) != digest:
        raise SystemExit(f"{path} is no longer the file that was published: put the published file back")
    print(f"Reading {path.name} again (with the nightly run, now).")
    return run_now(settings, reread=(digest,))


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `try` and `reread` to the `honlea` command."""
    trying = commands.add_parser(
        "try", help="show how a file would be read, conformed and checked, without loading it"
    )
    trying.add_argument("file", help="the file to try")
    trying.add_argument("--profile", help="try this profile only (default: the one the run would choose)")
    trying.add_argument("--rows", type=int, default=10, help="rows to show of each table (default 10)")
    trying.set_defaults(handler=_try)
    reread = commands.add_parser(
        "reread", help="read a published file again now (after its profile or the vocabulary changed)"
    )
    reread.add_argument("target", help="the file (in the inbox) or its submission_id")
    reread.add_argument("--inbox", help="inbox folder (default: $HONLEA_INBOX or data/inbox)")
    reread.add_argument("--warehouse", help="warehouse URL (default as for run)")
    reread.set_defaults(handler=_reread)
