"""Find the header row of a sheet and map its cells to a profile's canonical fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from transforms.text import normalize_texts

HEADER_SCAN_ROWS = 30
_YEAR_HEADER = re.compile(r"^((19|20)\d\d)( .*)?$")  # "2008", "2008 p" (provisional), "2008 0" (a number)


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which grid column holds each field."""

    row_index: int  # position of the header row in the grid
    columns: dict[str, str]  # field -> grid column
    labels: dict[str, str]  # field -> header text as written in the file
    year_columns: tuple[tuple[int, str, str], ...] = ()  # wide sheets: (year, grid column, header text)
    implied: dict[str, str] = field(default_factory=dict)  # field -> value a header implies (unit kg)

    @property
    def score(self) -> int:
        """How many fields the header names (more is a better match)."""
        return len(self.columns) + len(self.year_columns)


def match_header_cells(
    cells: list[str | None], synonyms: dict[str, list[str]], wide_by_year: bool
) -> tuple[dict[int, str], dict[int, int]]:
    """Cell position -> field for cells naming a field; position -> year for year headers (wide sheets)."""
    lookup = {
        syn: name for name, words in synonyms.items() for syn in normalize_texts(words) if syn is not None
    }
    fields: dict[int, str] = {}
    years: dict[int, int] = {}
    for pos, cell in enumerate(normalize_texts(cells)):
        if cell is None:
            continue
        if cell in lookup and lookup[cell] not in fields.values():
            fields[pos] = lookup[cell]
        elif wide_by_year and (year := _YEAR_HEADER.match(cell)):
            years[pos] = int(year.group(1))
    return fields, years


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
        fields, years = match_header_cells(list(row), synonyms, wide_by_year)
        implied = implied_values(list(row), fields, implies or {})
        if not set(required) <= fields_named([*fields.values(), *implied]) or (wide_by_year and not years):
            continue
        return HeaderMatch(
            row_index=index,
            columns={name: data_columns[pos] for pos, name in fields.items()},
            labels={name: str(row[pos]).strip() for pos, name in fields.items()},
            year_columns=tuple(
                (year, data_columns[pos], str(row[pos]).strip()) for pos, year in years.items()
            ),
            implied=implied,
        )
    return None
