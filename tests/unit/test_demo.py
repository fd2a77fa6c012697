"""The demo inbox as data: planted errors land in files the demo writes, and the same inbox every time
(that the specifications and the real annex ship with the package: tests/unit/test_packaging.py)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import openpyxl

from honlea.demo.inbox import write_demo_inbox
from honlea.demo.specification import PLANTED_ERRORS
from honlea.sources.reports import read_report


def _cells(path: Path) -> list[tuple[str, list[tuple]]]:
    """Each sheet's name and cell values."""
    return [(s.title, list(s.iter_rows(values_only=True))) for s in openpyxl.load_workbook(path).worksheets]


def _same_content(a: Path, b: Path) -> bool:
    """The same bytes or, for workbooks and documents (which store the time they were saved), the same
    cells, or the same text, sections and tables."""
    if a.read_bytes() == b.read_bytes():
        return True
    return read_report(a) == read_report(b) if a.suffix in (".docx", ".pdf") else _cells(a) == _cells(b)


def test_planted_errors_name_files_the_demo_writes(tmp_path):
    written = {path.relative_to(tmp_path).as_posix() for path in write_demo_inbox(tmp_path)}
    assert {error.file for error in PLANTED_ERRORS} <= written
    assert PLANTED_ERRORS[0].check
    for above, line in pairwise(PLANTED_ERRORS):
        if not line.check:  # another cell of the error above, in its row
            assert (line.file, line.row, line.copy_of) == (above.file, above.row, None)


def test_the_demo_writes_the_same_inbox_every_time(tmp_path):
    first, second = write_demo_inbox(tmp_path / "first"), write_demo_inbox(tmp_path / "second")
    assert [p.name for p in first] == [p.name for p in second]
    assert all(_same_content(a, b) for a, b in zip(first, second, strict=True))
