"""Synthetic demo inbox: national submissions in EN/ES/FR with a few planted errors, plus the real annex.

Everything written here except the UNODC annex copy is invented for demonstration: file names start with
``SYNTHETIC_`` and every file opens with a title row saying so. What each file holds, and the errors
planted in it, is data in ``demo/specs/`` (read by ``demo.specification``); this module draws the figures,
seeded per file so that every run writes the same inbox, plants the errors and writes the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from honlea.config.settings import ANNEX_FILE
from honlea.demo.returns import write_returns
from honlea.demo.specification import (
    ANNUAL,
    CASES,
    COVER_HEADER,
    COVER_NOTE,
    COVER_ROWS,
    DECIMALS,
    HEADERS,
    LABELS,
    LANGUAGES,
    PART_OF,
    PLANTED_ERRORS,
    Annual,
    CaseFile,
    Cell,
    DrugLine,
    Layout,
)

DRIFT = (0.8, 1.25)  # a yearly figure over the year before (redrawn when it leaves the drug's range)
UNSPECIFIED = (1.01, 1.08)  # a reported total over the sum of its parts: unspecified forms on top
FIRST_REF, REF_STEP = (20, 60), (1, 9)  # case references: the first number, then the steps between them


def write_demo_inbox(out_dir: Path) -> list[Path]:
    """Write the synthetic submissions (statistics and country reports) plus a copy of the real UNODC annex
    into out_dir; return the paths."""
    from honlea.demo.reports import write_country_reports  # it reads this module's annual figures

    out_dir = Path(out_dir)
    for folder in ("unodc", "annual", "cases"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    annex = out_dir / "unodc" / ANNEX_FILE.name
    shutil.copyfile(ANNEX_FILE, annex)
    return [
        annex,
        *(_write_annual(spec, out_dir) for spec in ANNUAL),
        *(_write_cases(spec, out_dir) for spec in CASES),
        _write(out_dir, COVER_NOTE, COVER_HEADER, COVER_ROWS),
        *write_country_reports(out_dir),
        *write_returns(out_dir),
    ]


def _header(layout: Layout, field: str) -> str:
    """A column's header in the file's language (its alternative wording if the layout asks)."""
    header, alternative = HEADERS[field, layout.lang]
    return alternative if layout.alternative_headers else header


def _round(value: float, unit: str) -> float | int:
    """Round a quantity to the precision its unit is reported in (counts and grams as whole numbers)."""
    decimals = DECIMALS[unit]
    return round(value, decimals) if decimals else round(value)


# --- annual totals ---------------------------------------------------------------------------------------


def _write_annual(spec: Annual, inbox: Path) -> Path:
    """Draw one annual totals file's figures (seeded by the meeting's year and the country) and write it."""
    records = annual_records(spec)
    if "years" in spec.columns:
        return _write(inbox, spec, *_wide_table(spec, records))
    return _write(inbox, spec, *_long_table(spec, records))


def annual_records(spec: Annual) -> list[dict[str, Cell]]:
    """The file's figures, seeded by the meeting's year and the country (the same on every run)."""
    return _annual_records(spec, random.Random(f"2012-{spec.iso3}"))


def _annual_records(spec: Annual, rng: random.Random) -> list[dict[str, Cell]]:
    """Year by year, a row per drug of the spec; a total is its parts (drawn before it) plus unspecified."""
    series = {line.drug: _series(rng, line, len(spec.years)) for line in spec.drugs}
    records = []
    for i, year in enumerate(spec.years):
        year_rows: list[dict[str, Cell]] = []
        for line in spec.drugs:
            if line.drug in PART_OF.values():
                parts = [r for r in year_rows if PART_OF.get(r["id"]) == line.drug and r["unit"] == line.unit]
                qty = _round(sum(float(r["qty"]) for r in parts) * rng.uniform(*UNSPECIFIED), line.unit)
                cases = sum(int(r["cases"]) for r in parts)
            else:
                qty, cases = series[line.drug][i], rng.randint(spec.seizures_low, spec.seizures_high)
            year_rows.append(
                {
                    "id": line.drug,
                    "country": spec.country,
                    "code": spec.iso3,
                    "year": year,
                    "drug": LABELS[line.drug][spec.lang],
                    "qty": qty,
                    "unit": line.unit,
                    "cases": cases,
                }
            )
        records += year_rows
    return records


def _series(rng: random.Random, line: DrugLine, years: int) -> list[float]:
    """Yearly quantities drifting within the line's range, rounded for its unit."""
    value, out = rng.uniform(line.low, line.high), []
    for _ in range(years):
        value *= rng.uniform(*DRIFT)
        if not line.low <= value <= line.high:
            value = rng.uniform(line.low, line.high)
        out.append(_round(value, line.unit))
    return out


Table = tuple[list[str | int], list[list[Cell]], tuple[int, ...]]  # header, rows, quantity columns


def _long_table(spec: Annual, records: list[dict[str, Cell]]) -> Table:
    """A row per record in the spec's columns, with a blank row between years if asked."""
    rows: list[list[Cell]] = []
    for i, rec in enumerate(records):
        if spec.blank_rows and i and rec["year"] != records[i - 1]["year"]:
            rows.append([])
        rows.append([rec[col] for col in spec.columns])
    return [_header(spec, col) for col in spec.columns], rows, (spec.columns.index("qty"),)


