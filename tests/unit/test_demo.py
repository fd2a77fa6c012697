"""The demo inbox as data: planted errors land in files the demo writes, the same inbox every time, and
the specifications and the real annex ship with the package."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from itertools import pairwise
from pathlib import Path

import openpyxl

from config.settings import ANNEX_FILE, PROJECT_ROOT
from demo.inbox import write_demo_inbox
from demo.specification import PLANTED_ERRORS


def _cells(path: Path) -> list[tuple[str, list[tuple]]]:
    """Each sheet's name and cell values."""
    return [(s.title, list(s.iter_rows(values_only=True))) for s in openpyxl.load_workbook(path).worksheets]


def _same_content(a: Path, b: Path) -> bool:
    """The same bytes or, for workbooks (which store the time they were saved), the same cells."""
    return a.read_bytes() == b.read_bytes() or _cells(a) == _cells(b)


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


def test_demo_specs_and_the_real_annex_ship_with_the_package():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["demo"]
    demo = PROJECT_ROOT / "demo"
    data = [
        p.relative_to(demo).as_posix()
        for p in demo.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc")
    ]
    assert ANNEX_FILE.relative_to(demo).as_posix() in data
    assert [path for path in data if not any(fnmatch(path, glob) for glob in globs)] == []
