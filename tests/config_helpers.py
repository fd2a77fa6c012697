"""A copy of the shipped configuration folder to break on purpose, for unit and integration tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from honlea.config.settings import CONFIG_DIR


def copy_config(destination: Path) -> Path:
    """The data files of config/ (profiles, vocabularies, UN reference), without its Python modules."""
    shutil.copytree(CONFIG_DIR, destination, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return destination


def edit(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of `old` in the file; the 1-based line where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def append(path: Path, *lines: str) -> list[int]:
    """Add lines at the end of a CSV file; their line numbers."""
    text = path.read_text(encoding="utf-8")
    first = text.count("\n") + 1 if text.endswith("\n") else text.count("\n") + 2
    path.write_text(text.rstrip("\n") + "\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return list(range(first, first + len(lines)))


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the file that is exactly `text`."""
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1