def _wide_table(spec: Annual, records: list[dict[str, Cell]]) -> Table:
    """A row per drug and unit: the spec's other columns, then `years`, a quantity column per year."""
    keys = [col for col in spec.columns if col != "years"]
    qty = {(r["drug"], r["unit"], r["year"]): r["qty"] for r in records}
    first: dict[tuple, dict[str, Cell]] = {}
    for rec in records:
        first.setdefault((rec["drug"], rec["unit"]), rec)
    header = [*(_header(spec, col) for col in keys), *spec.years]
    rows = [
        [*(rec[col] for col in keys), *(qty[(*key, year)] for year in spec.years)]
        for key, rec in first.items()
    ]
    listed = {"country": spec.country, "code": spec.iso3, "unit": "kg"}
    rows += [
        [
            *(LABELS[drug][spec.lang] if col == "drug" else listed[col] for col in keys),
            *[None] * len(spec.years),
        ]
        for drug in spec.not_reported
    ]
    return header, rows, tuple(range(len(keys), len(header)))


# --- case-level records ----------------------------------------------------------------------------------


def _write_cases(spec: CaseFile, inbox: Path) -> Path:
    """Draw one case-level file: cases through the year in date order, references increasing and unique."""
    rng = random.Random(f"2012-cases-{spec.iso3}")
    year_days = (dt.date(spec.year + 1, 1, 1) - dt.date(spec.year, 1, 1)).days
    days = sorted(rng.randrange(year_days) for _ in range(rng.randint(spec.cases_low, spec.cases_high)))
    number, rows = rng.randint(*FIRST_REF), []
    for day in days:
        number += rng.randint(*REF_STEP)
        date = dt.date(spec.year, 1, 1) + dt.timedelta(days=day)
        case = _case(spec, rng, date, f"{spec.ref_prefix}{number:04d}")
        rows.append([case[col] for col in spec.columns])
    header: list[str | int] = [_header(spec, col) for col in spec.columns]
    return _write(inbox, spec, header, rows, (spec.columns.index("qty"),))


def _case(spec: CaseFile, rng: random.Random, date: dt.date, ref: str) -> dict[str, Cell]:
    """One case drawn from the spec's weighted scenarios."""
    s = rng.choices(spec.scenarios, weights=[sc.weight for sc in spec.scenarios])[0]
    qty = _round(rng.uniform(s.low, s.high), s.unit)
    return {
        "date": date,
        "country": spec.country,
        "drug": LABELS[rng.choice(s.drugs)][spec.lang],
        "qty": qty,
        "unit": s.unit,
        "mode": s.mode,
        "conveyance": s.conveyance,
        "place": rng.choice(s.places),
        "origin": rng.choice(s.origins),
        "destination": rng.choice(s.destinations),
        "agency": rng.choice(s.agencies),
        "ref": ref,
    }


# --- planting and writing --------------------------------------------------------------------------------


def _plant(rows: list[list[Cell]], header: Sequence[str | int], first_row: int, path: str) -> None:
    """Plant the file's errors in its rows, in the order listed; first_row: the file's number of rows[0]."""
    for error in PLANTED_ERRORS:
        if error.file != path or error.row is None:
            continue
        at = error.row - first_row
        if error.copy_of is not None:
            rows.insert(at, list(rows[error.copy_of - first_row]))
        if error.column is not None:
            rows[at][header.index(error.column)] = error.value


def _write(
    inbox: Path,
    layout: Layout,
    header: list[str | int],
    rows: list[list[Cell]],
    qty_cols: tuple[int, ...] = (),
) -> Path:
    """Plant the file's errors, then write title, notes, a blank row, header and rows as xlsx or csv."""
    language = LANGUAGES[layout.lang]
    preamble: list[list[Cell]] = [[language.title], *([[language.note]] if layout.notes else []), []]
    _plant(rows, header, len(preamble) + 2, layout.path)
    path = inbox / layout.path
    if layout.format == "xlsx":
        _write_xlsx(path, layout, [*preamble, header, *rows], width=len(header))
    else:
        eu = layout.format == "csv-eu"
        body = [
            [_csv_cell(v, i in qty_cols, eu, language.date_format) for i, v in enumerate(r)] for r in rows
        ]
        with path.open("w", encoding="cp1252" if eu else "utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";" if eu else ",", lineterminator="\n").writerows(
                [*preamble, header, *body]
            )
    return path


def _write_xlsx(path: Path, layout: Layout, lines: list[list[Cell]], width: int) -> None:
    """Write one sheet; merge the title across the header width if asked."""
    wb = Workbook()
    ws = wb.active
    ws.title = layout.sheet or LANGUAGES[layout.lang].sheet
    for line in lines:
        ws.append(line)
    if layout.merge_title:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    wb.save(path)


def _csv_cell(value: Cell, is_qty: bool, eu: bool, date_format: str) -> str:
    """Text for one csv cell: dates as the language writes them; csv-eu quantities as 1.234,5."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    if is_qty and eu and isinstance(value, int | float):
        return f"{value:,}".translate(str.maketrans(",.", ".,"))
    return str(value)
