"""Find the header row of a sheet and map its cells to a profile's canonical fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from honlea.transforms.text import normalize_texts

HEADER_SCAN_ROWS = 30
# a calendar year: "2008", "2008 p" (provisional), "2008 (kg)", "2008 0" (the number 2008.0)
_YEAR_HEADER = re.compile(r"^((19|20)\d\d)( 0)?( [a-z]+)*$")
# a wide sheet's column of another period or of totals: "2011/12", "FY2011", "Total", "Totales"
_NOT_A_YEAR = re.compile(r"(19|20)\d\d|^fy|\b(total|totales|totaux|sum|suma|somme)\b")


@dataclass(frozen=True)
class Duplicate:
    """Header cells that name the same thing: one text twice, or two names of one field."""

    columns: tuple[str, ...]  # grid columns, in sheet order
    labels: tuple[str, ...]  # header texts as written
    field: str | None  # the field (or "year") they name; None for columns no field uses


@dataclass(frozen=True)
class HeaderCells:
    """What the cells of a row name, by position: fields, calendar years (wide sheets), other
    periods or totals where a wide sheet wants years, and cells naming the same thing."""

    fields: dict[int, str]  # the first cell naming each field
    years: dict[int, int]
    other_years: tuple[int, ...]
    duplicates: tuple[tuple[tuple[int, ...], str | None], ...]  # (positions, field or "year" or None)


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which grid column holds each field."""

    row_index: int  # position of the header row in the grid
    columns: dict[str, str]  # field -> grid column
    labels: dict[str, str]  # field -> header text as written in the file
    year_columns: tuple[tuple[int, str, str], ...] = ()  # wide sheets: (year, grid column, header text)
    implied: dict[str, str] = field(default_factory=dict)  # field -> value a header implies (unit kg)
    other_years: tuple[tuple[str, str], ...] = ()  # wide sheets: (grid column, header) of non-years
    duplicates: tuple[Duplicate, ...] = ()

    @property
    def score(self) -> int:
        """How many fields the header names (more is a better match)."""
        return len(self.columns) + len(self.year_columns)


def match_header_cells(
    cells: list[str | None], synonyms: dict[str, list[str]], wide_by_year: bool
) -> HeaderCells:
    """What each cell of a candidate header row names (see HeaderCells)."""
    lookup = {
        syn: name for name, words in synonyms.items() for syn in normalize_texts(words) if syn is not None
    }
    texts = dict(enumerate(normalize_texts(cells)))
    named = {pos: lookup[text] for pos, text in texts.items() if text in lookup}
    years: dict[int, int] = {}
    other_years = []
    for pos, text in texts.items():
        if text is None or pos in named or not wide_by_year:
            continue
        if year := _YEAR_HEADER.match(text):
            years[pos] = int(year.group(1))
        elif _NOT_A_YEAR.search(text):
            other_years.append(pos)
    groups: dict[tuple[str, str], list[int]] = {}
    for pos, text in texts.items():
        if text is not None:
            key = ("field", named[pos]) if pos in named else ("text", text)
            groups.setdefault(key, []).append(pos)
    duplicates = tuple(
        (tuple(positions), named.get(positions[0], "year" if positions[0] in years else None))
        for positions in groups.values()
        if len(positions) > 1
    )
    fields: dict[int, str] = {}
    for pos, name in named.items():
        if name not in fields.values():
            fields[pos] = name
    return HeaderCells(fields, years, tuple(other_years), duplicates)


def fields_named(fields: Iterable[str]) -> set[str]:
    """Fields a header provides; a country-code column stands for the country."""
    named = set(fields)
    return named | {"country"} if "country_code" in named else named


def implied_values(
    cells: list[str | None], fields: dict[int, str], implies: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Values that matched headers imply for fields without a column ("Kilograms" -> unit kg)."""
    table = dict(zip(normalize_texts(implies), implies.values(), strict=True))
    found: dict[str, str] = {}
    for header in normalize_texts(cells[pos] for pos in fields):
        for name, value in table.get(header or "", {}).items():
            if name not in fields.values():
                found.setdefault(name, value)
    return found


def find_header(
    grid: pl.DataFrame,
    synonyms: dict[str, list[str]],
    required: list[str],
    wide_by_year: bool,
    implies: dict[str, dict[str, str]] | None = None,
) -> HeaderMatch | None:
    """The first row among the top rows that names every required field, or None.

    A country-code column stands for the country where the file gives no country names; a header
    listed in `implies` supplies fields the file has no column for (e.g. "Kilogramos": unit kg).
    """
    data_columns = [c for c in grid.columns if c != "source_row"]
    for index, row in enumerate(grid.head(HEADER_SCAN_ROWS).select(data_columns).iter_rows()):
        cells = match_header_cells(list(row), synonyms, wide_by_year)
        implied = implied_values(list(row), cells.fields, implies or {})
        named = fields_named([*cells.fields.values(), *implied])
        if not set(required) <= named or (wide_by_year and not cells.years):
            continue
        label = {pos: str(row[pos]).strip() for pos in range(len(row)) if row[pos] is not None}
        return HeaderMatch(
            row_index=index,
            columns={name: data_columns[pos] for pos, name in cells.fields.items()},
            labels={name: label[pos] for pos, name in cells.fields.items()},
            year_columns=tuple((year, data_columns[pos], label[pos]) for pos, year in cells.years.items()),
            implied=implied,
            other_years=tuple((data_columns[pos], label[pos]) for pos in cells.other_years),
            duplicates=tuple(
                Duplicate(tuple(data_columns[p] for p in positions), tuple(label[p] for p in positions), name)
                for positions, name in cells.duplicates
            ),
        )
    return None
