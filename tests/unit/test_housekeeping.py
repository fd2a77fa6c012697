"""Runs' staging files and Data Docs are removed after HONLEA_KEEP_DAYS days; each file gets one log line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from honlea.config.names import FileStatus
from honlea.config.settings import load_settings
from honlea.flows.housekeeping import remove_expired
from honlea.flows.staged import StagedFile

NOW = datetime(2026, 11, 30, 2, 0, 0)


def _folders(data: Path) -> None:
    for kind in ("staging", "gx_docs"):
        for run in ("20261001T020000Z-aaaaaa", "20261031T020001Z-bbbbbb", "20261129T020000Z-cccccc"):
            (data / kind / run).mkdir(parents=True)
            (data / kind / run / "meta.json").write_text("{}")
    (data / "staging" / "notes").mkdir()  # not a run's folder


def _left(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.glob("*/*"))


def test_run_folders_older_than_the_days_kept_are_removed(tmp_path):
    _folders(tmp_path)
    removed = remove_expired(tmp_path, 30, NOW)
    assert sorted(p.name for p in removed) == ["20261001T020000Z-aaaaaa"] * 2
    assert _left(tmp_path) == [
        "gx_docs/20261031T020001Z-bbbbbb",
        "gx_docs/20261129T020000Z-cccccc",
        "staging/20261031T020001Z-bbbbbb",
        "staging/20261129T020000Z-cccccc",
        "staging/notes",
    ]


def test_zero_days_keeps_everything_and_the_setting_comes_from_the_environment(tmp_path, monkeypatch):
    _folders(tmp_path)
    assert remove_expired(tmp_path, 0, NOW) == [] and len(_left(tmp_path)) == 7
    monkeypatch.setenv("HONLEA_KEEP_DAYS", "1")
    assert load_settings().keep_days == 1
    assert len(remove_expired(tmp_path, load_settings().keep_days, NOW)) == 4
    assert _left(tmp_path) == [
        "gx_docs/20261129T020000Z-cccccc",
        "staging/20261129T020000Z-cccccc",
        "staging/notes",
    ]


def test_a_files_log_line_says_where_it_ended_and_counts_its_rows(tmp_path):
    staged = StagedFile(str(tmp_path), "in/annual_totals_2011.csv", "annual_totals_2011.csv", "ab", "")
    staged.profile, staged.status = "annual_totals", FileStatus.VALIDATED
    staged.rows_read, staged.rows_loaded, staged.rows_quarantined = 3, 2, 1
    assert staged.summary_line() == (
        "annual_totals_2011.csv: loaded (annual_totals); rows read 3, loaded 2, quarantined 1, "
        "duplicates 0, not reported 0"
    )
    staged.status, staged.message = FileStatus.UNRECOGNISED, "no source profile recognises it"
    assert staged.summary_line().startswith("annual_totals_2011.csv: unrecognised (annual_totals)")
    assert staged.summary_line().endswith("; no source profile recognises it")
