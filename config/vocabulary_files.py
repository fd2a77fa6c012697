"""Read the vocabulary CSV files of a config folder, every row checked against its schema."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

import polars as pl
from pydantic import BaseModel, ValidationError

from honlea.config.problems import ConfigError, ConfigProblem, problems_from
from honlea.config.schemas import VOCABULARY_FILES, OneMeaning, VocabularyFile
from honlea.config.text import normalize_texts


class Row(NamedTuple):
    """A valid row of a vocabulary file."""

    line: int
    cells: dict[str, str | None]  # by column, as written (empty: None)
    valid: BaseModel


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(line of its start, cells) of every non-blank CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records, line = [], 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            records.append((line, cells))
        line = reader.line_num + 1
    return records


def _header_problems(path: Path, line: int, header: list[str], columns: list[str]) -> list[ConfigProblem]:
    allowed = ", ".join(columns)
    twice = sorted({c for c in header if header.count(c) > 1})
    return (
        [ConfigProblem(path, line, c, "column given twice", allowed) for c in twice]
        + [ConfigProblem(path, line, c, "unknown column", allowed) for c in header if c not in columns]
        + [ConfigProblem(path, line, c, "missing column", allowed) for c in columns if c not in header]
    )


def _shown(row: Row, columns: tuple[str, ...]) -> str:
    values = [getattr(row.valid, c) for c in columns]
    return (
        str(values[0])
        if len(values) == 1
        else ", ".join(f"{c}={v}" for c, v in zip(columns, values, strict=True))
    )


def _meaning_problems(path: Path, rule: OneMeaning, rows: list[Row]) -> list[ConfigProblem]:
    """Rows whose key reads like an earlier row's (normalised) but means something else."""
    keys = zip(*(normalize_texts(row.cells[c] for row in rows) for c in rule.key), strict=True)
    first: dict[tuple, Row] = {}
    problems = []
    for key, row in zip(keys, rows, strict=True):
        earlier = first.setdefault(key, row)
        if _shown(earlier, rule.values) != _shown(row, rule.values):
            text = " | ".join(row.cells[c] for c in rule.key if row.cells[c])
            problems.append(
                ConfigProblem(
                    path,
                    row.line,
                    rule.key[0],
                    f"{text!r} means {_shown(row, rule.values)} here but {_shown(earlier, rule.values)} "
                    f"on line {earlier.line}",
                    f"one {' and '.join(rule.values)} per {' and '.join(rule.key)}, "
                    "ignoring case, accents and punctuation",
                )
            )
    return problems


def _row_rule_problems(path: Path, spec: VocabularyFile, rows: list[Row]) -> list[ConfigProblem]:
    problems = []
    if spec.unique:
        first: dict[str | None, int] = {}
        for row in rows:
            value = row.cells[spec.unique]
            if first.setdefault(value, row.line) != row.line:
                problems.append(
                    ConfigProblem(
                        path,
                        row.line,
                        spec.unique,
                        f"{value!r} given again (first on line {first[value]})",
                        f"one row per {spec.unique}",
                    )
                )
    for rule in spec.meanings:
        problems += _meaning_problems(path, rule, rows)
    return problems


def read_vocabulary(folder: Path, name: str) -> tuple[list[Row], list[ConfigProblem]]:
    """The file's valid rows and its problems: a missing or unknown column, a value of the wrong type, a
    row given twice, a text meaning two things."""
    spec, path = VOCABULARY_FILES[name], folder / name
    rows: list[Row] = []
    try:
        records = _records(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        problems = [ConfigProblem(path, None, "", "file missing")]
    except UnicodeDecodeError as exc:
        problems = [ConfigProblem(path, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    else:
        header_line, header = records[0] if records else (1, [])
        problems = _header_problems(path, header_line, header, list(spec.row.model_fields))
        for line, cells in records[1:] if not problems else []:
            if len(cells) != len(header):
                problems.append(
                    ConfigProblem(path, line, "", f"{len(cells)} cells in a file of {len(header)} columns")
                )
                continue
            values = {column: cell or None for column, cell in zip(header, cells, strict=True)}
            try:
                rows.append(Row(line, values, spec.row.model_validate(values)))
            except ValidationError as error:
                problems += problems_from(error, spec.row, path, lambda _loc, line=line: line)
        problems += _row_rule_problems(path, spec, rows)
    return rows, problems


def load_vocabulary(folder: Path, name: str) -> pl.DataFrame:
    """The file's rows, every column as text (empty cells null); ConfigError when the file has problems."""
    rows, problems = read_vocabulary(folder, name)
    if problems:
        raise ConfigError(problems)
    columns = list(VOCABULARY_FILES[name].row.model_fields)
    return pl.DataFrame(
        {c: [row.cells[c] for row in rows] for c in columns}, schema=dict.fromkeys(columns, pl.String)
    )
