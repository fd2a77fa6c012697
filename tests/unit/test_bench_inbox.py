"""The benchmark's inbox (bench/inbox.py, not an installed package: loaded from its path): the rows asked
for, spread over the files, under the case form's headers, with unique case references, and cached."""

import importlib.util
from pathlib import Path

import polars as pl
import pytest

BENCH_INBOX = Path(__file__).resolve().parents[2] / "bench" / "inbox.py"


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_inbox", BENCH_INBOX)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CACHE", tmp_path)
    return module


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_rows_asked_for_under_the_case_headers_with_unique_references(inbox, file_format):
    folder = inbox.case_inbox(201, files=2, file_format=file_format)
    paths = sorted(folder.glob(f"SYNTHETIC_*.{file_format}"))
    if file_format == "xlsx":
        frames = [
            pl.read_excel(p, engine="calamine", read_options={"header_row": inbox.HEADER_ROW}) for p in paths
        ]
    else:
        frames = [pl.read_csv(p, skip_rows=inbox.HEADER_ROW, infer_schema=False) for p in paths]
    assert [frame.height for frame in frames] == [101, 100]
    assert all(frame.columns == inbox.HEADER for frame in frames)
    references = pl.concat([frame["Case reference"] for frame in frames])
    assert references.n_unique() == 201
    assert {frame["Country"][0] for frame in frames} == {"Argentina", "Bahamas"}


def test_a_second_call_reuses_the_cached_folder(inbox):
    folder = inbox.case_inbox(40, files=2, file_format="csv")
    written = {p: p.stat().st_mtime_ns for p in folder.glob("*.csv")}
    assert inbox.case_inbox(40, files=2, file_format="csv") == folder
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*.csv")} == written
