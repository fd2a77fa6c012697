"""The demo inbox's specification: the data files in demo/specs/ read into typed records.

Each file's kind, country, language, layout, years, drugs and the ranges its figures are drawn from, the
case scenarios, the wording of headers and titles, and the planted errors are data there (see its README).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

SPECS = Path(__file__).resolve().parent / "specs"

Cell = str | int | float | dt.date | None
T = TypeVar("T")


def _cell(text: str) -> Cell:
    """A planted value: empty for an empty cell; integers, decimals and ISO dates as such, else text."""
    if not text:
        return None
    for parse in (int, float, dt.date.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


#: How a spec column is read, by the type of its field: lists are separated by "|".
_PARSE: dict[str, Callable[[str], Any]] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": lambda text: text == "true",
    "tuple[str, ...]": lambda text: tuple(item.strip() for item in text.split("|") if item.strip()),
    "str | None": lambda text: text or None,
    "int | None": lambda text: int(text) if text else None,
    "Cell": _cell,
}


def _read(name: str) -> list[dict[str, str]]:
    """The rows of one spec file."""
    with (SPECS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _build(cls: type[T], row: dict[str, str], **given: Any) -> T:
    """A spec dataclass from a csv row, each field read by its type; `given` fields are taken as they are."""
    return cls(**given, **{f.name: _PARSE[f.type](row[f.name]) for f in fields(cls) if f.name not in given})


@dataclass(frozen=True, kw_only=True)
class Language:
    """A language's title and notes rows, default sheet, annual file name and csv date format."""

    title: str
    note: str
    sheet: str
    annual_name: str
    date_format: str


@dataclass(frozen=True, kw_only=True)
class Layout:
    """How a file is written: its path in the inbox, format (xlsx, csv, csv-eu), language, columns, sheet."""

    path: str
    format: str
    lang: str
    columns: tuple[str, ...] = ()
    alternative_headers: bool = False
    notes: bool = False
    sheet: str = ""
    merge_title: bool = False


@dataclass(frozen=True, kw_only=True)
class DrugLine:
    """A drug an annual file reports, in which unit, and the range its yearly figures stay in."""

    drug: str
    unit: str
    low: float
    high: float


@dataclass(frozen=True, kw_only=True)
class Annual(Layout):
    """One country's annual totals file."""

    iso3: str
    country: str
    first_year: int
    last_year: int
    blank_rows: bool
    seizures_low: int
    seizures_high: int
    not_reported: tuple[str, ...]  # drugs a file with one column per year lists with no figure at all
    drugs: tuple[DrugLine, ...]

    @property
    def years(self) -> range:
        """The years the file covers."""
        return range(self.first_year, self.last_year + 1)


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A kind of seizure case: how, what, how much, where, from and to, by whom; drawn by weight."""

    weight: int
    mode: str
    conveyance: str
    drugs: tuple[str, ...]
    unit: str
    low: float
    high: float
    places: tuple[str, ...]
    origins: tuple[str, ...]
    destinations: tuple[str, ...]
    agencies: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CaseFile(Layout):
    """One country's case-level seizure records for a year."""

    iso3: str
    country: str
    year: int
    cases_low: int
    cases_high: int
    ref_prefix: str
    scenarios: tuple[Scenario, ...]


@dataclass(frozen=True, kw_only=True)
class PlantedError:
    """An error planted in the demo inbox and the check that must catch it (a row of planted_errors.csv).

    `row` is numbered as Excel or an editor shows it; with `copy_of`, a copy of that row is inserted there
    first. The cell under `column` then gets `value`. A line without a check plants another cell of the
    error above it; one without a row is a whole file.
    """

    file: str
    sheet: str | None
    row: int | None
    copy_of: int | None
    column: str | None
    value: Cell
    check: str | None
    description: str


def _grouped(name: str, cls: type[T]) -> dict[str, tuple[T, ...]]:
    """A spec file's rows read as `cls`, by country in file order."""
    groups: dict[str, list[T]] = {}
    for row in _read(name):
        groups.setdefault(row["iso3"], []).append(_build(cls, row))
    return {iso3: tuple(items) for iso3, items in groups.items()}


def _annual_name(row: dict[str, str]) -> str:
    """An annual file's name when the spec gives none: country, the language's name, years, extension."""
    ext = "xlsx" if row["format"] == "xlsx" else "csv"
    stem = LANGUAGES[row["lang"]].annual_name
    return f"SYNTHETIC_{row['iso3']}_{stem}_{row['first_year']}-{row['last_year']}.{ext}"


LANGUAGES = {row["lang"]: _build(Language, row) for row in _read("languages.csv")}
HEADERS = {
    (r["field"], r["lang"]): (r["header"], r["alternative"] or r["header"]) for r in _read("headers.csv")
}
_DRUGS = _read("drugs.csv")
LABELS = {r["drug"]: {lang: r[lang] for lang in LANGUAGES if r[lang]} for r in _DRUGS}
PART_OF = {r["drug"]: r["part_of"] for r in _DRUGS if r["part_of"]}
DECIMALS = {r["unit"]: int(r["decimals"]) for r in _read("units.csv")}
_DRUG_LINES = _grouped("annual_drugs.csv", DrugLine)
ANNUAL = tuple(
    _build(Annual, r, path=f"annual/{r['name'] or _annual_name(r)}", drugs=_DRUG_LINES[r["iso3"]])
    for r in _read("annual_files.csv")
)
_SCENARIOS = _grouped("case_scenarios.csv", Scenario)
CASES = tuple(
    _build(CaseFile, r, path=f"cases/{r['name']}", scenarios=_SCENARIOS[r["iso3"]])
    for r in _read("case_files.csv")
)
COVER_NOTE = Layout(path="SYNTHETIC_PAN_nota_de_remision.csv", format="csv-eu", lang="es")
_COVER = _read("cover_note.csv")
COVER_HEADER: list[str | int] = list(_COVER[0])
COVER_ROWS: list[list[Cell]] = [list(row.values()) for row in _COVER]
PLANTED_ERRORS = [_build(PlantedError, row) for row in _read("planted_errors.csv")]


@dataclass(frozen=True, kw_only=True)
class QuestionnaireReturn:
    """A synthetic return of the configured meeting's questionnaire (a row of questionnaire_returns.csv):
    `form`, the Secretariat's form filled in; `retyped`, the answers retyped on a sheet of the country's
    own (labels, no defined names)."""

    iso3: str
    lang: str
    reply_date: Cell
    layout: str
    responding_agency: str
    name: str

    @property
    def path(self) -> str:
        return f"questionnaire/{self.name}"


RETURNS = tuple(_build(QuestionnaireReturn, row) for row in _read("questionnaire_returns.csv"))
RETURN_MEASURES = {(r["lang"], r["topic"]): r["measures"] for r in _read("return_texts.csv")}
RETURN_PHRASES = {(r["lang"], r["key"]): r["text"] for r in _read("return_phrases.csv")}
